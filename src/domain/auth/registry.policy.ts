import { forbidden } from '../errors.js';
import type { Actor } from './case.policy.js';

/** Registries (units, users, networks, workstations, targets, grants, SOP versions) belong to the superadmin. */
export function assertRegistryAdmin(actor: Actor | null, what: string): void {
  if (actor === null || actor.user.role === 'superadmin') return; // null: installation bootstrap from the CLI
  throw forbidden('registry.forbidden', `Hanya superadmin yang dapat mengubah registri ${what}.`,
    `Only a superadmin may change the ${what} registry.`, { role: actor.user.role });
}
