import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lstat, mkdir, open, readFile, readdir, realpath, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { DomainError } from '../../domain/errors.js';
import type { ByteRange, RecordingDigest, RecordingDownload, RecordingInfo, RecordingStore, RecordingWriter } from '../../ports/recording-store.js';
import { SerialRecordingWriter } from './serial-recording-writer.js';
import { resolveByteRange } from './byte-range.js';
import { RESERVED_SUFFIXES, isRecordingKey, recordingKeySegments, recordingPrefixSegments } from './recording-key.js';

/** Opens the file a new recording is written to (O_EXCL: never an existing one). */
export type RecordingFileOpener = (path: string) => Promise<FileHandle>;

// O_EXCL: a recording is never overwritten; O_NOFOLLOW: nor written through a planted link;
// 0600: recordings hold whatever was on the screen.
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const openNew: RecordingFileOpener = (path) => open(path, CREATE, 0o600);

/** While this file sits beside a recording, it is unfinished (written now, or left by a killed process). */
const WRITING = RESERVED_SUFFIXES[0];
/** The digest stored when a recording is finished; a cache (recomputed when absent or stale). */
const DIGEST = RESERVED_SUFFIXES[1];
const MAX_LIST_DEPTH = 8;
const HASH_CHUNK = 1024 * 1024;

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;
const missing = (err: unknown): boolean => codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR';
const notFound = (key: string): DomainError => DomainError.of('not_found', 'recording.not_found', { key }, { key });
const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};
const exists = (p: string): Promise<boolean> => lstat(p).then(() => true, (err: unknown) => {
  if (missing(err)) return false;
  throw err;
});

async function hashFile(fh: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.min(HASH_CHUNK, Math.max(size, 1)));
  for (let pos = 0; pos < size;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}

/** Best effort: makes a directory's entries (new file, removed marker) durable; not every file system can. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  await fh?.sync().catch(() => {});
  await fh?.close().catch(() => {});
}

async function writeDigest(path: string, d: RecordingDigest): Promise<void> {
  const fh = await open(`${path}${DIGEST}`, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    await fh.writeFile(`${JSON.stringify({ sha256: d.sha256, bytes: d.bytes })}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function storedDigest(path: string, size: number): Promise<string | null> {
  try {
    const d = JSON.parse(await readFile(`${path}${DIGEST}`, 'utf8')) as Partial<RecordingDigest>;
    return typeof d.sha256 === 'string' && /^[0-9a-f]{64}$/.test(d.sha256) && d.bytes === size ? d.sha256 : null;
  } catch {
    return null;
  }
}

/**
 * Recordings as files under one owner-only directory: `<dir>/<key>`, with `<key>.writing` beside
 * it until it is finished and `<key>.sha256` after. The only code that touches recording files.
 * A finished file without either (written before this store existed) counts as finished.
 */
export class LocalRecordingStore implements RecordingStore {
  /**
   * @param dir the recordings directory, created owner-only on the first recording
   * @param opts.open tests only: how a new recording's file is opened (to make writing fail)
   */
  constructor(private readonly dir: string, private readonly opts: { open?: RecordingFileOpener } = {}) {}

  async create(key: string): Promise<RecordingWriter> {
    const segments = recordingKeySegments(key);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const root = await realpath(this.dir);
    const parent = join(root, ...segments.slice(0, -1));
    if (parent !== root) {
      await mkdir(parent, { recursive: true, mode: 0o700 });
      if (!inside(root, await realpath(parent))) throw DomainError.of('precondition', 'recording.path_refused', { file: key }, { file: key });
    }
    const path = join(parent, segments.at(-1) as string);
    if (await exists(path)) throw DomainError.of('conflict', 'recording.exists', { key }, { key });
    // The marker first: a crash between the two leaves a marker without a recording, never a recording taken for finished.
    const marker = await open(`${path}${WRITING}`, CREATE, 0o600).catch((err: unknown) => {
      throw codeOf(err) === 'EEXIST' ? DomainError.of('conflict', 'recording.exists', { key }, { key }) : err;
    });
    await marker.close();
    try {
      return new LocalRecordingWriter(key, path, await (this.opts.open ?? openNew)(path));
    } catch (err) {
      await unlink(`${path}${WRITING}`).catch(() => {});
      throw codeOf(err) === 'EEXIST' ? DomainError.of('conflict', 'recording.exists', { key }, { key }) : err;
    }
  }

