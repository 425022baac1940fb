import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { Grant } from '../../domain/registry/grant.js';
import type { Network } from '../../domain/registry/network.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { Target } from '../../domain/registry/target.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { getGrant, getNetwork, getTarget, getWorkstation, reason } from './registry-lookups.js';

/*
 * Retiring takes an entry out of service for good; the row stays, because the logbook, past cases
 * and gateway sessions name it. The gateway refuses a retired network, workstation or target (and
 * a revoked grant) at the next connection and at the next access re-check of an open session.
 */

export const RetireNetworkInput = z.object({ network: name(), reason: reason() }).strict();
export function retireNetwork(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Network> {
  return runUseCase(deps, inv, 'registry.network.retire', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'network');
    const input = parseInput(RetireNetworkInput, raw);
    const n = await getNetwork(ctx, input.network);
    if (isRetired(n.retiredAt)) throw DomainError.of('conflict', 'network.retired', { name: n.name });
    await ctx.tx.networks.retire(n.id, ctx.now);
    ctx.log({ type: 'registry.network.retired', unitId: n.unitId, caseId: null, data: { networkId: n.id, name: n.name, reason: input.reason } });
    return { ...n, retiredAt: ctx.now };
  });
}

export const RetireTargetInput = z.object({ target: name(), reason: reason() }).strict();
export function retireTarget(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Target> {
  return runUseCase(deps, inv, 'registry.target.retire', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(RetireTargetInput, raw);
    const t = await getTarget(ctx, input.target);
    if (isRetired(t.retiredAt)) throw DomainError.of('conflict', 'target.retired', { name: t.name });
    await ctx.tx.targets.retire(t.id, ctx.now);
    ctx.log({ type: 'registry.target.retired', unitId: t.unitId, caseId: null, data: { targetId: t.id, name: t.name, reason: input.reason } });
    return { ...t, retiredAt: ctx.now };
  });
}

export const RetireWorkstationInput = z.object({ workstation: name(), reason: reason() }).strict();
/** Its keys stay on record as they were; none of them authenticates any more. */
export function retireWorkstation(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Workstation> {
  return runUseCase(deps, inv, 'registry.workstation.retire', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'workstation');
    const input = parseInput(RetireWorkstationInput, raw);
    const w = await getWorkstation(ctx, input.workstation);
    if (isRetired(w.retiredAt)) throw DomainError.of('conflict', 'workstation.retired', { assetTag: w.assetTag });
    await ctx.tx.workstations.retire(w.id, ctx.now);
    ctx.log({ type: 'registry.workstation.retired', unitId: w.ownerUnitId, caseId: null,
      data: { workstationId: w.id, assetTag: w.assetTag, keys: w.sshKeys.map((k) => k.fingerprint), reason: input.reason } });
    return { ...w, retiredAt: ctx.now };
  });
}

export const RevokeGrantInput = z.object({ grant: z.string().trim().min(1).max(100), reason: reason() }).strict();
export function revokeGrant(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Grant> {
  return runUseCase(deps, inv, 'registry.grant.revoke', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'grant');
    const input = parseInput(RevokeGrantInput, raw);
    const g = await getGrant(ctx, input.grant);
    if (isRetired(g.revokedAt)) throw DomainError.of('conflict', 'grant.already_revoked', { grantId: g.id });
    await ctx.tx.grants.revoke(g.id, ctx.now);
    const user = await ctx.tx.users.findById(g.userId);
    ctx.log({ type: 'registry.grant.revoked', unitId: g.unitId, caseId: null,
      data: { grantId: g.id, user: user?.username ?? g.userId, reason: input.reason } });
    return { ...g, revokedAt: ctx.now };
  });
}
