import type { RepairCase } from '../case/repair-case.js';
import type { CaseStepAction } from '../case/case-lifecycle.js';
import { ALLOWED_FROM, CASE_STEP_ACTIONS } from '../case/case-lifecycle.js';
import { assignedExecutor } from '../case/repair-case.js';
import { DomainError } from '../errors.js';
import type { Grant } from '../registry/grant.js';
import { grantCovers } from '../registry/grant.js';
import type { User } from '../registry/user.js';

/** `export_bundle`: take the case away as an evidence bundle (docs/evidence-bundle.md). */
export type CaseAction = 'report' | 'view' | 'export_bundle' | CaseStepAction;

/** The executor's moves (B2–B6): only the executor the report was acknowledged to may make them. */
const EXECUTOR_STEPS: readonly CaseAction[] = ['prepare', 'access', 'restore', 'root_cause', 'explain_deviation', 'close', 'correct'];

/** The actor with the grants that widen what they may do. */
export interface Actor {
  readonly user: User;
  readonly grants: readonly Grant[];
  readonly now: string;
}

/** May this user execute (B1–B6) for the unit/target? Admins of the unit may; others need a grant. */
export function isEligibleExecutor(user: User, unitId: string, targetId: string | null, grants: readonly Grant[], now: string): boolean {
  if (!user.active) return false;
  const granted = grants.some((g) => g.userId === user.id && grantCovers(g, unitId, targetId, now));
  switch (user.role) {
    case 'admin_lpse': return user.unitId === unitId || granted;
    case 'dit_eproc':
    case 'pihak_berwenang': return granted;
    default: return false;
  }
}

const ownUnit = (u: User, unitId: string): boolean => u.unitId === unitId;
const isAssigned = (a: Actor, c: RepairCase): boolean =>
  assignedExecutor(c) === a.user.id && isEligibleExecutor(a.user, c.unitId, c.targetId, a.grants, a.now);

/** One policy for repair cases, used by every transport through the use cases. */
export function canOnCase(a: Actor, action: CaseAction, c: Pick<RepairCase, 'unitId' | 'targetId'> & Partial<RepairCase>): boolean {
  const u = a.user;
  if (!u.active) return false;
  const eligible = isEligibleExecutor(u, c.unitId, c.targetId, a.grants, a.now);
  switch (action) {
    case 'view':
      if (u.role === 'superadmin') return true;
      if (u.role === 'auditor') return u.unitId === null || ownUnit(u, c.unitId);
      if (u.role === 'pelapor' || u.role === 'koordinator') return ownUnit(u, c.unitId);
      if (u.role === 'pihak_berwenang') return eligible || (c.acknowledgement?.executorId === u.id);
      return eligible || (c.acknowledgement?.executorId === u.id);
    case 'report':
      return ((u.role === 'pelapor' || u.role === 'koordinator') && ownUnit(u, c.unitId)) ||
        (u.role !== 'pihak_berwenang' && eligible);
    case 'acknowledge':
      return (u.role === 'koordinator' && ownUnit(u, c.unitId)) || (u.role !== 'pihak_berwenang' && eligible);
    case 'prepare': case 'access': case 'restore': case 'root_cause': case 'explain_deviation': case 'close': case 'correct':
      return c.acknowledgement !== undefined && c.acknowledgement !== null && isAssigned(a, c as RepairCase);
    // Returning for correction (Kembalikan) is the other answer to the same question as approving.
    case 'approve': case 'return':
      return u.role === 'koordinator' && ownUnit(u, c.unitId);
    // The evidence bundle holds the recordings and the whole case: for those who check cases (auditors,
    // the superadmin) and the koordinator who answers for the unit's cases, never for the executor.
    case 'export_bundle':
      return u.role === 'superadmin' || (u.role === 'auditor' && (u.unitId === null || ownUnit(u, c.unitId))) ||
        (u.role === 'koordinator' && ownUnit(u, c.unitId));
    case 'cancel':
      return (u.role === 'koordinator' && ownUnit(u, c.unitId)) || (u.role === 'admin_lpse' && ownUnit(u, c.unitId)) ||
        (c.acknowledgement?.executorId === u.id && eligible);
  }
}

