import { createHash, type Hash } from 'node:crypto';

/** One stream of a channel as the logbook states it: every byte that crossed, counted and hashed. */
export interface StreamDigest { readonly bytes: number; readonly sha256: string }

/**
 * Counts and SHA-256-hashes one stream of a channel in full (client → target stdin, target →
 * client stdout, target → client stderr), whatever else is done with its bytes. One hash per
 * stream, updated per chunk: no copy is made.
 */
export class StreamAudit {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private digested: StreamDigest | null = null;

  update(chunk: Buffer): void {
    if (this.digested) return;
    this.bytes += chunk.length;
    this.hash.update(chunk);
  }

  /** Final count and hash (computed once; later updates are ignored). */
  digest(): StreamDigest {
    this.digested ??= { bytes: this.bytes, sha256: this.hash.digest('hex') };
    return this.digested;
  }
}

/**
 * How much a session may still record (input and output of its channels together): recordings are
 * full, never cut, so an unbounded one is refused instead. Shared by a session's channels.
 */
export class RecordingBudget {
  private used = 0;

  constructor(readonly quota: number) {}

  /** Takes `n` bytes from the budget; false (and nothing taken) when they would go past the quota. */
  charge(n: number): boolean {
    if (this.used + n > this.quota) return false;
    this.used += n;
    return true;
  }

  get recorded(): number {
    return this.used;
  }
}
