import { abuseKey } from '../domain/access/cidr.js';
import type { Clock } from '../ports/clock.js';

/**
 * Connections still authenticating, in all and per source address: bounded, so a flood of
 * half-open handshakes from one place cannot starve real sessions from elsewhere.
 */
const MAX_UNAUTHENTICATED = 256;
const MAX_UNAUTHENTICATED_PER_IP = 16;
/** From the TCP connection to authenticated, version exchange included. */
const AUTH_TIMEOUT_MS = 60_000;
/** Authentication attempts one connection may make before it is closed. */
export const MAX_AUTH_ATTEMPTS = 8;
/** All TCP connections, sessions included. */
export const MAX_CONNECTIONS = 1024;
/** A source address refused this often in a minute is turned away at TCP level for five minutes (logged once). */
const REFUSALS_BEFORE_BLOCK = 20;
const REFUSAL_WINDOW_MS = 60_000;
const BLOCK_MS = 5 * 60_000;
/** Addresses whose refusals are remembered at once (bounded memory under a flood from everywhere). */
const MAX_TRACKED = 10_000;

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
  /** The key blocked: the address, or its IPv6 /64 (see `abuseKey`). */
  readonly blocks: string;
  readonly minutes: number;
}

/**
 * TCP connections that have not authenticated yet, counted from the moment they connect (before
 * any SSH byte): bounded in all and per source address, and given AUTH_TIMEOUT_MS in all to get
 * through version exchange, key exchange and authentication.
 */
class PreAuthLimiter {
  private total = 0;
  private readonly byKey = new Map<string, number>();
  private readonly held = new Map<HeldSocket, { key: string; timer: NodeJS.Timeout }>();

  admit(sock: HeldSocket, key: string): boolean {
    if (this.total >= MAX_UNAUTHENTICATED || (this.byKey.get(key) ?? 0) >= MAX_UNAUTHENTICATED_PER_IP) return false;
    this.count(key, 1);
    // unref: a deadline alone keeps no process alive (the listener does)
    this.held.set(sock, { key, timer: setTimeout(() => sock.destroy(), AUTH_TIMEOUT_MS).unref() });
    sock.once('close', () => this.release(sock));
    return true;
  }

  release(sock: HeldSocket): void {
    const h = this.held.get(sock);
    if (!h) return;
    this.held.delete(sock);
    clearTimeout(h.timer);
    this.count(h.key, -1);
  }

  private count(key: string, delta: number): void {
    this.total += delta;
    const n = (this.byKey.get(key) ?? 0) + delta;
    if (n > 0) this.byKey.set(key, n); else this.byKey.delete(key);
  }
}

/**
 * The gateway's abuse limits, each counted per source address key (IPv4 address or IPv6 /64):
 * pre-authentication limits and deadline, and repeat offenders (refused too often in a minute)
 * turned away before any SSH for a while. Times come from the Clock; `onBlock` is told once per block.
 */
export class AbuseLimits {
  private readonly preAuth = new PreAuthLimiter();
  /** Recent refusals per key, and keys turned away until a time (ms). */
  private readonly refusals = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();

  constructor(private readonly clock: Clock, private readonly onBlock: (ip: string, block: SourceBlock) => void) {}

  /** Whether a new TCP connection from this address is let in (then it is held until `release`, or closed at its deadline). */
  admit(sock: HeldSocket, ip: string): boolean {
    const key = abuseKey(ip);
    const until = this.blocked.get(key);
    if (until !== undefined) {
      if (this.now() < until) return false;
      this.blocked.delete(key);
    }
    return this.preAuth.admit(sock, key);
  }

  /** Authenticated (or gone): no longer counted, no deadline. */
  release(sock: HeldSocket): void {
    this.preAuth.release(sock);
  }

  /** A refusal was logged for this address; too many in a minute and it is blocked for a while. */
  refused(ip: string): void {
    const now = this.now();
    const key = abuseKey(ip);
    if (this.refusals.size >= MAX_TRACKED && !this.refusals.has(key)) this.sweep();
    if (this.refusals.size >= MAX_TRACKED && !this.refusals.has(key)) return; // a flood from everywhere: the pre-auth limits still hold
    const recent = (this.refusals.get(key) ?? []).filter((t) => now - t < REFUSAL_WINDOW_MS);
    recent.push(now);
    if (recent.length < REFUSALS_BEFORE_BLOCK) { this.refusals.set(key, recent); return; }
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
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
