import type { NetworkClassCode, NetworkOverlapProblem } from '../error-codes.js';
import { DomainError } from '../errors.js';
import type { Network } from '../registry/network.js';
import { isRetired } from '../registry/retirement.js';
import type { Cidr, IpAddress } from './cidr.js';
import { cidrContains, cidrCovers, parseCidr } from './cidr.js';

/**
 * What a network admits, most restrictive first: a public network nothing, a non-intranet one
 * (office, VPN…) B1–B4 work, an intranet one B5 as well.
 */
export const NETWORK_CLASSES: readonly NetworkClassCode[] = ['public', 'non_intranet', 'intranet'];
export type NetworkClass = NetworkClassCode;

export const networkClass = (n: Pick<Network, 'kind' | 'intranet'>): NetworkClass =>
  (n.kind === 'public' ? 'public' : n.intranet ? 'intranet' : 'non_intranet');
/** Lower is more restrictive. */
const looseness = (n: Pick<Network, 'kind' | 'intranet'>): number => NETWORK_CLASSES.indexOf(networkClass(n));

/**
 * The registered network a source address belongs to: the one with the longest matching prefix,
 * so a public café range carved out of a VPN range is recognised as public. On an equal prefix
 * (possible only for networks registered before the overlap rules, or one retired and its range
 * registered again) the most restrictive wins, then the one in service, then the first by name.
 */
export function matchNetwork(networks: readonly Network[], ip: IpAddress): Network | undefined {
  return networkMatcher(networks)(ip);
}

/**
 * matchNetwork with the ranges parsed once, for a caller that matches many addresses against the
 * same networks (the gateway's pre-authentication limits, at every TCP connection).
 */
export function networkMatcher(networks: readonly Network[]): (ip: IpAddress) => Network | undefined {
  const ranges = networks.flatMap((n) => n.cidrs.map((text) => ({ n, c: parseCidr(text) })));
  return (ip) => {
    let best: { n: Network; prefix: number } | undefined;
    for (const { n, c } of ranges) {
      if (cidrContains(c, ip) && (!best || c.prefix > best.prefix || (c.prefix === best.prefix && wins(n, best.n)))) best = { n, prefix: c.prefix };
    }
    return best?.n;
  };
}

/** On an equal prefix, whether `a` is the match rather than `b`. */
function wins(a: Network, b: Network): boolean {
  if (looseness(a) !== looseness(b)) return looseness(a) < looseness(b);
  if (isRetired(a.retiredAt) !== isRetired(b.retiredAt)) return !isRetired(a.retiredAt);
  return a.name < b.name;
}

/** Why a network's range cannot sit where another network's range is. */
export interface NetworkConflict {
  readonly other: Network;
  readonly cidr: Cidr;
  readonly otherCidr: Cidr;
  readonly problem: NetworkOverlapProblem;
}

type Candidate = Pick<Network, 'id' | 'kind' | 'intranet' | 'cidrs'>;

/**
 * The first conflict between `candidate`'s ranges and those of `others` (itself skipped), if any.
 * Ranges nest or are apart; where they nest, the more specific one must be the more restrictive
 * (a public café range inside a VPN range is fine; an intranet range inside a public one would
 * make public addresses intranet). On an equal prefix an address would belong to both: refused
 * when their classes differ (whichever won, the other's rule would be silently void), and when
 * the other is in service at all (the same range twice, under two names or units). A retired
 * network still counts where it would win the match (an equal prefix, more restrictive), not
 * where it only surrounds or sits inside the new range: retired networks admit nobody.
 */
export function findNetworkConflict(candidate: Candidate, others: readonly Network[]): NetworkConflict | undefined {
  const mine = candidate.cidrs.map(parseCidr);
  for (const other of others) {
    if (other.id === candidate.id) continue;
    const retired = isRetired(other.retiredAt);
    const classes = looseness(candidate) - looseness(other);
    for (const otherCidr of other.cidrs.map(parseCidr)) {
      for (const cidr of mine) {
        const problem = conflict(cidr, otherCidr, classes, retired);
        if (problem) return { other, cidr, otherCidr, problem };
      }
    }
  }
  return undefined;
}

/** `classes`: the candidate's looseness minus the other's (positive: the candidate is looser). */
function conflict(cidr: Cidr, otherCidr: Cidr, classes: number, otherRetired: boolean): NetworkOverlapProblem | undefined {
  if (cidr.prefix === otherCidr.prefix) {
    if (!cidrCovers(cidr, otherCidr)) return undefined;
    if (classes !== 0) return 'equal_prefix';
    return otherRetired ? undefined : 'duplicate';
  }
  if (otherRetired) return undefined;
  if (cidrCovers(otherCidr, cidr)) return classes > 0 ? 'looser_inside' : undefined;
  if (cidrCovers(cidr, otherCidr)) return classes < 0 ? 'looser_within' : undefined;
  return undefined;
}

/** Refuses a network whose ranges conflict with another's (registration and edit alike), naming the other and why. */
export function requireNoNetworkConflict(candidate: Candidate & Pick<Network, 'name'>, others: readonly Network[]): void {
  const c = findNetworkConflict(candidate, others);
  if (!c) return;
  throw DomainError.of('conflict', 'network.overlap', {
    network: candidate.name, cidr: c.cidr.text, class: networkClass(candidate),
    other: c.other.name, otherCidr: c.otherCidr.text, otherClass: networkClass(c.other), otherRetired: isRetired(c.other.retiredAt), problem: c.problem,
  }, { other: c.other.name, otherId: c.other.id, cidr: c.cidr.text, otherCidr: c.otherCidr.text, problem: c.problem });
}
