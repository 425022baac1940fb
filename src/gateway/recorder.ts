import type { Clock } from '../ports/clock.js';
import type { RecordingDigest, RecordingStore, RecordingWriter } from '../ports/recording-store.js';
import type { AsciicastHeader, RecordingEvent } from './asciicast-encoder.js';
import { AsciicastEncoder, asciicastEventBytes, asciicastHeaderLine } from './asciicast-encoder.js';

/** Above this much unwritten data the store is not keeping up; the recording fails (and the session with it). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

/**
 * Writes one channel's asciicast v2 recording into the RecordingStore as the session runs: the
 * header, then one line per output, input and resize event (encoded by AsciicastEncoder, timed by
 * the Clock). Lines are batched and appended in order. Any write error is reported once through
 * `onFailure` (the gateway then ends the session: recording fails closed).
 */
export class AsciicastRecorder {
  private queue: Buffer[] = [];
  private pendingBytes = 0;
  private flushing: Promise<void> | null = null;
  private failed: Error | null = null;
  private closing: Promise<RecordingDigest> | null = null;

  /** Silent until the header is written: a recording that cannot even start is reported by create() throwing. */
  private onFailure: (err: Error) => void = () => {};

  private constructor(private readonly writer: RecordingWriter, private readonly encoder: AsciicastEncoder, private readonly clock: Clock,
    private readonly onEvent: (e: RecordingEvent) => void) {}

  /** Starts the recording `key`; the header's timestamp is now, by the clock, and is the events' time zero. */
  static async create(recordings: RecordingStore, key: string, header: Omit<AsciicastHeader, 'timestamp'>, opts: {
    clock: Clock; onFailure: (err: Error) => void; onEvent?: (e: RecordingEvent) => void;
  }): Promise<AsciicastRecorder> {
    const writer = await recordings.create(key);
    const startMs = opts.clock.now().getTime();
    const rec = new AsciicastRecorder(writer, new AsciicastEncoder(startMs), opts.clock, opts.onEvent ?? (() => {}));
    rec.push(Buffer.from(asciicastHeaderLine({ ...header, timestamp: Math.floor(startMs / 1000) }), 'utf8'));
    await rec.flush();
    if (rec.failed) {
      await writer.finish().catch(() => {});
      throw rec.failed;
    }
    rec.onFailure = opts.onFailure;
    return rec;
  }

  get failure(): Error | null {
    return this.failed;
  }

  /** Whether input and output are still being recorded (false once closing). */
  get capturing(): boolean {
    return this.encoder.capturing && !this.closing;
  }

  output(chunk: Buffer): void {
    if (!this.closing) this.record(this.encoder.output(this.now(), chunk));
  }

  input(chunk: Buffer): void {
    if (!this.closing) this.record(this.encoder.input(this.now(), chunk));
  }

  resize(cols: number, rows: number): void {
    if (!this.closing) this.record(this.encoder.resize(this.now(), cols, rows));
  }

  /** Flushes and finishes the recording; resolves with its hash and size (also after a failure, for what was stored). */
  close(): Promise<RecordingDigest> {
    this.closing ??= (async () => {
      for (const e of this.encoder.end(this.now())) this.record(e);
      await this.flush();
      try {
        return await this.writer.finish();
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        return this.writer.written();
      }
    })();
    return this.closing;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private record(e: RecordingEvent | null): void {
    if (this.failed || !e) return;
    this.push(asciicastEventBytes(e));
    this.onEvent(e);
    if (this.pendingBytes > MAX_PENDING_BYTES) this.fail(new Error('recording is not being written fast enough'));
    else if (!this.flushing) this.flushing = new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  private push(line: Buffer): void {
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
        const buf = this.queue.length === 1 ? this.queue[0] as Buffer : Buffer.concat(this.queue);
        this.queue = [];
        this.pendingBytes = 0;
        await this.writer.append(buf);
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
