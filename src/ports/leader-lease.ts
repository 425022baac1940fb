/**
 * Which `jaga serve` node runs the timers (issue 13: thresholds, weekly digests). Several nodes on
 * one store each ask; at most one holds the lease at a time, and when that node dies another takes
 * it over at its next ask.
 */
export interface LeaderLease {
  /** True while this process holds the lease (taking it when free); false when another holds it or the store is unreachable. */
  holds(): Promise<boolean>;
  /** Lets go of the lease (shutdown). */
  release(): Promise<void>;
}
