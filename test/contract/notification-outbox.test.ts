import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { approveCase } from '../../src/app/case/approve-case.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { authorizeGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { listDeliveries, retryDelivery } from '../../src/app/notification/notification-deliveries.js';
import { runNotificationTimers } from '../../src/app/notification/notification-timers.js';
import { OutboxWorker } from '../../src/app/notification/outbox-worker.js';
import type { NotificationChannel } from '../../src/app/notification/notification-channel.js';
import { DomainError } from '../../src/domain/errors.js';
import { closedCase, rootCausedCase } from '../support/closed-case.js';
import { approvedFormCase } from '../support/form-case.js';
import type { NotificationReceiver } from '../support/notification-receiver.js';
import { httpChannel, startNotificationReceiver } from '../support/notification-receiver.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

after(stopTestPostgres);

const report = (t: TestApp, urgency: string, unit = 'gorontalo') =>
  reportFault(t.app, as('pelapor'), { unit, target: 'spse', system: 'SPSE produksi', description: 'Login 502', urgency, channel: 'phone' });
const notifications = (t: TestApp, filter: { caseId?: string; type?: string } = {}) =>
  t.app.store.read((r) => r.notifications.list({ ...filter, limit: 1000 }));
const SETTINGS = { maxAttempts: 3, backoffBaseSeconds: 10, backoffCapSeconds: 15, timeoutSeconds: 1 };
const worker = (t: TestApp, channels: readonly NotificationChannel[], nodeId = 'node-a') =>
  new OutboxWorker(t.app, { nodeId, channels, settings: SETTINGS });

