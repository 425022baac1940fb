import type { ChainFinding, ChainProblem } from '../../domain/logbook/chain-verifier.js';
import { ChainVerifier } from '../../domain/logbook/chain-verifier.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { CHECKPOINT_INTERVAL, checkpointPayload } from '../../domain/logbook/checkpoint.js';
import { LoggedRecords } from '../../domain/logbook/logged-records.js';
import type { AppDeps } from '../app-deps.js';
import { checkRecords } from './verify-records.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly checkpointsChecked: number;
  readonly problem: ChainProblem | null;
  /** Cases, gateway sessions and recordings checked against the logbook (absent when not asked). */
  readonly records?: { readonly cases: number; readonly sessions: number; readonly recordings: number };
  /** Checkpoints held by witnesses and checked against the chain (absent when none were given). */
  readonly witnessCheckpoints?: number;
}

/** The checkpoints a witness holds, as read from it (`jaga logbook verify --witness`). */
export interface WitnessedCheckpoints {
  readonly witness: string;
  readonly checkpoints: readonly Checkpoint[];
}

export interface VerifyOptions {
  /** A checkpoint exported earlier (`--checkpoint FILE`). */
  readonly exported?: Checkpoint;
  /** Also check each stored case, gateway session and recording against what the logbook recorded of it. */
  readonly records?: Pick<AppDeps, 'recordings' | 'sha256Stream'>;
  /** Checkpoints from witnesses: each must be signed by this installation's key and match the chain. */
  readonly witnesses?: readonly WitnessedCheckpoints[];
}

const truncatedAt = (seq: number, why: ChainFinding): ChainProblem => ({ kind: 'truncated', seq, ...why });

/**
 * Verifies the whole chain, the recorded head, every stored checkpoint (signature and
 * hash), and optionally a checkpoint exported earlier: a logbook cut back past an exported
 * checkpoint fails even when the attacker also removed the stored checkpoints.
 */
export async function verifyLogbook(deps: Pick<AppDeps, 'store' | 'sha256' | 'signer'>, exported?: Checkpoint, opts: Omit<VerifyOptions, 'exported'> = {}): Promise<VerifyReport> {
  return deps.store.read(async (repos) => {
    const logged = opts.records ? new LoggedRecords() : undefined;
    // The head is read first and fixes the moment verified: checkpoints are written in the same
    // transaction as their entry, so every one up to the head is visible afterwards; later entries
    // and checkpoints (appended while a live installation is verified) are left for the next run.
    const head = await repos.logbook.readHead();
    const all = await repos.logbook.checkpoints();
    const stored = all.filter((c) => c.seq <= head.seq);
    const newer = all.filter((c) => c.seq > head.seq);
    const wanted = [...stored, ...(exported ? [exported] : [])];
    const wantedSeqs = new Set(wanted.map((c) => c.seq));
    const seen = new Map<number, string>();
    const witnessed = new Set((opts.witnesses ?? []).flatMap((w) => w.checkpoints.map((c) => c.seq)));
    const v = new ChainVerifier(deps.sha256);
    outer: for await (const page of repos.logbook.scan({})) {
      for (const e of page) {
        if (e.seq > head.seq && e.seq === v.lastSeq + 1) break outer;
        if (!v.push(e)) break outer;
        logged?.push(e);
        if (wantedSeqs.has(e.seq) || witnessed.has(e.seq)) seen.set(e.seq, e.hash);
      }
    }
    let problem: ChainProblem | null = v.problem ?? null;
    // A checkpoint past the head is legitimate only if it was appended meanwhile, with its entry.
    for (const cp of newer) {
      if (problem) break;
      const e = await repos.logbook.findEntry(cp.seq);
      if (!e || e.hash !== cp.hash) {
        problem = truncatedAt(Math.min(cp.seq, head.seq + 1), { code: 'checkpoint_past_head', params: { seq: cp.seq, head: head.seq } });
      }
    }
    if (!problem && head.seq > v.lastSeq) {
      problem = truncatedAt(v.lastSeq + 1, { code: 'head_past_entries', params: { head: head.seq, last: v.lastSeq } });
    } else if (!problem && head.hash !== v.lastHash) {
      problem = { kind: 'broken_link', seq: head.seq + 1, code: 'head_mismatch', params: { head: head.seq, last: v.lastSeq } };
    }
    // The writer signs a checkpoint every CHECKPOINT_INTERVAL entries: one missing was deleted,
    // and with it the evidence an attacker who re-hashed the chain would have had to forge.
    const have = new Set(stored.map((c) => c.seq));
    for (let seq = CHECKPOINT_INTERVAL; !problem && seq <= v.lastSeq; seq += CHECKPOINT_INTERVAL) {
      if (!have.has(seq)) {
        problem = { kind: 'missing', seq, code: 'checkpoint_missing', params: { seq } };
      }
    }
    // Every checkpoint's hash must match the chain. Signatures are checked on the latest stored
    // and the exported checkpoint: a chain rewritten before any checkpoint changes the hashes
    // after it, so it can only pass by forging the latest signature as well.
    const mustSign = new Set([stored[stored.length - 1], exported]);
    for (const cp of wanted) {
      if (problem) break;
      const isExported = cp === exported;
      if (mustSign.has(cp) && (cp.keyId !== deps.signer.keyId || !deps.signer.verify(checkpointPayload(cp), cp.signature))) {
        problem = { kind: 'altered', seq: cp.seq, code: 'checkpoint_signature_invalid', params: { seq: cp.seq, exported: isExported } };
      } else if (cp.seq > v.lastSeq) {
        problem = truncatedAt(v.lastSeq + 1, { code: 'checkpoint_past_last', params: { seq: cp.seq, last: v.lastSeq, exported: isExported } });
      } else if (seen.get(cp.seq) !== cp.hash) {
        problem = { kind: 'altered', seq: cp.seq, code: 'checkpoint_mismatch', params: { seq: cp.seq, exported: isExported } };
      }
    }
    // What a witness holds was out of reach when the tail was cut or re-hashed: the chain must still reach it, unchanged.
    let witnessCheckpoints = 0;
    for (const w of opts.witnesses ?? []) {
      for (const cp of w.checkpoints) {
        if (problem) break;
        witnessCheckpoints++;
        if (cp.keyId !== deps.signer.keyId || !deps.signer.verify(checkpointPayload(cp), cp.signature)) {
          problem = { kind: 'altered', seq: cp.seq, code: 'witness_signature_invalid', params: { seq: cp.seq, witness: w.witness } };
        } else if (cp.seq > v.lastSeq) {
          problem = truncatedAt(v.lastSeq + 1, { code: 'witness_past_last', params: { seq: cp.seq, last: v.lastSeq, witness: w.witness } });
        } else if (seen.get(cp.seq) !== cp.hash) {
          problem = { kind: 'altered', seq: cp.seq, code: 'witness_mismatch', params: { seq: cp.seq, witness: w.witness } };
        }
      }
    }
    const base = { entries: v.count, lastSeq: v.lastSeq, lastHash: v.lastHash, checkpointsChecked: wanted.length,
      ...(opts.witnesses ? { witnessCheckpoints } : {}) };
    // Records are judged only against an intact chain: a broken one is reported as such first.
    if (problem || !opts.records || !logged) return { ok: problem === null, ...base, problem };
    const checked = await checkRecords(repos, opts.records, logged, head.seq);
    return { ok: checked.problem === null, ...base, problem: checked.problem, records: checked.counts };
  });
}
