import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Client } from 'minio';
import { DomainError } from '../../domain/errors.js';
import type { ByteRange, RecordingDigest, RecordingDownload, RecordingInfo, RecordingStore, RecordingWriter, SweptUpload } from '../../ports/recording-store.js';
import type { RecordingUpload, RecordingUploadLog, UploadedPart, UploadedTail } from '../../ports/recording-uploads.js';
import { resolveByteRange } from './byte-range.js';
import { SerialRecordingWriter } from './serial-recording-writer.js';
import type { LocalRecordingStore } from './local-recording-store.js';
import { RESERVED_SUFFIXES, isRecordingKey, recordingKeySegments, recordingPrefixSegments } from './recording-key.js';

/** S3's smallest part but the last: every part is exactly this long except the last one. */
export const PART_BYTES = 5 * 1024 * 1024;
/** The spool may run this far ahead of the uploads before an append waits for them (backpressure reaches the channel). */
const MAX_UPLOAD_LAG = 4 * PART_BYTES;
/** A tail this small is uploaded on every tick it changed; a larger one only once it doubled (write amplification stays under ~3×). */
const SMALL_TAIL = 256 * 1024;
/** How often a running recording's tail is uploaded when it changed (the most a dead node loses of a quiet session). */
export const TAIL_INTERVAL_MS = 10_000;
/** Each request to the object storage is tried this often before the recording fails. */
const ATTEMPTS = 3;
/** Beside each object: its digest, trusted only while its size matches (like the local store's `.sha256`). */
const DIGEST = RESERVED_SUFFIXES[1];

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const notFound = (key: string): DomainError => DomainError.of('not_found', 'recording.not_found', { key }, { key });
const exists = (key: string): DomainError => DomainError.of('conflict', 'recording.exists', { key }, { key });
const s3Code = (err: unknown): string | undefined => (err as { code?: unknown } | null)?.code as string | undefined;
const missing = (err: unknown): boolean => ['NotFound', 'NoSuchKey'].includes(s3Code(err) ?? '');
async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= ATTEMPTS || missing(err) || err instanceof DomainError) throw err;
      await new Promise((r) => setTimeout(r, 100 * 3 ** (attempt - 1)));
    }
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

export interface S3RecordingStoreOptions {
  /** The object storage's client, made on first use (the minio package takes a second to load: a CLI command that never records does not pay it). */
  readonly client: () => Promise<Client>;
  readonly bucket: string;
  /** Prepended to every key as `prefix/key`; '' for none. */
  readonly prefix: string;
  /** Where this node writes running recordings before they are uploaded (owner-only). */
  readonly spool: LocalRecordingStore;
  readonly uploads: RecordingUploadLog;
  /** This `jaga serve` node (JAGA_NODE_ID): the owner of the uploads it starts. */
  readonly nodeId: string;
  readonly now: () => string;
  /** How often a running recording's tail is uploaded (default TAIL_INTERVAL_MS). */
  readonly tailIntervalMs?: number;
}

/**
 * Recordings in an S3-compatible bucket. A running recording is written to this node's spool
 * (a LocalRecordingStore: fsync, 0700/0600) and uploaded beside it as multipart parts of
 * PART_BYTES, each part's size, SHA-256 and ETag recorded in `recording_uploads`; the bytes past
 * the last whole part go up as a tail object `<prefix>/.tails/<key>` every TAIL_INTERVAL_MS they
 * changed (no key can name it: a key's names never start with '.'), so a dead node's recording
 * is recovered to within that; `finish`
 * uploads the rest and completes the upload (a recording under PART_BYTES is one PUT), then the
 * spool copy is deleted. Finished recordings are read from the bucket, live ones from the spool
 * of the node writing them (another node's: `recording.held_by_node`). Fail closed: a spool or
 * upload failure rejects the next append and the finish; what the spool holds is uploaded later
 * by `finishAbandoned` (the sweeper). `open` never queries the database (it runs inside a use
 * case's transaction).
 */
