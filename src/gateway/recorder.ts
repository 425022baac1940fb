import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/** asciicast v2 header (https://docs.asciinema.org/manual/asciicast/v2/) plus Jaga's own `jaga` block. */
export interface AsciicastHeader {
  readonly width: number;
  readonly height: number;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly title: string;
  readonly env: { readonly TERM: string };
  readonly jaga: Record<string, unknown>;
}

export type RecordingEvent = readonly [seconds: number, type: 'o' | 'i' | 'r', data: string];

/** Opens the file a recording is written to; tests pass one that fails, to show the gateway fails closed. */
export type RecordingOpener = (path: string) => Promise<FileHandle>;

export const openRecordingFile: RecordingOpener = (path) =>
  // O_EXCL: a recording is never overwritten; 0600: recordings hold whatever was on the screen.
  open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);

/** Above this much unwritten data the disk is not keeping up; the recording fails (and the session with it). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

/**
 * Writes one pty channel's asciicast v2 recording as the session runs: a JSON header line, then one
 * `[time, type, data]` line per output, input and resize event. Writes are batched and appended in
 * order; the SHA-256 is computed over exactly the bytes written. Any write error is reported once
 * through `onFailure` (the gateway then ends the session: recording fails closed).
 */
export class AsciicastRecorder {
  private readonly started = performance.now();
  private readonly hash: Hash = createHash('sha256');
  private readonly decoders = { o: new StringDecoder('utf8'), i: new StringDecoder('utf8') };
  private queue: string[] = [];
  private pendingBytes = 0;
  private bytes = 0;
  private flushing: Promise<void> | null = null;
  private failed: Error | null = null;
  private closed = false;
  private dataLeft = Infinity;
  private dataLimit = Infinity;

  /** Silent until the header is written: a recording that cannot even start is reported by create() throwing. */
  private onFailure: (err: Error) => void = () => {};

  private constructor(private readonly file: FileHandle, private readonly onEvent: (e: RecordingEvent) => void) {}

  static async create(path: string, header: AsciicastHeader, opts: {
    opener?: RecordingOpener; onFailure: (err: Error) => void; onEvent?: (e: RecordingEvent) => void;
    /** Stop recording input and output after this many bytes of them (one marker says so). */
    dataLimit?: number;
  }): Promise<AsciicastRecorder> {
    const file = await (opts.opener ?? openRecordingFile)(path);
    const rec = new AsciicastRecorder(file, opts.onEvent ?? (() => {}));
    rec.dataLeft = opts.dataLimit ?? Infinity;
    rec.dataLimit = opts.dataLimit ?? Infinity;
    rec.push(`${JSON.stringify({ version: 2, ...header })}\n`);
    await rec.flush();
    if (rec.failed) {
      await file.close().catch(() => {});
      throw rec.failed;
    }
    rec.onFailure = opts.onFailure;
    return rec;
  }

  get failure(): Error | null {
    return this.failed;
  }

  output(chunk: Buffer): void {
    if (this.within(chunk)) this.event('o', this.decoders.o.write(chunk));
  }

  input(chunk: Buffer): void {
    if (this.within(chunk)) this.event('i', this.decoders.i.write(chunk));
  }

  /** Whether input and output are still being recorded (false once past the data limit). */
  get capturing(): boolean {
    return this.dataLeft > 0 && !this.closed;
  }

  /** Whether this chunk is still recorded; the first one past the limit writes the marker instead. */
  private within(chunk: Buffer): boolean {
    if (this.dataLeft === Infinity) return true;
    if (this.dataLeft <= 0) return false;
    this.dataLeft -= chunk.length;
    if (this.dataLeft >= 0) return true;
    const mib = Math.round(this.dataLimit / 1048576);
    this.event('o', `\r\n[Jaga: rekaman dipotong setelah ${mib} MiB; sisanya dihitung di logbook / recording truncated after ${mib} MiB; the rest is counted in the logbook]\r\n`);
    return false;
  }

  resize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** Flushes, syncs and closes the file; resolves with its hash and size (also after a failure, for what was written). */
  async close(): Promise<{ sha256: string; bytes: number }> {
    if (!this.closed) {
      this.closed = true;
      this.append('o', this.decoders.o.end());
      this.append('i', this.decoders.i.end());
      await this.flush();
      if (!this.failed) await this.file.sync().catch((e: Error) => this.fail(e));
      await this.file.close().catch(() => {});
    }
    return { sha256: this.hash.copy().digest('hex'), bytes: this.bytes };
  }

  private event(type: 'o' | 'i' | 'r', data: string): void {
    if (!this.closed) this.append(type, data);
  }

  private append(type: 'o' | 'i' | 'r', data: string): void {
    if (this.failed || data === '') return;
    const e: RecordingEvent = [Math.round(performance.now() - this.started) / 1000, type, data];
    this.push(`${JSON.stringify(e)}\n`);
    this.onEvent(e);
    if (this.pendingBytes > MAX_PENDING_BYTES) this.fail(new Error('recording is not being written fast enough'));
    else if (!this.flushing) this.flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  private push(line: string): void {
    this.queue.push(line);
    this.pendingBytes += line.length;
  }

  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length) {
      this.flushing = this.drain();
      await this.flushing;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length && !this.failed) {
        const buf = Buffer.from(this.queue.join(''), 'utf8');
        this.queue = [];
        this.pendingBytes = 0;
        let off = 0;
        while (off < buf.length) {
          const { bytesWritten } = await this.file.write(buf, off, buf.length - off);
          if (bytesWritten <= 0) throw new Error('recording write made no progress');
          off += bytesWritten;
        }
        this.hash.update(buf);
        this.bytes += buf.length;
      }
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.flushing = null;
    }
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    this.queue = [];
    this.onFailure(err);
  }
}
