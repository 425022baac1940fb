import type { SopDefinition, StepCode } from '../sop/sop-definition.js';
import { DomainError } from '../errors.js';
import type {
  A1CheckResult, AccessRecord, CaseStatus, Closure, CorrectableField, Correction, FaultReport, RepairCase, Restoration, RootCause,
} from './repair-case.js';
import { ACCESS_STATUSES, CORRECTABLE_FIELDS, currentStep } from './repair-case.js';
import { deviationOnCompletion, minutesOver, standardJudged, stepStartedAt } from './time-standard.js';
import { missingA2Fields } from './a2-documentation.js';
import { sopStep } from '../sop/sop-definition.js';
import { LIMITS, requireText } from '../validate.js';

/**
 * The B1–B6 state machine. Every function is pure: it takes a case and returns the next
 * one, or throws a DomainError saying which rule refuses the move.
 */

/** The moves on a case after its report, each allowed from some statuses only. */
export type CaseStepAction = 'acknowledge' | 'prepare' | 'access' | 'restore' | 'root_cause' | 'explain_deviation' | 'close' | 'approve' | 'return' | 'correct' | 'cancel';

/** The statuses each move is allowed from. */
export const ALLOWED_FROM: Readonly<Record<CaseStepAction, readonly CaseStatus[]>> = {
  acknowledge: ['reported'],
  prepare: ['acknowledged', 'prepared'],
  access: ACCESS_STATUSES,
  restore: ['in_repair'],
  root_cause: ['restored'],
  explain_deviation: ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused', 'closed'],
  close: ['root_caused'],
  approve: ['closed'],
  return: ['closed'],
  // And only once the case was returned (correctDocumentation).
  correct: ['root_caused'],
  cancel: ['reported', 'acknowledged', 'prepared'],
};

/** Every move, in the order of the SOP. */
export const CASE_STEP_ACTIONS = Object.keys(ALLOWED_FROM) as CaseStepAction[];

/** The order of the statuses along B1–B6 (cancelled stands apart). */
const ORDER: readonly CaseStatus[] = ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused', 'closed', 'approved'];

/**
 * The refusal for a move the case's state does not allow: a `conflict` (the case is not where
 * the move belongs), naming the state and the step that comes next.
 */
export function outOfOrder(c: Pick<RepairCase, 'status'>, action: CaseStepAction): DomainError {
  const allowed = ALLOWED_FROM[action];
  const already = ORDER.indexOf(c.status) > Math.max(...allowed.map((s) => ORDER.indexOf(s)));
  const step = currentStep(c);
  return DomainError.of('conflict', 'case.wrong_step', { action, status: c.status, step, already },
    { status: c.status, step, allowed });
}

/** Throws {@link outOfOrder} unless the case's status allows `action`. */
export function assertInOrder(c: Pick<RepairCase, 'status'>, action: CaseStepAction): void {
  if (!ALLOWED_FROM[action].includes(c.status)) throw outOfOrder(c, action);
}

const next = (c: RepairCase, patch: Partial<RepairCase>): RepairCase => ({ ...c, ...patch, revision: c.revision + 1 });

function withDeviation(sop: SopDefinition, c: RepairCase, step: StepCode, at: string): Pick<RepairCase, 'deviations'> {
  const d = deviationOnCompletion(sop, c, step, at);
  return { deviations: d ? [...c.deviations.filter((x) => x.step !== step), d] : c.deviations };
}

export interface NewCase {
  readonly id: string;
  readonly unitId: string;
  readonly targetId: string | null;
  readonly timeZone: string;
  readonly report: FaultReport;
}

/** B1 input: a fault report opens a case under the SOP version in force. */
export function openCase(sop: SopDefinition, n: NewCase): RepairCase {
  return {
    id: n.id, unitId: n.unitId, targetId: n.targetId, timeZone: n.timeZone, sopCode: sop.code, sopVersion: sop.version, status: 'reported',
    revision: 1, report: n.report, acknowledgement: null, preparation: null, accesses: [], restoration: null,
    rootCause: null, deviations: [], explanations: {}, closure: null, approval: null, cancellation: null, returns: [], corrections: [],
  };
}

/** B1 output: informasi gangguan, with the executor who will handle it. */
export function acknowledge(sop: SopDefinition, c: RepairCase, a: { at: string; by: string; classification: string; impact: string; executorId: string }): RepairCase {
  assertInOrder(c, 'acknowledge');
  const acked = next(c, { status: 'acknowledged', acknowledgement: { ...a } });
  return { ...acked, ...withDeviation(sop, c, 'B1', a.at) };
}

