import { DomainError } from '../errors.js';
import type { User } from '../registry/user.js';

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
