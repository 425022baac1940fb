import type { ChainProblem } from '../../domain/logbook/chain-verifier.js';
import type { AppDeps } from '../app-deps.js';
import type { VerifyReport } from '../logbook/verify-logbook.js';

/** What failed: a verification of the chain (`jaga logbook verify`, the API), or pushing a checkpoint to a witness. */
export type VerificationFailure =
  | { readonly source: 'verify'; readonly problem: ChainProblem; readonly lastSeq: number }
  | { readonly source: 'witness'; readonly witness: string; readonly seq: number; readonly reason: string };

/**
 * Writes `logbook.verification_failed` to the outbox (issue 13), once per failure found: the same
 * broken state verified again, or the same checkpoint failing again, adds nothing. The logbook
 * itself is not written (it is what failed); a failure to notify is the caller's to log.
 */
export async function notifyVerificationFailed(deps: Pick<AppDeps, 'store' | 'ids' | 'clock'>, f: VerificationFailure): Promise<void> {
  const data = f.source === 'verify'
    ? { source: f.source, kind: f.problem.kind, code: f.problem.code, seq: f.problem.seq, lastSeq: f.lastSeq, witness: null }
    : { source: f.source, kind: 'witness', code: f.reason, seq: f.seq, lastSeq: null, witness: f.witness };
  const dedupeKey = f.source === 'verify' ? `verification:${f.problem.kind}:${f.problem.code}:${f.problem.seq}:${f.lastSeq}` : `witness:${f.witness}:${f.seq}`;
  await deps.store.transaction((tx) => tx.notifications.insert({
    id: deps.ids.newId(), type: 'logbook.verification_failed', occurredAt: deps.clock.now().toISOString(), unitId: null, caseId: null, data, dedupeKey,
  }));
}

/**
 * The report as it came, after notifying its problem when it has one. A store that cannot take the
 * notification does not hide the report: whoever verified is told the problem by the report itself.
 */
export async function notifiedReport(deps: Pick<AppDeps, 'store' | 'ids' | 'clock'>, r: VerifyReport): Promise<VerifyReport> {
  if (r.problem) await notifyVerificationFailed(deps, { source: 'verify', problem: r.problem, lastSeq: r.lastSeq }).catch(() => undefined);
  return r;
}
