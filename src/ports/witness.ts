import type { Checkpoint } from '../domain/logbook/checkpoint.js';

/**
 * Somewhere off this host that keeps a copy of every signed checkpoint pushed to it: a directory
 * on another mount, or another installation's `jaga witness serve`. What a witness holds can no
 * longer be rewritten by whoever controls this host, so `jaga logbook verify --witness` catches a
 * tail deleted or re-hashed after it was witnessed.
 */
export interface Witness {
  /** How the operator named it (`dir:/mnt/saksi`, `https://saksi.example/`): shown in messages and logs. */
  readonly name: string;
  /**
   * Stores a checkpoint. One the witness already holds is accepted again; a different checkpoint
   * at the same sequence number is refused (`witness.checkpoint_rewritten`), as the witness must.
   * Rejects when the witness cannot be reached or refuses (the caller retries later).
   */
  push(cp: Checkpoint): Promise<'stored' | 'held'>;
  /** Every checkpoint it holds, by sequence number. */
  list(): Promise<Checkpoint[]>;
}
