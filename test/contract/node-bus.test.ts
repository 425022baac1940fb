import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import pg from 'pg';
import { LocalNodeHub } from '../../src/adapters/node-bus/local-node-bus.js';
import { PgNodeBus } from '../../src/adapters/node-bus/pg-node-bus.js';
import type { NodeBus } from '../../src/ports/node-bus.js';
import { NODE_BUS_MAX_PAYLOAD_BYTES } from '../../src/ports/node-bus.js';
import type { PostgresCluster } from '../support/postgres-cluster.js';
import { startPostgres } from '../support/postgres-cluster.js';
import { waitFor } from '../support/gateway-world.js';
import { describeOn } from '../support/test-app.js';

/*
 * The NodeBus contract, run over every adapter: PostgreSQL LISTEN/NOTIFY on a real cluster, and
 * the in-process hub (SQLite's single node). Then what only PostgreSQL has: a lost connection.
 */

interface BusAdapter {
  readonly name: string;
  readonly dialect: 'sqlite' | 'postgres';
  /** Buses of these nodes, all on one store. */
  open(...nodeIds: string[]): Promise<NodeBus[]>;
  close(): Promise<void>;
}

let cluster: PostgresCluster | undefined;

function pgAdapter(): BusAdapter {
  let url: string | undefined;
  const opened: NodeBus[] = [];
  return {
    name: 'PostgreSQL LISTEN/NOTIFY', dialect: 'postgres',
    async open(...ids) {
      cluster ??= await startPostgres();
      url ??= await cluster.createDatabase();
      const buses = await Promise.all(ids.map((id) => PgNodeBus.open(url as string, id)));
      opened.push(...buses);
      return buses;
    },
    close: async () => { await Promise.all(opened.splice(0).map((b) => b.close())); },
  };
}

function hubAdapter(): BusAdapter {
  const hub = new LocalNodeHub();
  const opened: NodeBus[] = [];
  return {
    name: 'in-process hub', dialect: 'sqlite',
    open: (...ids) => { const buses = ids.map((id) => hub.bus(id)); opened.push(...buses); return Promise.resolve(buses); },
    close: async () => { await Promise.all(opened.splice(0).map((b) => b.close())); },
  };
}

function heard(bus: NodeBus): string[] {
  const got: string[] = [];
  bus.listen((p) => got.push(p));
  return got;
}

for (const make of [pgAdapter, hubAdapter]) {
  const adapter = make();
  describeOn(adapter.dialect, `NodeBus contract (${adapter.name})`, () => {
    afterEach(() => adapter.close());
    after(async () => { await cluster?.stop(); cluster = undefined; });

    it('delivers to the addressed node only, every message in the order sent, its own included', async () => {
      const [a, b, c] = await adapter.open('node-a', 'node b/with:odd@chars-and-a-long-name-'.padEnd(120, 'x'), 'node-c');
      assert.ok(a && b && c);
      const atB = heard(b);
      const atC = heard(c);
      const atA = heard(a);
      const sent = Array.from({ length: 300 }, (_, i) => `pesan ${i} ✓`);
      // Not awaited one by one: the order of the calls is the order delivered.
      await Promise.all(sent.map((m) => a.send(b.nodeId, m)));
      await a.send(a.nodeId, 'untuk diri sendiri');
      await waitFor(() => atB.length === sent.length && atA.length === 1, 'every message');
      assert.deepEqual(atB, sent);
      assert.deepEqual(atA, ['untuk diri sendiri']);
      assert.deepEqual(atC, []);
    });

    it('carries a message of the full size whole (multi-byte characters, newlines, JSON), refuses a longer one or a NUL', async () => {
      const [a, b] = await adapter.open('node-a', 'node-b');
      assert.ok(a && b);
      const atB = heard(b);
      const head = '{"k":"evt"}\n';
      const full = head + 'é'.repeat((NODE_BUS_MAX_PAYLOAD_BYTES - Buffer.byteLength(head)) / 2);
      assert.equal(Buffer.byteLength(full), NODE_BUS_MAX_PAYLOAD_BYTES);
      await a.send('node-b', full);
      await assert.rejects(a.send('node-b', `${full}x`), /longer than/);
      await assert.rejects(a.send('node-b', 'a\0b'), /NUL/);
      await a.send('node-b', 'setelah');
      await waitFor(() => atB.length === 2, 'both messages');
      assert.deepEqual(atB, [full, 'setelah']);
    });

    it('a node that is not listening misses what was sent; a stopped listener hears nothing more', async () => {
      const [a, b] = await adapter.open('node-a', 'node-b');
      assert.ok(a && b);
      await a.send('node-nobody', 'hilang');
      const got: string[] = [];
      const stop = b.listen((p) => got.push(p));
      await a.send('node-b', 'satu');
      await waitFor(() => got.length === 1, 'the first message');
      stop();
      await a.send('node-b', 'dua');
      await b.send('node-b', 'tiga'); // through the same bus: delivered after 'dua'
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(got, ['satu']);
    });
  });
}

describeOn('postgres', 'PgNodeBus: its own connection, made again when lost', () => {
  let url: string;
  before(async () => {
    cluster ??= await startPostgres();
    url = await cluster.createDatabase();
  });
  after(async () => { await cluster?.stop(); cluster = undefined; });

  it('when the server ends its connection, send rejects until it is made again, then messages flow as before', async () => {
    const a = await PgNodeBus.open(url, 'node-a');
    const b = await PgNodeBus.open(url, 'node-b');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const atB = heard(b);
      await a.send('node-b', 'sebelum');
      await waitFor(() => atB.length === 1, 'the first message');
      // Both buses' connections are ended by the server (as by a restart or a failover).
      const killed = await admin.query<{ n: string }>("select count(pg_terminate_backend(pid))::text as n from pg_stat_activity where application_name = 'jaga-node-bus'");
      assert.equal(killed.rows[0]?.n, '2');
      await waitFor(async () => a.send('node-b', 'x').then(() => false, () => true), 'a send to be refused while the connection is down', 5_000)
        .catch(() => undefined); // the connection may already be back
      await waitFor(async () => {
        try {
          await a.send('node-b', 'sesudah');
          return atB.includes('sesudah');
        } catch {
          return false;
        }
      }, 'messages after the connection is made again', 20_000);
      const listening = await admin.query<{ n: string }>("select count(*)::text as n from pg_stat_activity where application_name = 'jaga-node-bus'");
      assert.equal(listening.rows[0]?.n, '2');
    } finally {
      await admin.end();
      await a.close();
      await b.close();
    }
  });
});