/**
 * B2: records the preparation with every A1 result. When a mandatory check failed, the case
 * stays in B2 (the preparation is kept as evidence) and B3 is refused until a new one passes.
 */
export function prepare(sop: SopDefinition, c: RepairCase, p: {
  at: string; by: string; workstationId: string; location: string; networkId: string; networkName: string;
  sourceIp: string | null; checks: readonly A1CheckResult[];
}): RepairCase {
  assertInOrder(c, 'prepare');
  const ready = p.checks.every((ch) => ch.passed || !ch.mandatory);
  const firstReadyAt = c.preparation?.firstReadyAt ?? (ready ? p.at : null);
  const base = { ...c, preparation: { ...p, ready, firstReadyAt } };
  if (!ready) return next(base, { status: 'acknowledged' });
  // B2's time standard is judged once, at its first completion; re-preparing does not move it.
  const deviations = c.preparation?.firstReadyAt ? c.deviations : withDeviation(sop, c, 'B2', p.at).deviations;
  return next(base, { status: 'prepared', deviations });
}

/** B3: an access starts. The first one completes B3 (waktu mulai akses). */
export function startAccess(c: RepairCase, a: AccessRecord): RepairCase {
  if (c.status === 'acknowledged' && c.preparation && !c.preparation.ready) {
    const failed = c.preparation.checks.filter((ch) => ch.mandatory && !ch.passed);
    throw DomainError.of('precondition', 'access.a1_failed', { failed: failed.map((f) => ({ code: f.code, reason: f.reason })) },
      { failed: failed.map((f) => f.code) });
  }
  assertInOrder(c, 'access');
  if (c.accesses.some((x) => x.id === a.id)) {
    throw DomainError.of('precondition', 'access.duplicate', { accessId: a.id });
  }
  if (c.accesses.length > 0 && a.startedAt < (c.accesses[0] as AccessRecord).startedAt) {
    throw DomainError.of('precondition', 'access.before_first', {});
  }
  return next(c, { status: c.status === 'prepared' ? 'in_repair' : c.status, accesses: [...c.accesses, a] });
}

/** Ends an access (waktu selesai akses). */
export function endAccess(c: RepairCase, accessId: string, at: string): RepairCase {
  const a = c.accesses.find((x) => x.id === accessId);
  if (!a) throw DomainError.of('precondition', 'access.unknown', { accessId });
  if (a.endedAt !== null) throw DomainError.of('precondition', 'access.already_ended', { accessId });
  if (at < a.startedAt) throw DomainError.of('precondition', 'access.end_before_start', {});
  return next(c, { accesses: c.accesses.map((x) => (x.id === accessId ? { ...x, endedAt: at } : x)) });
}

/** B4: service restored by the initial repair. */
export function restore(sop: SopDefinition, c: RepairCase, r: { at: string; by: string; initialFix: string }): RepairCase {
  assertInOrder(c, 'restore');
  return next(c, { status: 'restored', restoration: { ...r }, ...withDeviation(sop, c, 'B4', r.at) });
}

/** B5: root cause and permanent fix, kept apart from B4's initial repair. */
export function recordRootCause(sop: SopDefinition, c: RepairCase, r: { at: string; by: string; rootCause: string; permanentFix: string }): RepairCase {
  assertInOrder(c, 'root_cause');
  return next(c, { status: 'root_caused', rootCause: { ...r }, ...withDeviation(sop, c, 'B5', r.at) });
}

/**
 * Explains a deviation: one already recorded, or the step in progress once it is past its
 * standard (so B6 can be explained before the close that completes it).
 */
export function explainDeviation(sop: SopDefinition, c: RepairCase, e: { step: StepCode; text: string; by: string; at: string }): RepairCase {
  const recorded = c.deviations.some((d) => d.step === e.step);
  const standard = sopStep(sop, e.step).timeStandardMinutes;
  const started = stepStartedAt(c, e.step);
  const overdueNow = currentStep(c) === e.step && !standardJudged(c, e.step) && standard !== null && started !== null && minutesOver(started, e.at, standard) > 0;
  if (!recorded && !overdueNow) {
    throw DomainError.of('precondition', 'deviation.none', { step: e.step }, { step: e.step });
  }
  assertInOrder(c, 'explain_deviation');
  return next(c, { explanations: { ...c.explanations, [e.step]: { text: e.text, by: e.by, at: e.at } } });
}

