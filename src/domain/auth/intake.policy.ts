import { DomainError } from '../errors.js';
import type { Actor } from './case.policy.js';

/**
 * Alertmanager integrations open cases in a unit as their own identity: the superadmin keeps them
 * for every unit, a koordinator for their own (who answers for the unit's cases). Nobody else
 * adds, reads, rotates or retires them.
 */
export function mayManageIntake(actor: Actor, unitId: string): boolean {
  const u = actor.user;
  return u.active && (u.role === 'superadmin' || (u.role === 'koordinator' && u.unitId === unitId));
}

/** The units whose integrations an actor may list: all, or their own; refuses the rest. */
export function intakeListScope(actor: Actor): 'all' | { unitId: string } {
  const u = actor.user;
  if (u.active && u.role === 'superadmin') return 'all';
  if (u.active && u.role === 'koordinator' && u.unitId !== null) return { unitId: u.unitId };
  throw DomainError.of('forbidden', 'intake.forbidden', { role: u.role }, { role: u.role });
}

export function assertCanManageIntake(actor: Actor, unitId: string): void {
  if (!mayManageIntake(actor, unitId)) throw DomainError.of('forbidden', 'intake.forbidden', { role: actor.user.role }, { role: actor.user.role });
}
