import { readsRegistries } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { runUseCase } from '../use-case.js';
import { listTargets } from './list-registry.js';

/**
 * The web UI's administration pages may be opened: by a superadmin, koordinator or auditor (what
 * each registry then shows is its list use case's own read scope). Anyone else is refused, logged.
 */
export function openAdministration(deps: AppDeps, inv: Invocation): Promise<void> {
  return runUseCase(deps, inv, 'registry.pages.open', async (ctx) => {
    const { role } = actorOf(ctx).user;
    if (!readsRegistries(role)) throw DomainError.of('forbidden', 'registry.pages_forbidden', { role });
  }, { readOnly: true });
}

/** Whether the gateway holds a login credential for a target, and of which kind: never the secret. */
export interface TargetCredentialStatus {
  readonly kind: 'private_key' | 'password';
  readonly updatedAt: string;
}

/** The credential status of each target the actor may read (listTargets' scope), by target id; a target without one is absent. */
export async function listTargetCredentialStatus(deps: AppDeps, inv: Invocation): Promise<ReadonlyMap<string, TargetCredentialStatus>> {
  const targets = await listTargets(deps, inv);
  return deps.store.read(async (r) => {
    const out = new Map<string, TargetCredentialStatus>();
    for (const t of targets) {
      const c = await r.targetCredentials.findByTargetId(t.id);
      if (c) out.set(t.id, { kind: c.kind, updatedAt: c.updatedAt });
    }
    return out;
  });
}
