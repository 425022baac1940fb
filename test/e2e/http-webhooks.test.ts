import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';

describe('webhook endpoints over the API (SQLite)', () => {
  let h: TestHttp;
  let su: Client;
  let koor: Client;
  before(async () => {
    h = await openTestHttp('sqlite');
    su = await h.signIn('super');
    koor = await h.signIn('koor');
  });
  after(async () => { await h.close(); });

  it('adds an endpoint and answers its secret once; lists never show it; rotates and retires with a reason', async () => {
    const add = await koor.request('POST', '/api/v1/webhooks', { url: 'https://hooks.example.org/gto', unit: 'gorontalo', events: ['case.approved'] });
    assert.equal(add.statusCode, 201, add.body);
    const created = add.json<{ endpoint: { id: string; unit: string; events: string[]; createdBy: string }; secret: string }>();
    assert.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual([created.endpoint.unit, created.endpoint.events, created.endpoint.createdBy], ['gorontalo', ['case.approved'], 'koor']);

    const list = await su.request('GET', '/api/v1/webhooks');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json<{ id: string }[]>().map((e) => e.id), [created.endpoint.id]);
    assert.ok(!list.body.includes(created.secret.slice(6)) && !list.body.includes('whsec_'));

    const rotated = await koor.request('POST', `/api/v1/webhooks/${created.endpoint.id}/rotate-secret`, { reason: 'jadwal rotasi' });
    assert.equal(rotated.statusCode, 200, rotated.body);
    const next = rotated.json<{ secret: string; endpoint: { secretRotatedAt: string | null } }>();
    assert.notEqual(next.secret, created.secret);
    assert.ok(next.endpoint.secretRotatedAt);

    const retired = await su.request('POST', `/api/v1/webhooks/${created.endpoint.id}/retire`, { reason: 'penerima dimatikan' });
    assert.equal(retired.statusCode, 200, retired.body);
    assert.ok(retired.json<{ retiredAt: string | null }>().retiredAt);
    assert.equal((await su.request('POST', `/api/v1/webhooks/${created.endpoint.id}/retire`, { reason: 'lagi' })).statusCode, 409);
    assert.equal((await su.request('POST', '/api/v1/webhooks/none/retire', { reason: 'x' })).statusCode, 404);
  });

  it('refuses a bad URL with a 400 in the request\'s language, and another unit\'s endpoint to a koordinator with a 403', async () => {
    for (const [lang, words] of [['en', /plain http only to a receiver on this machine/], ['id', /http tanpa TLS hanya ke penerima di mesin ini/]] as const) {
      const res = await su.request('POST', '/api/v1/webhooks', { url: 'http://hooks.example.org/x', unit: 'gorontalo' }, { 'accept-language': lang });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json<{ error: string; message: string; details: { problem: string } }>();
      assert.equal(body.error, 'webhook.url_invalid');
      assert.equal(body.details.problem, 'http_not_allowed');
      assert.match(body.message, words);
    }
    const res = await koor.request('POST', '/api/v1/webhooks', { url: 'https://hooks.example.org/mdo', unit: 'manado' }, { 'accept-language': 'en' });
    assert.equal(res.statusCode, 403);
    assert.match(res.json<{ message: string }>().message, /may not manage the webhooks of unit manado/);
  });
});
