import type { RecordingDigest, RecordingWriter } from '../../ports/recording-store.js';

/**
 * What every adapter's writer shares: appends run one after another in call order (also when not
 * awaited), nothing is appended once finishing began, and the finish runs once, after every append
 * has settled; a second call returns the same promise.
 */
export abstract class SerialRecordingWriter implements RecordingWriter {
  private tail: Promise<void> = Promise.resolve();
  private finishing: Promise<RecordingDigest> | null = null;

  constructor(readonly key: string) {}

  append(bytes: Uint8Array): Promise<void> {
    if (this.finishing) return Promise.reject(new Error(`recording ${this.key} is finished; nothing more can be appended`));
    const p = this.tail.then(() => this.write(bytes));
    this.tail = p.catch(() => {});
    return p;
  }

  finish(): Promise<RecordingDigest> {
    this.finishing ??= this.tail.then(() => this.seal());
    return this.finishing;
  }

  abstract written(): RecordingDigest;
  /** Stores `bytes` after everything before; rejects when they cannot be stored. */
  protected abstract write(bytes: Uint8Array): Promise<void>;
  /** Makes the recording durable and finished; runs once, after the last append settled. */
  protected abstract seal(): Promise<RecordingDigest>;
}
