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
type Protocol = {
  _packetRW: { write: PacketWriter };
  channelOpenFail(remote: number, reason: number, desc: string): void;
};

const require = createRequire(import.meta.url);
/** How ssh2's own Protocol sends packets (`ssh2/lib/protocol/utils.js`, not exported by the package). */
const { sendPacket } = require('ssh2/lib/protocol/utils.js') as { sendPacket: (proto: unknown, packet: Buffer) => void };

const SSH_MSG_USERAUTH_BANNER = 53;
const SSH_OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

function protocolOf(client: Connection): Protocol {
  const proto = (client as unknown as { _protocol?: Protocol })._protocol;
  if (!proto || typeof proto.channelOpenFail !== 'function' || !proto._packetRW?.write) {
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
