import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { Network } from '../../domain/registry/network.js';
import { checkIntranetKind, normaliseCidrs, parseNetworkKind, publicOfficeCidrs } from '../../domain/registry/network.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { checkedNetwork, networkUnit, publicOfficeFlag } from './network-rules.js';
import { getNetwork, reason } from './registry-lookups.js';

export const EditNetworkBody = z.object({
  unit: name().describe('the owning unit: the network admits access to its targets (every unit\'s when it is national)').optional(),
  kind: z.string().trim().max(40).optional(),
  cidrs: z.array(z.string().trim().max(64)).min(1).max(256).optional(),
  intranet: z.boolean().optional(),
  publicOffice: publicOfficeFlag().optional(),
  reason: reason(),
}).strict();
export const EditNetworkInput = EditNetworkBody.extend({ network: name() }).strict();

/**
 * Changes a network's unit, kind, CIDRs, intranet flag or public-office confirmation; the name stays
 * (cases and the logbook use it). The result is checked as a registration is: no conflicting ranges,
 * a public office range confirmed (a confirmation covers the ranges it was given for).
 */
export function editNetwork(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Network> {
  return runUseCase(deps, inv, 'registry.network.edit', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'network');
    const input = parseInput(EditNetworkInput, raw);
    const before = await getNetwork(ctx, input.network);
    if (isRetired(before.retiredAt)) throw DomainError.of('conflict', 'network.retired', { name: before.name });
    if (input.unit === undefined && input.kind === undefined && input.cidrs === undefined && input.intranet === undefined && input.publicOffice === undefined) {
      throw DomainError.of('invalid', 'registry.nothing_to_change', {});
    }
    const kind = input.kind === undefined ? before.kind : parseNetworkKind(input.kind);
    const intranet = input.intranet ?? before.intranet;
    checkIntranetKind(kind, intranet);
    const cidrs = input.cidrs === undefined ? before.cidrs : normaliseCidrs(input.cidrs);
    const unitId = input.unit === undefined ? before.unitId : (await networkUnit(ctx, input.unit)).id;
    const edited: Network = { ...before, unitId, kind, intranet, cidrs };
    // A confirmation covers the public ranges it was given for; a new public range needs a new one.
    const confirmed = before.publicOffice && publicOfficeCidrs(edited).every((c) => publicOfficeCidrs(before).includes(c));
    const after = await checkedNetwork(ctx, edited, input.publicOffice ?? confirmed);
    await ctx.tx.networks.update(after);
    const shape = (n: Network) => ({ unitId: n.unitId, kind: n.kind, cidrs: n.cidrs, intranet: n.intranet, publicOffice: n.publicOffice });
    ctx.log({ type: 'registry.network.edited', unitId: after.unitId, caseId: null,
      data: { networkId: after.id, name: after.name, before: shape(before), after: shape(after), reason: input.reason } });
    return after;
  });
}
