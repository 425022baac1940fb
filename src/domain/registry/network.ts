import type { Cidr, IpAddress } from '../access/cidr.js';
import { cidrContains, parseCidr } from '../access/cidr.js';
import { DomainError } from '../errors.js';

export const NETWORK_KINDS = ['office_lpse', 'office_lkpp', 'vpn', 'other_allowed', 'public'] as const;
/** `public` is registered only to be refused explicitly (A1e). */
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export interface Network {
  readonly id: string;
  readonly name: string;
  /** The unit whose network this is; null for LKPP-wide networks (office LKPP, VPN). */
  readonly unitId: string | null;
  readonly kind: NetworkKind;
  /** Normalised CIDR texts. */
  readonly cidrs: readonly string[];
  /** Part of the LKPP/LPSE intranet: required for B5 (root-cause) work. */
  readonly intranet: boolean;
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
