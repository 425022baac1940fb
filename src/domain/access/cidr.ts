import type { CidrProblem } from '../error-codes.js';
import { DomainError } from '../errors.js';

/**
 * A parsed address: family and its value as a big integer (IPv4-mapped IPv6 folded to IPv4).
 * Source addresses are parsed once, where they enter a use case, and travel as this value.
 */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  /** Normalised text, e.g. `10.0.0.0/8`, `2001:db8::/32`. */
  readonly text: string;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tail4 = parseV4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4;
  return v;
}


/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  const s = text.trim();
  const v4 = parseV4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseV6(s);
  if (v6 === undefined) return undefined;
  // ::ffff:a.b.c.d is how dual-stack sockets report IPv4 peers.
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** Parses an address or refuses it (`ip.invalid`): the form use cases read a source address in. */
export function requireIp(text: string): IpAddress {
  const ip = parseIp(text);
  if (!ip) throw DomainError.of('invalid', 'ip.invalid', { text });
  return ip;
}

function formatV6(v: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Longest run of zero groups (length ≥ 2) becomes '::' (RFC 5952).
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 6) return formatV6(ip.value);
  return [24n, 16n, 8n, 0n].map((s) => ((ip.value >> s) & 255n).toString()).join('.');
}

/**
 * Parses `address/prefix` (a bare address means a single host). Host bits must be zero,
 * so `10.0.0.1/8` is refused rather than silently widened: a typo should not open a network.
 */
export function parseCidr(text: string): Cidr {
  const bad = (problem: CidrProblem, bits = 0) => DomainError.of('invalid', 'network.cidr_invalid', { text, problem, bits });
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) throw bad('format');
  const v4 = parseV4(addr);
  const v6 = v4 === undefined ? parseV6(addr) : undefined;
  if (v4 === undefined && v6 === undefined) throw bad('address');
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^(0|[1-9]\d{0,2})$/.test(prefixText)) throw bad('prefix_not_number');
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) throw bad('prefix_too_long', bits);
  const value = (v4 ?? v6) as bigint;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((value & hostMask) !== 0n) throw bad('host_bits');
  // ::ffff:a.b.c.d/96+ is an IPv4 network written as IPv6; peers are folded the same way.
  if (family === 6 && prefix >= 96 && value >> 32n === 0xffffn) {
    const v4 = value & 0xffffffffn;
    return { family: 4, network: v4, prefix: prefix - 96, text: `${formatIp({ family: 4, value: v4 })}/${prefix - 96}` };
  }
  const ip: IpAddress = { family, value };
  return { family, network: value, prefix, text: `${formatIp(ip)}/${prefix}` };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const bits = cidr.family === 4 ? 32 : 128;
  const shift = BigInt(bits - cidr.prefix);
  return ip.value >> shift === cidr.network >> shift;
}


/**
 * What the gateway's abuse limits count by: the IPv4 address, or the IPv6 /64 (one host usually
 * holds a whole /64, and could otherwise use a fresh address for every attempt). IPv4-mapped
 * IPv6 counts as IPv4; text that is not an address is its own key.
 */
export function abuseKey(text: string): string {
  const ip = parseIp(text);
  if (!ip) return text;
  if (ip.family === 4) return formatIp(ip);
  const prefix = [48n, 32n, 16n, 0n].map((s) => (((ip.value >> 64n) >> s) & 0xffffn).toString(16));
  return `${prefix.join(':')}::/64`;
}

/** Whether every address of `inner` is inside `outer` (an equal range included). */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.prefix <= inner.prefix && cidrContains(outer, { family: inner.family, value: inner.network });
}

/**
 * The ranges no one on the internet reaches directly: RFC 1918 private, RFC 6598 shared
 * (carrier-grade NAT), loopback, link-local, and IPv6 unique local (fc00::/7). Nothing else counts:
 * documentation or benchmarking ranges are not where a real office sits.
 */
export const NON_PUBLIC_RANGES: readonly string[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16',
  '::1/128', 'fe80::/10', 'fc00::/7',
];
const NON_PUBLIC: readonly Cidr[] = NON_PUBLIC_RANGES.map(parseCidr);

/** A range with at least one address outside {@link NON_PUBLIC_RANGES}: reachable from the internet. */
export const isPublicCidr = (c: Cidr): boolean => !NON_PUBLIC.some((p) => cidrCovers(p, c));