for (const dialect of DIALECTS) {
  describeOn(dialect, `notification outbox (${dialect})`, () => {
    let t: TestApp;
    let rx: NotificationReceiver;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      rx = await startNotificationReceiver();
    });
    afterEach(async () => { await rx.close(); await t.close(); });

    it('writes an urgent report\'s notification in the report\'s own transaction, with names, and none for a refused report', async () => {
      const c = await report(t, 'critical');
      await report(t, 'low');
      const written = await notifications(t);
      assert.deepEqual(written.map((n) => n.type), ['fault.urgent_reported']);
      const n = written[0]!;
      assert.equal(n.caseId, c.id);
      assert.equal(n.unitId, c.unitId);
      assert.equal(n.data['unitCode'], 'gorontalo');
      assert.equal(n.data['unitName'], 'LPSE Provinsi Gorontalo');
      assert.equal(n.data['targetName'], 'spse');
      assert.equal(n.data['urgency'], 'critical');
      assert.equal(n.data['actorUsername'], 'pelapor');
      for (const v of Object.values(n.data)) assert.ok(v === null || ['string', 'number', 'boolean'].includes(typeof v), 'flat values');
      // Refused (a target of another unit): rolled back with its case, only the refusal is logged.
      await assert.rejects(reportFault(t.app, as('pelapor'), { unit: 'manado', target: 'spse', system: 'SPSE', description: 'x', urgency: 'critical', channel: 'phone' }),
        (e: unknown) => e instanceof DomainError && e.code === 'case.target_other_unit');
      assert.equal((await notifications(t)).length, 1);
    });

    it('notifies the assignment, the closing for approval, the approval and a gateway refusal', async () => {
      const id = await closedCase(t);
      await approveCase(t.app, as('koor'), id, { notes: 'OK' });
      await assert.rejects(authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: `SHA256:${'B'.repeat(43)}`, sourceIp: '127.0.0.1' }));
      const types = (await notifications(t)).map((n) => n.type).sort();
      assert.deepEqual(types, ['case.approved', 'case.assigned', 'case.awaiting_approval', 'fault.urgent_reported', 'gateway.access_refused']);
      const [assigned] = await notifications(t, { type: 'case.assigned' });
      assert.equal(assigned!.data['executorUsername'], 'andi');
      assert.equal(assigned!.data['actorUsername'], 'koor');
      const [refused] = await notifications(t, { type: 'gateway.access_refused' });
      assert.equal(refused!.data['username'], 'andi');
      assert.equal(refused!.data['targetName'], 'spse');
      assert.equal(refused!.unitId, (await t.app.store.read((r) => r.units.findByCode('gorontalo')))!.id);
      assert.equal(typeof refused!.data['reasonEn'], 'string');
    });

    it('notifies a gateway session opening, a return for correction and the second closing, with names', async () => {
      const f = await approvedFormCase(t);
      const types = (await notifications(t, { caseId: f.caseId })).map((n) => n.type).sort();
      assert.deepEqual(types, ['case.approved', 'case.assigned', 'case.awaiting_approval', 'case.awaiting_approval', 'case.returned', 'fault.urgent_reported', 'gateway.session_opened']);
      const [opened] = await notifications(t, { type: 'gateway.session_opened' });
      assert.equal(opened!.data['sessionId'], f.sessionId);
      assert.equal(opened!.data['targetName'], 'spse');
      assert.equal(opened!.data['network'], 'kantor-lpse');
      assert.equal(opened!.data['actorUsername'], 'andi');
      const [returned] = await notifications(t, { type: 'case.returned' });
      assert.equal(returned!.data['reason'], f.texts.returnReason);
      assert.equal(returned!.data['executorUsername'], 'andi');
    });

    it('notifies each threshold of B1 and B2 once, at 50, 75 and 100 % of the standard', async () => {
      const c = await report(t, 'low');
      const at = async (minutes: number) => {
        t.clock.advanceMinutes(minutes);
        await runNotificationTimers(t.app, [50, 75, 100]);
        return (await notifications(t, { type: 'standard.threshold', caseId: c.id }))
          .sort((a, b) => String(a.data['step']).localeCompare(String(b.data['step'])) || Number(a.data['percent']) - Number(b.data['percent']))
          .map((n) => `${String(n.data['step'])}:${String(n.data['percent'])}`);
      };
      assert.deepEqual(await at(29), []);
      assert.deepEqual(await at(1), ['B1:50']);
      assert.deepEqual(await at(14), ['B1:50']);
      assert.deepEqual(await at(1), ['B1:50', 'B1:75']);
      assert.deepEqual(await at(0), ['B1:50', 'B1:75']);
      assert.deepEqual(await at(14), ['B1:50', 'B1:75']);
      assert.deepEqual(await at(1), ['B1:50', 'B1:75', 'B1:100']);
      assert.deepEqual(await at(60), ['B1:50', 'B1:75', 'B1:100']);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      assert.deepEqual(await at(29), ['B1:50', 'B1:75', 'B1:100']);
      assert.deepEqual(await at(1), ['B1:50', 'B1:75', 'B1:100', 'B2:50']);
      // A timer that did not run for a while notifies every threshold passed meanwhile, once each.
      assert.deepEqual(await at(40), ['B1:50', 'B1:75', 'B1:100', 'B2:50', 'B2:75', 'B2:100']);
      const [missed] = (await notifications(t, { type: 'standard.threshold', caseId: c.id })).filter((n) => n.data['step'] === 'B2' && n.data['percent'] === 100);
      assert.equal(missed!.data['executorUsername'], 'andi');
      assert.equal(missed!.data['standardMinutes'], 60);
    });

    it('notifies each threshold of B6 once, its clock running from the root cause (B5) to the closing', async () => {
      const c = { id: await rootCausedCase(t) };
      const at = async (minutes: number) => {
        t.clock.advanceMinutes(minutes);
        await runNotificationTimers(t.app, [50, 75, 100]);
        return (await notifications(t, { type: 'standard.threshold', caseId: c.id })).map((n) => `${String(n.data['step'])}:${String(n.data['percent'])}`).sort();
      };
      assert.deepEqual(await at(29), []);
      assert.deepEqual(await at(1), ['B6:50']);
      assert.deepEqual(await at(15), ['B6:50', 'B6:75']);
      assert.deepEqual(await at(14), ['B6:50', 'B6:75']);
      assert.deepEqual(await at(1), ['B6:100', 'B6:50', 'B6:75']);
      const [missed] = (await notifications(t, { type: 'standard.threshold', caseId: c.id })).filter((n) => n.data['percent'] === 100);
      assert.equal(missed!.data['standardMinutes'], 60);
      // Closed: the clock stops, nothing more comes.
      await closeCase(t.app, as('andi'), c.id, { notes: 'Selesai' });
      assert.deepEqual(await at(600), ['B6:100', 'B6:50', 'B6:75']);
    });

    it('writes each unit\'s weekly digest once per ISO week, from Monday 08:00 in the unit\'s zone', async () => {
      // The test clock starts Saturday 2026-11-28 09:00 WITA: week 48's digest is due (since Monday the 23rd).
      await report(t, 'low');
      t.clock.advanceMinutes(90);
      await runNotificationTimers(t.app, [50, 75, 100]);
      const digests = async () => (await notifications(t, { type: 'standard.weekly_digest' })).map((n) => `${String(n.data['unitCode'])}:${String(n.data['week'])}`).sort();
      assert.deepEqual(await digests(), ['gorontalo:2026-W48', 'lkpp:2026-W48', 'manado:2026-W48']);
      const [g] = (await notifications(t, { type: 'standard.weekly_digest' })).filter((n) => n.data['unitCode'] === 'gorontalo');
      assert.equal(g!.data['overdueNow'], 1);
      // Monday 2026-11-30 07:59 WITA (23:59 UTC on Sunday): still week 48.
      t.clock.advanceMinutes(Date.parse('2026-11-29T23:59:00Z') / 60_000 - t.clock.now().getTime() / 60_000);
      await runNotificationTimers(t.app, [50, 75, 100]);
      assert.equal((await digests()).length, 3);
      // 08:00 WITA: week 49 for the WITA units; LKPP (WIB) an hour later.
      t.clock.advanceMinutes(1);
      await runNotificationTimers(t.app, [50, 75, 100]);
      assert.deepEqual(await digests(), ['gorontalo:2026-W48', 'gorontalo:2026-W49', 'lkpp:2026-W48', 'manado:2026-W48', 'manado:2026-W49']);
      t.clock.advanceMinutes(60);
      await runNotificationTimers(t.app, [50, 75, 100]);
      await runNotificationTimers(t.app, [50, 75, 100]);
      assert.equal((await digests()).length, 6);
    });

    it('fans out to each recipient, backs off, dead-letters after the last attempt, and a retry by hand delivers', async () => {
      rx.mode = 'fail';
      const c = await report(t, 'critical');
      const w = worker(t, [httpChannel(rx.url, ['r1', 'r2'])]);
      assert.deepEqual(await w.runOnce(), { fannedOut: 1, attempted: 2, delivered: 0 });
      assert.deepEqual(await w.runOnce(), { fannedOut: 0, attempted: 0, delivered: 0 });
      const log = () => listDeliveries(t.app, as('koor'), { case: c.id });
      let ds = await log();
      assert.deepEqual(ds.map((d) => [d.delivery.status, d.delivery.attempts, d.delivery.lastError]), [['pending', 1, 'HTTP 500'], ['pending', 1, 'HTTP 500']]);
      assert.equal(ds[0]!.delivery.nextAttemptAt, new Date(t.clock.now().getTime() + 10_000).toISOString());
      t.clock.advanceSeconds(9);
      assert.equal((await w.runOnce()).attempted, 0);
      t.clock.advanceSeconds(1);
      assert.equal((await w.runOnce()).attempted, 2);
      ds = await log();
      // 10 s, then 20 s capped at 15 s.
      assert.equal(ds[0]!.delivery.nextAttemptAt, new Date(t.clock.now().getTime() + 15_000).toISOString());
      t.clock.advanceSeconds(15);
      assert.equal((await w.runOnce()).attempted, 2);
      ds = await log();
      assert.deepEqual(ds.map((d) => [d.delivery.status, d.delivery.attempts]), [['dead', 3], ['dead', 3]]);
      t.clock.advanceMinutes(60);
      assert.equal((await w.runOnce()).attempted, 0);
      assert.equal(rx.refused, 6);
      assert.deepEqual((await listDeliveries(t.app, as('super'), { status: 'dead' })).length, 2);

      rx.mode = 'ok';
      const dead = ds[0]!.delivery;
      await assert.rejects(retryDelivery(t.app, as('andi'), dead.id), (e: unknown) => e instanceof DomainError && e.code === 'notification.forbidden');
      await assert.rejects(retryDelivery(t.app, as('andi'), dead.id), (e: unknown) => e instanceof DomainError && e.code === 'notification.forbidden');
      await retryDelivery(t.app, as('koor'), dead.id);
      await assert.rejects(retryDelivery(t.app, as('koor'), dead.id), (e: unknown) => e instanceof DomainError && e.code === 'notification.not_dead');
      assert.deepEqual(await w.runOnce(), { fannedOut: 0, attempted: 1, delivered: 1 });
      assert.deepEqual(rx.delivered.map((r) => [r.deliveryId, r.attempt, r.notification.type]), [[dead.id, 4, 'fault.urgent_reported']]);
      const after = (await log()).find((d) => d.delivery.id === dead.id)!.delivery;
      assert.equal(after.status, 'delivered');
      assert.equal(after.detail, 'HTTP 204');
      const retried = await t.app.store.read((r) => r.logbook.listForCase(c.id, ['notification.retried']));
      assert.equal(retried.length, 1);
      assert.equal(retried[0]!.actorId, (await t.app.store.read((r) => r.users.findByUsername('koor')))!.id);
      const refusals = await t.app.store.read(async (r) => (await r.logbook.page({ afterSeq: 0, limit: 10_000 })).filter((e) => e.type === 'refusal' && e.data.includes('notification.retry')));
      assert.equal(refusals.length, 3, 'each refused retry is logged');
    });

    it('a koordinator sees only their own unit\'s deliveries; a pelapor none', async () => {
      await report(t, 'critical');
      await reportFault(t.app, as('budi'), { unit: 'manado', system: 'SPSE', description: 'x', urgency: 'critical', channel: 'phone' }).catch(() => undefined);
      await worker(t, [httpChannel(rx.url, ['r1'])]).runOnce();
      const all = await listDeliveries(t.app, as('super'), {});
      const mine = await listDeliveries(t.app, as('koor'), {});
      assert.ok(all.length >= mine.length && mine.length === 1);
      assert.ok(mine.every((d) => d.notification.data['unitCode'] === 'gorontalo'));
      await assert.rejects(listDeliveries(t.app, as('pelapor'), {}), (e: unknown) => e instanceof DomainError && e.code === 'notification.forbidden');
    });

    it('a delivery that hangs fails at the timeout and the action that caused it is not held up', async () => {
      rx.mode = 'hang';
      await report(t, 'critical');
      const w = worker(t, [httpChannel(rx.url, ['r1'])]);
      const pass = w.runOnce();
      // While the delivery hangs, the next action commits (and writes its own notification).
      await report(t, 'critical');
      assert.equal((await notifications(t)).length, 2);
      assert.deepEqual(await pass, { fannedOut: 1, attempted: 1, delivered: 0 });
      const [d] = await listDeliveries(t.app, as('super'), {});
      assert.equal(d!.delivery.status, 'pending');
      assert.match(d!.delivery.lastError ?? '', /no answer within 1 s/);
    });
  });
}
