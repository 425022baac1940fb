import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { createHttpWebhookPoster, WEBHOOK_EXCERPT_BYTES } from '../../src/adapters/webhook/http-webhook-poster.js';
import { createWebhookChannel } from '../../src/app/notification/webhook-channel.js';
import type { WebhookPayload } from '../../src/app/notification/webhook-channel.js';
import { addWebhookEndpoint, retireWebhookEndpoint, rotateWebhookSecret } from '../../src/app/notification/webhook-endpoints.js';
import type { NotificationRecord } from '../../src/domain/notification/notification-event.js';
import type { NotificationChannel } from '../../src/app/notification/notification-channel.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';
import { selfSignedCertificate, startWebhookReceiver } from '../support/webhook-receiver.js';

const su = as('super');
const PUBLIC_URL = 'https://jaga.lpse.example';

/*
 * The webhook channel against a real receiver on 127.0.0.1 that checks every signature with
 * verifyWebhook: what it accepts, what it refuses, and how deliver fails when the receiver is
 * broken, slow, redirecting or down. Both engines: the endpoint and its sealed secret are read
 * from the store at each delivery.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `the webhook channel (${dialect})`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let endpointId: string;
    let secret: string;
    let channel: NotificationChannel;
    let notification: NotificationRecord;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      const world = await seedWorld(t);
      receiver = await startWebhookReceiver({ nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) });
      const added = await addWebhookEndpoint(t.app, su, { url: receiver.url, unit: 'gorontalo' });
      endpointId = added.endpoint.id;
      secret = added.secret;
      receiver.secret = secret;
      channel = createWebhookChannel(createHttpWebhookPoster(), { publicUrl: PUBLIC_URL, timeoutMs: 2000 });
      notification = {
        id: 'ntf-1', type: 'case.awaiting_approval', occurredAt: '2026-11-28T00:59:00.000Z', unitId: world.unit.id, caseId: 'case-42',
        data: { system: 'SPSE', unit: 'gorontalo', executor: 'andi', late: false, minutes: 55, note: null },
      };
    });
    afterEach(async () => { await receiver.close(); await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const deliver = (attempt = 1, id = 'dlv-1') => channel.deliver(t.app, endpointId, notification, { id, attempt });

    it('delivers a signed JSON body that the receiver verifies and accepts', async () => {
      assert.equal(await deliver(), 'HTTP 204');
      const [got] = receiver.received;
      assert.ok(got);
      assert.equal(got.problem, null, 'the signature verifies');
      assert.equal(got.headers['webhook-id'], 'dlv-1');
      assert.equal(got.headers['webhook-timestamp'], String(Math.floor(t.clock.now().getTime() / 1000)));
      assert.match(String(got.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]{43}=$/);
      assert.equal(got.headers['content-type'], 'application/json');
      assert.equal(got.headers['user-agent'], 'Jaga');
      const body = JSON.parse(got.body) as WebhookPayload;
      assert.deepEqual(body, {
        type: 'case.awaiting_approval', timestamp: '2026-11-28T00:59:00.000Z',
        data: { ...notification, caseUrl: `${PUBLIC_URL}/cases/case-42` },
      });
      assert.ok(!got.body.includes(secret.slice(6)), 'the body carries no secret');
    });

    it('keeps the webhook-id of a delivery across retries, with a fresh timestamp and signature', async () => {
      await deliver(1);
      t.clock.advanceMinutes(2);
      await deliver(2);
      const [a, b] = receiver.received;
      assert.ok(a && b && a.problem === null && b.problem === null);
      assert.equal(a.headers['webhook-id'], b.headers['webhook-id']);
      assert.notEqual(a.headers['webhook-timestamp'], b.headers['webhook-timestamp']);
      assert.notEqual(a.headers['webhook-signature'], b.headers['webhook-signature']);
      assert.equal(a.body, b.body, 'the same body');
    });

    it('a tampered body or a wrong secret is refused by the receiver, and deliver then fails with the HTTP status', async () => {
      await deliver();
      const [got] = receiver.received;
      assert.ok(got);
      // Replayed with one byte changed: the receiver refuses it.
      const replay = await fetch(receiver.url, {
        method: 'POST', body: got.body.replace('"andi"', '"budi"'),
        headers: { 'webhook-id': String(got.headers['webhook-id']), 'webhook-timestamp': String(got.headers['webhook-timestamp']), 'webhook-signature': String(got.headers['webhook-signature']) },
      });
      assert.equal(replay.status, 401);
      assert.equal(receiver.received[1]?.problem, 'no_match');
      // The secret is rotated and the receiver still holds the old one: every delivery is refused.
      await rotateWebhookSecret(t.app, su, { endpoint: endpointId, reason: 'uji' });
      await assert.rejects(deliver(), (e: Error) => /^HTTP 401: signature refused: no_match$/.test(e.message) && !e.message.includes(secret.slice(6)));
      assert.equal(receiver.received[2]?.problem, 'no_match');
    });

    it('a timestamp too far from the receiver\'s clock is refused', async () => {
      const late = await startWebhookReceiver({ secret, nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) + 301 });
      try {
        await t.app.store.db.updateTable('webhook_endpoints').set({ url: late.url }).where('id', '=', endpointId).execute();
        await assert.rejects(deliver(), /HTTP 401: signature refused: too_old/);
      } finally {
        await late.close();
      }
    });

    it('a 5xx answer fails with the status and a bounded excerpt of the answer', async () => {
      receiver.mode = 'fail500';
      await assert.rejects(deliver(), (e: Error) => /^HTTP 500: receiver broke: x+$/.test(e.message) && e.message.length <= 'HTTP 500: '.length + 200);
      const res = await createHttpWebhookPoster().post({ url: receiver.url, secret, id: 'x', timestamp: 1, body: '{}' }, 2000);
      assert.equal(res.status, 500);
      assert.ok(res.excerpt.length > 0 && Buffer.byteLength(res.excerpt) <= WEBHOOK_EXCERPT_BYTES, `excerpt of ${res.excerpt.length}`);
    });

    it('a redirect is not followed: it fails with its status', async () => {
      receiver.mode = 'redirect';
      await assert.rejects(deliver(), (e: Error) => e.message === 'HTTP 302');
      assert.equal(receiver.received.length, 1, 'sent once, to the endpoint only');
    });

    it('a receiver that never answers fails deliver at the timeout', async () => {
      receiver.mode = 'hang';
      const quick = createWebhookChannel(createHttpWebhookPoster(), { publicUrl: null, timeoutMs: 300 });
      await assert.rejects(quick.deliver(t.app, endpointId, notification, { id: 'dlv-h', attempt: 1 }), /webhook not delivered: no complete answer within 300 ms/);
    });

    it('a receiver that is down makes deliver throw, saying the connection was refused', async () => {
      await receiver.close();
      await assert.rejects(deliver(), (e: Error) => /^webhook not delivered: .*ECONNREFUSED/.test(e.message) && !e.message.includes(secret.slice(6)));
    });

    it('sends nothing to an endpoint retired since the notification was queued, and fails on one that does not exist', async () => {
      await retireWebhookEndpoint(t.app, su, { endpoint: endpointId, reason: 'uji' });
      assert.match(await deliver(), /^skipped: endpoint retired /);
      assert.equal(receiver.received.length, 0);
      await assert.rejects(channel.deliver(t.app, 'no-such-endpoint', notification, { id: 'd', attempt: 1 }), /webhook endpoint no-such-endpoint not found/);
    });

    it('over https: checks the receiver\'s certificate, refusing one it does not trust', async () => {
      const tls = selfSignedCertificate();
      const secure = await startWebhookReceiver({ secret, tls, nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) });
      try {
        await t.app.store.db.updateTable('webhook_endpoints').set({ url: secure.url }).where('id', '=', endpointId).execute();
        await assert.rejects(deliver(), (e: Error) => /^webhook not delivered: .*(self-signed|SELF_SIGNED)/i.test(e.message));
        assert.equal(secure.received.length, 0, 'nothing sent over a connection it does not trust');
        const trusting = createWebhookChannel(createHttpWebhookPoster({ ca: tls.cert }), { publicUrl: null, timeoutMs: 2000 });
        assert.equal(await trusting.deliver(t.app, endpointId, notification, { id: 'dlv-tls', attempt: 1 }), 'HTTP 204');
        assert.equal(secure.received[0]?.problem, null);
      } finally {
        await secure.close();
      }
    });

    it('a notification of no case has no link; without JAGA_PUBLIC_URL neither', async () => {
      notification = { ...notification, caseId: null };
      await deliver();
      const noUrl = createWebhookChannel(createHttpWebhookPoster(), { publicUrl: null, timeoutMs: 2000 });
      notification = { ...notification, caseId: 'case-7' };
      await noUrl.deliver(t.app, endpointId, notification, { id: 'dlv-2', attempt: 1 });
      assert.deepEqual(receiver.received.map((r) => (JSON.parse(r.body) as WebhookPayload).data.caseUrl), [null, null]);
    });
  });
}
