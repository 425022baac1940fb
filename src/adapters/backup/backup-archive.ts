import { createHash } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { link, open, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../domain/errors.js';
import type { RecordingStore } from '../../ports/recording-store.js';
import type { BackupDamage, OpeningSecret, SealingSecret } from './backup-cipher.js';
import { openingStream, sealingStream } from './backup-cipher.js';

/**
 * What a backup archive holds, inside its encryption (`backup-cipher.ts`): a sequence of parts,
 * each `u32be(n) ‖ n bytes of JSON {name, size} ‖ size bytes`, then `u32be(0)`.
 *
 * - `backup.json` first: format, when, the database's engine, where the signing key lives when it
 *   is not in the archive, whether the recordings' bytes are in it;
 * - `database/jaga.sqlite` (SQLite's backup API) or `database/jaga.pgdump` (`pg_dump --format=custom`);
 * - `keys/…`: the data key, the logbook signing key, the gateway host key (and its `.pub`);
 * - `recordings/<key>`: each recording's bytes (a local store), or nothing (object storage: the
 *   manifest lists them);
 * - `manifest.json` last: every part's size and SHA-256 and every recording's key, size, SHA-256.
 */
export interface BackupInfo {
  readonly format: 'jaga-backup';
  readonly version: 1;
  readonly createdAt: string;
  readonly dialect: 'sqlite' | 'postgres';
  /** Not in the archive when JAGA_SIGNING_KEY_FILE keeps it elsewhere: where it lived. */
  readonly signingKey: { readonly included: true } | { readonly included: false; readonly location: string };
  /** `copied`: the recordings' bytes are in the archive; `listed`: only their keys and hashes (object storage). */
  readonly recordings: 'copied' | 'listed';
}

export interface ManifestPart { readonly name: string; readonly size: number; readonly sha256: string }
/** `sha256`: null for a recording still being written in object storage (its node's spool holds it). */
export interface ManifestRecording { readonly key: string; readonly bytes: number; readonly sha256: string | null; readonly finished: boolean }
export interface BackupManifest { readonly parts: readonly ManifestPart[]; readonly recordings: readonly ManifestRecording[] }

/** A file of the installation to put in the archive under `name` (`database/…`, `keys/…`). */
export interface BackupFile { readonly name: string; readonly path: string }

export interface BackupSources {
  readonly info: Omit<BackupInfo, 'format' | 'version'>;
  readonly files: readonly BackupFile[];
  readonly recordings: RecordingStore;
}

const INFO = 'backup.json';
const MANIFEST = 'manifest.json';
const MAX_META = 1024;
const FILE_NAMES = /^(database\/jaga\.(sqlite|pgdump)|keys\/(data-key|logbook-signing-key\.pem|ssh_host_ed25519_key(\.pub)?))$/;
const RECORDING = 'recordings/';

function meta(name: string, size: number): Buffer {
  const json = Buffer.from(JSON.stringify({ name, size }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([len, json]);
}

/**
 * Writes the archive to `out`, sealed with `secret` (see backup-cipher.ts): into `out.partial-…` (never an existing file),
 * renamed to `out` only once everything is written and synced, so a failed backup leaves no file
 * that looks whole. Returns the manifest.
 */
export async function writeBackupArchive(out: string, secret: SealingSecret, src: BackupSources): Promise<BackupManifest> {
  const partial = `${out}.partial-${process.pid}-${Date.now().toString(36)}`;
  const parts: ManifestPart[] = [];
  const recordings: ManifestRecording[] = [];
  async function* part(name: string, size: number, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Buffer> {
    yield meta(name, size);
    const hash = createHash('sha256');
    let n = 0;
    for await (const c of body) {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      // A file that grows while it is copied is cut at the size its header announced.
      const take = b.subarray(0, Math.max(0, size - n));
      hash.update(take);
      n += take.length;
      if (take.length > 0) yield take;
    }
    if (n !== size) throw new Error(`backup: ${name} changed while it was copied (${n} of ${size} bytes)`);
    parts.push({ name, size, sha256: hash.digest('hex') });
  }
  async function* contents(): AsyncGenerator<Buffer> {
    const info = Buffer.from(JSON.stringify({ format: 'jaga-backup', version: 1, ...src.info } satisfies BackupInfo), 'utf8');
    yield* part(INFO, info.length, [info]);
    for (const f of src.files) yield* part(f.name, (await stat(f.path)).size, createReadStream(f.path));
    for (const r of await src.recordings.list('')) {
      if (src.info.recordings === 'listed') {
        const d = r.finished ? await src.recordings.open(r.key) : null;
        await d?.close();
        recordings.push({ key: r.key, bytes: d?.bytes ?? r.bytes, sha256: d?.sha256 ?? null, finished: r.finished });
        continue;
      }
      // A recording being written now is copied as far as it is stored (the store finishes it at restore).
      const d = r.finished ? await src.recordings.open(r.key) : null;
      const bytes = d === null ? await src.recordings.read(r.key) : null;
      const size = d?.bytes ?? bytes?.length ?? 0;
      yield* part(`${RECORDING}${r.key}`, size, d?.body ?? [bytes as Uint8Array]);
      recordings.push({ key: r.key, bytes: size, sha256: (parts.at(-1) as ManifestPart).sha256, finished: r.finished });
    }
    const manifest = Buffer.from(JSON.stringify({ parts, recordings } satisfies BackupManifest), 'utf8');
    yield meta(MANIFEST, manifest.length);
    yield manifest;
    yield Buffer.alloc(4);
  }
  try {
    await pipeline(Readable.from(contents()), await sealingStream(secret), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    const fh = await open(partial, 'r+');
    await fh.sync().finally(() => fh.close());
    // link + unlink, not rename: an `out` made meanwhile is never replaced.
    await linkNew(partial, out);
  } catch (err) {
    await unlink(partial).catch(() => {});
    throw err;
  }
  return { parts, recordings };
}

async function linkNew(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw DomainError.of('conflict', 'backup.exists', { file: to });
    throw err;
  } finally {
    await unlink(from).catch(() => {});
  }
}

/** Reads exactly the bytes asked for from a stream of chunks. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  constructor(source: AsyncIterable<Buffer>, private readonly fail: () => DomainError) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async more(): Promise<void> {
    const r = await this.it.next();
    if (r.done) throw this.fail();
    this.buf = this.buf.length === 0 ? r.value : Buffer.concat([this.buf, r.value]);
  }

  async exact(n: number): Promise<Buffer> {
    while (this.buf.length < n) await this.more();
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  async *take(n: number): AsyncGenerator<Buffer> {
    for (let left = n; left > 0;) {
      if (this.buf.length === 0) await this.more();
      const out = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(out.length);
      left -= out.length;
      yield out;
    }
  }

  /** Nothing may follow the end marker. */
  async atEnd(): Promise<boolean> {
    if (this.buf.length > 0) return false;
    return (await this.it.next()).done === true;
  }
}

/** Where a restore writes: files into a new directory, recordings through a store over it. */
export interface RestoreTarget {
  /** The (temporary) data directory being filled; nothing else is written. */
  readonly dir: string;
  /** Where each archive file goes, relative to `dir` (`database/jaga.pgdump` may go elsewhere in it). */
  readonly fileName: (name: string) => string;
  readonly recordings: RecordingStore;
  /** Called once `backup.json` is read, before anything is written: may refuse (e.g. another engine). */
  readonly accept: (info: BackupInfo) => void;
}

export interface RestoreSummary { readonly info: BackupInfo; readonly manifest: BackupManifest }

/**
 * Reads the archive `file`, opened with `secret`, into `target`, checking every record as it comes
 * and every part against the manifest at the end. Fails with `backup.passphrase_wrong` (or the key's refusals) before
 * writing anything, with `backup.damaged` as soon as something does not check; the caller then
 * removes `target.dir` (nothing it wrote is kept).
 */
export async function readBackupArchive(file: string, secret: OpeningSecret, target: RestoreTarget): Promise<RestoreSummary> {
  const fh = await open(file, 'r');
  let stop = (): void => {};
  try {
    const { offset, stream } = await openingStream(file, fh, secret);
    const damaged = (reason: BackupDamage): DomainError => DomainError.of('invalid', 'backup.damaged', { file, reason });
    const source = fh.createReadStream({ autoClose: false, start: offset });
    stop = () => source.destroy();
    const plain = source.pipe(stream);
    source.on('error', (err) => plain.destroy(err));
    const reader = new ByteReader(plain, () => damaged('truncated'));
    const read: ManifestPart[] = [];
    const nextMeta = async (): Promise<{ name: string; size: number } | null> => {
      const n = (await reader.exact(4)).readUInt32BE(0);
      if (n === 0) return null;
      if (n > MAX_META) throw damaged('contents');
      try {
        const m = JSON.parse((await reader.exact(n)).toString('utf8')) as { name?: unknown; size?: unknown };
        if (typeof m.name === 'string' && Number.isSafeInteger(m.size) && (m.size as number) >= 0) return { name: m.name, size: m.size as number };
      } catch { /* refused below */ }
      throw damaged('contents');
    };
    const small = async (name: string, max: number): Promise<Buffer> => {
      const m = await nextMeta();
      if (m === null || m.name !== name || m.size > max) throw damaged('contents');
      return reader.exact(m.size);
    };
    const infoBytes = await small(INFO, 64 * 1024);
    const info = JSON.parse(infoBytes.toString('utf8')) as BackupInfo;
    if (info.format !== 'jaga-backup' || info.version !== 1 || !['sqlite', 'postgres'].includes(info.dialect)) throw damaged('contents');
    read.push({ name: INFO, size: infoBytes.length, sha256: createHash('sha256').update(infoBytes).digest('hex') });
    target.accept(info);
    const recordings: ManifestRecording[] = [];
    let manifest: BackupManifest | undefined;
    for (let m = await nextMeta(); m !== null; m = await nextMeta()) {
      if (manifest !== undefined) throw damaged('contents');
      if (m.name === MANIFEST) {
        if (m.size > 256 * 1024 * 1024) throw damaged('contents');
        manifest = JSON.parse((await reader.exact(m.size)).toString('utf8')) as BackupManifest;
        continue;
      }
      const hash = createHash('sha256');
      if (FILE_NAMES.test(m.name)) {
        const out = await open(join(target.dir, target.fileName(m.name)), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        try {
          for await (const c of reader.take(m.size)) { hash.update(c); await out.write(c); }
          await out.sync();
        } finally {
          await out.close();
        }
      } else if (m.name.startsWith(RECORDING)) {
        const key = m.name.slice(RECORDING.length);
        const w = await target.recordings.create(key);
        for await (const c of reader.take(m.size)) { hash.update(c); await w.append(c); }
        const d = await w.finish();
        recordings.push({ key, bytes: d.bytes, sha256: d.sha256, finished: true });
      } else {
        throw damaged('contents');
      }
      read.push({ name: m.name, size: m.size, sha256: hash.digest('hex') });
    }
    if (manifest === undefined || !(await reader.atEnd())) throw damaged('contents');
    const same = (a: readonly ManifestPart[], b: readonly ManifestPart[]): boolean =>
      a.length === b.length && a.every((p, i) => p.name === b[i]?.name && p.size === b[i]?.size && p.sha256 === b[i]?.sha256);
    if (!Array.isArray(manifest.parts) || !Array.isArray(manifest.recordings)) throw damaged('contents');
    const copied = info.recordings === 'copied' ? manifest.recordings : [];
    if (!same(manifest.parts, read) || copied.length !== recordings.length || copied.some((r, i) => r.key !== recordings[i]?.key || r.sha256 !== recordings[i]?.sha256 || r.bytes !== recordings[i]?.bytes)) {
      throw damaged('contents');
    }
    return { info, manifest };
  } finally {
    stop();
    await fh.close();
  }
}

/** Moves a finished restore into place: `from` becomes `to` (which may exist only as an empty directory). */
export async function moveIntoPlace(from: string, to: string): Promise<void> {
  await rmdir(to).catch((err: unknown) => { if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; });
  await rename(from, to);
}