  /** A `.probe-…` file (never a key: keys start with a letter, digit or `_`) written, synced and removed. */
  async probeWritable(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `.probe-${process.pid}-${randomBytes(6).toString('hex')}`);
    const fh = await open(path, CREATE, 0o600);
    try {
      await fh.writeFile('probe\n');
      await fh.sync();
    } finally {
      await fh.close();
      await unlink(path).catch(() => {});
    }
  }

  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    const { real } = await this.locate(key);
    const fh = await this.openFile(key, real);
    try {
      const { size } = await fh.stat();
      const { start, end } = resolveByteRange(key, range, size);
      const buf = Buffer.alloc(end - start);
      let off = 0;
      while (off < buf.length) {
        const { bytesRead } = await fh.read(buf, off, buf.length - off, start + off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return buf.subarray(0, off);
    } finally {
      await fh.close();
    }
  }

  async list(prefix: string): Promise<RecordingInfo[]> {
    const { dirs, rest } = recordingPrefixSegments(prefix);
    let root: string;
    try {
      root = await realpath(this.dir);
    } catch (err) {
      if (missing(err)) return [];
      throw err;
    }
    const found: RecordingInfo[] = [];
    const walk = async (dir: string, keyPrefix: string, depth: number, first: boolean): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (missing(err)) return;
        throw err;
      }
      for (const e of entries) {
        if (first && !e.name.startsWith(rest)) continue;
        const key = `${keyPrefix}${e.name}`;
        const path = join(dir, e.name);
        // Links are not followed: a listing never reaches outside the directory.
        if (e.isDirectory()) {
          if (depth < MAX_LIST_DEPTH) await walk(path, `${key}/`, depth + 1, false);
        } else if (e.isFile() && isRecordingKey(key)) {
          const st = await lstat(path).catch(() => null);
          if (st) found.push({ key, bytes: st.size, finished: !(await exists(`${path}${WRITING}`)) });
        }
      }
    };
    await walk(join(root, ...dirs), dirs.map((d) => `${d}/`).join(''), dirs.length, true);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async finishAbandoned(key: string): Promise<RecordingDigest> {
    const { path, real } = await this.locate(key);
    const fh = await this.openFile(key, real);
    let digest: RecordingDigest;
    try {
      const { size } = await fh.stat();
      const unfinished = await exists(`${path}${WRITING}`);
      const known = unfinished ? null : await storedDigest(path, size);
      digest = { sha256: known ?? await hashFile(fh, size), bytes: size };
      if (!unfinished) return digest;
      // What the killed process wrote may sit in the page cache only.
      await fh.sync();
    } finally {
      await fh.close();
    }
    await writeDigest(path, digest).catch(() => {});
    await unlink(`${path}${WRITING}`).catch((err: unknown) => { if (!missing(err)) throw err; });
    await syncDir(dirname(path));
    return digest;
  }

  async open(key: string): Promise<RecordingDownload> {
    const { path, real } = await this.locate(key);
    if (await exists(`${path}${WRITING}`)) throw DomainError.of('conflict', 'recording.not_finished', { key }, { key });
    const fh = await this.openFile(key, real);
    try {
      const { size } = await fh.stat();
      const sha256 = (await storedDigest(path, size)) ?? await hashFile(fh, size);
      if (size === 0) {
        await fh.close();
        return { key, bytes: 0, sha256, body: (async function* () {})(), close: () => Promise.resolve() };
      }
      // The size is fixed now: a file that grew meanwhile is served as it was (Content-Length holds).
      const stream = fh.createReadStream({ start: 0, end: size - 1 });
      return { key, bytes: size, sha256, body: stream, close: () => (stream.closed ? Promise.resolve() : new Promise<void>((r) => { stream.once('close', () => r()); stream.destroy(); })) };
    } catch (err) {
      await fh.close().catch(() => {});
      throw err;
    }
  }

  /**
   * Not part of the port (recordings are never deleted): removes a recording and what lies beside
   * it. For a spool, whose recordings are deleted once they are stored elsewhere.
   */
  async discard(key: string): Promise<void> {
    const segments = recordingKeySegments(key);
    const path = join(this.dir, ...segments);
    for (const p of [path, ...RESERVED_SUFFIXES.map((x) => `${path}${x}`)]) {
      await unlink(p).catch((err: unknown) => { if (!missing(err)) throw err; });
    }
    await syncDir(dirname(path));
  }

  /** The recording's path in the directory and where it really is (links resolved, never outside). */
  private async locate(key: string): Promise<{ path: string; real: string }> {
    const segments = recordingKeySegments(key);
    let root: string;
    try {
      root = await realpath(this.dir);
    } catch (err) {
      if (missing(err)) throw notFound(key);
      throw err;
    }
    const path = join(root, ...segments);
    let real: string;
    try {
      real = await realpath(path);
    } catch (err) {
      if (missing(err)) throw notFound(key);
      throw err;
    }
    if (!inside(root, real)) throw DomainError.of('precondition', 'recording.path_refused', { file: key }, { file: key });
    return { path, real };
  }

  private async openFile(key: string, real: string): Promise<FileHandle> {
    const fh = await open(real, 'r').catch((err: unknown) => { throw missing(err) ? notFound(key) : err; });
    const st = await fh.stat().catch(async (err: unknown) => { await fh.close(); throw err; });
    if (!st.isFile()) {
      await fh.close();
      throw notFound(key);
    }
    return fh;
  }
}

/** Appends to one file in order, hashing exactly the bytes the file took. */
class LocalRecordingWriter extends SerialRecordingWriter {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private failure: Error | null = null;

  constructor(key: string, private readonly path: string, private readonly file: FileHandle) {
    super(key);
  }

  written(): RecordingDigest {
    return { sha256: this.hash.copy().digest('hex'), bytes: this.bytes };
  }

  protected async write(buf: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      let off = 0;
      while (off < buf.length) {
        const { bytesWritten } = await this.file.write(buf, off, buf.length - off);
        if (bytesWritten <= 0) throw new Error('recording write made no progress');
        // Hashed as the file takes it: after a failure the digest is still that of the file.
        this.hash.update(buf.subarray(off, off + bytesWritten));
        this.bytes += bytesWritten;
        off += bytesWritten;
      }
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      throw this.failure;
    }
  }

  protected async seal(): Promise<RecordingDigest> {
    try {
      await this.file.sync();
    } catch (err) {
      // After a failed append the recording already failed; what it holds is still finished.
      if (!this.failure) {
        await this.file.close().catch(() => {});
        throw err;
      }
    }
    await this.file.close().catch(() => {});
    const digest = this.written();
    await writeDigest(this.path, digest).catch(() => {});
    await unlink(`${this.path}${WRITING}`).catch((err: unknown) => { if (!missing(err)) throw err; });
    await syncDir(dirname(this.path));
    return digest;
  }
}
