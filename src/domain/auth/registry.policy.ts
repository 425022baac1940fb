import { forbidden } from '../errors.js';
import type { Actor } from './case.policy.js';

/** Registries (units, users, networks, workstations, targets, grants, SOP versions) belong to the superadmin. */
export function assertRegistryAdmin(actor: Actor | null, what: string): void {
  if (actor === null || actor.user.role === 'superadmin') return; // null: installation bootstrap from the CLI
  throw forbidden('registry.forbidden', `Hanya superadmin yang dapat mengubah registri ${what}.`,
    `Only a superadmin may change the ${what} registry.`, { role: actor.user.role });
}

export type RegistryName = 'units' | 'networks' | 'targets' | 'users' | 'workstations' | 'grants';

/**
 * Reading registries. Units, networks and targets are what every signed-in user needs to fill
 * in a report or a preparation. People-related registries (users, workstations, grants) are
 * for the superadmin and auditors, a koordinator's own unit, and each user's own records.
 */
export type RegistryReadScope = 'all' | { unitId: string | null; userId: string };

export function registryReadScope(actor: Actor, what: RegistryName): RegistryReadScope {
  const u = actor.user;
  if (what === 'units' || what === 'networks' || what === 'targets') return 'all';
  if (u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)) return 'all';
  if (u.role === 'koordinator' || u.role === 'auditor') return { unitId: u.unitId, userId: u.id };
  return { unitId: null, userId: u.id };
}

/**
 * Reading the logbook: superadmin and auditors (an auditor of one unit sees that unit's
 * entries); a koordinator sees their unit's entries. Executors and reporters do not read it.
 */
export function logbookReadScope(actor: Actor): 'all' | { unitId: string } {
  const u = actor.user;
  if (u.role === 'superadmin' || (u.role === 'auditor' && u.unitId === null)) return 'all';
  if ((u.role === 'auditor' || u.role === 'koordinator') && u.unitId !== null) return { unitId: u.unitId };
  throw forbidden('logbook.forbidden', `Peran ${u.role} tidak dapat membaca Logbook.`, `Role ${u.role} may not read the logbook.`);
}
