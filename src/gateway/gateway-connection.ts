import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import ssh2 from 'ssh2';
import type { AuthContext, Client as SshClient, Connection, KeyboardAuthContext, PublicKeyAuthContext } from 'ssh2';
import type { GatewayAccessGrant } from '../app/access/authorize-gateway-access.js';
import { authorizeGatewayAccess, recheckGatewayAccess } from '../app/access/authorize-gateway-access.js';
import { closeGatewaySession, logGatewayEvent, openGatewaySession, refuseGatewayConnection } from '../app/access/gateway-session.js';
import { DEFAULT_MASKED_LINES_FLAG, logMaskedInput } from '../app/access/masked-input.js';
import type { AppDeps } from '../app/app-deps.js';
import { verifyGatewaySecondFactor } from '../app/auth/second-factor.js';
import type { KeyFingerprinter } from '../app/registry/register-workstation.js';
import { loadTargetCredential } from '../app/registry/target-credential.js';
import { isOrderlyEnd, type EndReason } from '../domain/access/end-reason.js';
import { DomainError } from '../domain/errors.js';
import type { User } from '../domain/registry/user.js';
import type { LiveSessionEvent, LiveSessionInfo } from '../ports/live-sessions.js';
import type { GatewayMetrics } from '../ports/metrics.js';
import type { GatewaySession, SessionRecording } from '../ports/repositories.js';
import { gatewayLines, type GatewayLang, type GatewayLines } from '../presenters/gateway-messages.js';
import { DEFAULT_RECORDING_QUOTA_BYTES } from '../config/config.js';
import { MAX_AUTH_ATTEMPTS, MAX_AUTH_REQUESTS, MAX_REFUSED_REQUESTS, SessionRefusals } from './abuse-limits.js';
import { MAX_CHANNELS_PER_SESSION } from './backpressure.js';
import { ProxiedChannel } from './channel-proxy.js';
import type { GatewayLogFields, GatewayOptions } from './ssh-gateway.js';
import { explainChannelRefusals, sendBanner, socketOf, watchUnhandledRequests } from './ssh2-internals.js';
import { RecordingBudget } from './stream-audit.js';
import { UpstreamError, assertNotUid0, connectUpstream } from './upstream.js';

/** What the gateway's use cases need, and the one SSH fingerprint function (an adapter's, wired in `main/`). */
export type GatewayDeps = AppDeps & { readonly fingerprint: KeyFingerprinter; readonly metrics: GatewayMetrics };

/** What a connection needs from the gateway that accepted it. */
export interface ConnectionHost {
  readonly deps: GatewayDeps;
  readonly opts: GatewayOptions;
  readonly closing: boolean;
  log(line: string, fields?: GatewayLogFields): void;
  /** A refusal was logged for this address (it counts towards blocking it). */
  refused(ip: string): void;
  /** Whether this address is turned away right now (its connections get no further attempt). */
  blocked(ip: string): boolean;
  /** Whether a refusal before authentication from this address is logged in full (else it is counted into a summary). */
  logRefusalInFull(ip: string, code: string): boolean;
  /** Authenticated: no longer under the pre-auth limits, and live. */
  authenticated(c: GatewayConnection): void;
  /** Ended and recorded. */
  forget(c: GatewayConnection): void;
}

/** `andi:spse-gorontalo` (ssh) or `andi+spse-gorontalo` (scp/sftp, whose own syntax reserves `:`). */
export function parseLoginName(name: string): { username: string; target: string } | null {
  const m = /^([a-z][a-z0-9._-]{1,31})[:+]([a-z0-9][a-z0-9._-]{0,62})$/.exec(name);
  return m ? { username: m[1] as string, target: m[2] as string } : null;
}

/** The person's language preference (`User.language`, where the registry has it); null: both languages. */
function preferredLang(user: User): GatewayLang {
  return user.language ?? null;
}

/**
 * One SSH connection from a client, which is one gateway session: authentication (workstation key
 * → A1 use case → TOTP by keyboard-interactive), then the upstream connection to the target and
 * the session's start record (all before USERAUTH_SUCCESS), then its channels, re-checked every
 * 30 s while it lasts, and its end recorded once whoever ends it.
 */