/**
 * B6: closes into the logbook when A2 is complete and every deviation is explained. B6's time
 * standard is judged at the first close: re-closing a returned case does not move it.
 */
export function close(sop: SopDefinition, c: RepairCase, cl: { at: string; by: string; notes: string | null }): RepairCase {
  assertInOrder(c, 'close');
  const missing = missingA2Fields(c);
  if (missing.length > 0) {
    throw DomainError.of('precondition', 'case.a2_incomplete', { missing: missing.map((m) => m.field) },
      { missing: missing.map((m) => m.field) });
  }
  const { deviations } = standardJudged(c, 'B6') ? c : withDeviation(sop, c, 'B6', cl.at);
  const unexplained = deviations.filter((d) => c.explanations[d.step] === undefined);
  if (unexplained.length > 0) {
    const deviationsOver = unexplained.map((d) => ({ step: d.step, overMinutes: d.overMinutes }));
    throw DomainError.of('precondition', 'case.deviation_unexplained', { deviations: deviationsOver }, { deviations: deviationsOver });
  }
  return next(c, { status: 'closed', closure: { ...cl }, deviations });
}

/** Menyetujui: the koordinator approves the closed record. */
export function approve(c: RepairCase, a: { at: string; by: string; notes: string | null }): RepairCase {
  assertInOrder(c, 'approve');
  if (a.by === c.acknowledgement?.executorId) {
    throw DomainError.of('precondition', 'case.self_approval', {});
  }
  return next(c, { status: 'approved', approval: { ...a } });
}

/**
 * Kembalikan: the koordinator returns the closed record for correction with a reason (alasan).
 * The case goes back to B6 in progress (`root_caused`), where its executor can explain deviations
 * again and close it anew; the returned closure moves into the trail of returns, which stays.
 */
export function returnForCorrection(c: RepairCase, r: { at: string; by: string; reason: string }): RepairCase {
  assertInOrder(c, 'return');
  const reason = r.reason.trim();
  if (reason.length === 0) throw DomainError.of('invalid', 'case.return_reason_required', {}, { field: 'reason' });
  if (reason.length > LIMITS.longText) {
    throw DomainError.of('invalid', 'input.too_long', { field: 'reason', length: reason.length, max: LIMITS.longText }, { field: 'reason', max: LIMITS.longText });
  }
  const closure = c.closure as Closure;
  return next(c, { status: 'root_caused', closure: null, returns: [...c.returns, { at: r.at, by: r.by, reason, closure }] });
}

/**
 * After a return for correction, the executor corrects the B4/B5 texts A2d is made of (the
 * initial fix, the root cause, the permanent fix). Each change is kept with what it said before;
 * B4 and B5 keep their times and authors, so the time standards stay as judged.
 */
export function correctDocumentation(c: RepairCase, x: { at: string; by: string; changes: Partial<Record<CorrectableField, string>> }): RepairCase {
  assertInOrder(c, 'correct');
  if (c.returns.length === 0) throw DomainError.of('precondition', 'case.not_returned', {});
  const restoration = c.restoration as Restoration;
  const rootCause = c.rootCause as RootCause;
  const now: Record<CorrectableField, string> = { initialFix: restoration.initialFix, rootCause: rootCause.rootCause, permanentFix: rootCause.permanentFix };
  const corrections: Correction[] = [];
  for (const field of CORRECTABLE_FIELDS) {
    const given = x.changes[field];
    if (given === undefined) continue;
    const after = requireText(field, given, LIMITS.longText);
    if (after !== now[field]) corrections.push({ at: x.at, by: x.by, field, before: now[field], after });
    now[field] = after;
  }
  if (corrections.length === 0) throw DomainError.of('invalid', 'case.correction_unchanged', {});
  return next(c, {
    restoration: { ...restoration, initialFix: now.initialFix },
    rootCause: { ...rootCause, rootCause: now.rootCause, permanentFix: now.permanentFix },
    corrections: [...c.corrections, ...corrections],
  });
}

/** Cancelling is possible only before any access (B3). */
export function cancel(c: RepairCase, x: { at: string; by: string; reason: string }): RepairCase {
  assertInOrder(c, 'cancel');
  return next(c, { status: 'cancelled', cancellation: { ...x, fromStatus: c.status } });
}
