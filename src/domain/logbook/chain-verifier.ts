import type { LogbookEntry } from './logbook-entry.js';
import { GENESIS_HASH, entryPayload } from './logbook-entry.js';

export type ChainProblemKind = 'altered' | 'missing' | 'out_of_order' | 'broken_link' | 'truncated';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The first entry found bad (for `missing`: the first absent sequence number). */
  readonly seq: number;
  readonly message: { readonly id: string; readonly en: string };
}

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
        ? { kind: 'missing', seq: this.expectedSeq, message: {
          id: `Entri #${this.expectedSeq}${e.seq - this.expectedSeq > 1 ? `–#${e.seq - 1}` : ''} hilang (dihapus) sebelum entri #${e.seq}.`,
          en: `Entry #${this.expectedSeq}${e.seq - this.expectedSeq > 1 ? `–#${e.seq - 1}` : ''} is missing (deleted) before entry #${e.seq}.` } }
        : { kind: 'out_of_order', seq: e.seq, message: {
          id: `Entri #${e.seq} muncul setelah #${this.expectedSeq - 1} (urutan diubah atau disisipkan).`,
          en: `Entry #${e.seq} appears after #${this.expectedSeq - 1} (reordered or inserted).` } };
      return false;
    }
    if (this.sha256Hex(entryPayload(e)) !== e.hash) {
      this.problem = { kind: 'altered', seq: e.seq, message: {
        id: `Entri #${e.seq} telah diubah: isinya tidak cocok dengan hash-nya.`,
        en: `Entry #${e.seq} was altered: its content does not match its hash.` } };
      return false;
    }
    if (e.prevHash !== this.prevHash) {
      this.problem = { kind: 'broken_link', seq: e.seq, message: {
        id: `Entri #${e.seq} tidak terhubung ke entri sebelumnya (disisipkan, diurutkan ulang, atau entri sebelumnya diganti).`,
        en: `Entry #${e.seq} does not link to the entry before it (inserted, reordered, or the previous entry replaced).` } };
      return false;
    }
    this.prevHash = e.hash;
    this.expectedSeq++;
    this.count++;
    return true;
  }
}