export class GatewayConnection {
  readonly id: string;
  private grant: GatewayAccessGrant | null = null;
  private keyFingerprint = '';
  private upstream: SshClient | null = null;
  session: GatewaySession | null = null;
  private readonly channels: ProxiedChannel[] = [];
  private events: Promise<void> = Promise.resolve();
  /** Lines typed at secret prompts in this session, over all its channels. */
  private maskedLines = 0;
  private bytesUp = 0;
  private bytesDown = 0;
  /** When traffic last passed (monotonic ms: the idle timeout; shown as a Clock time). */
  private lastActivity = performance.now();
  /** Failed authentication attempts, counted before each is answered (see rejectAttempt). */
  private authAttempts = 0;
  /** Authentication requests of any kind. */
  private authRequests = 0;
  /** No further authentication attempt is looked at: the connection is being closed. */
  private authClosed = false;
  /** Requests ssh2 refused before authentication (no session to log them in: counted, then the connection is closed). */
  private refusedBeforeAuth = 0;
  private readonly refusals: SessionRefusals;
  /** The person's language, decided once: both until they are identified, then their preference. */
  private lines: GatewayLines = gatewayLines(null);
  private closing: Promise<void> | null = null;
  /** The connection to the target and the session's start, while they are being made. */
  private opening: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  readonly watchers = new Set<(e: LiveSessionEvent) => void>();
  authenticated = false;
  readonly socket: Socket;

  constructor(private readonly gw: ConnectionHost, private readonly client: Connection, readonly sourceIp: string) {
    this.id = gw.deps.ids.newId();
    this.socket = socketOf(client);
    explainChannelRefusals(client, () => this.lines.forwardingRefused);
    this.refusals = new SessionRefusals(gw.deps.clock, (summary) => this.event('gateway.refusals_summarised', { ...summary }));
    watchUnhandledRequests(client, {
      channelOpen: (type, authenticated) => {
        if (authenticated) this.sessionRefusal('gateway.channel_refused', { channelType: type.slice(0, 64), rule: 'recording' }, type.slice(0, 64));
        else this.refusedUnauthenticated();
      },
      globalRequest: (name, authenticated) => {
        // OpenSSH's keepalive is answered with a failure by design (ServerAliveInterval): not a refusal.
        if (name === 'keepalive@openssh.com') return;
        if (authenticated) this.sessionRefusal('gateway.request_refused', { request: name.slice(0, 64) }, name.slice(0, 64));
        else this.refusedUnauthenticated();
      },
    });
    client.on('authentication', (ctx) => { void this.authenticate(ctx); });
    client.on('ready', () => this.ready());
    client.on('close', () => { void this.end('client_closed'); });
    // A client that half-closes TCP while the gateway still holds output for it (it stopped
    // reading) would never let the socket close: its end is the session's end.
    this.socket.once('end', () => { void this.end('client_closed'); });
    client.on('error', () => { void this.end('client_closed'); });
  }

  /** An operator log line of this session: every one carries the session id. */
  private log(line: string, level: GatewayLogFields['level'] = 'warn', fields: Omit<GatewayLogFields, 'sessionId' | 'level'> = {}): void {
    this.gw.log(line, { ...fields, sessionId: this.id, level });
  }

  info(): LiveSessionInfo | undefined {
    const s = this.session;
    const g = this.grant;
    if (!s || !g) return undefined;
    return {
      id: s.id, caseId: s.caseId, unitId: s.unitId, username: g.user.username, target: g.target.name, sourceIp: s.sourceIp, network: g.network.name,
      workstation: g.workstation.assetTag, startedAt: s.startedAt,
      lastActivityAt: new Date(this.gw.deps.clock.now().getTime() - (performance.now() - this.lastActivity)).toISOString(),
      bytesUp: this.bytesUp, bytesDown: this.bytesDown,
      channels: this.channels.filter((c) => c.kind !== null).map((c) => ({ channel: c.channel, kind: c.kind as 'shell', command: c.command, pty: c.hasPty })),
    };
  }

