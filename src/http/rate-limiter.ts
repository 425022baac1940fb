import type { Clock } from '../ports/clock.js';

/**
 * Fixed-window counter per key (client address), in memory. A first line in front of the
 * per-account lock-out: it keeps one address from flooding sign-in (and the logbook) across
 * many usernames. Per process; several nodes each apply it.
 */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly clock: Clock) {}

  /** Counts one attempt; returns `{ allowed, first }` where `first` marks the first refusal of the window. */
  hit(key: string): { allowed: boolean; firstRefusal: boolean; retryAfterSeconds: number } {
    const now = this.clock.now().getTime();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now - (now % this.windowMs);
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return { allowed: n <= this.limit, firstRefusal: n === this.limit + 1, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000)) };
  }
}
