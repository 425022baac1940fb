import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { DomainError } from '../../domain/errors.js';
import type { Witness } from '../../ports/witness.js';
import { checkpointText, parseCheckpoint, sameCheckpoint } from './checkpoint-json.js';

const NAME = /^checkpoint-(\d{12})\.json$/;
const fileOf = (seq: number): string => `checkpoint-${String(seq).padStart(12, '0')}.json`;

/**
 * A witness that is a directory (on another mount, another disk, an NFS export of another
 * machine): one file per checkpoint, named by its sequence number, linked into place whole and
 * never rewritten. Append-only by name: a different checkpoint for a sequence already held is refused.
 * Also the storage behind `jaga witness serve`.
 */
export class DirWitness implements Witness {
  readonly name: string;
  constructor(private readonly dir: string, name?: string) {
    this.name = name ?? `dir:${dir}`;
  }

  async push(cp: Checkpoint): Promise<'stored' | 'held'> {
    await mkdir(this.dir, { recursive: true, mode: 0o755 });
    const file = join(this.dir, fileOf(cp.seq));
    // Written whole and synced under a temporary name first, then linked into place: link() is
    // atomic and fails if the name exists, so the checkpoint file appears complete or not at all
    // (a crash mid-write leaves a stray `.tmp-…` file, never an empty checkpoint that would block
    // every later push and verify), and one already held is never replaced.
    const tmp = join(this.dir, `.tmp-${fileOf(cp.seq)}-${randomBytes(6).toString('hex')}`);
    const fh = await open(tmp, 'wx', 0o444);
    try {
      await fh.writeFile(checkpointText(cp));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, file);
      return 'stored';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = parseCheckpoint(JSON.parse(await readFile(file, 'utf8')) as unknown);
      if (held && sameCheckpoint(held, cp)) return 'held';
      throw DomainError.of('conflict', 'witness.checkpoint_rewritten', { seq: cp.seq, witness: this.name });
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }

  async list(): Promise<Checkpoint[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw DomainError.of('precondition', 'witness.unreachable', { witness: this.name, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
    const out: Checkpoint[] = [];
    for (const n of names.filter((x) => NAME.test(x)).sort()) {
      let cp: Checkpoint | undefined;
      try {
        cp = parseCheckpoint(JSON.parse(await readFile(join(this.dir, n), 'utf8')) as unknown);
      } catch {
        cp = undefined;
      }
      // A file that is not a checkpoint of its own name is damage at the witness; say so, never skip it.
      if (!cp || fileOf(cp.seq) !== n) throw DomainError.of('invalid', 'witness.answer_invalid', { witness: this.name });
      out.push(cp);
    }
    return out;
  }
}