  private refuse(ctx: AuthContext, err: DomainError | Error, final: boolean): void {
    if (this.closing) return; // the client has gone
    if (err instanceof DomainError) {
      sendBanner(this.client, this.lines.refusal(err));
      // Only failures to prove who one is count towards blocking an address: a target that is
      // down, or a case not yet in B3, must not lock an office out.
      if (err.code === 'gateway.A1a' || err.code.startsWith('auth.')) this.gw.refused(this.sourceIp);
    } else {
      this.log(`gateway ${this.id}: ${err.stack ?? err.message}`, 'error');
      sendBanner(this.client, this.lines.internalError(this.id));
    }
    this.rejectAttempt(ctx, ['publickey'], final);
  }

  /**
   * A failed attempt, counted before it is answered: `ctx.reject` hands ssh2's next queued
   * attempt to `authenticate` at once, so a count made later would let attempts slip through
   * while the connection ends. The last one closes authentication for good.
   */
  private rejectAttempt(ctx: AuthContext, methods: AuthContext['method'][], final = false): void {
    const last = final || ++this.authAttempts >= MAX_AUTH_ATTEMPTS;
    if (last) this.authClosed = true;
    ctx.reject(last ? [] : methods);
    // a moment for the banner and the failure to go out before the disconnect
    if (last) setTimeout(() => this.client.end(), 50);
  }

  private async authenticate(ctx: AuthContext): Promise<void> {
    // Decided synchronously, before any await: past a limit nothing more is looked at (nor logged).
    if (this.authenticated || this.gw.closing || this.closing || this.authClosed) { ctx.reject([]); return; }
    if (++this.authRequests > MAX_AUTH_REQUESTS || this.gw.blocked(this.sourceIp)) {
      this.authClosed = true;
      ctx.reject([]);
      this.client.end();
      return;
    }
    try {
      if (ctx.method === 'publickey') await this.publicKey(ctx);
      else if (ctx.method === 'keyboard-interactive' && this.grant?.totpRequired) this.totp(ctx);
      else if (ctx.method === 'none') ctx.reject(['publickey']);
      else this.rejectAttempt(ctx, this.grant?.totpRequired ? ['keyboard-interactive'] : ['publickey']);
    } catch (err) {
      this.refuse(ctx, err as Error, err instanceof DomainError && err.code !== 'gateway.A1a');
    }
  }

  private async publicKey(ctx: PublicKeyAuthContext): Promise<void> {
    const key = ssh2.utils.parseKey(ctx.key.data);
    if (key instanceof Error || Array.isArray(key)) { this.rejectAttempt(ctx, ['publickey']); return; }
    // Without a signature the client only asks whether this key would do; the decision (and its
    // logbook entry) comes with the signed attempt, which proves possession of the private key.
    if (!ctx.signature) { ctx.accept(); return; }
    // A signed attempt: what an earlier one granted holds no more unless this one succeeds (a
    // grant for key A is never finished with key B, nor after a failed attempt); the grant and
    // its key's fingerprint are set together, once this key is authorised.
    this.grant = null;
    this.keyFingerprint = '';
    if (!ctx.blob || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) { this.rejectAttempt(ctx, ['publickey']); return; }
    const login = parseLoginName(ctx.username);
    if (!login) {
      this.authClosed = true;
      sendBanner(this.client, this.lines.badLoginName(ctx.username));
      this.gw.refused(this.sourceIp);
      if (this.gw.logRefusalInFull(this.sourceIp, 'gateway.login_name_invalid')) await logGatewayAnonymousRefusal(this.gw.deps, ctx.username, this.sourceIp);
      this.rejectAttempt(ctx, [], true);
      return;
    }
    const keyFingerprint = this.gw.deps.fingerprint(ctx.key.data.toString('base64'));
    const grant = await authorizeGatewayAccess(this.gw.deps, { username: login.username, target: login.target, keyFingerprint, sourceIp: this.sourceIp },
      { totpGraceSeconds: this.gw.opts.totpGraceSeconds ?? 0, logRefusal: (err) => this.gw.logRefusalInFull(this.sourceIp, err.code) });
    this.grant = grant;
    this.keyFingerprint = keyFingerprint;
    this.lines = gatewayLines(preferredLang(this.grant.user));
    if (this.grant.totpRequired) { ctx.reject(['keyboard-interactive'], true); return; }
    await this.startOpening(ctx, this.grant);
  }

