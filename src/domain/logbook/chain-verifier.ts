import type { LogbookEntry } from './logbook-entry.js';
import { GENESIS_HASH, entryPayload } from './logbook-entry.js';

import type { RecordEntity } from './logged-records.js';

/** `record`: a stored case, session or recording disagrees with what the logbook recorded of it. */
export type ChainProblemKind = 'altered' | 'missing' | 'out_of_order' | 'broken_link' | 'truncated' | 'record';

/**
 * What exactly was found, with the values its words need (the words are in the message catalogue,
 * `src/messages/chain-problem-messages.ts`). `exported`: the checkpoint was the one given from outside.
 */
export type ChainFinding =
  | { readonly code: 'entries_missing'; readonly params: { readonly from: number; readonly to: number; readonly before: number } }
  | { readonly code: 'entry_out_of_order'; readonly params: { readonly seq: number; readonly after: number } }
  | { readonly code: 'entry_altered'; readonly params: { readonly seq: number } }
  | { readonly code: 'entry_unlinked'; readonly params: { readonly seq: number } }
  | { readonly code: 'checkpoint_past_head'; readonly params: { readonly seq: number; readonly head: number } }
  | { readonly code: 'head_past_entries'; readonly params: { readonly head: number; readonly last: number } }
  | { readonly code: 'head_mismatch'; readonly params: { readonly head: number; readonly last: number } }
  | { readonly code: 'checkpoint_missing'; readonly params: { readonly seq: number } }
  | { readonly code: 'checkpoint_signature_invalid'; readonly params: { readonly seq: number; readonly exported: boolean } }
  | { readonly code: 'checkpoint_past_last'; readonly params: { readonly seq: number; readonly last: number; readonly exported: boolean } }
  | { readonly code: 'checkpoint_mismatch'; readonly params: { readonly seq: number; readonly exported: boolean } }
  // The stored records against the logbook, and the logbook against its witnesses.
  | { readonly code: 'record_differs'; readonly params: { readonly entity: RecordEntity; readonly id: string; readonly field: string; readonly logbook: string | null; readonly stored: string | null } }
  | { readonly code: 'recording_unreadable'; readonly params: { readonly id: string; readonly reason: string } }
  | { readonly code: 'witness_signature_invalid'; readonly params: { readonly seq: number; readonly witness: string } }
  | { readonly code: 'witness_past_last'; readonly params: { readonly seq: number; readonly last: number; readonly witness: string } }
  | { readonly code: 'witness_mismatch'; readonly params: { readonly seq: number; readonly witness: string } };

export type ChainProblem = ChainFinding & {
  readonly kind: ChainProblemKind;
  /** The first entry found bad (for `missing`: the first absent sequence number). */
  readonly seq: number;
};

/**
 * Streams entries in storage order and reports the first break:
 * an edited entry no longer hashes to its stored hash; a deleted one leaves a gap in `seq`;
 * an inserted or reordered one breaks a `prev` link or the order of `seq`.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  count = 0;
  problem: ChainProblem | undefined;

  constructor(private readonly sha256Hex: (s: string) => string) {}

  get lastHash(): string { return this.prevHash; }
  get lastSeq(): number { return this.expectedSeq - 1; }

  /** Returns false once a problem was found (later entries are not checked). */
  push(e: LogbookEntry): boolean {
    if (this.problem) return false;
    if (e.seq !== this.expectedSeq) {
      this.problem = e.seq > this.expectedSeq
        ? { kind: 'missing', seq: this.expectedSeq, code: 'entries_missing', params: { from: this.expectedSeq, to: e.seq - 1, before: e.seq } }
        : { kind: 'out_of_order', seq: e.seq, code: 'entry_out_of_order', params: { seq: e.seq, after: this.expectedSeq - 1 } };
      return false;
    }
    if (this.sha256Hex(entryPayload(e)) !== e.hash) {
      this.problem = { kind: 'altered', seq: e.seq, code: 'entry_altered', params: { seq: e.seq } };
      return false;
    }
    if (e.prevHash !== this.prevHash) {
      this.problem = { kind: 'broken_link', seq: e.seq, code: 'entry_unlinked', params: { seq: e.seq } };
      return false;
    }
    this.prevHash = e.hash;
    this.expectedSeq++;
    this.count++;
    return true;
  }
}