/**
 * Who reads the refusals logged under a case (who tried what, from where, and why not): those who
 * check cases (as for the evidence bundle) and the executor it is acknowledged to, whose own
 * attempts they are. Not the pelapor.
 */
export function mayReadCaseRefusals(a: Actor, c: Pick<RepairCase, 'unitId' | 'targetId'> & Partial<RepairCase>): boolean {
  return a.user.active && (canOnCase(a, 'export_bundle', c) || c.acknowledgement?.executorId === a.user.id);
}

/**
 * Refused only because the case is not there yet: an executor's move on a case whose report is
 * not acknowledged, by someone who may execute for its unit and target (so could be the one it
 * is acknowledged to). That is a step out of order, not a question of permission.
 */
export function awaitsEarlierStep(a: Actor, action: CaseAction, c: Pick<RepairCase, 'unitId' | 'targetId'> & Partial<RepairCase>): action is CaseStepAction {
  return EXECUTOR_STEPS.includes(action) && !c.acknowledgement && isEligibleExecutor(a.user, c.unitId, c.targetId, a.grants, a.now);
}

export function assertCanOnCase(a: Actor, action: CaseAction, c: Pick<RepairCase, 'unitId' | 'targetId'> & Partial<RepairCase>): void {
  if (!canOnCase(a, action, c)) {
    throw DomainError.of('forbidden', `case.forbidden.${action}`, { username: a.user.username, role: a.user.role, action },
      { action, role: a.user.role });
  }
}

/**
 * The moves this actor may make on the case now: the policy allows them and the case's state
 * does (what a page offers, so nothing impossible is shown as possible). A move the case's own
 * facts may still refuse (an incomplete A2, nothing to explain) is the use case's to refuse.
 */
export function nextCaseActions(a: Actor, c: RepairCase): CaseStepAction[] {
  return CASE_STEP_ACTIONS.filter((x) => ALLOWED_FROM[x].includes(c.status) && canOnCase(a, x, c) &&
    !(x === 'approve' && a.user.id === assignedExecutor(c)) && !(x === 'correct' && c.returns.length === 0));
}

/** The cases an actor may see, as data a store can turn into a query (same rule as `canOnCase(…, 'view')`). */
export type CaseVisibility =
  | { readonly all: true }
  | { readonly all: false; readonly unitIds: readonly string[]; readonly unitTargets: readonly { unitId: string; targetId: string }[]; readonly executorId: string };

export function caseVisibility(a: Actor): CaseVisibility {
  const u = a.user;
  if (!u.active) return { all: false, unitIds: [], unitTargets: [], executorId: '' };
  if (u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)) return { all: true };
  const live = a.grants.filter((g) => g.userId === u.id && (g.validUntil === null || g.validUntil > a.now));
  const own = u.unitId !== null && ['pelapor', 'koordinator', 'auditor', 'admin_lpse'].includes(u.role) ? [u.unitId] : [];
  const granted = ['admin_lpse', 'dit_eproc', 'pihak_berwenang'].includes(u.role) ? live : [];
  return {
    all: false,
    unitIds: [...new Set([...own, ...granted.filter((g) => g.targetId === null).map((g) => g.unitId)])],
    unitTargets: granted.filter((g) => g.targetId !== null).map((g) => ({ unitId: g.unitId, targetId: g.targetId as string })),
    executorId: ['pelapor', 'koordinator', 'auditor'].includes(u.role) ? '' : u.id,
  };
}

/**
 * Whether `canOnCase(…, 'report', …)` can allow this user anywhere (their unit, or a unit or
 * target granted to them): what a page asks before offering the report form at all.
 */
export function mayReportSomewhere(u: Pick<User, 'role' | 'active'>): boolean {
  return u.active && (u.role === 'pelapor' || u.role === 'koordinator' || u.role === 'admin_lpse' || u.role === 'dit_eproc');
}