  private totp(ctx: KeyboardAuthContext): void {
    const grant = this.grant as GatewayAccessGrant;
    // A new request from the client aborts this one (RFC 4252 §5): ssh2 then ignores whatever this
    // context decides, so a code checked meanwhile would open a session the client never enters
    // (no channels, no re-check, no idle timeout). OpenSSH never does this: the connection ends.
    ctx.once('abort', () => { void this.end('client_closed'); });
    ctx.prompt([{ prompt: this.lines.totpPrompt, echo: false }], 'Jaga', this.lines.totpInstructions, (answers) => {
      if (!Array.isArray(answers)) return; // aborted before any answer (ssh2 hands an Error)
      void (async () => {
        try {
          await verifyGatewaySecondFactor(this.gw.deps, grant.user, { code: answers[0] ?? '' }, { keyFingerprint: this.keyFingerprint, sourceIp: this.sourceIp });
          await this.startOpening(ctx, grant);
        } catch (err) {
          if (err instanceof DomainError && (err.code === 'auth.totp_invalid' || err.code === 'auth.totp_reused') && ++this.authAttempts < 3) {
            sendBanner(this.client, this.lines.refusal(err));
            this.gw.refused(this.sourceIp);
            ctx.reject(['keyboard-interactive'], true);
          } else this.refuse(ctx, err as Error, true);
        }
      })();
    });
  }

  /** Only one opening at a time, and end() waits for it: a client that leaves meanwhile leaves no session behind. */
  private startOpening(ctx: AuthContext, g: GatewayAccessGrant): Promise<void> {
    // Only the grant in force (a later failed public-key attempt withdrew any earlier one) is opened.
    if (this.opening || this.closing || this.grant !== g) { ctx.reject([]); return Promise.resolve(); }
    this.opening = this.open(ctx, g, this.keyFingerprint);
    return this.opening;
  }

