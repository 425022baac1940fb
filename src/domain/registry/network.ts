import type { Cidr, IpAddress } from '../access/cidr.js';
import { cidrContains, isPublicCidr, parseCidr } from '../access/cidr.js';
import { DomainError } from '../errors.js';

export const NETWORK_KINDS = ['office_lpse', 'office_lkpp', 'vpn', 'other_allowed', 'public'] as const;
/** `public` is registered only to be refused explicitly (A1e). */
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export interface Network {
  readonly id: string;
  readonly name: string;
  /**
   * The unit whose network this is: it admits access to that unit's targets only, or to every
   * unit's when the unit is national (LKPP). Networks registered before units owned them were
   * given the national unit by migration 0006_network_units.
   */
  readonly unitId: string;
  readonly kind: NetworkKind;
  /** Normalised CIDR texts. */
  readonly cidrs: readonly string[];
  /** Part of the LKPP/LPSE intranet: required for B5 (root-cause) work. */
  readonly intranet: boolean;
  /** An office network with a public range, registered so on purpose (office NAT); shown with a warning. */
  readonly publicOffice: boolean;
  /** Retired networks admit nobody; kept because the logbook and past cases name them. */
  readonly retiredAt?: string | null;
  readonly createdAt: string;
}

export function parseNetworkKind(text: string): NetworkKind {
  if ((NETWORK_KINDS as readonly string[]).includes(text)) return text as NetworkKind;
  throw DomainError.of('invalid', 'network.kind_unknown', { kind: text });
}

export function normaliseCidrs(texts: readonly string[]): string[] {
  if (texts.length === 0) {
    throw DomainError.of('invalid', 'network.cidr_required', {});
  }
  return [...new Set(texts.map((t) => parseCidr(t).text))];
}

export function checkIntranetKind(kind: NetworkKind, intranet: boolean): void {
  if (kind === 'public' && intranet) {
    throw DomainError.of('invalid', 'network.public_intranet', {});
  }
}

export function networkContains(network: Network, ip: IpAddress): boolean {
  return network.cidrs.some((c) => cidrContains(parseCidr(c) as Cidr, ip));
}

export const isAllowedNetwork = (n: Network): boolean => n.kind !== 'public';

export const isOfficeKind = (kind: NetworkKind): boolean => kind === 'office_lpse' || kind === 'office_lkpp';

/** The ranges of an office network that are public (reachable from the internet); empty for other kinds. */
export function publicOfficeCidrs(n: Pick<Network, 'kind' | 'cidrs'>): string[] {
  return isOfficeKind(n.kind) ? n.cidrs.filter((c) => isPublicCidr(parseCidr(c))) : [];
}

/**
 * An office network behind a public address is real (an office NAT), but it must be deliberate:
 * its public ranges are refused unless `publicOffice` says so. Returns the flag as stored: set only
 * where there is a public office range to acknowledge.
 */
export function checkPublicOffice(n: Pick<Network, 'name' | 'kind' | 'cidrs'>, publicOffice: boolean): boolean {
  const open = publicOfficeCidrs(n);
  if (open.length > 0 && !publicOffice) {
    throw DomainError.of('invalid', 'network.public_office_unconfirmed', { network: n.name, cidrs: open }, { cidrs: open });
  }
  return open.length > 0;
}
