import type { AddressInfo, Server, Socket } from 'node:net';
import { createRequire } from 'node:module';
import ssh2 from 'ssh2';
import type { AuthContext, Client as SshClient, Connection, KeyboardAuthContext, PublicKeyAuthContext } from 'ssh2';
import type { GatewayAccessGrant } from '../app/access/authorize-gateway-access.js';
import { authorizeGatewayAccess, recheckGatewayAccess } from '../app/access/authorize-gateway-access.js';
import {
  closeAbandonedSessions, closeGatewaySession, confirmGatewaySessions, logGatewayEvent, logGatewaySourceBlocked, openGatewaySession, refuseGatewayConnection,
} from '../app/access/gateway-session.js';
import type { AppDeps } from '../app/app-deps.js';
import { verifyGatewaySecondFactor } from '../app/auth/second-factor.js';
import { loadTargetCredential } from '../app/registry/target-credential.js';
import { DomainError, forbidden } from '../domain/errors.js';
import { messageOf } from '../messages/catalogue.js';
import type { LiveSessionEvent, LiveSessionInfo, LiveSessions } from '../ports/live-sessions.js';
import type { GatewaySession, SessionRecording } from '../ports/repositories.js';
import { gatewayLines, gatewayRefusalLine } from '../presenters/gateway-messages.js';
import { ProxiedChannel } from './channel-proxy.js';
import { limitReadBurst } from './fair-socket.js';
import { CIPHERS, UpstreamError, assertNotUid0, connectUpstream, fingerprintOf } from './upstream.js';

const require = createRequire(import.meta.url);
/** ssh2 offers no API for a banner after the first one; this is how its own Protocol sends packets. */
const { sendPacket } = require('ssh2/lib/protocol/utils.js') as { sendPacket: (proto: unknown, packet: Buffer) => void };

export interface GatewayOptions {
  readonly host: string;
  readonly port: number;
  /** The gateway's host key (OpenSSH private key text). */
  readonly hostKey: string;
  /** 0 = never. */
  readonly idleTimeoutSeconds: number;
  /** Operational messages (never credentials). */
  readonly log?: (line: string) => void;
  /** How often an open session's access is decided again (seconds; default 30). */
  readonly recheckSeconds?: number;
  /** This `jaga serve` node, among the nodes that may share the store. */
  readonly nodeId: string;
  /** How often the node confirms its sessions and looks for sessions of lost nodes (ms; default 15 000). */
  readonly heartbeatMs?: number;
}

export interface SshGateway {
  readonly address: { host: string; port: number };
  readonly live: LiveSessions;
  /** Stops accepting, ends every session (recorded as `shutdown`), resolves when all are recorded. */
  close(): Promise<void>;
}

/**
 * Connections still authenticating, in all and per source address: bounded, so a flood of
 * half-open handshakes from one place cannot starve real sessions from elsewhere.
 */
const MAX_UNAUTHENTICATED = 256;
const MAX_UNAUTHENTICATED_PER_IP = 16;
/** From the TCP connection to authenticated, version exchange included. */
const AUTH_TIMEOUT_MS = 60_000;
const MAX_AUTH_ATTEMPTS = 8;
/** All TCP connections, sessions included. */
const MAX_CONNECTIONS = 1024;
/** A source address refused this often in a minute is turned away at TCP level for five minutes (logged once). */
const REFUSALS_BEFORE_BLOCK = 20;
const BLOCK_MS = 5 * 60_000;

/** `andi:spse-gorontalo` (ssh) or `andi+spse-gorontalo` (scp/sftp, whose own syntax reserves `:`). */
export function parseLoginName(name: string): { username: string; target: string } | null {
  const m = /^([a-z][a-z0-9._-]{1,31})[:+]([a-z0-9][a-z0-9._-]{0,62})$/.exec(name);
  return m ? { username: m[1] as string, target: m[2] as string } : null;
}

