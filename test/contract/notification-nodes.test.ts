import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import { PgAdvisoryLease } from '../../src/adapters/db/advisory-lease.js';
import { OutboxWorker } from '../../src/app/notification/outbox-worker.js';
import { runNotificationTimers } from '../../src/app/notification/notification-timers.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { addWebhookEndpoint } from '../../src/app/notification/webhook-endpoints.js';
import type { WebhookPayload } from '../../src/app/notification/webhook-channel.js';
import { openWebhookChannel } from '../../src/main/webhook-channel.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { loadConfig } from '../../src/config/config.js';
import type { OpenedApp } from '../../src/main/open-app.js';
import { openApp } from '../../src/main/open-app.js';
import type { NotificationReceiver } from '../support/notification-receiver.js';
import { httpChannel, startNotificationReceiver } from '../support/notification-receiver.js';
import type { TestApp } from '../support/test-app.js';
import { as, describeOn, fastPasswords, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

after(stopTestPostgres);

const SETTINGS = { maxAttempts: 8, backoffBaseSeconds: 1, backoffCapSeconds: 1, timeoutSeconds: 5 };

// Several nodes share one store only on PostgreSQL: SQLite is one process's (two connections in one
// process would wait for each other's write lock synchronously, on the one event loop).
for (const dialect of ['postgres'] as const) {
  describeOn(dialect, `notification outbox on two nodes (${dialect})`, () => {
    let t: TestApp;
    let second: OpenedApp;
    let rx: NotificationReceiver;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      // A second `jaga serve` node: its own store connections to the same database.
      second = openApp(loadConfig({ JAGA_DATA_DIR: t.config.dataDir, ...(t.config.database.dialect === 'postgres' ? { JAGA_DATABASE_URL: t.config.database.url } : {}) }),
        { clock: t.clock, passwords: fastPasswords });
      rx = await startNotificationReceiver();
    });
    afterEach(async () => { await rx.close(); await second.store.close(); await t.close(); });

    it('two workers on one store deliver each notification to each recipient once', async () => {
      const unitId = (await t.app.store.read((r) => r.units.findByCode('gorontalo')))!.id;
      const N = 200;
      for (let i = 0; i < N; i += 50) {
        await t.app.store.transaction(async (tx) => {
          for (let j = i; j < i + 50; j++) {
            await tx.notifications.insert({ id: `n${j}`, type: 'standard.weekly_digest', occurredAt: t.clock.now().toISOString(), unitId, caseId: null, data: { j }, dedupeKey: `test:${j}` });
          }
        });
      }
      const recipients = ['r1', 'r2', 'r3'];
      const workers = [t.app, second].map((app, i) => new OutboxWorker(app, { nodeId: `node-${i}`, channels: [httpChannel(rx.url, recipients)], settings: SETTINGS, batch: 20 }));
      const passes = [0, 0];
      await Promise.all(workers.map(async (w, i) => {
        for (let idle = 0; idle < 3;) {
          const r = await w.runOnce();
          passes[i]!++;
          idle = r.fannedOut === 0 && r.attempted === 0 ? idle + 1 : 0;
        }
      }));
      assert.equal(rx.delivered.length, N * recipients.length);
      assert.equal(new Set(rx.delivered.map((d) => d.deliveryId)).size, N * recipients.length, 'no delivery twice');
      assert.equal(new Set(rx.delivered.map((d) => `${d.notification.id} ${d.recipient}`)).size, N * recipients.length, 'every notification to every recipient');
      assert.ok(rx.delivered.every((d) => d.attempt === 1));
      const rows = await t.app.store.read((r) => r.notifications.listDeliveries({ limit: 10_000 }));
      assert.equal(rows.length, N * recipients.length);
      assert.ok(rows.every((d) => d.delivery.status === 'delivered'));
    });

    it('two workers on one store deliver each notification through the real webhook channel once per endpoint', async () => {
      const unitId = (await t.app.store.read((r) => r.units.findByCode('gorontalo')))!.id;
      const hooks = await startWebhookReceiver({ nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) });
      try {
        // Two endpoints on the one receiver: the unit's and an LKPP-wide one, each with its own secret.
        const unit = await addWebhookEndpoint(t.app, as('super'), { url: `${hooks.url}?to=unit`, unit: 'gorontalo' });
        const wide = await addWebhookEndpoint(t.app, as('super'), { url: `${hooks.url}?to=lkpp`, unit: null });
        const secrets: Record<string, string> = { '/hook?to=unit': unit.secret, '/hook?to=lkpp': wide.secret };
        hooks.secretFor = (path) => secrets[path];
        const N = 100;
        await t.app.store.transaction(async (tx) => {
          for (let j = 0; j < N; j++) {
            await tx.notifications.insert({ id: `w${j}`, type: 'standard.weekly_digest', occurredAt: t.clock.now().toISOString(), unitId, caseId: null, data: { j }, dedupeKey: `test:w${j}` });
          }
        });
        // Each node's own channel from its own configuration, as `jaga serve` opens it.
        const workers = [t.app, second].map((app, i) => new OutboxWorker(app, { nodeId: `node-${i}`, channels: [openWebhookChannel(app.config)], settings: SETTINGS, batch: 20 }));
        await Promise.all(workers.map(async (w) => {
          for (let idle = 0; idle < 3;) {
            const r = await w.runOnce();
            idle = r.fannedOut === 0 && r.attempted === 0 ? idle + 1 : 0;
          }
        }));
        assert.equal(hooks.received.length, 2 * N);
        assert.ok(hooks.received.every((w) => w.problem === null && w.status === 204), 'every request genuine and accepted');
        const ids = hooks.received.map((w) => String(w.headers['webhook-id']));
        assert.equal(new Set(ids).size, 2 * N, 'no webhook-id twice');
        const rows = await t.app.store.read((r) => r.notifications.listDeliveries({ limit: 10_000 }));
        const byId = new Map(rows.map((d) => [d.delivery.id, d]));
        const pairs = hooks.received.map((w) => {
          const d = byId.get(String(w.headers['webhook-id']));
          assert.ok(d, 'webhook-id is a delivery\'s id');
          assert.equal((JSON.parse(w.body) as WebhookPayload).data.id, d.notification.id);
          assert.equal(w.path, d.delivery.recipient === unit.endpoint.id ? '/hook?to=unit' : '/hook?to=lkpp', 'sent to its own endpoint');
          return `${d.notification.id} ${d.delivery.recipient}`;
        });
        assert.equal(new Set(pairs).size, 2 * N, 'each notification once per endpoint');
        assert.ok(rows.every((d) => d.delivery.status === 'delivered' && d.delivery.attempts === 1));
      } finally {
        await hooks.close();
      }
    });

    it('timers run on both nodes at once still write each threshold once', async () => {
      const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'x', urgency: 'low', channel: 'phone' });
      t.clock.advanceMinutes(61);
      await Promise.all([runNotificationTimers(t.app, [50, 75, 100]), runNotificationTimers(second, [50, 75, 100])]);
      const written = await t.app.store.read((r) => r.notifications.list({ caseId: c.id, type: 'standard.threshold', limit: 100 }));
      assert.deepEqual(written.map((n) => n.data['percent']).sort(), [100, 50, 75]);
    });
  });
}

describeOn('postgres', 'the timer lease (postgres)', () => {
  let t: TestApp;
  beforeEach(async () => { t = await openTestApp('postgres'); });
  afterEach(async () => { await t.close(); });

  it('one node holds the advisory lock; when its connection dies the other takes it over', async () => {
    const url = t.config.database.dialect === 'postgres' ? t.config.database.url : '';
    const a = new PgAdvisoryLease(url), b = new PgAdvisoryLease(url);
    try {
      assert.equal(await a.holds(), true);
      assert.equal(await b.holds(), false);
      assert.equal(await a.holds(), true, 'held across asks');
      assert.equal(await b.holds(), false);
      // The node dies: the server ends its session, and with it the lock.
      const pid = await a.backendPid();
      await sql`select pg_terminate_backend(${pid})`.execute(t.app.store.db);
      let taken = false;
      for (let i = 0; i < 50 && !taken; i++) taken = await b.holds();
      assert.equal(taken, true);
      assert.equal(await a.holds(), false, 'the old leader, reconnected, is not leader again');
      await b.release();
      assert.equal(await a.holds(), true, 'a released lease is taken by the next to ask');
    } finally {
      await a.release();
      await b.release();
    }
  });
});