  /** Authenticated and authorised (with the key of `keyFingerprint`): connect to the target, record the session's start, let the client in. */
  private async open(ctx: AuthContext, g: GatewayAccessGrant, keyFingerprint: string): Promise<void> {
    const who = { userId: g.user.id, sourceIp: this.sourceIp, caseId: g.case.id };
    const credential = await loadTargetCredential(this.gw.deps, g.target.id);
    if (!credential) {
      await refuseGatewayConnection(this.gw.deps, who, DomainError.of('forbidden', 'gateway.no_credential', { target: g.target.name }, { target: g.target.name }));
    }
    try {
      this.upstream = await connectUpstream(g.target, credential as NonNullable<typeof credential>, { fingerprint: this.gw.deps.fingerprint });
      await assertNotUid0(this.upstream, g.target);
    } catch (err) {
      this.upstream?.end();
      this.upstream = null;
      if (!(err instanceof UpstreamError)) throw err;
      const target = g.target.name;
      const why = { target, cause: err.message, ...err.details };
      const refusal = err.reason === 'uid0'
        ? DomainError.of('forbidden', 'gateway.target_uid0', { target, account: g.target.loginAccount }, { rule: 'A1c', ...why })
        : err.reason === 'host_key_mismatch'
          ? DomainError.of('forbidden', 'gateway.target_host_key_mismatch', { target }, { rule: 'host_key', ...why })
          : DomainError.of('forbidden', `gateway.target_${err.reason}`, { target }, { rule: 'target', ...why });
      await refuseGatewayConnection(this.gw.deps, who, refusal);
    }
    const up = this.upstream as SshClient;
    up.on('error', () => {});
    if (this.closing) return; // the client left while the target was being reached: no session (end() closes the upstream)
    this.session = await openGatewaySession(this.gw.deps, g, { id: this.id, sourceIp: this.sourceIp, keyFingerprint, nodeId: this.gw.opts.nodeId });
    if (this.closing) return; // …or while the session was being recorded: end() records its end right away
    up.on('close', () => { void this.end('target_closed', (l) => l.targetClosed); });
    this.authenticated = true;
    this.gw.authenticated(this);
    this.gw.deps.metrics.sessionOpened();
    this.log('gateway session opened', 'info', { caseId: g.case.id, user: g.user.username, target: g.target.name, sourceIp: this.sourceIp });
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
      event: (type: `gateway.${string}`, data: Record<string, unknown>) => {
        const kind = refusalKind(type, data);
        if (kind) this.sessionRefusal(type, data, kind); else this.event(type, data);
      },
      traffic: (u: number, d: number) => { this.bytesUp += u; this.bytesDown += d; this.lastActivity = performance.now(); this.gw.deps.metrics.relayed(u, d); },
      lines: this.lines,
      live: (e: LiveSessionEvent) => { for (const w of this.watchers) w(e); },
      recordingFailed: (err: Error) => {
        this.log(`gateway ${this.id}: recording failed: ${err.message}`);
        this.event('gateway.recording_failed', { error: err.message });
        void this.end('recording_failed', (l) => l.recordingFailed);
      },
      recordingBudget: new RecordingBudget(this.gw.opts.recordingQuotaBytes ?? DEFAULT_RECORDING_QUOTA_BYTES),
      maskedInput: (channel: number, bytes: Buffer) => this.maskedInput(channel, bytes),
    };
    let n = 0;
    this.client.on('session', (accept, reject) => {
      if (this.closing) { reject(); return; } // an ending session opens nothing new
      if (this.openChannels() >= MAX_CHANNELS_PER_SESSION) {
        reject();
        this.sessionRefusal('gateway.channel_refused', { channelType: 'session', limit: MAX_CHANNELS_PER_SESSION, rule: 'channels' }, 'session');
        return;
      }
      const ch = new ProxiedChannel(channelCtx, n++, accept());
      this.channels.push(ch);
      void ch.done.then(() => { this.closedChannels.add(ch); });
    });
    const refuseForward = (request: string, details: Record<string, unknown>): void => {
      this.sessionRefusal('gateway.forwarding_refused', { request, rule: 'recording', ...details }, request);
      for (const c of this.channels) c.notice(`${this.lines.forwardingRefused}\r\n`);
    };
    this.client.on('tcpip', (_accept, reject, info) => { reject(); refuseForward('direct-tcpip', { destination: `${info.destIP}:${info.destPort}` }); });
    this.client.on('openssh.streamlocal', (_accept, reject, info) => { reject(); refuseForward('direct-streamlocal', { socketPath: info.socketPath }); });
    this.client.on('request', (_accept, reject, name) => { reject?.(); refuseForward(name, {}); });
    const recheckMs = (this.gw.opts.recheckSeconds ?? 30) * 1000;
    this.recheckTimer = setInterval(() => { void this.recheck(); }, recheckMs);
    const idleMs = this.gw.opts.idleTimeoutSeconds * 1000;
    if (idleMs > 0) {
      this.idleTimer = setInterval(() => {
        if (performance.now() - this.lastActivity >= idleMs) void this.end('idle_timeout', (l) => l.idle(Math.max(1, Math.round(idleMs / 60_000))));
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
        void this.end('access_revoked', (l) => l.accessRevoked(err));
      } else {
        // The store cannot answer (or could not log a refusal): access that cannot be confirmed
        // three times running is not kept open (fails closed).
        this.log(`gateway ${this.id}: access re-check failed: ${(err as Error).message}`);
        if (++this.recheckFailures >= 3) void this.end('error', (l) => l.accessUnconfirmed);
      }
    } finally {
      this.rechecking = false;
    }
  }

  private readonly closedChannels = new WeakSet<ProxiedChannel>();
  private openChannels(): number {
    return this.channels.filter((c) => !this.closedChannels.has(c)).length;
  }

  /**
   * A refused request of the session: logged in full when it is the first of its window,
   * otherwise counted into the window's summary; one past MAX_REFUSED_REQUESTS ends the session.
   */
  private sessionRefusal(type: `gateway.${string}`, data: Record<string, unknown>, kind: string): void {
    const { logInFull, overLimit } = this.refusals.refused(kind);
    if (logInFull) this.event(type, data);
    if (overLimit && !this.closing) {
      this.event('gateway.refusals_exceeded', { limit: MAX_REFUSED_REQUESTS });
      void this.end('too_many_refusals', (l) => l.tooManyRefusals(MAX_REFUSED_REQUESTS));
    }
  }

  /** Before authentication ssh2 refuses every channel and global request: past the limit the connection is closed (there is no session to log in). */
  private refusedUnauthenticated(): void {
    if (++this.refusedBeforeAuth > MAX_REFUSED_REQUESTS && !this.authClosed) {
      this.authClosed = true;
      this.client.end();
    }
  }

