import { abuseKey, formatIp, parseIp, type IpAddress } from '../domain/access/cidr.js';
import { networkMatcher } from '../domain/access/network-match.js';
import { isAllowedNetwork, type Network } from '../domain/registry/network.js';
import type { Clock } from '../ports/clock.js';

/**
 * Connections still authenticating, all together: bounded, so a flood of half-open handshakes
 * cannot exhaust the gateway.
 */
export const MAX_UNAUTHENTICATED = 256;
/**
 * Of MAX_UNAUTHENTICATED, the slots only addresses inside registered (not retired, not public)
 * networks may use: idle sockets from elsewhere fill at most the rest, so a registered
 * workstation always finds a slot.
 */
export const RESERVED_FOR_REGISTERED = 64;
/** Unauthenticated connections one source address (IPv4 address or IPv6 /64, see `abuseKey`) may hold. */
export const MAX_UNAUTHENTICATED_PER_IP = 16;
/**
 * Unauthenticated connections one IPv4 /24 or IPv6 /48 outside the registered networks may hold:
 * whoever holds a range of addresses cannot take the general pool alone.
 */
export const MAX_UNAUTHENTICATED_PER_RANGE = 32;
/** From the TCP connection to the client's SSH version line (a silent socket is closed early). */
export const VERSION_TIMEOUT_MS = 10_000;
/** From the TCP connection to authenticated, version exchange included. */
export const AUTH_TIMEOUT_MS = 60_000;
/** Authentication attempts that fail (a refusal, a bad signature) one connection may make before it is closed. */
export const MAX_AUTH_ATTEMPTS = 8;
/** Authentication requests of any kind (key queries, `none` included) one connection may send. */
export const MAX_AUTH_REQUESTS = 4 * MAX_AUTH_ATTEMPTS;
/** All TCP connections, sessions included. */
export const MAX_CONNECTIONS = 1024;
/** A source address refused this often in REFUSAL_WINDOW_MS is turned away at TCP level for BLOCK_MS (logged once). */
export const REFUSALS_BEFORE_BLOCK = 20;
/**
 * An IPv4 /24 or IPv6 /48 outside the registered networks refused this often in
 * REFUSAL_WINDOW_MS is turned away as a whole for BLOCK_MS (logged once): a fresh address per
 * attempt does not escape the block.
 */
export const REFUSALS_BEFORE_RANGE_BLOCK = 3 * REFUSALS_BEFORE_BLOCK;
export const REFUSAL_WINDOW_MS = 60_000;
export const BLOCK_MS = 5 * 60_000;
/** Addresses whose refusals are remembered at once (bounded memory under a flood from everywhere). */
const MAX_TRACKED = 10_000;

/** Repeated refusals before authentication from one source outside the registered networks: the first of each window in full, the rest as one summary (see `AbuseLimits.logInFull`). */
export const SOURCE_SUMMARY_WINDOW_MS = 60_000;

/** Refusals of a client that has not shown a registered key of a known user: the only ones counted into summaries. */
export const UNIDENTIFIED_REFUSALS: ReadonlySet<string> = new Set(['gateway.A1a', 'gateway.login_name_invalid']);

/** The refusals of one source counted in a window, for its one summary entry. */
export interface SourceSummary {
  /** The range counted by (IPv4 /24, IPv6 /48). */
  readonly source: string;
  /** The last address refused in it. */
  readonly sourceIp: string;
  readonly count: number;
  /** How many of each refusal code. */
  readonly codes: Record<string, number>;
  readonly windowSeconds: number;
}

