import { z } from 'zod';
import { requireNoNetworkConflict } from '../../domain/access/network-match.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { Network } from '../../domain/registry/network.js';
import { checkPublicOffice } from '../../domain/registry/network.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { UseCaseContext } from '../use-case.js';

export const publicOfficeFlag = () => z.boolean()
  .describe('confirms an office network with a public range (an office behind NAT); such a network is shown with a warning');

/** The unit a network is registered to: required (`network.unit_required`), by id or code. */
export async function networkUnit(ctx: UseCaseContext, key: string | undefined): Promise<LpseUnit> {
  if (key === undefined) throw DomainError.of('invalid', 'network.unit_required', {});
  const unit = await ctx.tx.units.findByIdOrCode(key);
  if (!unit) throw notFound('unit', key);
  return unit;
}

/**
 * What registration and edit both check before a network is stored (after its kind, intranet flag
 * and CIDRs are valid): a public office range is confirmed; its ranges do not conflict with another
 * network's, retired ones included (they take part in the gateway's match). Returns the network
 * as it is stored (`publicOffice` set only where there is a public office range).
 */
export async function checkedNetwork(ctx: UseCaseContext, n: Network, publicOffice: boolean): Promise<Network> {
  const checked: Network = { ...n, publicOffice: checkPublicOffice(n, publicOffice) };
  requireNoNetworkConflict(checked, await ctx.tx.networks.list({ includeRetired: true }));
  return checked;
}
