import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import {
  addWebhookEndpoint, listWebhookEndpoints, retireWebhookEndpoint, rotateWebhookSecret,
} from '../../src/app/notification/webhook-endpoints.js';
import { createWebhookChannel } from '../../src/app/notification/webhook-channel.js';
import type { NotificationRecord } from '../../src/domain/notification/notification-event.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { WebhookPoster } from '../../src/ports/notification-channels.js';
import { refusedWith } from '../support/refusal.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, openTestAppUpgradedFrom, seedWorld, stopTestPostgres } from '../support/test-app.js';

const su = as('super');
const koor = as('koor');

/** A poster that must not be called: recipients are read without sending anything. */
const NO_POSTER: WebhookPoster = { post: () => Promise.reject(new Error('not expected')) };

for (const dialect of DIALECTS) {
  describeOn(dialect, `migration 0013_webhooks (${dialect})`, () => {
    after(async () => { await stopTestPostgres(); });

    it('adds an empty webhook_endpoints table to a store of an earlier version, whose data stays', async () => {
      const t = await openTestAppUpgradedFrom(dialect, '0010_logbook_type', (db) =>
        sql`insert into units (id, code, name, time_zone, created_at) values ('u-1', 'gorontalo', 'G', 'Asia/Makassar', '2026-11-01T00:00:00.000Z')`.execute(db));
      try {
        assert.deepEqual(await t.app.store.db.selectFrom('webhook_endpoints').selectAll().execute(), []);
        assert.equal((await t.app.store.read((r) => r.units.findByCode('gorontalo')))?.id, 'u-1');
        await t.app.store.assertMigrated();
      } finally {
        await t.close();
      }
    });
  });

  describeOn(dialect, `webhook endpoints (${dialect})`, () => {
    let t: TestApp;
    let world: Awaited<ReturnType<typeof seedWorld>>;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      world = await seedWorld(t);
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const entries = async () => (await t.app.store.read((r) => r.logbook.page({ afterSeq: 0, limit: 10_000 })))
      .map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
    const logbookText = async () => (await t.app.store.read((r) => r.logbook.page({ afterSeq: 0, limit: 10_000 }))).map((e) => e.data).join('\n');
    const rawRow = (id: string) => t.app.store.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('shows the signing secret once, at creation, and keeps it sealed at rest and out of the logbook', async () => {
      const r = await addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/jaga?token=receiver-own', unit: 'gorontalo', events: ['case.approved', 'fault.urgent_reported'] });
      assert.match(r.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.deepEqual({ ...r.endpoint, id: '' }, {
        id: '', url: 'https://hooks.example.org/jaga?token=receiver-own', unit: 'gorontalo', events: ['fault.urgent_reported', 'case.approved'],
        createdBy: 'super', createdAt: t.clock.now().toISOString(), secretRotatedAt: null, retiredAt: null,
      }, 'events in the catalogue\'s order, the unit by code, the creator by name');

      const row = await rawRow(r.endpoint.id);
      const key = r.secret.slice('whsec_'.length);
      assert.ok(!row.sealed_secret.includes(key) && !row.sealed_secret.includes(r.secret), 'sealed at rest');
      assert.ok(!JSON.stringify(row).includes(key));
      assert.equal(t.app.secretBox.open(row.sealed_secret), r.secret, 'the data key opens it');
      assert.equal(row.unit_id, world.unit.id);

      const listed = await listWebhookEndpoints(t.app, su);
      assert.deepEqual(listed, [r.endpoint]);
      assert.ok(!JSON.stringify(listed).includes(key), 'a list never shows the secret');

      const [added] = (await entries()).filter((e) => e.type === 'webhook.endpoint_added');
      assert.ok(added);
      assert.equal(added.unitId, world.unit.id);
      assert.deepEqual(added.data, {
        endpointId: r.endpoint.id, url: 'https://hooks.example.org/jaga?…', unit: 'gorontalo', events: ['fault.urgent_reported', 'case.approved'], via: 'cli',
      });
      const text = await logbookText();
      assert.ok(!text.includes(key) && !text.includes('receiver-own'), 'neither the secret nor the receiver\'s query token is in the logbook');
    });

    it('rotates the secret: a new one, shown once, sealed in place of the old; logged with the reason, without either secret', async () => {
      const first = await addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/a', unit: null });
      t.clock.advanceMinutes(3);
      const rotated = await rotateWebhookSecret(t.app, su, { endpoint: first.endpoint.id, reason: 'rahasia bocor' });
      assert.notEqual(rotated.secret, first.secret);
      assert.match(rotated.secret, /^whsec_/);
      assert.equal(rotated.endpoint.secretRotatedAt, t.clock.now().toISOString());
      assert.equal(t.app.secretBox.open((await rawRow(first.endpoint.id)).sealed_secret), rotated.secret);
      const logged = (await entries()).find((e) => e.type === 'webhook.secret_rotated');
      assert.equal(logged?.data['reason'], 'rahasia bocor');
      assert.equal(logged?.unitId, null);
      const text = await logbookText();
      for (const s of [first.secret, rotated.secret]) assert.ok(!text.includes(s.slice(6)));
    });

    it('retires an endpoint for good: the row stays, a second retire or a rotation is refused', async () => {
      const { endpoint } = await addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/b', unit: 'gorontalo' });
      const retired = await retireWebhookEndpoint(t.app, su, { endpoint: endpoint.id, reason: 'penerima dimatikan' });
      assert.equal(retired.retiredAt, t.clock.now().toISOString());
      await refusedWith(retireWebhookEndpoint(t.app, su, { endpoint: endpoint.id, reason: 'lagi' }), 'webhook.retired', 'conflict');
      await refusedWith(rotateWebhookSecret(t.app, su, { endpoint: endpoint.id, reason: 'lagi' }), 'webhook.retired', 'conflict');
      assert.equal((await listWebhookEndpoints(t.app, su))[0]?.retiredAt, retired.retiredAt);
      assert.equal((await entries()).find((e) => e.type === 'webhook.endpoint_retired')?.data['reason'], 'penerima dimatikan');
      await refusedWith(retireWebhookEndpoint(t.app, su, { endpoint: 'no-such-id', reason: 'x' }), 'webhook.not_found', 'not_found');
    });

    it('lets a koordinator manage their own unit\'s endpoints only; nobody else but the superadmin; every refusal logged', async () => {
      const own = await addWebhookEndpoint(t.app, koor, { url: 'https://hooks.example.org/gto', unit: 'gorontalo' });
      const other = await addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/mdo', unit: 'manado' });
      const wide = await addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/lkpp', unit: null });
      assert.equal(own.endpoint.createdBy, 'koor');
      await refusedWith(addWebhookEndpoint(t.app, koor, { url: 'https://hooks.example.org/x', unit: 'manado' }), 'webhook.forbidden', 'forbidden');
      await refusedWith(addWebhookEndpoint(t.app, koor, { url: 'https://hooks.example.org/x', unit: null }), 'webhook.forbidden', 'forbidden');
      await refusedWith(rotateWebhookSecret(t.app, koor, { endpoint: other.endpoint.id, reason: 'x' }), 'webhook.forbidden', 'forbidden');
      await refusedWith(retireWebhookEndpoint(t.app, koor, { endpoint: wide.endpoint.id, reason: 'x' }), 'webhook.forbidden', 'forbidden');
      assert.deepEqual((await listWebhookEndpoints(t.app, koor)).map((e) => e.id), [own.endpoint.id]);
      assert.deepEqual((await listWebhookEndpoints(t.app, su)).map((e) => e.id).sort(), [own.endpoint.id, other.endpoint.id, wide.endpoint.id].sort());
      assert.ok((await rotateWebhookSecret(t.app, koor, { endpoint: own.endpoint.id, reason: 'jadwal' })).secret);
      for (const who of ['andi', 'pelapor', 'dita', 'audit']) {
        await refusedWith(addWebhookEndpoint(t.app, as(who), { url: 'https://hooks.example.org/y', unit: 'gorontalo' }), 'webhook.forbidden', 'forbidden');
        await refusedWith(listWebhookEndpoints(t.app, as(who)), 'webhook.forbidden', 'forbidden');
        await refusedWith(retireWebhookEndpoint(t.app, as(who), { endpoint: own.endpoint.id, reason: 'x' }), 'webhook.forbidden', 'forbidden');
      }
      const refusals = (await entries()).filter((e) => e.type === 'refusal' && String(e.data['action']).startsWith('webhook.'));
      assert.equal(refusals.length, 4 + 4 * 3);
      assert.ok(refusals.every((e) => e.data['code'] === 'webhook.forbidden' && typeof (e.data['reason'] as { id: string }).id === 'string'));
      assert.equal((await t.app.store.db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, dialect === 'postgres' ? '3' : 3);
    });

    it('refuses a bad URL, an unknown event and an unknown unit, in both languages, and stores nothing', async () => {
      const e = await refusedWith(addWebhookEndpoint(t.app, su, { url: 'http://hooks.example.org/jaga', unit: 'gorontalo' }), 'webhook.url_invalid', 'invalid');
      assert.match(messageOf(e, 'en'), /plain http only to a receiver on this machine/);
      assert.match(messageOf(e, 'id'), /http tanpa TLS hanya ke penerima di mesin ini/);
      await refusedWith(addWebhookEndpoint(t.app, su, { url: 'https://u:p@hooks.example.org/', unit: 'gorontalo' }), 'webhook.url_invalid', 'invalid');
      await refusedWith(addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/', unit: 'gorontalo', events: ['case.exploded'] }), 'input.invalid', 'invalid');
      await refusedWith(addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/', unit: 'gorontalo', events: [] }), 'input.invalid', 'invalid');
      await refusedWith(addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/' }), 'input.invalid', 'invalid');
      await refusedWith(addWebhookEndpoint(t.app, su, { url: 'https://hooks.example.org/', unit: 'atlantis' }), 'unit.not_found', 'not_found');
      assert.equal((await listWebhookEndpoints(t.app, su)).length, 0);
      // A plain http receiver on this machine is fine (the tests' own receiver is one).
      assert.ok(await addWebhookEndpoint(t.app, su, { url: 'http://127.0.0.1:9/hook', unit: 'gorontalo' }));
      assert.ok(await addWebhookEndpoint({ ...t.app, config: { ...t.config, webhooks: { allowHttp: true } } }, su, { url: 'http://10.1.2.3/hook', unit: 'gorontalo' }));
    });

    it('the channel\'s recipients: endpoints in service of the notification\'s unit and the LKPP-wide ones, taking its event', async () => {
      const id = async (url: string, unit: string | null, events: unknown = 'all') => (await addWebhookEndpoint(t.app, su, { url, unit, events })).endpoint.id;
      const gtoAll = await id('https://h.example/1', 'gorontalo');
      const gtoApproved = await id('https://h.example/2', 'gorontalo', ['case.approved']);
      const mdo = await id('https://h.example/3', 'manado');
      const wide = await id('https://h.example/4', null);
      const wideLogbook = await id('https://h.example/5', null, ['logbook.verification_failed']);
      const retired = await id('https://h.example/6', 'gorontalo');
      await retireWebhookEndpoint(t.app, su, { endpoint: retired, reason: 'x' });
      const channel = createWebhookChannel(NO_POSTER, { publicUrl: null, timeoutMs: 1000 });
      assert.equal(channel.kind, 'webhook');
      const n = (type: NotificationRecord['type'], unitId: string | null): NotificationRecord => ({ id: 'n1', type, occurredAt: t.clock.now().toISOString(), unitId, caseId: null, data: {} });
      const of = (x: NotificationRecord) => t.app.store.read((tx) => channel.recipients(tx, x)).then((r) => [...r].sort());
      assert.deepEqual(await of(n('case.approved', world.unit.id)), [gtoAll, gtoApproved, wide].sort());
      assert.deepEqual(await of(n('case.returned', world.unit.id)), [gtoAll, wide].sort());
      assert.deepEqual(await of(n('case.returned', world.other.id)), [mdo, wide].sort());
      assert.deepEqual(await of(n('logbook.verification_failed', null)), [wide, wideLogbook].sort());
    });
  });
}
