import type { Clock } from '../../src/ports/clock.js';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  private t: number;
  constructor(start = '2026-11-28T01:00:00.000Z') { this.t = Date.parse(start); }
  now(): Date { return new Date(this.t); }
  advanceMinutes(m: number): void { this.t += m * 60_000; }
  advanceSeconds(s: number): void { this.t += s * 1000; }
}
