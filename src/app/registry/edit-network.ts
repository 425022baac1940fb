import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { Network } from '../../domain/registry/network.js';
import { checkIntranetKind, normaliseCidrs, parseNetworkKind } from '../../domain/registry/network.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { getNetwork, reason } from './registry-lookups.js';

export const EditNetworkBody = z.object({
  unit: name().nullable().describe('the owning unit; null: an LKPP-wide network').optional(),
  kind: z.string().trim().max(40).optional(),
  cidrs: z.array(z.string().trim().max(64)).min(1).max(256).optional(),
  intranet: z.boolean().optional(),
  reason: reason(),
}).strict();
export const EditNetworkInput = EditNetworkBody.extend({ network: name() }).strict();

/** Changes a network's unit, kind, CIDRs or intranet flag; the name stays (cases and the logbook use it). */
export function editNetwork(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Network> {
  return runUseCase(deps, inv, 'registry.network.edit', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'jaringan / networks');
    const input = parseInput(EditNetworkInput, raw);
    const before = await getNetwork(ctx, input.network);
    if (isRetired(before.retiredAt)) throw DomainError.of('conflict', 'network.retired', { name: before.name });
    if (input.unit === undefined && input.kind === undefined && input.cidrs === undefined && input.intranet === undefined) {
      throw DomainError.of('invalid', 'registry.nothing_to_change', {});
    }
    let unitId = before.unitId;
    if (input.unit !== undefined) {
      const unit = input.unit === null ? null : await ctx.tx.units.findByIdOrCode(input.unit);
      if (unit === undefined) throw notFound('unit', input.unit as string);
      unitId = unit?.id ?? null;
    }
    const kind = input.kind === undefined ? before.kind : parseNetworkKind(input.kind);
    const intranet = input.intranet ?? before.intranet;
    checkIntranetKind(kind, intranet);
    const after: Network = { ...before, unitId, kind, intranet, cidrs: input.cidrs === undefined ? before.cidrs : normaliseCidrs(input.cidrs) };
    await ctx.tx.networks.update(after);
    const shape = (n: Network) => ({ unitId: n.unitId, kind: n.kind, cidrs: n.cidrs, intranet: n.intranet });
    ctx.log({ type: 'registry.network.edited', unitId: after.unitId ?? before.unitId, caseId: null,
      data: { networkId: after.id, name: after.name, before: shape(before), after: shape(after), reason: input.reason } });
    return after;
  });
}