const normaliseIp = (ip: string | undefined): string => (ip ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/**
 * What limits and blocks are counted by: the IPv4 address, or the IPv6 /64 (one host usually
 * holds a whole /64, and could otherwise use a fresh address for every attempt).
 */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function sendBanner(client: Connection, text: string): void {
  const proto = (client as unknown as { _protocol: { _packetRW: { write: { allocStart: number; alloc(n: number): Buffer; finalize(b: Buffer): Buffer } } } })._protocol;
  const len = Buffer.byteLength(text);
  const w = proto._packetRW.write;
  let p = w.allocStart;
  const packet = w.alloc(1 + 4 + len + 4);
  packet[p] = 53; // SSH_MSG_USERAUTH_BANNER
  packet.writeUInt32BE(len, ++p);
  packet.write(text, (p += 4), len, 'utf8');
  packet.writeUInt32BE(0, p + len); // language tag
  sendPacket(proto, w.finalize(packet));
}

/** Channel-open refusals (port forwarding) carry a reason the OpenSSH client prints. */
function explainChannelRefusals(client: Connection): void {
  const proto = (client as unknown as { _protocol: { channelOpenFail: (remote: number, reason: number, desc: string) => void } })._protocol;
  const original = proto.channelOpenFail.bind(proto);
  proto.channelOpenFail = (remote, _reason, desc) => original(remote, 1 /* ADMINISTRATIVELY_PROHIBITED */, desc || gatewayLines.forwardingRefused);
}

class GatewayConnection {
  readonly id: string;
  private grant: GatewayAccessGrant | null = null;
  private keyFingerprint = '';
  private upstream: SshClient | null = null;
  session: GatewaySession | null = null;
  private readonly channels: ProxiedChannel[] = [];
  private events: Promise<void> = Promise.resolve();
  private bytesUp = 0;
  private bytesDown = 0;
  private lastActivity = Date.now();
  private authAttempts = 0;
  private closing: Promise<void> | null = null;
  /** The connection to the target and the session's start, while they are being made. */
  private opening: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  readonly watchers = new Set<(e: LiveSessionEvent) => void>();
  authenticated = false;
  readonly socket: Socket;

  constructor(private readonly gw: Gateway, private readonly client: Connection, readonly sourceIp: string) {
    this.id = gw.deps.ids.newId();
    this.socket = (client as unknown as { _sock: Socket })._sock;
    explainChannelRefusals(client);
    client.on('authentication', (ctx) => { void this.authenticate(ctx); });
    client.on('ready', () => this.ready());
    client.on('close', () => { void this.end('client_closed'); });
    client.on('error', () => { void this.end('client_closed'); });
  }

  info(): LiveSessionInfo | undefined {
    const s = this.session;
    const g = this.grant;
    if (!s || !g) return undefined;
    return {
      id: s.id, caseId: s.caseId, unitId: s.unitId, username: g.user.username, target: g.target.name, sourceIp: s.sourceIp, network: g.network.name,
      workstation: g.workstation.assetTag, startedAt: s.startedAt, lastActivityAt: new Date(this.lastActivity).toISOString(),
      bytesUp: this.bytesUp, bytesDown: this.bytesDown,
      channels: this.channels.filter((c) => c.kind !== null).map((c) => ({ channel: c.channel, kind: c.kind as 'shell', command: c.command, pty: c.hasPty })),
    };
  }

  private refuse(ctx: AuthContext, err: DomainError | Error, final: boolean): void {
    if (this.closing) return; // the client has gone
    if (err instanceof DomainError) {
      sendBanner(this.client, gatewayRefusalLine(err));
      // Only failures to prove who one is count towards blocking an address: a target that is
      // down, or a case not yet in B3, must not lock an office out.
      if (err.code === 'gateway.A1a' || err.code.startsWith('auth.')) this.gw.refused(this.sourceIp);
    } else {
      this.gw.log(`gateway ${this.id}: ${err.stack ?? err.message}`);
      sendBanner(this.client, gatewayLines.internalError(this.id));
    }
    ctx.reject(final ? [] : ['publickey']);
    if (final || ++this.authAttempts >= MAX_AUTH_ATTEMPTS) setTimeout(() => this.client.end(), 50);
  }

  private async authenticate(ctx: AuthContext): Promise<void> {
    if (this.authenticated || this.gw.closing) { ctx.reject([]); return; }
    try {
      if (ctx.method === 'publickey') await this.publicKey(ctx);
      else if (ctx.method === 'keyboard-interactive' && this.grant?.totpRequired) this.totp(ctx);
      else ctx.reject(this.grant?.totpRequired ? ['keyboard-interactive'] : ['publickey']);
    } catch (err) {
      this.refuse(ctx, err as Error, err instanceof DomainError && err.code !== 'gateway.A1a');
    }
  }

  private async publicKey(ctx: PublicKeyAuthContext): Promise<void> {
    const key = ssh2.utils.parseKey(ctx.key.data);
    if (key instanceof Error || Array.isArray(key)) { ctx.reject(['publickey']); return; }
    // Without a signature the client only asks whether this key would do; the decision (and its
    // logbook entry) comes with the signed attempt, which proves possession of the private key.
    if (!ctx.signature) { ctx.accept(); return; }
    if (!ctx.blob) { ctx.reject(['publickey']); return; }
    if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) { ctx.reject(['publickey']); return; }
    const login = parseLoginName(ctx.username);
    if (!login) {
      sendBanner(this.client, gatewayLines.badLoginName(ctx.username));
      this.gw.refused(this.sourceIp);
      await logGatewayAnonymousRefusal(this.gw.deps, ctx.username, this.sourceIp);
      ctx.reject([]);
      setTimeout(() => this.client.end(), 50);
      return;
    }
    this.keyFingerprint = fingerprintOf(ctx.key.data);
    this.grant = await authorizeGatewayAccess(this.gw.deps, { username: login.username, target: login.target, keyFingerprint: this.keyFingerprint, sourceIp: this.sourceIp });
    if (this.grant.totpRequired) { ctx.reject(['keyboard-interactive'], true); return; }
    await this.startOpening(ctx, this.grant);
  }

  private totp(ctx: KeyboardAuthContext): void {
    const grant = this.grant as GatewayAccessGrant;
    ctx.prompt([{ prompt: gatewayLines.totpPrompt, echo: false }], 'Jaga', gatewayLines.totpInstructions, (answers) => {
      void (async () => {
        try {
          await verifyGatewaySecondFactor(this.gw.deps, grant.user, { code: answers[0] ?? '' });
          await this.startOpening(ctx, grant);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'auth.totp_invalid' && ++this.authAttempts < 3) {
            sendBanner(this.client, gatewayRefusalLine(err));
            this.gw.refused(this.sourceIp);
            ctx.reject(['keyboard-interactive'], true);
          } else this.refuse(ctx, err as Error, true);
        }
      })();
    });
  }

  /** Only one opening at a time, and end() waits for it: a client that leaves meanwhile leaves no session behind. */
  private startOpening(ctx: AuthContext, g: GatewayAccessGrant): Promise<void> {
    if (this.opening || this.closing) { ctx.reject([]); return Promise.resolve(); }
    this.opening = this.open(ctx, g);
    return this.opening;
  }

  /** Authenticated and authorised: connect to the target, record the session's start, let the client in. */
  private async open(ctx: AuthContext, g: GatewayAccessGrant): Promise<void> {
    const who = { userId: g.user.id, sourceIp: this.sourceIp, caseId: g.case.id };
    const credential = await loadTargetCredential(this.gw.deps, g.target.id);
    if (!credential) {
      await refuseGatewayConnection(this.gw.deps, who, forbidden('gateway.no_credential', `Gateway belum memiliki kredensial untuk target ${g.target.name}; hubungi koordinator.`,
        `The gateway holds no credential for target ${g.target.name}; contact the koordinator.`, { target: g.target.name }));
    }
    try {
      this.upstream = await connectUpstream(g.target, credential as NonNullable<typeof credential>);
      await assertNotUid0(this.upstream, g.target);
    } catch (err) {
      this.upstream?.end();
      this.upstream = null;
      if (!(err instanceof UpstreamError)) throw err;
      const text = {
        host_key_mismatch: [`Host key target ${g.target.name} tidak cocok dengan sidik jari yang disematkan; akses ditolak.`,
          `The host key of target ${g.target.name} does not match its pinned fingerprint; access refused.`],
        uid0: [`A1c: akun ${g.target.loginAccount} pada ${g.target.name} adalah uid 0 (root); akses ditolak.`,
          `A1c: account ${g.target.loginAccount} on ${g.target.name} is uid 0 (root); access refused.`],
        auth_failed: [`Target ${g.target.name} menolak kredensial gateway.`, `Target ${g.target.name} refused the gateway's credential.`],
        unreachable: [`Target ${g.target.name} tidak dapat dihubungi.`, `Target ${g.target.name} cannot be reached.`],
      }[err.reason];
      await refuseGatewayConnection(this.gw.deps, who, forbidden(`gateway.target_${err.reason}`, text[0] as string, text[1] as string,
        { rule: err.reason === 'uid0' ? 'A1c' : err.reason === 'host_key_mismatch' ? 'host_key' : 'target', target: g.target.name, cause: err.message, ...err.details }));
    }
    const up = this.upstream as SshClient;
    up.on('error', () => {});
    if (this.closing) return; // the client left while the target was being reached: no session (end() closes the upstream)
    this.session = await openGatewaySession(this.gw.deps, g, { id: this.id, sourceIp: this.sourceIp, keyFingerprint: this.keyFingerprint, nodeId: this.gw.opts.nodeId });
    if (this.closing) return; // …or while the session was being recorded: end() records its end right away
    up.on('close', () => { void this.end('target_closed', gatewayLines.targetClosed); });
    this.authenticated = true;
    this.gw.authenticated(this);
    ctx.accept();
  }

  private ready(): void {
    const g = this.grant;
    if (!g || !this.upstream || !this.session) { this.client.end(); return; }
    const up = this.upstream;
    const channelCtx = {
      sessionId: this.id, upstream: up, recordings: this.gw.deps.recordings, clock: this.gw.deps.clock,
      recordingTitle: `${g.user.username}@${g.target.name} (${g.case.id})`,
      recordingMeta: { case: g.case.id, user: g.user.username, target: g.target.name, loginAccount: g.target.loginAccount, sourceIp: this.sourceIp,
        network: g.network.name, workstation: g.workstation.assetTag },
      event: (type: `gateway.${string}`, data: Record<string, unknown>) => this.event(type, data),
      traffic: (u: number, d: number) => { this.bytesUp += u; this.bytesDown += d; this.lastActivity = Date.now(); },
      live: (e: LiveSessionEvent) => { for (const w of this.watchers) w(e); },
      recordingFailed: (err: Error) => {
        this.gw.log(`gateway ${this.id}: recording failed: ${err.message}`);
        this.event('gateway.recording_failed', { error: err.message });
        void this.end('recording_failed', gatewayLines.recordingFailed);
      },
    };
    let n = 0;
    this.client.on('session', (accept, reject) => {
      if (this.closing) { reject(); return; } // an ending session opens nothing new
      this.channels.push(new ProxiedChannel(channelCtx, n++, accept()));
    });
    const refuseForward = (request: string, details: Record<string, unknown>): void => {
      this.event('gateway.forwarding_refused', { request, rule: 'recording', ...details });
      for (const c of this.channels) c.notice(`${gatewayLines.forwardingRefused}\r\n`);
    };
    this.client.on('tcpip', (_accept, reject, info) => { reject(); refuseForward('direct-tcpip', { destination: `${info.destIP}:${info.destPort}` }); });
    this.client.on('openssh.streamlocal', (_accept, reject, info) => { reject(); refuseForward('direct-streamlocal', { socketPath: info.socketPath }); });
    this.client.on('request', (_accept, reject, name) => { reject?.(); refuseForward(name, {}); });
    const recheckMs = (this.gw.opts.recheckSeconds ?? 30) * 1000;
    this.recheckTimer = setInterval(() => { void this.recheck(); }, recheckMs);
    const idleMs = this.gw.opts.idleTimeoutSeconds * 1000;
    if (idleMs > 0) {
      this.idleTimer = setInterval(() => {
        if (Date.now() - this.lastActivity >= idleMs) void this.end('idle_timeout', gatewayLines.idle(Math.max(1, Math.round(idleMs / 60_000))));
      }, Math.min(Math.max(idleMs / 4, 250), 30_000));
    }
  }

  private rechecking = false;
  private recheckFailures = 0;

  /** The access rules once more, as things are now; a refusal (already logged with its rule) ends the session. */
  private async recheck(): Promise<void> {
    const s = this.session;
    if (!s || this.closing || this.rechecking) return;
    this.rechecking = true;
    try {
      const g = this.grant as GatewayAccessGrant;
      await recheckGatewayAccess(this.gw.deps, s, { username: g.user.username, target: g.target.name, keyFingerprint: this.keyFingerprint, sourceIp: this.sourceIp });
      this.recheckFailures = 0;
    } catch (err) {
      if (err instanceof DomainError) {
        const rule = typeof err.details['rule'] === 'string' ? `${err.details['rule']}: ` : '';
        void this.end('access_revoked', gatewayLines.accessRevoked(`${rule}${messageOf(err, 'id')} / ${messageOf(err, 'en')}`));
      } else {
        // The store cannot answer (or could not log a refusal): access that cannot be confirmed
        // three times running is not kept open (fails closed).
        this.gw.log(`gateway ${this.id}: access re-check failed: ${(err as Error).message}`);
        if (++this.recheckFailures >= 3) void this.end('error', gatewayLines.accessRevoked('akses tidak dapat dipastikan / access cannot be confirmed'));
      }
    } finally {
      this.rechecking = false;
    }
  }

  private event(type: `gateway.${string}`, data: Record<string, unknown>): void {
    const s = this.session;
    if (!s) return;
    this.events = this.events.then(() => logGatewayEvent(this.gw.deps, s, type, data)).catch((err: Error) => {
      // Evidence that cannot be written ends the session, like a recording that cannot be written.
      this.gw.log(`gateway ${this.id}: logbook write failed: ${err.message}`);
      void this.end('error', gatewayLines.internalError(this.id));
    });
  }

  /** Ends the session once, whoever asks first; resolves when its end is recorded. */
  end(reason: string, notice?: string, terminatedBy?: string): Promise<void> {
    this.closing ??= (async () => {
      if (this.idleTimer) clearInterval(this.idleTimer);
      if (this.recheckTimer) clearInterval(this.recheckTimer);
      await this.opening?.catch(() => {});
      if (notice) for (const c of this.channels) c.notice(notice);
      const forced = reason !== 'client_closed' && reason !== 'target_closed';
      await Promise.all(this.channels.map((c) => c.end(forced)));
      const recordings = (await Promise.all(this.channels.map((c) => c.done))).filter((r): r is SessionRecording => r !== null);
      this.client.end();
      this.upstream?.end();
      await this.events;
      if (this.session) {
        try {
          await closeGatewaySession(this.gw.deps, this.session.id, { endReason: reason, bytesUp: this.bytesUp, bytesDown: this.bytesDown, recordings,
            ...(terminatedBy ? { terminatedBy } : {}) });
        } catch (err) {
          this.gw.log(`gateway ${this.id}: could not record the session end: ${(err as Error).message}`);
        }
      }
      for (const w of this.watchers) w({ type: 'end', reason });
      this.watchers.clear();
      this.gw.forget(this);
    })();
    return this.closing;
  }
}

