import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { notFound } from '../../domain/errors.js';
import type { Network } from '../../domain/registry/network.js';
import { checkIntranetKind, normaliseCidrs, parseNetworkKind } from '../../domain/registry/network.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const CreateNetworkInput = z.object({
  name: name(),
  unit: name().optional(),
  kind: z.string().trim().max(40),
  cidrs: z.array(z.string().trim().max(64)).min(1).max(256),
  intranet: z.boolean().default(false),
}).strict();

/** Registers a network (A1b/A1e): its CIDRs, kind, and whether it is intranet. */
export function createNetwork(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Network> {
  return runUseCase(deps, inv, 'registry.network.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'jaringan / networks');
    const input = parseInput(CreateNetworkInput, raw);
    const kind = parseNetworkKind(input.kind);
    checkIntranetKind(kind, input.intranet);
    const cidrs = normaliseCidrs(input.cidrs);
    const unit = input.unit === undefined ? undefined : await ctx.tx.units.findByIdOrCode(input.unit);
    if (input.unit !== undefined && !unit) throw notFound('unit', input.unit);
    const network: Network = { id: deps.ids.newId(), name: input.name, unitId: unit?.id ?? null, kind, cidrs, intranet: input.intranet, createdAt: ctx.now };
    await ctx.tx.networks.insert(network);
    ctx.log({ type: 'registry.network.created', unitId: network.unitId, caseId: null,
      data: { networkId: network.id, name: network.name, kind, cidrs, intranet: network.intranet } });
    return network;
  });
}