/** What the limits need of a TCP socket. */
export interface HeldSocket {
  destroy(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** A source address turned away for a while: what the logbook's one entry about it says. */
export interface SourceBlock {
  readonly refusals: number;
  readonly windowSeconds: number;
  /** ISO time (from the Clock) the block runs out. */
  readonly until: string;
  /** The key blocked: the address, its IPv6 /64 (see `abuseKey`), or a whole range outside the registered networks (see `rangeKey`). */
  readonly blocks: string;
  readonly minutes: number;
}

/** The IPv4 /24 or IPv6 /48 an address is in (text that is not an address is its own range). */
export function rangeKey(text: string): string {
  const ip = parseIp(text);
  if (!ip) return text;
  const host = ip.family === 4 ? 8n : 80n;
  return `${formatIp({ family: ip.family, value: (ip.value >> host) << host })}/${ip.family === 4 ? 24 : 48}`;
}

interface Held { readonly key: string; readonly range: string | null; timer: NodeJS.Timeout; identified: boolean }

/**
 * TCP connections that have not authenticated yet, counted from the moment they connect (before
 * any SSH byte): bounded in all, per source address, per range outside the registered networks,
 * with RESERVED_FOR_REGISTERED slots only registered networks may use; given VERSION_TIMEOUT_MS
 * to send their version line and AUTH_TIMEOUT_MS in all to authenticate.
 */
class PreAuthLimiter {
  private total = 0;
  /** Connections from outside the registered networks (they may not use the reserved slots). */
  private general = 0;
  private readonly byKey = new Map<string, number>();
  private readonly byRange = new Map<string, number>();
  private readonly held = new Map<HeldSocket, Held>();

  admit(sock: HeldSocket, key: string, range: string, registered: boolean): boolean {
    if (this.total >= MAX_UNAUTHENTICATED || (this.byKey.get(key) ?? 0) >= MAX_UNAUTHENTICATED_PER_IP) return false;
    if (!registered && (this.general >= MAX_UNAUTHENTICATED - RESERVED_FOR_REGISTERED || (this.byRange.get(range) ?? 0) >= MAX_UNAUTHENTICATED_PER_RANGE)) return false;
    const h: Held = { key, range: registered ? null : range, identified: false, timer: setTimeout(() => sock.destroy(), VERSION_TIMEOUT_MS) };
    // unref: a deadline alone keeps no process alive (the listener does)
    h.timer.unref();
    this.count(h, 1);
    this.held.set(sock, h);
    sock.once('close', () => this.release(sock));
    return true;
  }

  /** The client sent its version line: the rest of AUTH_TIMEOUT_MS (from the TCP connection) to authenticate. */
  identified(sock: HeldSocket, elapsedMs: number): void {
    const h = this.held.get(sock);
    if (!h || h.identified) return;
    h.identified = true;
    clearTimeout(h.timer);
    h.timer = setTimeout(() => sock.destroy(), Math.max(0, AUTH_TIMEOUT_MS - elapsedMs));
    h.timer.unref();
  }

  release(sock: HeldSocket): void {
    const h = this.held.get(sock);
    if (!h) return;
    this.held.delete(sock);
    clearTimeout(h.timer);
    this.count(h, -1);
  }

  private count(h: Held, delta: number): void {
    this.total += delta;
    bump(this.byKey, h.key, delta);
    if (h.range !== null) {
      this.general += delta;
      bump(this.byRange, h.range, delta);
    }
  }
}

function bump(m: Map<string, number>, key: string, delta: number): void {
  const n = (m.get(key) ?? 0) + delta;
  if (n > 0) m.set(key, n); else m.delete(key);
}

/**
 * The gateway's abuse limits, each counted per source address key (IPv4 address or IPv6 /64):
 * pre-authentication limits and deadlines (with slots reserved for registered networks), and
 * repeat offenders (refused too often in a minute) turned away before any SSH for a while. Times
 * come from the Clock; `onBlock` is told once per block. Which networks are registered is known
 * synchronously (a TCP connection is admitted or not at once): the list is handed in by
 * `setRegisteredNetworks`, refreshed on the gateway's heartbeat.
 */
export class AbuseLimits {
  private readonly preAuth = new PreAuthLimiter();
  /** Recent refusals per key, and keys turned away until a time (ms). */
  private readonly refusals = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();
  /** The networks in service, their ranges parsed once per refresh (matched as at connect time). */
  private registered: (ip: IpAddress) => Network | undefined = () => undefined;
  /** When each held socket was admitted (monotonic ms), for its remaining auth deadline. */
  private readonly since = new WeakMap<HeldSocket, number>();

  /** Windows of refusals per range outside the registered networks: when each began, and what was counted since. */
  private readonly windows = new Map<string, { start: number; sourceIp: string; count: number; codes: Map<string, number> }>();

  constructor(private readonly clock: Clock, private readonly onBlock: (ip: string, block: SourceBlock) => void,
    private readonly onSummary: (s: SourceSummary) => void = () => {}) {}

  /**
   * Whether a refusal before authentication is logged in full. Refusals of a client that has not
   * shown a registered key of a known user (UNIDENTIFIED_REFUSALS) from outside the registered
   * networks: only the first of each SOURCE_SUMMARY_WINDOW_MS per range, the others counted into
   * one summary. Every other refusal names a known person (their connection ends with it), and
   * those from inside a registered network are the offices' own evidence (bounded by the
   * per-address block): each logged in full.
   */
  logInFull(ip: string, code: string): boolean {
    if (!UNIDENTIFIED_REFUSALS.has(code) || this.isRegistered(ip)) return true;
    const now = this.now();
    const range = rangeKey(ip);
    const w = this.windows.get(range);
    if (w && now - w.start < SOURCE_SUMMARY_WINDOW_MS) {
      w.count++;
      w.sourceIp = ip;
      w.codes.set(code, (w.codes.get(code) ?? 0) + 1);
      return false;
    }
    if (w) this.summarise(range, w);
    if (this.windows.size >= MAX_TRACKED) this.sweep();
    if (this.windows.size < MAX_TRACKED) this.windows.set(range, { start: now, sourceIp: ip, count: 0, codes: new Map() });
    return true;
  }

  private summarise(range: string, w: { sourceIp: string; count: number; codes: Map<string, number> }): void {
    this.windows.delete(range);
    if (w.count > 0) this.onSummary({ source: range, sourceIp: w.sourceIp, count: w.count, codes: Object.fromEntries(w.codes), windowSeconds: SOURCE_SUMMARY_WINDOW_MS / 1000 });
  }

  /** The networks in service (retired ones are not given reserved slots); public ranges are ignored. */
  setRegisteredNetworks(networks: readonly Network[]): void {
    this.registered = networkMatcher(networks.filter((n) => !n.retiredAt));
  }

  /** Whether an address is inside a registered network that admits access (matched as at connect time: matchNetwork's rule). */
  isRegistered(ip: string): boolean {
    const addr = parseIp(ip);
    const n = addr ? this.registered(addr) : undefined;
    return n !== undefined && isAllowedNetwork(n);
  }

  /** Whether a new TCP connection from this address is let in (then it is held until `release`, or closed at its deadline). */
  admit(sock: HeldSocket, ip: string): boolean {
    if (this.isBlocked(ip)) return false;
    if (!this.preAuth.admit(sock, abuseKey(ip), rangeKey(ip), this.isRegistered(ip))) return false;
    this.since.set(sock, performance.now());
    return true;
  }

  /** Whether this address (or its range, outside the registered networks) is turned away right now (its connections still authenticating get no further attempt). */
  isBlocked(ip: string): boolean {
    return this.blockedKey(abuseKey(ip)) || (!this.isRegistered(ip) && this.blockedKey(rangeKey(ip)));
  }

  private blockedKey(key: string): boolean {
    const until = this.blocked.get(key);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.blocked.delete(key);
    return false;
  }

  /** The client's version line arrived (VERSION_TIMEOUT_MS met). */
  identified(sock: HeldSocket): void {
    this.preAuth.identified(sock, performance.now() - (this.since.get(sock) ?? performance.now()));
  }

  /** Authenticated (or gone): no longer counted, no deadline. */
  release(sock: HeldSocket): void {
    this.preAuth.release(sock);
  }

  /** A refusal was logged for this address; too many in a minute and it (or its unregistered range) is blocked for a while. */
  refused(ip: string): void {
    this.count(ip, abuseKey(ip), REFUSALS_BEFORE_BLOCK);
    if (!this.isRegistered(ip)) this.count(ip, rangeKey(ip), REFUSALS_BEFORE_RANGE_BLOCK);
  }

  private count(ip: string, key: string, limit: number): void {
    const now = this.now();
    if (this.refusals.size >= MAX_TRACKED && !this.refusals.has(key)) this.sweep();
    if (this.refusals.size >= MAX_TRACKED && !this.refusals.has(key)) return; // a flood from everywhere: the pre-auth limits still hold
    const recent = (this.refusals.get(key) ?? []).filter((t) => now - t < REFUSAL_WINDOW_MS);
    recent.push(now);
    if (recent.length < limit) { this.refusals.set(key, recent); return; }
    this.refusals.delete(key);
    this.blocked.set(key, now + BLOCK_MS);
    this.onBlock(ip, { refusals: recent.length, windowSeconds: REFUSAL_WINDOW_MS / 1000, until: new Date(now + BLOCK_MS).toISOString(), blocks: key,
      minutes: BLOCK_MS / 60_000 });
  }

  /** Forgets refusals older than the window and blocks that have run out (bounded memory). */
  sweep(): void {
    const now = this.now();
    for (const [key, times] of this.refusals) {
      const recent = times.filter((t) => now - t < REFUSAL_WINDOW_MS);
      if (recent.length) this.refusals.set(key, recent); else this.refusals.delete(key);
    }
    for (const [key, until] of this.blocked) if (until <= now) this.blocked.delete(key);
    for (const [range, w] of this.windows) if (now - w.start >= SOURCE_SUMMARY_WINDOW_MS) this.summarise(range, w);
  }

  /** Every window's summary now (at shutdown). */
  flush(): void {
    for (const [range, w] of this.windows) this.summarise(range, w);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

/** Refused requests (forwarding, unknown channel types and subsystems, unknown signals…) one authenticated session may send; one more ends it. */
export const MAX_REFUSED_REQUESTS = 64;
/** Repeated refusals in one session: the first of each window is logged in full, the rest as one summary with counts at the window's end. */
export const REFUSAL_SUMMARY_WINDOW_MS = 60_000;

/** What a session's refusal counter reports to be logged. */
export interface RefusalSummary {
  readonly count: number;
  /** How many of each kind (`request` of the refusal: `x11`, `tun@openssh.com`, `subsystem:foo`…). */
  readonly kinds: Record<string, number>;
  readonly windowSeconds: number;
}

/**
 * The refusals of one session as counters: `refused` says whether this one is logged in full (the
 * first of a window) and whether the session is over its limit; the others of a window are
 * summed and reported once, through `onSummary`, when the window ends or the session does.
 * A session so logs at most two refusal entries per REFUSAL_SUMMARY_WINDOW_MS, and ends after
 * MAX_REFUSED_REQUESTS refusals however fast they come.
 */
export class SessionRefusals {
  private total = 0;
  private windowStart: number | null = null;
  private pending = new Map<string, number>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly clock: Clock, private readonly onSummary: (s: RefusalSummary) => void) {}

  refused(kind: string): { logInFull: boolean; overLimit: boolean } {
    const now = this.clock.now().getTime();
    this.total++;
    const overLimit = this.total > MAX_REFUSED_REQUESTS;
    if (this.windowStart === null || now - this.windowStart >= REFUSAL_SUMMARY_WINDOW_MS) {
      this.flush();
      this.windowStart = now;
      return { logInFull: true, overLimit };
    }
    this.pending.set(kind, (this.pending.get(kind) ?? 0) + 1);
    this.pendingCount++;
    this.timer ??= setTimeout(() => this.flush(), REFUSAL_SUMMARY_WINDOW_MS - (now - this.windowStart)).unref();
    return { logInFull: false, overLimit };
  }

  /** Reports what is counted and not yet logged (at the window's end, and when the session ends). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pendingCount === 0) return;
    const summary = { count: this.pendingCount, kinds: Object.fromEntries(this.pending), windowSeconds: REFUSAL_SUMMARY_WINDOW_MS / 1000 };
    this.pending = new Map();
    this.pendingCount = 0;
    this.onSummary(summary);
  }
}