async function logGatewayAnonymousRefusal(deps: AppDeps, loginName: string, sourceIp: string): Promise<void> {
  await refuseGatewayConnection(deps, { userId: null, sourceIp, caseId: null },
    forbidden('gateway.login_name_invalid', 'Nama login bukan PENGGUNA:TARGET.', 'The login name is not USER:TARGET.', { loginName: loginName.slice(0, 100) }))
    .catch(() => {});
}

/**
 * TCP connections that have not authenticated yet, counted from the moment they connect (before
 * any SSH byte): bounded in all and per source address, and given AUTH_TIMEOUT_MS in all to get
 * through version exchange, key exchange and authentication.
 */
class PreAuthLimiter {
  private total = 0;
  private readonly byIp = new Map<string, number>();
  private readonly held = new Map<Socket, { ip: string; timer: NodeJS.Timeout }>();

  admit(sock: Socket, ip: string): boolean {
    if (this.total >= MAX_UNAUTHENTICATED || (this.byIp.get(ip) ?? 0) >= MAX_UNAUTHENTICATED_PER_IP) return false;
    this.count(ip, 1);
    this.held.set(sock, { ip, timer: setTimeout(() => sock.destroy(), AUTH_TIMEOUT_MS) });
    sock.once('close', () => this.release(sock));
    return true;
  }

