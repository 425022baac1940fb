import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LocalNodeHub } from '../../src/adapters/node-bus/local-node-bus.js';
import { PgNodeBus } from '../../src/adapters/node-bus/pg-node-bus.js';
import { SEALED_NODE_BUS_MAX_AGE_MS, SEALED_NODE_BUS_MAX_PAYLOAD_BYTES, sealedNodeBus } from '../../src/adapters/node-bus/sealed-node-bus.js';
import { loadOrCreateSecretBox } from '../../src/adapters/system/aes-secret-box.js';
import type { SecretBox } from '../../src/ports/crypto.js';
import type { NodeBus } from '../../src/ports/node-bus.js';
import { NODE_BUS_MAX_PAYLOAD_BYTES } from '../../src/ports/node-bus.js';
import type { PostgresCluster } from '../support/postgres-cluster.js';
import { startPostgres } from '../support/postgres-cluster.js';
import { waitFor } from '../support/gateway-world.js';
import { describeOn } from '../support/test-app.js';

/*
 * The NodeBus contract, run over every adapter: PostgreSQL LISTEN/NOTIFY on a real cluster, the
 * same sealed with a data key (what `jaga serve` runs on PostgreSQL), and the in-process hub
 * (SQLite's single node). Then what only PostgreSQL has: a lost connection, and someone with the
 * database's credentials listening and sending on a node's channel.
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

/** A data key of a test installation (every node of one installation holds the same). */
function testBox(): SecretBox {
  return loadOrCreateSecretBox(join(mkdtempSync(join(tmpdir(), 'jaga-bus-key-')), 'data.key'));
}

function sealedPgAdapter(): BusAdapter {
  const pgBuses = pgAdapter();
  const box = testBox();
  return {
    name: 'PostgreSQL LISTEN/NOTIFY, sealed', dialect: 'postgres',
    open: async (...ids) => (await pgBuses.open(...ids)).map((b) => sealedNodeBus(b, box)),
    close: () => pgBuses.close(),
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

for (const make of [pgAdapter, sealedPgAdapter, hubAdapter]) {
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
      assert.ok(a.maxPayloadBytes <= NODE_BUS_MAX_PAYLOAD_BYTES);
      const full = head + 'é'.repeat((a.maxPayloadBytes - Buffer.byteLength(head)) / 2);
      assert.equal(Buffer.byteLength(full), a.maxPayloadBytes);
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

describeOn('postgres', 'the sealed NodeBus against someone with the database\'s credentials', () => {
  let url: string;
  before(async () => {
    cluster ??= await startPostgres();
    url = await cluster.createDatabase();
  });
  after(async () => { await cluster?.stop(); cluster = undefined; });

  it('who listens on a node\'s channel reads no message; what they send, alter, replay late or redirect is refused and logged', async () => {
    const box = testBox();
    let clock = Date.now();
    const logged: string[] = [];
    const rawB = await PgNodeBus.open(url, 'node-b');
    const a = sealedNodeBus(await PgNodeBus.open(url, 'node-a'), box, { now: () => clock });
    const b = sealedNodeBus(rawB, box, { now: () => clock, log: (l) => logged.push(l) });
    // The eavesdropper: a connection of their own LISTENing on node-b's channel, and one sending to it.
    const spy = await PgNodeBus.open(url, 'node-b');
    const forger = await PgNodeBus.open(url, 'node-x');
    try {
      const overheard = heard(spy);
      const atB = heard(b);
      const secret = '{"k":"terminate","id":"sesi-rahasia"}\nkata sandi: rahasia-123 ✓';
      await a.send('node-b', secret);
      await waitFor(() => atB.length === 1 && overheard.length === 1, 'the message, and what the eavesdropper heard');
      assert.deepEqual(atB, [secret]);
      const wire = overheard[0] as string;
      assert.match(wire, /^v1\./);
      assert.ok(!wire.includes('rahasia') && !wire.includes('terminate') && !wire.includes('sesi'), 'nothing of it in clear');
      assert.equal(b.maxPayloadBytes, SEALED_NODE_BUS_MAX_PAYLOAD_BYTES);

      // Forged in clear, sealed with another key, altered, replayed late, and sealed for node-c then sent to node-b.
      await forger.send('node-b', '{"k":"terminate","r":"x","from":"node-x","id":"sesi-rahasia","by":"penyusup"}');
      const other = sealedNodeBus(forger, testBox());
      await other.send('node-b', '{"k":"terminate"}');
      await forger.send('node-b', `${wire.slice(0, -4)}${wire.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`);
      const sealedForC: string[] = [];
      const spyC = await PgNodeBus.open(url, 'node-c');
      spyC.listen((p) => sealedForC.push(p));
      await a.send('node-c', 'untuk node-c');
      await waitFor(() => sealedForC.length === 1, 'a message for node-c');
      await forger.send('node-b', sealedForC[0] as string);
      // Sealed with the right key and for node-b, but stamped past the window (a replay, or a clock that is off).
      await sealedNodeBus(forger, box, { now: () => clock - SEALED_NODE_BUS_MAX_AGE_MS - 1000 }).send('node-b', '{"k":"terminate"}');
      await waitFor(() => overheard.length === 6, 'all five reached node-b\'s channel');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(atB, [secret], 'none of them delivered');
      assert.equal(logged.length, 1, 'one line a minute at most');
      assert.match(logged[0] as string, /refused 1 message\(s\).*not sealed with this installation's data key/);
      clock += 61_000;
      await forger.send('node-b', 'lagi');
      await waitFor(() => logged.length === 2, 'the next minute\'s line');
      assert.match(logged[1] as string, /refused 5 message\(s\)/);
      // A genuine message still goes through (with the clock back in step).
      await a.send('node-b', 'masih jalan');
      await waitFor(() => atB.length === 2, 'a genuine message');
      await spyC.close();
    } finally {
      await Promise.all([a, b, spy, forger].map((x) => x.close()));
    }
  });
});
