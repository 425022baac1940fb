import { Socket, type Server as NetServer } from 'node:net';
import { createRequire } from 'node:module';
import type { Connection, Server } from 'ssh2';

/**
 * Every place the gateway reaches into ssh2's private internals, and nothing else does. ssh2 is
 * pinned in the lockfile for these; each says why it is needed and which test fails if an ssh2
 * upgrade changes it. A missing internal fails loudly here (an Error at start or at connect),
 * never silently with a weaker gateway.
 */

type PacketWriter = { allocStart: number; alloc(n: number): Buffer; finalize(b: Buffer): Buffer };
type MessageHandler = (p: unknown, ...args: never[]) => unknown;
type Protocol = {
  _packetRW: { write: PacketWriter };
  _handlers: Record<string, MessageHandler | undefined>;
  channelOpenFail(remote: number, reason: number, desc: string): void;
};

const require = createRequire(import.meta.url);
/** How ssh2's own Protocol sends packets (`ssh2/lib/protocol/utils.js`, not exported by the package). */
const { sendPacket } = require('ssh2/lib/protocol/utils.js') as { sendPacket: (proto: unknown, packet: Buffer) => void };

const SSH_MSG_USERAUTH_BANNER = 53;
const SSH_OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

function protocolOf(client: Connection): Protocol {
  const proto = (client as unknown as { _protocol?: Protocol })._protocol;
  if (!proto || typeof proto.channelOpenFail !== 'function' || !proto._packetRW?.write || typeof proto._handlers?.['CHANNEL_OPEN'] !== 'function'
    || typeof proto._handlers['GLOBAL_REQUEST'] !== 'function') {
    throw new Error('ssh2 internals changed: Connection._protocol (see src/gateway/ssh2-internals.ts)');
  }
  return proto;
}

/**
 * A USERAUTH_BANNER after the first one (RFC 4252 §5.4 allows one any time before success).
 * Why: ssh2 offers no API for a second banner, and every refusal is told to the person as a
 * banner line before the rejection (OpenSSH prints it; the rejection alone says nothing).
 * Uses `Connection._protocol._packetRW.write` and `sendPacket` from `ssh2/lib/protocol/utils.js`.
 * Breaks: test/e2e/gateway-refusals.test.ts (every refusal asserts its `Jaga: DITOLAK / REFUSED` line).
 */
export function sendBanner(client: Connection, text: string): void {
  const proto = protocolOf(client);
  const len = Buffer.byteLength(text);
  const w = proto._packetRW.write;
  let p = w.allocStart;
  const packet = w.alloc(1 + 4 + len + 4);
  packet[p] = SSH_MSG_USERAUTH_BANNER;
  packet.writeUInt32BE(len, ++p);
  packet.write(text, (p += 4), len, 'utf8');
  packet.writeUInt32BE(0, p + len); // language tag
  sendPacket(proto, w.finalize(packet));
}

/**
 * Channel-open refusals (port forwarding) carry a reason the OpenSSH client prints.
 * Why: ssh2 refuses a channel it has no listener for with an empty description and reason
 * "connect failed"; the person is to read why (forwarding bypasses recording). Wraps
 * `Connection._protocol.channelOpenFail`; `description` is asked when a refusal is sent.
 * Breaks: test/e2e/gateway-refusals.test.ts ('port forwarding (-W, -R) and agent forwarding are
 * refused…' asserts `administratively prohibited: Jaga: DITOLAK / REFUSED: penerusan port`).
 */
export function explainChannelRefusals(client: Connection, description: () => string): void {
  const proto = protocolOf(client);
  const original = proto.channelOpenFail.bind(proto);
  proto.channelOpenFail = (remote, _reason, desc) => original(remote, SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, desc || description());
}

/**
 * The TCP socket under an ssh2 server connection.
 * Why: the abuse limits count and time each TCP connection from its first byte (before ssh2 has a
 * Connection for it) and must let go of exactly that socket once it authenticates. Uses
 * `Connection._sock`. Breaks: every gateway e2e test (test/e2e/gateway.test.ts first), since a
 * connection without it is refused here rather than left to the pre-auth deadline.
 */
export function socketOf(client: Connection): Socket {
  const sock = (client as unknown as { _sock?: unknown })._sock;
  if (!(sock instanceof Socket)) throw new Error('ssh2 internals changed: Connection._sock (see src/gateway/ssh2-internals.ts)');
  return sock;
}