  /** Authenticated (or gone): no longer counted, no deadline. */
  release(sock: Socket): void {
    const h = this.held.get(sock);
    if (!h) return;
    this.held.delete(sock);
    clearTimeout(h.timer);
    this.count(h.ip, -1);
  }

  private count(ip: string, delta: number): void {
    this.total += delta;
    const n = (this.byIp.get(ip) ?? 0) + delta;
    if (n > 0) this.byIp.set(ip, n); else this.byIp.delete(ip);
  }
}

class Gateway implements LiveSessions {
  closing = false;
  readonly preAuth = new PreAuthLimiter();
  private readonly connections = new Set<GatewayConnection>();
  private readonly sessions = new Map<string, GatewayConnection>();
  /** Recent refusals per source address, and addresses turned away until a time. */
  private readonly refusals = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();

  constructor(readonly deps: AppDeps, readonly opts: GatewayOptions) {}

  log(line: string): void {
    this.opts.log?.(line);
  }

  /** Whether a new TCP connection from this address is let in at all. */
  admit(sock: Socket, ip: string): boolean {
    if (this.closing) return false;
    const key = addressKey(ip);
    const until = this.blocked.get(key);
    if (until !== undefined) {
      if (Date.now() < until) return false;
      this.blocked.delete(key);
    }
    return this.preAuth.admit(sock, key);
  }

