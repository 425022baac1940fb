import type { AddressInfo, Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';
import { closeAbandonedSessions, confirmGatewaySessions, logGatewaySourceBlocked } from '../app/access/gateway-session.js';
import { listGatewaySourceNetworks, logGatewayRefusalsSummarised } from '../app/access/gateway-abuse.js';
import type { LiveSessionEvent, LiveSessionInfo, LiveSessions } from '../ports/live-sessions.js';
import { operatorLines, type GatewayLang, type OperatorLines } from '../presenters/gateway-messages.js';
import { AbuseLimits, MAX_CONNECTIONS } from './abuse-limits.js';
import { ClientOutput } from './backpressure.js';
import { limitReadBurst } from './fair-socket.js';
import { tuneHeapForRelay } from './relay-heap.js';
import { GatewayConnection, type ConnectionHost, type GatewayDeps } from './gateway-connection.js';
import { socketOf, tcpServerOf } from './ssh2-internals.js';
import { CIPHERS } from './upstream.js';

export type { GatewayDeps } from './gateway-connection.js';

export interface GatewayOptions {
  readonly host: string;
  readonly port: number;
  /** The gateway's host key (OpenSSH private key text). */
  readonly hostKey: string;
  /** 0 = never. */
  readonly idleTimeoutSeconds: number;
  /** Operational messages (never credentials); a session's carry its id in `fields`. */
  readonly log?: (line: string, fields?: GatewayLogFields) => void;
  /** The language of the operator's notices in `log` (`jaga serve --lang`); null or absent: Indonesian / English. */
  readonly logLang?: GatewayLang;
  /** How often an open session's access is decided again (seconds; default 30). */
  readonly recheckSeconds?: number;
  /** Seconds after a TOTP pass in which the same user, key and address connect without a code (default 0: always ask). */
  readonly totpGraceSeconds?: number;
  /** This `jaga serve` node, among the nodes that may share the store. */
  readonly nodeId: string;
  /** What one session may record in full, its channels together (bytes; default DEFAULT_RECORDING_QUOTA_BYTES, 256 MiB). */
  readonly recordingQuotaBytes?: number;
  /** How often the node confirms its sessions and looks for sessions of lost nodes (ms; default 15 000). */
  readonly heartbeatMs?: number;
  /** A session with more lines typed at secret prompts than this is flagged on its case (default DEFAULT_MASKED_LINES_FLAG). */
  readonly maskedLinesFlag?: number;
}

/** What a gateway log line says besides its text: the session's id on every line of a session, its level (default warn). */
export interface GatewayLogFields {
  readonly sessionId?: string;
  readonly level?: 'info' | 'warn' | 'error';
  readonly [field: string]: unknown;
}

export interface SshGateway {
  readonly address: { host: string; port: number };
  readonly live: LiveSessions;
  /**
   * Output this node holds for its clients right now, in bytes (client sockets' write buffers,
   * channel streams, target output read and not yet forwarded): what backpressure bounds.
   */
  bufferedBytes(): number;
  /** Stops accepting, ends every session (recorded as `shutdown`), resolves when all are recorded. */
  close(): Promise<void>;
}

const normaliseIp = (ip: string | undefined): string => (ip ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/**
 * The gateway's listener and the live sessions of this node: it admits TCP connections under the
 * abuse limits, hands each to a GatewayConnection, confirms its sessions (heartbeat), closes those
 * of lost nodes, and ends every session at shutdown.
 */
class Gateway implements LiveSessions, ConnectionHost {
  closing = false;
  readonly limits: AbuseLimits;
  private readonly connections = new Set<GatewayConnection>();
  private readonly sessions = new Map<string, GatewayConnection>();
  private readonly notices: OperatorLines;

  constructor(readonly deps: GatewayDeps, readonly opts: GatewayOptions) {
    this.notices = operatorLines(opts.logLang ?? null);
    this.limits = new AbuseLimits(deps.clock, (ip, block) => {
      this.log(this.notices.sourceBlocked(ip, block.minutes, block.refusals));
      void logGatewaySourceBlocked(this.deps, ip, { refusals: block.refusals, windowSeconds: block.windowSeconds, until: block.until, blocks: block.blocks })
        .catch((err: Error) => this.log(`gateway: could not log the block of ${ip}: ${err.message}`));
    }, (summary) => {
      void logGatewayRefusalsSummarised(this.deps, { ...summary })
        .catch((err: Error) => this.log(`gateway: could not log the refusals of ${summary.source}: ${err.message}`));
    });
  }

  log(line: string, fields?: GatewayLogFields): void {
    this.opts.log?.(line, fields);
  }

  /** Listening, but sessions a killed predecessor left open are not closed yet: nothing is let in. */
  starting = true;

  /** Whether a new TCP connection from this address is let in at all. */
  admit(sock: Socket, ip: string): boolean {
    return !this.closing && !this.starting && this.limits.admit(sock, ip);
  }

  refused(ip: string): void {
    this.limits.refused(ip);
  }

  logRefusalInFull(ip: string, code: string): boolean {
    return this.limits.logInFull(ip, code);
  }

  blocked(ip: string): boolean {
    return this.limits.isBlocked(ip);
  }

  bufferedBytes(): number {
    let n = 0;
    for (const c of this.connections) n += ClientOutput.of(c.socket).buffered();
    return n;
  }

  /** The networks in service, for the slots reserved to them (kept as they were when the store cannot answer). */
  async refreshNetworks(): Promise<void> {
    try {
      this.limits.setRegisteredNetworks(await listGatewaySourceNetworks(this.deps));
    } catch (err) {
      this.log(`gateway: could not read the registered networks: ${(err as Error).message}`);
    }
  }

  accept(client: Connection, ip: string): void {
    client.on('error', () => {}); // before anything else: a refused connection must not crash the process
    if (this.closing) { client.end(); return; }
    try {
      // ssh2 hands over a connection once the client's version line has come (VERSION_TIMEOUT_MS met)
      this.limits.identified(socketOf(client));
      this.connections.add(new GatewayConnection(this, client, ip));
    } catch (err) {
      // ssh2's internals changed under the gateway (see ssh2-internals.ts): no connection is served without them.
      this.log(`gateway: ${(err as Error).message}`);
      client.end();
    }
  }

  authenticated(c: GatewayConnection): void {
    this.limits.release(c.socket);
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
    await c.end('terminated', (l) => l.terminated(by), by);
    return true;
  }

  /** Confirms this node's sessions, then closes those of nodes that stopped confirming theirs. */
  async heartbeat(): Promise<void> {
    if (this.closing) return;
    this.limits.sweep();
    await this.refreshNetworks();
    try {
      await confirmGatewaySessions(this.deps, [...this.sessions.values()].map((c) => c.session?.id).filter((id): id is string => !!id));
      const n = await closeAbandonedSessions(this.deps, { nodeId: this.opts.nodeId, starting: false });
      if (n > 0) this.log(this.notices.lostNodeSessionsClosed(n));
    } catch (err) {
      this.log(`gateway: heartbeat failed: ${(err as Error).message}`);
    }
  }

  async shutdown(): Promise<void> {
    this.closing = true;
    this.limits.flush();
    await Promise.all([...this.connections].map((c) => c.end('shutdown', (l) => l.shutdown)));
  }
}

/** A gateway whose port is bound but which admits nothing yet (`jaga serve` binds every listener before anything else happens). */
export interface ListeningSshGateway {
  readonly address: { host: string; port: number };
  readonly live: LiveSessions;
  /** Closes the sessions a killed predecessor left open, then admits connections. */
  start(): Promise<SshGateway>;
  /** Stops listening (and ends every session, once started). */
  close(): Promise<void>;
}

/**
 * Starts the SSH gateway: an ssh2 server that authenticates executors (key of a registered
 * organisation-owned workstation, then TOTP), decides A1 with the same use case as every other
 * transport, opens its own connection to the target, and proxies channel by channel while
 * recording. Sessions a killed predecessor left open are closed first.
 */
export async function startSshGateway(deps: GatewayDeps, opts: GatewayOptions): Promise<SshGateway> {
  const listening = await listenSshGateway(deps, opts);
  try {
    return await listening.start();
  } catch (err) {
    await listening.close();
    throw err;
  }
}

/**
 * Binds the gateway's port and nothing more: a port that cannot be had fails here, before any
 * session is closed as abandoned (a second `jaga serve` on a busy port must not close the first
 * one's sessions). {@link ListeningSshGateway.start} does the rest.
 */
export async function listenSshGateway(deps: GatewayDeps, opts: GatewayOptions): Promise<ListeningSshGateway> {
  const gw = new Gateway(deps, opts);
  const server = new ssh2.Server({
    hostKeys: [opts.hostKey], ident: 'Jaga',
    algorithms: { cipher: [...CIPHERS] },
  }, (client, info) => {
    gw.accept(client, normaliseIp(info.ip));
  });
  server.maxConnections = MAX_CONNECTIONS;
  // Every TCP connection is counted and timed from its first moment, before ssh2 sees a byte.
  tcpServerOf(server).prependListener('connection', (sock: Socket) => {
    sock.on('error', () => {});
    if (!gw.admit(sock, normaliseIp(sock.remoteAddress))) { sock.destroy(); return; }
    sock.setNoDelay(true);
    limitReadBurst(sock);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  server.on('error', (err: Error) => gw.log(`gateway: ${err.message}`));
  const addr = server.address() as AddressInfo;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      clearInterval(heartbeat);
      const stopped = new Promise<void>((r) => server.close(() => r()));
      await gw.shutdown();
      await stopped;
    })();
    return closed;
  };
  const gateway: SshGateway = { address: { host: addr.address, port: addr.port }, live: gw, bufferedBytes: () => gw.bufferedBytes(), close };
  return {
    address: gateway.address, live: gw, close,
    async start() {
      const abandoned = await closeAbandonedSessions(deps, { nodeId: opts.nodeId, starting: true });
      if (abandoned > 0) gw.log(operatorLines(opts.logLang ?? null).abandonedSessionsClosed(abandoned));
      tuneHeapForRelay();
      await gw.refreshNetworks();
      heartbeat = setInterval(() => { void gw.heartbeat(); }, opts.heartbeatMs ?? 15_000);
      heartbeat.unref();
      gw.starting = false;
      return gateway;
    },
  };
}
