import type { Clock } from '../ports/clock.js';
import type { RecordingDigest, RecordingStore, RecordingWriter } from '../ports/recording-store.js';
import type { AsciicastHeader, RecordingEvent } from './asciicast-encoder.js';
import { AsciicastEncoder, asciicastEventBytes, asciicastHeaderLine } from './asciicast-encoder.js';

/**
 * Above this much unwritten data the channel feeding the recording is held (its client or target
 * side paused, so SSH flow control slows the sender) until the store has written it down to
 * RECORDING_LOW_WATER: a slow disk slows a transfer, it does not end it.
 */
export const RECORDING_HIGH_WATER = 8 * 1024 * 1024;
const RECORDING_LOW_WATER = 2 * 1024 * 1024;
/** Above this much the store is not keeping up even with the channel held; the recording fails (and the session with it). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;
/**
 * At most this much is appended at once (a single larger event line alone): a batch is
 * concatenated and hashed on the event loop, so its size bounds how long a keystroke waits behind it.
 */
const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Writes one channel's asciicast v2 recording into the RecordingStore as the session runs: the
 * header, then one line per output, input and resize event (encoded by AsciicastEncoder, timed by
 * the Clock). Lines are batched and appended in order. Any write error is reported once through
 * `onFailure` (the gateway then ends the session: recording fails closed).
 */
export class AsciicastRecorder {
  private queue: Buffer[] = [];
  /** Bytes recorded and not yet stored: queued, or being appended. */
  private pendingBytes = 0;
  private drainWaiters: (() => void)[] = [];
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

  /**
   * When more than RECORDING_HIGH_WATER waits to be stored: a promise resolved once that is down
   * to RECORDING_LOW_WATER, or the recording failed or is closing (hold the channel until then).
   * Else null: nothing to wait for.
   */
  backlog(): Promise<void> | null {
    if (this.pendingBytes <= RECORDING_HIGH_WATER || this.failed || this.closing) return null;
    return new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Flushes and finishes the recording; resolves with its hash and size (also after a failure, for what was stored). */
  close(): Promise<RecordingDigest> {
    this.closing ??= (async () => {
      this.wake();
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
        let k = 0;
        let n = 0;
        while (k < this.queue.length && (k === 0 || n + (this.queue[k] as Buffer).length <= MAX_BATCH_BYTES)) n += (this.queue[k++] as Buffer).length;
        const parts = this.queue.splice(0, k);
        await this.writer.append(parts.length === 1 ? parts[0] as Buffer : Buffer.concat(parts, n));
        this.pendingBytes -= n;
        if (this.pendingBytes <= RECORDING_LOW_WATER) this.wake();
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
    this.pendingBytes = 0;
    this.wake();
    this.onFailure(err);
  }

  /** Releases every channel held by backlog(). */
  private wake(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