  /** Forgets refusals older than a minute and blocks that have run out (bounded memory). */
  sweep(): void {
    const now = Date.now();
    for (const [key, times] of this.refusals) {
      const recent = times.filter((t) => now - t < 60_000);
      if (recent.length) this.refusals.set(key, recent); else this.refusals.delete(key);
    }
    for (const [key, until] of this.blocked) if (until <= now) this.blocked.delete(key);
  }

  /** A refusal was logged for this address; too many in a minute and it is blocked for a while (logged once). */
  refused(ip: string): void {
    const now = Date.now();
    const key = addressKey(ip);
    if (this.refusals.size >= 10_000 && !this.refusals.has(key)) this.sweep();
    if (this.refusals.size >= 10_000 && !this.refusals.has(key)) return; // a flood from everywhere: the pre-auth limits still hold
    const recent = (this.refusals.get(key) ?? []).filter((t) => now - t < 60_000);
    recent.push(now);
    if (recent.length < REFUSALS_BEFORE_BLOCK) { this.refusals.set(key, recent); return; }
    this.refusals.delete(key);
    this.blocked.set(key, now + BLOCK_MS);
    this.log(`gateway: ${ip} diblokir ${BLOCK_MS / 60_000} menit setelah ${recent.length} penolakan / blocked for ${BLOCK_MS / 60_000} minutes after ${recent.length} refusals`);
    void logGatewaySourceBlocked(this.deps, ip, { refusals: recent.length, windowSeconds: 60, until: new Date(now + BLOCK_MS).toISOString(), blocks: key })
      .catch((err: Error) => this.log(`gateway: could not log the block of ${ip}: ${err.message}`));
  }

