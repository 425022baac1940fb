import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import type { Network } from '../../domain/registry/network.js';
import { checkIntranetKind, normaliseCidrs, parseNetworkKind } from '../../domain/registry/network.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { checkedNetwork, networkUnit, publicOfficeFlag } from './network-rules.js';

export const CreateNetworkInput = z.object({
  name: name(),
  // Required, but checked after kind and CIDRs so a typo there is named first (network.unit_required).
  unit: name().optional().describe('the owning unit (required): the network admits access to its targets, or to every unit\'s when it is national'),
  kind: z.string().trim().max(40),
  cidrs: z.array(z.string().trim().max(64)).min(1).max(256),
  intranet: z.boolean().default(false),
  publicOffice: publicOfficeFlag().default(false),
}).strict();

/**
 * Registers a network (A1b/A1e): its unit, CIDRs, kind, and whether it is intranet. Refused when
 * its ranges conflict with another network's or a public office range is not confirmed.
 */
export function createNetwork(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Network> {
  return runUseCase(deps, inv, 'registry.network.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'network');
    const input = parseInput(CreateNetworkInput, raw);
    const kind = parseNetworkKind(input.kind);
    checkIntranetKind(kind, input.intranet);
    const cidrs = normaliseCidrs(input.cidrs);
    const unit = await networkUnit(ctx, input.unit);
    const network = await checkedNetwork(ctx, {
      id: deps.ids.newId(), name: input.name, unitId: unit.id, kind, cidrs, intranet: input.intranet, publicOffice: false, createdAt: ctx.now,
    }, input.publicOffice);
    await ctx.tx.networks.insert(network);
    ctx.log({ type: 'registry.network.created', unitId: network.unitId, caseId: null,
      data: { networkId: network.id, name: network.name, kind, cidrs, intranet: network.intranet, unit: unit.code, publicOffice: network.publicOffice } });
    return network;
  });
}
