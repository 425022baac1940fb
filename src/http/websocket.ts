import type { IncomingMessage } from 'node:http';
import { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';

/** asciinema-player's live-stream subprotocol: an asciicast v2 header, then one event per message. */
export const ASCIICAST_V2 = 'v2.asciicast';
/** A WebSocket peer that answers no ping for this long is dropped. */
const HEARTBEAT_MS = 30_000;
/** How long a shutdown waits for watchers to acknowledge the close before dropping them. */
const CLOSE_GRACE_MS = 1_000;

/**
 * WebSocket upgrades that go through Fastify like any other request. Every `upgrade` request is
 * dispatched to the router (`fastify.routing`) with a response bound to its socket, so it passes
 * the same hooks, authentication, authorisation and error replies as every route; a WebSocket
 * route then `accept`s it. Anything that is not accepted gets an ordinary HTTP answer (401, 403,
 * 404 …) and the connection is closed. Read-only peers: messages are tiny, no compression.
 */
export class WebSocketUpgrades {
  // The one subprotocol spoken besides Jaga's own JSON messages: asciinema-player's `v2.asciicast`
  // (ws would otherwise pick the first one a client offers, whatever it is).
  readonly #wss = new WebSocketServer({
    noServer: true, maxPayload: 1024, perMessageDeflate: false,
    handleProtocols: (offered: Set<string>) => (offered.has(ASCIICAST_V2) ? ASCIICAST_V2 : false),
  });
  readonly #pending = new WeakMap<IncomingMessage, { socket: Duplex; head: Buffer }>();
  readonly #alive = new WeakSet<WebSocket>();
  #heartbeat: NodeJS.Timeout | undefined;

  attach(fastify: FastifyInstance): void {
    fastify.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const problem = handshakeProblem(req);
      if (problem) {
        socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(problem)}\r\n\r\n${problem}`);
        return;
      }
      this.#pending.set(req, { socket, head });
      const res = new ServerResponse(req);
      res.shouldKeepAlive = false;
      res.assignSocket(socket as Socket);
      // Answered over HTTP (not upgraded): the connection ends with the answer.
      res.on('finish', () => { socket.end(); setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref(); });
      try {
        fastify.routing(req, res);
      } catch (err) {
        fastify.log.warn({ err }, 'websocket upgrade failed');
        socket.destroy();
      }
    });
    this.#heartbeat = setInterval(() => {
      for (const ws of this.#wss.clients) {
        if (!this.#alive.has(ws)) { ws.terminate(); continue; }
        this.#alive.delete(ws);
        ws.ping();
      }
    }, HEARTBEAT_MS).unref();
    // Open WebSockets would keep the server from closing: they are told (1001) and then dropped.
    fastify.addHook('preClose', async () => {
      clearInterval(this.#heartbeat);
      const open = [...this.#wss.clients];
      await Promise.all(open.map((ws) => new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) { resolve(); return; }
        const timer = setTimeout(() => { ws.terminate(); resolve(); }, CLOSE_GRACE_MS);
        ws.once('close', () => { clearTimeout(timer); resolve(); });
        ws.close(1001, 'server shutting down');
      })));
    });
  }

  /** Whether this request arrived as a WebSocket upgrade (and has not been accepted yet). */
  isUpgrade(req: FastifyRequest): boolean {
    return this.#pending.has(req.raw);
  }

  /** Completes the upgrade of `req`; the reply is taken over (Fastify sends nothing more). */
  accept(req: FastifyRequest, reply: FastifyReply, onOpen: (ws: WebSocket) => void): void {
    const pending = this.#pending.get(req.raw);
    if (!pending) throw new Error('accept() on a request that is not a WebSocket upgrade');
    this.#pending.delete(req.raw);
    void reply.hijack();
    this.#wss.handleUpgrade(req.raw, pending.socket, pending.head, (ws) => {
      this.#alive.add(ws);
      ws.on('pong', () => this.#alive.add(ws));
      ws.on('error', () => ws.terminate());
      onOpen(ws);
    });
  }
}

/** What makes an upgrade request unacceptable before it is even routed (the handshake ws would refuse). */
function handshakeProblem(req: IncomingMessage): string | null {
  if (req.method !== 'GET') return 'WebSocket upgrades use GET.';
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return 'Only WebSocket upgrades are served.';
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !/^[+/0-9A-Za-z]{22}==$/.test(key)) return 'Missing or invalid Sec-WebSocket-Key.';
  if (req.headers['sec-websocket-version'] !== '13' && req.headers['sec-websocket-version'] !== '8') return 'Unsupported Sec-WebSocket-Version (13).';
  return null;
}

/** The host a browser page came from (`Origin`) is the host this request was sent to. */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    const from = new URL(origin);
    if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
    // Parsed with the origin's scheme, so a default port written out (`host:443`) compares equal.
    return new URL(`${from.protocol}//${req.host}`).host === from.host;
  } catch {
    return false;
  }
}