  accept(client: Connection, ip: string): void {
    client.on('error', () => {}); // before anything else: a refused connection must not crash the process
    if (this.closing) { client.end(); return; }
    this.connections.add(new GatewayConnection(this, client, ip));
  }

  authenticated(c: GatewayConnection): void {
    this.preAuth.release(c.socket);
    this.sessions.set(c.id, c);
  }

  forget(c: GatewayConnection): void {
    if (!this.connections.delete(c)) return;
    this.sessions.delete(c.id);
  }

  list(): LiveSessionInfo[] {
    return [...this.sessions.values()].map((c) => c.info()).filter((i): i is LiveSessionInfo => i !== undefined);
  }

  get(id: string): LiveSessionInfo | undefined {
    return this.sessions.get(id)?.info();
  }

  watch(id: string, listener: (e: LiveSessionEvent) => void): (() => void) | null {
    const c = this.sessions.get(id);
    if (!c) return null;
    c.watchers.add(listener);
    return () => { c.watchers.delete(listener); };
  }

  async terminate(id: string, by: string): Promise<boolean> {
    const c = this.sessions.get(id);
    if (!c) return false;
    await c.end('terminated', gatewayLines.terminated(by), by);
    return true;
  }

  /** Confirms this node's sessions, then closes those of nodes that stopped confirming theirs. */
  async heartbeat(): Promise<void> {
    if (this.closing) return;
    this.sweep();
    try {
      await confirmGatewaySessions(this.deps, [...this.sessions.values()].map((c) => c.session?.id).filter((id): id is string => !!id));
      const n = await closeAbandonedSessions(this.deps, { nodeId: this.opts.nodeId, starting: false });
      if (n > 0) this.log(`gateway: ${n} sesi dari node yang hilang ditutup / ${n} sessions of a lost node were closed`);
    } catch (err) {
      this.log(`gateway: heartbeat failed: ${(err as Error).message}`);
    }
  }

  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.connections].map((c) => c.end('shutdown', gatewayLines.shutdown)));
  }
}

