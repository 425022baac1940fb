import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { NodeBus } from '../../ports/node-bus.js';
import { NODE_BUS_MAX_PAYLOAD_BYTES } from '../../ports/node-bus.js';
import { checkPayload, Listeners } from './local-node-bus.js';

/** Sends waiting on the connection at most; past this `send` rejects (a node never queues without bound). */
export const PG_BUS_MAX_PENDING_SENDS = 512;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

/**
 * A node's channel: a fixed-length name from its id (a channel is an identifier of at most 63
 * bytes; ids may be longer and hold characters an identifier may not).
 */
export function nodeChannel(nodeId: string): string {
  return `jaga_node_${createHash('sha256').update(nodeId).digest('hex').slice(0, 40)}`;
}

/**
 * The NodeBus over PostgreSQL `LISTEN`/`NOTIFY` on its own connection (not one of the store's
 * pool, which would hand it to queries; a listening connection must stay put). The connection is
 * made again when it is lost, with a backoff; while it is down `send` rejects and messages to
 * this node are missed, as the port allows. Every node listens on its channel; `send` is
 * `pg_notify(channel of to, payload)`, so notifications from one node arrive in order.
 */
export class PgNodeBus implements NodeBus {
  readonly maxPayloadBytes = NODE_BUS_MAX_PAYLOAD_BYTES;
  readonly #listeners = new Listeners();
  readonly #channel: string;
  #client: pg.Client | null = null;
  #ready = false;
  #pending = 0;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  #retryMs = RECONNECT_MIN_MS;
  #retry: NodeJS.Timeout | undefined;

  private constructor(readonly nodeId: string, private readonly url: string, private readonly log: (line: string) => void) {
    this.#channel = nodeChannel(nodeId);
  }

  /** Connects and listens; resolves once listening (rejects when the first connection fails). */
  static async open(url: string, nodeId: string, log: (line: string) => void = () => undefined): Promise<PgNodeBus> {
    const bus = new PgNodeBus(nodeId, url, log);
    await bus.#connect();
    return bus;
  }

  async #connect(): Promise<void> {
    // pg is loaded only for a PostgreSQL store, like the store's own pool (adapters/db/dialect.ts).
    const { Client } = createRequire(import.meta.url)('pg') as typeof pg;
    const client = new Client({ connectionString: this.url, application_name: 'jaga-node-bus' });
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#ready = false;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.#reconnectLater();
    };
    client.on('error', (err: Error) => { if (this.#client === client) this.log(`node bus: connection lost: ${err.message}`); lost(); });
    client.on('end', lost);
    client.on('notification', (n: pg.Notification) => {
      if (n.channel === this.#channel && n.payload !== undefined) this.#listeners.emit(n.payload);
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#channel}"`);
    } catch (err) {
      if (this.#client === client) { this.#client = null; void client.end().catch(() => undefined); }
      throw err;
    }
    if (this.#closed) { await client.end().catch(() => undefined); return; }
    this.#ready = true;
    this.#retryMs = RECONNECT_MIN_MS;
  }

  #reconnectLater(): void {
    if (this.#closed || this.#retry) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(RECONNECT_MAX_MS, this.#retryMs * 2);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connect().then(() => this.log('node bus: listening again'), (err: Error) => {
        this.log(`node bus: cannot reconnect: ${err.message}`);
        this.#reconnectLater();
      });
    }, wait);
    this.#retry.unref();
  }

  async send(to: string, payload: string): Promise<void> {
    checkPayload(payload, NODE_BUS_MAX_PAYLOAD_BYTES);
    const client = this.#client;
    if (this.#closed || !client || !this.#ready) throw new Error('node bus: not connected');
    if (this.#pending >= PG_BUS_MAX_PENDING_SENDS) throw new Error('node bus: too many messages waiting');
    this.#pending++;
    // One query at a time on the connection (pg queues concurrent ones only with a deprecation
    // warning, and pg 9 not at all): each send waits for the one before it, which keeps the order.
    const sent = this.#tail.then(() => client.query('SELECT pg_notify($1, $2)', [nodeChannel(to), payload]));
    this.#tail = sent.then(() => undefined, () => undefined);
    try {
      await sent;
    } finally {
      this.#pending--;
    }
  }

  listen(listener: (payload: string) => void): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    this.#ready = false;
    this.#listeners.clear();
    await client?.end().catch(() => undefined);
  }
}
