import type { RegistryEntity } from '../error-codes.js';
import { DomainError } from '../errors.js';
import type { User } from '../registry/user.js';
import type { Actor } from './case.policy.js';
import type { Role } from './role.js';

/**
 * Registries (units, users, networks, workstations, targets, grants, SOP versions) belong to the
 * superadmin, their lifecycle included (deactivate, reset, retire, revoke): the product brief gives
 * an LPSE admin the repairs of their unit, not its registry.
 */
export function assertRegistryAdmin(actor: Actor | null, what: RegistryEntity): void {
  if (actor === null || actor.user.role === 'superadmin') return; // null: installation bootstrap from the CLI
  throw DomainError.of('forbidden', 'registry.forbidden', { what }, { role: actor.user.role });
}

/** Deactivating oneself would let the last superadmin lock the installation; another superadmin must. */
export function assertNotSelf(actor: Actor, userId: string): void {
  if (actor.user.id === userId) throw DomainError.of('forbidden', 'user.cannot_deactivate_self', {});
}

export type RegistryName = 'units' | 'networks' | 'targets' | 'users' | 'workstations' | 'grants';

/**
 * Reading registries. Units are public to signed-in users. Networks and targets are what a user
 * needs to report or prepare a repair, so they see those of their own and granted units (and
 * LKPP-wide networks) — not other units' hosts and address ranges. People-related registries
 * (users, workstations, grants) are for the superadmin and auditors, a koordinator's own unit,
 * and each user's own records.
 */
export type RegistryReadScope = 'all' | { unitIds: readonly string[]; userId: string };

export function registryReadScope(actor: Actor, what: RegistryName): RegistryReadScope {
  const u = actor.user;
  if (what === 'units') return 'all';
  if (u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)) return 'all';
  const own = u.unitId === null ? [] : [u.unitId];
  if (what === 'networks' || what === 'targets') {
    const granted = actor.grants.filter((g) => g.userId === u.id && (g.validUntil === null || g.validUntil > actor.now)).map((g) => g.unitId);
    return { unitIds: [...new Set([...own, ...granted])], userId: u.id };
  }
  if (u.role === 'koordinator' || u.role === 'auditor') return { unitIds: own, userId: u.id };
  return { unitIds: [], userId: u.id };
}

/**
 * Reading the logbook: superadmin and auditors (an auditor of one unit sees that unit's
 * entries); a koordinator sees their unit's entries. Executors and reporters do not read it.
 */
export function logbookReadScope(actor: Actor): 'all' | { unitId: string } {
  const u = actor.user;
  if (u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)) return 'all';
  if ((u.role === 'auditor' || u.role === 'koordinator') && u.unitId !== null) return { unitId: u.unitId };
  throw DomainError.of('forbidden', 'logbook.forbidden', { role: u.role });
}

/** Roles that read the registries beyond their own records (the web UI's Administrasi): superadmin, koordinator, auditor. */
export const readsRegistries = (role: Role): boolean => role === 'superadmin' || role === 'koordinator' || role === 'auditor';

/** Who may issue a user's one-time TOTP enrolment code: a superadmin for anyone, a koordinator for their own unit's users (not a superadmin). */
export const mayIssueEnrolmentCode = (actor: Pick<User, 'role' | 'unitId'>, user: Pick<User, 'role' | 'unitId'>): boolean =>
  actor.role === 'superadmin' || (actor.role === 'koordinator' && actor.unitId !== null && actor.unitId === user.unitId && user.role !== 'superadmin');