/**
 * Starts the SSH gateway: an ssh2 server that authenticates executors (key of a registered
 * organisation-owned workstation, then TOTP), decides A1 with the same use case as every other
 * transport, opens its own connection to the target, and proxies channel by channel while
 * recording. Sessions a killed predecessor left open are closed first.
 */
export async function startSshGateway(deps: AppDeps, opts: GatewayOptions): Promise<SshGateway> {
  const abandoned = await closeAbandonedSessions(deps, { nodeId: opts.nodeId, starting: true });
  if (abandoned > 0) opts.log?.(`gateway: ${abandoned} sesi yang tertinggal terbuka ditutup / ${abandoned} sessions left open by a previous process were closed`);
  const gw = new Gateway(deps, opts);
  const heartbeat = setInterval(() => { void gw.heartbeat(); }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const server = new ssh2.Server({
    hostKeys: [opts.hostKey], ident: 'Jaga',
    algorithms: { cipher: [...CIPHERS] },
  }, (client, info) => {
    gw.accept(client, normaliseIp(info.ip));
  });
  server.maxConnections = MAX_CONNECTIONS;
  // Every TCP connection is counted and timed from its first moment, before ssh2 sees a byte.
  (server as unknown as { _srv: Server })._srv.prependListener('connection', (sock: Socket) => {
    sock.on('error', () => {});
    if (!gw.admit(sock, normaliseIp(sock.remoteAddress))) { sock.destroy(); return; }
    sock.setNoDelay(true);
    limitReadBurst(sock);
  });
  server.on('error', (err: Error) => gw.log(`gateway: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  const addr = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    address: { host: addr.address, port: addr.port },
    live: gw,
    close() {
      closed ??= (async () => {
        clearInterval(heartbeat);
        const stopped = new Promise<void>((r) => server.close(() => r()));
        await gw.shutdown();
        await stopped;
      })();
      return closed;
    },
  };
}
