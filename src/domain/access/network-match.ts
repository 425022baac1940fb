import type { Network } from '../registry/network.js';
import type { IpAddress } from './cidr.js';
import { cidrContains, parseCidr } from './cidr.js';

/**
 * The registered network a source address belongs to: the one with the longest matching
 * prefix, so a public café range carved out of a VPN range is recognised as public.
 */
export function matchNetwork(networks: readonly Network[], ip: IpAddress): Network | undefined {
  let best: { n: Network; prefix: number } | undefined;
  for (const n of networks) {
    for (const text of n.cidrs) {
      const c = parseCidr(text);
      if (cidrContains(c, ip) && (!best || c.prefix > best.prefix)) best = { n, prefix: c.prefix };
    }
  }
  return best?.n;
}
