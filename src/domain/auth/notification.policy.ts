import { DomainError } from '../errors.js';
import type { User } from '../registry/user.js';
import type { Actor } from './case.policy.js';

/**
 * A unit's subscription overrides (per role and event, on/off) are kept by the superadmin for every
 * unit and by a koordinator for their own unit; reading them is the same.
 */
export function assertManagesSubscriptions(actor: Actor, unitId: string): void {
  const u = actor.user;
  if (u.role === 'superadmin' || (u.role === 'koordinator' && u.unitId === unitId)) return;
  throw DomainError.of('forbidden', 'notification.subscriptions_forbidden', { role: u.role }, { role: u.role, unitId });
}

/** A user's email address is set by the user themself or by the superadmin (who keeps the users' registry). */
export function assertMaySetEmail(actor: Actor, userId: string): void {
  if (actor.user.id === userId || actor.user.role === 'superadmin') return;
  throw DomainError.of('forbidden', 'registry.forbidden', { what: 'user' }, { role: actor.user.role });
}

/**
 * Who reads the notification delivery log and retries a delivery by hand: the superadmin every
 * delivery, a koordinator those of their own unit's notifications. Returns the units the actor
 * sees (undefined: every unit, including notifications of no unit).
 */
export function deliveryScope(u: Pick<User, 'role' | 'unitId'>): readonly string[] | undefined {
  if (u.role === 'superadmin') return undefined;
  if (u.role === 'koordinator' && u.unitId !== null) return [u.unitId];
  throw DomainError.of('forbidden', 'notification.forbidden', { role: u.role }, { role: u.role });
}

/** Whether the actor may see (and retry) a delivery of a notification of `unitId`. */
export function mayHandleDelivery(u: Pick<User, 'role' | 'unitId'>, unitId: string | null): boolean {
  return u.role === 'superadmin' || (u.role === 'koordinator' && u.unitId !== null && u.unitId === unitId);
}
