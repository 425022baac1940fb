import type { RepairCase } from '../case/repair-case.js';
import { DomainError } from '../errors.js';
import type { Network } from '../registry/network.js';
import type { LpseUnit } from '../registry/unit.js';
import type { Target } from '../registry/target.js';
import { firstA1Refusal } from './a1-rules.js';
import type { IpAddress } from './cidr.js';

/**
 * The A1 rules that apply at the moment of access (B3–B5), for manual records and gateway
 * session starts alike (the table's `access` phase): an allowed network containing the source
 * address, of the case's unit or a national unit (`networkUnit`: the network's unit record, null
 * when it is gone); never root; and while B5 (root-cause work) is in progress, only an intranet
 * network.
 */
export function checkAccess(c: Pick<RepairCase, 'id' | 'status' | 'unitId'>, network: Network, networkUnit: LpseUnit | null, target: Target | null,
  source: IpAddress | null): void {
  const refusal = firstA1Refusal('access', { case: c, network, networkUnit, unitId: c.unitId, target, source });
  if (refusal) throw DomainError.of('precondition', refusal.code, refusal.params, { ...refusal.details });
}
