import type { RegistryName } from '../../domain/auth/registry.policy.js';
import { registryReadScope } from '../../domain/auth/registry.policy.js';
import type { Grant } from '../../domain/registry/grant.js';
import type { Network } from '../../domain/registry/network.js';
import type { Target } from '../../domain/registry/target.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { User } from '../../domain/registry/user.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { runUseCase } from '../use-case.js';

/** Registry listings, filtered by what the actor may read. */
async function listWith<T>(deps: AppDeps, inv: Invocation, what: RegistryName, load: (r: Parameters<Parameters<typeof runUseCase>[3]>[0]['tx']) => Promise<T[]>,
  visible: (item: T, unitIds: readonly string[], userId: string) => boolean): Promise<T[]> {
  return runUseCase(deps, inv, `registry.${what}.list`, async (ctx) => {
    const scope = registryReadScope(actorOf(ctx), what);
    const items = await load(ctx.tx);
    return scope === 'all' ? items : items.filter((i) => visible(i, scope.unitIds, scope.userId));
  }, { readOnly: true });
}

export const listUnits = (deps: AppDeps, inv: Invocation): Promise<LpseUnit[]> => listWith(deps, inv, 'units', (r) => r.units.list(), () => true);
/** A unit's own networks, and those of national units (they serve every unit). */
export const listNetworks = async (deps: AppDeps, inv: Invocation): Promise<Network[]> =>
  (await listWith(deps, inv, 'networks', async (r) => {
    const national = new Set((await r.units.list()).filter((u) => u.national).map((u) => u.id));
    return (await r.networks.list({ includeRetired: true })).map((n) => ({ n, everyUnit: national.has(n.unitId) }));
  }, ({ n, everyUnit }, unitIds) => everyUnit || unitIds.includes(n.unitId))).map((x) => x.n);
export const listTargets = (deps: AppDeps, inv: Invocation): Promise<Target[]> =>
  listWith(deps, inv, 'targets', (r) => r.targets.list({ includeRetired: true }), (t, unitIds) => unitIds.includes(t.unitId));
export const listUsers = (deps: AppDeps, inv: Invocation): Promise<User[]> =>
  listWith(deps, inv, 'users', (r) => r.users.list(), (u, unitIds, userId) => u.id === userId || (u.unitId !== null && unitIds.includes(u.unitId)));
export const listWorkstations = (deps: AppDeps, inv: Invocation): Promise<Workstation[]> =>
  listWith(deps, inv, 'workstations', (r) => r.workstations.list(), (w, unitIds, userId) => w.assignedUserId === userId || (w.ownerUnitId !== null && unitIds.includes(w.ownerUnitId)));
export const listGrants = (deps: AppDeps, inv: Invocation): Promise<Grant[]> =>
  listWith(deps, inv, 'grants', (r) => r.grants.list(), (g, unitIds, userId) => g.userId === userId || unitIds.includes(g.unitId));