  private event(type: `gateway.${string}`, data: Record<string, unknown>): void {
    this.queue((s) => logGatewayEvent(this.gw.deps, s, type, data));
  }

  /** A line typed at a secret prompt: counted for the session, sealed into the logbook in order with its other events. */
  private maskedInput(channel: number, bytes: Buffer): void {
    const m = { channel, line: ++this.maskedLines, base64: bytes.toString('base64'), bytes: bytes.length };
    this.queue((s) => logMaskedInput(this.gw.deps, s, m, this.gw.opts.maskedLinesFlag ?? DEFAULT_MASKED_LINES_FLAG));
  }

  private queue(write: (s: GatewaySession) => Promise<void>): void {
    const s = this.session;
    if (!s) return;
    this.events = this.events.then(() => write(s)).catch((err: Error) => {
      // Evidence that cannot be written ends the session, like a recording that cannot be written.
      this.log(`gateway ${this.id}: logbook write failed: ${err.message}`);
      void this.end('error', (l) => l.internalError(this.id));
    });
  }

  /** Ends the session once, whoever asks first; resolves when its end is recorded. */
  end(reason: EndReason, notice?: (lines: GatewayLines) => string, terminatedBy?: string): Promise<void> {
    this.closing ??= (async () => {
      if (this.idleTimer) clearInterval(this.idleTimer);
      if (this.recheckTimer) clearInterval(this.recheckTimer);
      await this.opening?.catch(() => {});
      if (notice) {
        const line = notice(this.lines);
        for (const c of this.channels) c.notice(line);
      }
      const forced = !isOrderlyEnd(reason);
      await Promise.all(this.channels.map((c) => c.end(forced)));
      const recordings = (await Promise.all(this.channels.map((c) => c.done))).filter((r): r is SessionRecording => r !== null);
      this.client.end();
      // …and a client that does not take the disconnect (it stopped reading) does not keep the socket.
      setTimeout(() => this.socket.destroy(), SOCKET_LINGER_MS).unref();
      this.refusals.flush();
      this.upstream?.end();
      await this.events;
      if (this.session) {
        try {
          await closeGatewaySession(this.gw.deps, this.session.id, { endReason: reason, bytesUp: this.bytesUp, bytesDown: this.bytesDown, recordings,
            ...(terminatedBy ? { terminatedBy } : {}) });
        } catch (err) {
          this.log(`gateway ${this.id}: could not record the session end: ${(err as Error).message}`);
        }
      }
      for (const w of this.watchers) w({ type: 'end', reason });
      this.watchers.clear();
      if (this.authenticated) {
        this.gw.deps.metrics.sessionClosed();
        this.log('gateway session ended', 'info', { endReason: reason, bytesUp: this.bytesUp, bytesDown: this.bytesDown });
      }
      this.gw.forget(this);
    })();
    return this.closing;
  }
}

/** How long a socket is kept after the session ended, for the disconnect to go out. */
const SOCKET_LINGER_MS = 5_000;

/** The kind of a refusal a channel reports as an event (forwarding, a subsystem, a signal, an SFTP extension), or null for other events. */
function refusalKind(type: string, data: Record<string, unknown>): string | null {
  if (type === 'gateway.forwarding_refused') return String(data['request'] ?? 'forwarding');
  if (type === 'gateway.subsystem_refused') return `subsystem:${String(data['subsystem'] ?? '').slice(0, 64)}`;
  if (type === 'gateway.signal' && data['refused'] !== undefined) return 'signal';
  // An SFTP extension the observer refused is a refused request like any other: counted, summarised, and ending a session that floods them.
  if (type === 'gateway.file_transfer' && data['op'] === 'refused') return `sftp:${String(data['extension'] ?? '').slice(0, 64)}`;
  return null;
}

async function logGatewayAnonymousRefusal(deps: AppDeps, loginName: string, sourceIp: string): Promise<void> {
  await refuseGatewayConnection(deps, { userId: null, sourceIp, caseId: null },
    DomainError.of('forbidden', 'gateway.login_name_invalid', {}, { loginName: loginName.slice(0, 100) }))
    .catch(() => {});
}