/**
 * The `net.Server` inside an ssh2 Server.
 * Why: every TCP connection is counted, limited and timed from its first moment, before ssh2 sees
 * a byte (ssh2's own `connection` event comes after the version exchange, too late for a flood of
 * half-open handshakes). Uses `Server._srv`. Breaks: every gateway test at start, and
 * test/e2e/gateway-lifecycle.test.ts ('hostile input…': a flood of idle half-open connections
 * from one address does not lock out another).
 */
export function tcpServerOf(server: Server): NetServer {
  const srv = (server as unknown as { _srv?: NetServer })._srv;
  if (!srv || typeof srv.prependListener !== 'function') throw new Error('ssh2 internals changed: Server._srv (see src/gateway/ssh2-internals.ts)');
  return srv;
}

/** Channel types ssh2's server hands to the gateway as events (`session`, `tcpip`, `openssh.streamlocal`); it refuses every other type by itself. */
const CHANNEL_TYPES_WITH_EVENTS = new Set(['session', 'direct-tcpip', 'direct-streamlocal@openssh.com']);
/** Global requests ssh2's server hands to the gateway as `request` events; it answers every other one with a failure by itself. */
const GLOBAL_REQUESTS_WITH_EVENTS = new Set(['tcpip-forward', 'cancel-tcpip-forward', 'no-more-sessions@openssh.com', 'streamlocal-forward@openssh.com',
  'cancel-streamlocal-forward@openssh.com']);

/**
 * Tells of every channel open and global request ssh2 refuses by itself, without an event.
 * Why: ssh2 refuses unknown channel types (`tun@openssh.com` from `ssh -w`, `x11`, anything a
 * client makes up) and unknown global requests silently, and every refusal must reach the logbook
 * (and count towards ending a session that floods them). Wraps the `CHANNEL_OPEN` and
 * `GLOBAL_REQUEST` handlers in `Connection._protocol._handlers` (the Protocol looks them up per
 * message); ssh2 still answers them. Before authentication ssh2 refuses every channel open:
 * `authenticated` says which case it was.
 * Breaks: test/e2e/gateway-limits.test.ts ('every refused channel type is logged…').
 */
export function watchUnhandledRequests(client: Connection, on: {
  channelOpen(type: string, authenticated: boolean): void;
  globalRequest(name: string, authenticated: boolean): void;
}): void {
  const h = protocolOf(client)._handlers;
  const authenticated = (): boolean => (client as unknown as { authenticated?: boolean }).authenticated === true;
  const open = h['CHANNEL_OPEN'] as (p: unknown, info: { type?: unknown }) => unknown;
  h['CHANNEL_OPEN'] = ((p: unknown, info: { type?: unknown }) => {
    const type = String(info?.type ?? '');
    const unhandled = !authenticated() || !CHANNEL_TYPES_WITH_EVENTS.has(type);
    const wasAuthenticated = authenticated();
    const r = open(p, info);
    if (unhandled) on.channelOpen(type, wasAuthenticated);
    return r;
  }) as MessageHandler;
  const global = h['GLOBAL_REQUEST'] as (p: unknown, name: unknown, ...rest: unknown[]) => unknown;
  h['GLOBAL_REQUEST'] = ((p: unknown, name: unknown, ...rest: unknown[]) => {
    const n = String(name ?? '');
    const wasAuthenticated = authenticated();
    const unhandled = !wasAuthenticated || !GLOBAL_REQUESTS_WITH_EVENTS.has(n);
    const r = global(p, name, ...rest);
    if (unhandled) on.globalRequest(n, wasAuthenticated);
    return r;
  }) as MessageHandler;
}

/**
 * The TCP socket to the client under a server channel (or its stderr stream).
 * Why: output for a client is bounded per session by what waits in that socket's write buffer
 * (ssh2 writes a channel's data to the socket as soon as the client's SSH window allows, and a
 * client may grant a huge window and stop reading TCP); ssh2 gives a channel no way to its
 * connection. Uses `Channel._client._sock` (and `ServerStderr._channel`).
 * Breaks: test/e2e/gateway-limits.test.ts ('a client that grants a huge window and stops reading…').
 */
export function clientSocketOfStream(stream: object): Socket {
  const channel = (stream as { _channel?: object })._channel ?? stream;
  const sock = (channel as { _client?: { _sock?: unknown } })._client?._sock;
  if (!(sock instanceof Socket)) throw new Error('ssh2 internals changed: Channel._client._sock (see src/gateway/ssh2-internals.ts)');
  return sock;
}
