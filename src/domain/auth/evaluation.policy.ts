import { DomainError } from '../errors.js';
import type { User } from '../registry/user.js';
import type { Actor } from './case.policy.js';

/**
 * Who reads the SOP evaluation: the superadmin and a national auditor (no unit) any unit or all
 * of them together; a unit's koordinator, auditor and LPSE administrator their own unit (the unit
 * they name, or theirs when they name none). Reporters and other executors do not.
 * Returns the unit id to evaluate, or null for all units.
 */
export function evaluationScope(actor: Actor, unitId: string | null, unitKey: string | null): string | null {
  const u = actor.user;
  if (u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)) return unitId;
  const reads = u.role === 'koordinator' || u.role === 'auditor' || u.role === 'admin_lpse';
  if (reads && u.unitId !== null && (unitId === null || unitId === u.unitId)) return u.unitId;
  throw DomainError.of('forbidden', 'report.evaluation_forbidden', { role: u.role, unit: unitId === null ? null : unitKey ?? unitId }, { role: u.role });
}

/** Whether the user reads some unit's SOP evaluation at all (what the header and the dashboard link to): as {@link evaluationScope}. */
export const readsSopEvaluation = (u: Pick<User, 'role' | 'unitId'>): boolean =>
  u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)
  || (['koordinator', 'auditor', 'admin_lpse'].includes(u.role) && u.unitId !== null);

/** Who sets Tabel 7's notes, assessment and paraf for a unit: its koordinator, or the superadmin. */
export const maySetEvaluationNotes = (u: Pick<User, 'role' | 'unitId'>, unitId: string): boolean =>
  u.role === 'superadmin' || (u.role === 'koordinator' && u.unitId === unitId);

export function assertMaySetEvaluationNotes(actor: Actor, unitId: string): void {
  const u = actor.user;
  if (maySetEvaluationNotes(u, unitId)) return;
  throw DomainError.of('forbidden', 'report.evaluation_notes_forbidden', { role: u.role }, { role: u.role });
}