export class S3RecordingStore implements RecordingStore {
  /** Keys this process is writing now (the sweeper leaves them alone). */
  private readonly active = new Set<string>();

  private connecting: Promise<Client> | undefined;

  constructor(private readonly o: S3RecordingStoreOptions) {}

  private client(): Promise<Client> {
    this.connecting ??= this.o.client();
    return this.connecting;
  }

  /** One request to the object storage, tried ATTEMPTS times. */
  private s3<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    return retried(async () => fn(await this.client()));
  }

  async create(key: string): Promise<RecordingWriter> {
    recordingKeySegments(key);
    if (await this.stat(key)) throw exists(key);
    if (!(await this.o.uploads.insert({ key, nodeId: this.o.nodeId, startedAt: this.o.now() }))) throw exists(key);
    let spooled: RecordingWriter;
    try {
      spooled = await this.o.spool.create(key);
    } catch (err) {
      await this.o.uploads.forget(key).catch(() => {});
      throw err;
    }
    this.active.add(key);
    return new S3RecordingWriter(this, key, spooled, this.o.tailIntervalMs ?? TAIL_INTERVAL_MS, () => this.active.delete(key));
  }

  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    recordingKeySegments(key);
    const size = await this.stat(key);
    if (size === null) {
      if (await this.spooled(key)) return this.o.spool.read(key, range);
      const u = await this.o.uploads.findByKey(key);
      if (u?.state === 'writing') throw DomainError.of('conflict', 'recording.held_by_node', { key, node: u.nodeId }, { key, node: u.nodeId });
      throw notFound(key);
    }
    const { start, end } = resolveByteRange(key, range, size);
    if (end === start) return new Uint8Array(0);
    return collect(await this.s3((c) => c.getPartialObject(this.o.bucket, this.name(key), start, end - start)));
  }

  async list(prefix: string): Promise<RecordingInfo[]> {
    recordingPrefixSegments(prefix);
    const found = new Map<string, RecordingInfo>();
    for await (const item of (await this.client()).listObjectsV2(this.o.bucket, this.name(prefix), true) as AsyncIterable<{ name?: string; size?: number }>) {
      const key = item.name?.slice(this.o.prefix === '' ? 0 : this.o.prefix.length + 1);
      if (key !== undefined && isRecordingKey(key)) found.set(key, { key, bytes: item.size ?? 0, finished: true });
    }
    const spool = new Map((await this.o.spool.list(prefix)).map((r) => [r.key, r.bytes]));
    for (const u of await this.o.uploads.listWriting(prefix)) {
      if (found.has(u.key)) continue;
      const here = u.nodeId === this.o.nodeId ? spool.get(u.key) : undefined;
      const uploaded = u.parts.reduce((n, p) => n + p.bytes, 0);
      found.set(u.key, { key: u.key, bytes: here ?? uploaded + (u.tail?.start === uploaded ? u.tail.bytes : 0), finished: false });
    }
    return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async finishAbandoned(key: string): Promise<RecordingDigest> {
    recordingKeySegments(key);
    const u = await this.o.uploads.findByKey(key);
    if (u?.state === 'finished' || u?.state === 'recovered') return { sha256: u.sha256 as string, bytes: u.bytes as number };
    if (u?.state === 'aborted') throw aborted(u);
    if (await this.stat(key) !== null) {
      // Stored whole already (the writer died between completing and recording it, or the object predates the log).
      const d = await this.digestOf(key);
      if (u) await this.o.uploads.end(key, { state: 'finished', ...d, at: this.o.now() });
      return d;
    }
    if (!u) throw notFound(key);
    if (u.nodeId === this.o.nodeId && await this.spooled(key)) {
      return this.store(key, await this.o.spool.finishAbandoned(key), { uploadId: u.uploadId, parts: u.parts, verify: true });
    }
    return this.recoverFromParts(u);
  }

  async open(key: string): Promise<RecordingDownload> {
    recordingKeySegments(key);
    const size = await this.stat(key);
    if (size === null) {
      // Not the upload log: a download is opened inside a use case's transaction, which a second query could wait on.
      if (await this.spooled(key)) throw DomainError.of('conflict', 'recording.not_finished', { key }, { key });
      throw notFound(key);
    }
    const d = await this.digestOf(key, size);
    const body = size === 0 ? null : await this.s3((c) => c.getObject(this.o.bucket, this.name(key)));
    if (!body) return { key, ...d, body: (async function* () {})(), close: () => Promise.resolve() };
    return { key, ...d, body, close: () => release(body) };
  }

  /**
   * The sweeper: finishes or aborts the uploads no process is writing any more — this node's own
   * (a killed process, or a finish the object storage refused; at start, or whenever it runs) and
   * those of nodes not in `aliveNodes` that have not moved for `staleBefore`. Returns what it did,
   * per key; a failure is left for the next sweep.
   */
  async sweepAbandoned(opts: { aliveNodes: ReadonlySet<string>; staleBefore: string }): Promise<SweptUpload[]> {
    const out: SweptUpload[] = [];
    // The gateway sweeps at its start: the client (a second of loading, on the event loop) is made then, not in a session's first channel.
    await this.client();
    for (const u of await this.o.uploads.listWriting('')) {
      const mine = u.nodeId === this.o.nodeId;
      if (mine ? this.active.has(u.key) : (opts.aliveNodes.has(u.nodeId) || u.updatedAt >= opts.staleBefore)) continue;
      try {
        await this.finishAbandoned(u.key);
        out.push({ key: u.key, nodeId: u.nodeId, outcome: (await this.o.uploads.findByKey(u.key))?.state === 'recovered' ? 'recovered' : 'finished' });
      } catch (err) {
        out.push({ key: u.key, nodeId: u.nodeId, outcome: err instanceof DomainError && err.code === 'recording.upload_aborted' ? 'aborted' : 'failed' });
      }
    }
    return out;
  }

  // ── for the writer ──

  /** The spool's writer of `key` took bytes [start, end): upload them as part `number`. */
  async uploadPart(key: string, uploadId: string, number: number, start: number, end: number): Promise<UploadedPart> {
    const bytes = Buffer.from(await this.o.spool.read(key, { start, end }));
    const { etag } = await this.s3((c) => c.uploadPart({ bucketName: this.o.bucket, objectName: this.name(key), uploadID: uploadId, partNumber: number, headers: {} }, bytes));
    const part: UploadedPart = { number, bytes: bytes.length, sha256: sha256(bytes), etag: etag.replace(/"/g, '') };
    await this.o.uploads.recordPart(key, part, this.o.now());
    return part;
  }

  /** Uploads the spool's bytes [start, end) of `key` as its tail object and records it. */
  async uploadTail(key: string, start: number, end: number): Promise<UploadedTail> {
    const bytes = Buffer.from(await this.o.spool.read(key, { start, end }));
    await this.s3((c) => c.putObject(this.o.bucket, this.tailName(key), bytes, bytes.length, { 'Content-Type': 'application/octet-stream' }));
    const tail: UploadedTail = { start, bytes: bytes.length, sha256: sha256(bytes) };
    await this.o.uploads.recordTail(key, tail, this.o.now());
    return tail;
  }

  async startUpload(key: string): Promise<string> {
    const id = await this.s3((c) => c.initiateNewMultipartUpload(this.o.bucket, this.name(key), { 'Content-Type': 'application/x-asciicast' }));
    await this.o.uploads.setUploadId(key, id, this.o.now());
    return id;
  }

  /**
   * Stores the finished spool copy `d` of `key` in the bucket: the parts not yet uploaded (with
   * `verify`, also those whose recorded hash is not the spool's), then the upload completed, or
   * one PUT when no upload was started and it is under a part; the digest beside it, the log
   * ended, the spool copy deleted.
   */
  async store(key: string, d: RecordingDigest, known: { uploadId: string | null; parts: readonly UploadedPart[]; verify: boolean }): Promise<RecordingDigest> {
    const name = this.name(key);
    if (known.uploadId === null && d.bytes < PART_BYTES) {
      const bytes = Buffer.from(await this.o.spool.read(key));
      await this.s3((c) => c.putObject(this.o.bucket, name, bytes, bytes.length, { 'Content-Type': 'application/x-asciicast' }));
    } else {
      const uploadId = known.uploadId ?? await this.startUpload(key);
      const parts: UploadedPart[] = [];
      for (let n = 1, start = 0; start < d.bytes || n === 1; n++, start += PART_BYTES) {
        const end = Math.min(d.bytes, start + PART_BYTES);
        const have = known.parts.find((p) => p.number === n && p.bytes === end - start);
        const good = have && (!known.verify || have.sha256 === sha256(await this.o.spool.read(key, { start, end })));
        parts.push(good ? have : await this.uploadPart(key, uploadId, n, start, end));
        if (end >= d.bytes) break;
      }
      await this.s3((c) => c.completeMultipartUpload(this.o.bucket, name, uploadId, parts.map((p) => ({ part: p.number, etag: p.etag }))));
    }
    await this.putDigest(key, d);
    await this.o.uploads.end(key, { state: 'finished', sha256: d.sha256, bytes: d.bytes, at: this.o.now() });
    await this.o.spool.discard(key).catch(() => {});
    await this.removeTail(key);
    return d;
  }

  // ── inside ──

  /**
   * `/readyz`: the spool (where a running recording goes first) takes a synced file, and the bucket
   * an object `<prefix>/.probes/<node>-<random>` (no key can name it: a key's names never start
   * with '.'), put and removed; rejects with the first failure.
   */
  async probeWritable(): Promise<void> {
    await this.o.spool.probeWritable();
    const base = `.probes/${this.o.nodeId.replace(/[^\w.-]/g, '_')}-${randomBytes(6).toString('hex')}`;
    const name = this.o.prefix === '' ? base : `${this.o.prefix}/${base}`;
    const bytes = Buffer.from('probe\n');
    await this.s3((c) => c.putObject(this.o.bucket, name, bytes, bytes.length, { 'Content-Type': 'text/plain' }));
    await this.s3((c) => c.removeObject(this.o.bucket, name));
  }

  private name(key: string): string {
    return this.o.prefix === '' ? key : `${this.o.prefix}/${key}`;
  }

  private tailName(key: string): string {
    return this.o.prefix === '' ? `.tails/${key}` : `${this.o.prefix}/.tails/${key}`;
  }

  /** Best effort: a tail left behind is never read (the log says whether it counts), only stored. */
  private async removeTail(key: string): Promise<void> {
    await this.s3((c) => c.removeObject(this.o.bucket, this.tailName(key))).catch(() => {});
  }

  /** The tail object as recorded, or null when it is missing or is not what was recorded. */
  private async readTail(key: string, tail: UploadedTail): Promise<Buffer | null> {
    try {
      const bytes = await collect(await this.s3((c) => c.getObject(this.o.bucket, this.tailName(key))));
      return bytes.length === tail.bytes && sha256(bytes) === tail.sha256 ? bytes : null;
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  /** The object's size, or null when there is none. */
  private async stat(key: string): Promise<number | null> {
    try {
      return (await this.s3((c) => c.statObject(this.o.bucket, this.name(key)))).size;
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  private async spooled(key: string): Promise<boolean> {
    return (await this.o.spool.list(key)).some((r) => r.key === key);
  }

  /** The stored digest beside the object when it matches its size, else the object hashed now (and the digest stored). */
  private async digestOf(key: string, size?: number): Promise<RecordingDigest> {
    const bytes = size ?? await this.stat(key);
    if (bytes === null) throw notFound(key);
    try {
      const stored = JSON.parse((await collect(await (await this.client()).getObject(this.o.bucket, `${this.name(key)}${DIGEST}`))).toString('utf8')) as Partial<RecordingDigest>;
      if (typeof stored.sha256 === 'string' && /^[0-9a-f]{64}$/.test(stored.sha256) && stored.bytes === bytes) return { sha256: stored.sha256, bytes };
    } catch (err) {
      if (!missing(err) && !(err instanceof SyntaxError)) throw err;
    }
    const hash = createHash('sha256');
    let n = 0;
    for await (const c of await this.s3((c) => c.getObject(this.o.bucket, this.name(key))) as AsyncIterable<Buffer>) {
      hash.update(c);
      n += c.length;
    }
    const d = { sha256: hash.digest('hex'), bytes: n };
    await this.putDigest(key, d).catch(() => {});
    return d;
  }

  private async putDigest(key: string, d: RecordingDigest): Promise<void> {
    const text = `${JSON.stringify({ sha256: d.sha256, bytes: d.bytes })}\n`;
    await this.s3((c) => c.putObject(this.o.bucket, `${this.name(key)}${DIGEST}`, text, Buffer.byteLength(text), { 'Content-Type': 'application/json' }));
  }

  /**
   * Another node's upload, its spool out of reach: completed from the parts it recorded (the
   * unbroken run from part 1) and the tail object that follows them, when it does; what its spool
   * held past those is lost with it. Hashed as stored. With neither, the upload is aborted.
   */
  private async recoverFromParts(u: RecordingUpload): Promise<RecordingDigest> {
    const run: UploadedPart[] = [];
    for (const p of u.parts) {
      if (p.number !== run.length + 1) break;
      run.push(p);
    }
    const runBytes = run.reduce((n, p) => n + p.bytes, 0);
    const tail = u.tail && u.tail.start === runBytes && u.tail.bytes > 0 ? await this.readTail(u.key, u.tail) : null;
    const name = this.name(u.key);
    if (run.length === 0 || u.uploadId === null) {
      if (u.uploadId !== null) {
        await this.s3((c) => c.abortMultipartUpload(this.o.bucket, name, u.uploadId as string)).catch((err: unknown) => {
          if (s3Code(err) !== 'NoSuchUpload') throw err;
        });
      }
      if (!tail) {
        await this.o.uploads.end(u.key, { state: 'aborted', sha256: null, bytes: null, at: this.o.now() });
        throw aborted(u);
      }
      await this.s3((c) => c.putObject(this.o.bucket, name, tail, tail.length, { 'Content-Type': 'application/x-asciicast' }));
    } else {
      const uploadId = u.uploadId;
      if (tail) run.push(await this.uploadTailAsPart(u.key, uploadId, run.length + 1, tail));
      await this.s3((c) => c.completeMultipartUpload(this.o.bucket, name, uploadId, run.map((p) => ({ part: p.number, etag: p.etag })))).catch(async (err: unknown) => {
        // Another node's sweep completed it first: the object is there.
        if (await this.stat(u.key) === null) throw err;
      });
    }
    const d = await this.digestOf(u.key);
    await this.o.uploads.end(u.key, { state: 'recovered', sha256: d.sha256, bytes: d.bytes, at: this.o.now() });
    await this.removeTail(u.key);
    return d;
  }

  private async uploadTailAsPart(key: string, uploadId: string, number: number, bytes: Buffer): Promise<UploadedPart> {
    const { etag } = await this.s3((c) => c.uploadPart({ bucketName: this.o.bucket, objectName: this.name(key), uploadID: uploadId, partNumber: number, headers: {} }, bytes));
    return { number, bytes: bytes.length, sha256: sha256(bytes), etag: etag.replace(/"/g, '') };
  }
}

const aborted = (u: RecordingUpload): DomainError => DomainError.of('conflict', 'recording.upload_aborted', { key: u.key, node: u.nodeId }, { key: u.key, node: u.nodeId });

const release = (body: Readable): Promise<void> => (body.closed ? Promise.resolve() : new Promise<void>((r) => { body.once('close', () => r()); body.destroy(); }));

/**
 * Appends to the spool in order and uploads each full part beside it, one at a time. The first
 * failure fails the writer: a spool failure rejects that append, an upload failure the next one
 * (its bytes were spooled), and every later one rejects; `finish` then tries once more to store
 * what the spool holds.
 */
class S3RecordingWriter extends SerialRecordingWriter {
  private uploads: Promise<void> = Promise.resolve();
  private uploadId: string | null = null;
  private readonly parts: UploadedPart[] = [];
  /** Bytes handed to part uploads, and bytes whose part is stored. */
  private scheduled = 0;
  private uploaded = 0;
  private failure: Error | null = null;
  /** What the tail object holds now, and the tail upload under way. */
  private tailStored = { start: 0, bytes: 0 };
  private tailing: Promise<void> | null = null;
  private readonly tailTimer: NodeJS.Timeout;

  constructor(private readonly store: S3RecordingStore, key: string, private readonly spool: RecordingWriter, tailIntervalMs: number, private readonly done: () => void) {
    super(key);
    this.tailTimer = setInterval(() => this.uploadTail(), tailIntervalMs);
    this.tailTimer.unref();
  }

  /**
   * Crash insurance, not storage: the bytes past the last scheduled part go up as the tail object
   * when they changed (a larger tail only once it doubled). A failure here is the next part's or
   * the finish's to report; the spool still holds everything.
   */
  private uploadTail(): void {
    if (this.tailing || this.failure) return;
    const start = this.scheduled;
    const bytes = this.spool.written().bytes - start;
    const before = this.tailStored.start === start ? this.tailStored.bytes : 0;
    if (bytes <= 0 || bytes === before || (bytes > SMALL_TAIL && bytes < 2 * before)) return;
    this.tailing = this.store.uploadTail(this.key, start, start + bytes)
      .then((t) => { this.tailStored = { start: t.start, bytes: t.bytes }; }, () => {})
      .finally(() => { this.tailing = null; });
  }

  written(): RecordingDigest {
    return this.spool.written();
  }

  protected async write(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await this.spool.append(bytes);
    } catch (err) {
      throw this.fail(err);
    }
    const total = this.spool.written().bytes;
    while (total - this.scheduled >= PART_BYTES) this.schedule(this.scheduled, (this.scheduled += PART_BYTES));
    // The spool absorbs a burst; past MAX_UPLOAD_LAG the append waits, and the recorder holds the channel.
    // These bytes are in the spool either way: an upload failure rejects the next append, which stores nothing.
    if (this.scheduled - this.uploaded > MAX_UPLOAD_LAG) await this.uploads;
  }

  private schedule(start: number, end: number): void {
    const number = start / PART_BYTES + 1;
    this.uploads = this.uploads.then(async () => {
      if (this.failure) return;
      try {
        this.uploadId ??= await this.store.startUpload(this.key);
        this.parts.push(await this.store.uploadPart(this.key, this.uploadId, number, start, end));
        this.uploaded = end;
      } catch (err) {
        this.fail(err);
      }
    });
  }

  private fail(err: unknown): Error {
    this.failure ??= err instanceof Error ? err : new Error(String(err));
    return this.failure;
  }

  protected async seal(): Promise<RecordingDigest> {
    clearInterval(this.tailTimer);
    await this.tailing;
    await this.uploads;
    try {
      // The spool first: made durable (or, after a failed append, finished as it is), then stored in the bucket.
      const d = await this.spool.finish();
      return await this.store.store(this.key, d, { uploadId: this.uploadId, parts: this.parts, verify: false });
    } finally {
      // Stored, or left `writing`: then the sweeper stores it from the spool later (finishAbandoned).
      this.done();
    }
  }
}
