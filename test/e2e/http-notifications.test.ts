import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';

const EN = { 'accept-language': 'en-GB' };

function refusal(r: LightMyRequestResponse, status: number, code: string): string {
  assert.equal(r.statusCode, status, r.body);
  const body = r.json<{ error: string; message: string }>();
  assert.equal(body.error, code);
  return body.message;
}

describe('the notification API: email addresses, mutes and a unit\'s subscriptions (SQLite)', () => {
  let h: TestHttp;
  let andi: Client;
  let koor: Client;
  let sup: Client;

  before(async () => {
    h = await openTestHttp('sqlite');
    [andi, koor, sup] = [await h.signIn('andi'), await h.signIn('koor'), await h.signIn('super')];
  });
  after(() => h.close());

  it('sets one\'s own address, normalised; refuses a malformed one with words in the request\'s language', async () => {
    const r = await andi.request('PUT', '/api/v1/me/email', { email: 'Andi@LPSE.Gorontalo.GO.ID' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json<{ email: string }>().email, 'Andi@lpse.gorontalo.go.id');
    assert.equal((await andi.request('GET', '/api/v1/me')).json<{ email: string }>().email, 'Andi@lpse.gorontalo.go.id');
    assert.match(refusal(await andi.request('PUT', '/api/v1/me/email', { email: 'andi@@lpse.go.id' }), 400, 'user.email_invalid'), /tidak valid/);
    assert.match(refusal(await andi.request('PUT', '/api/v1/me/email', { email: 'andi@lpse' }, EN), 400, 'user.email_invalid'), /is not valid: the domain/);
    const budi = (await sup.request('GET', '/api/v1/users')).json<{ id: string; username: string }[]>().find((u) => u.username === 'budi');
    assert.equal((await sup.request('PUT', `/api/v1/users/${budi?.id ?? ''}/email`, { email: 'budi@manado.go.id' })).statusCode, 200);
    refusal(await koor.request('PUT', `/api/v1/users/${budi?.id ?? ''}/email`, { email: 'x@manado.go.id' }), 403, 'registry.forbidden');
  });

  it('mutes and unmutes for oneself, and refuses a mandatory event with a 409 in both languages', async () => {
    const muted = await andi.request('PUT', '/api/v1/me/notifications', { mute: ['case.approved'] });
    assert.equal(muted.statusCode, 200, muted.body);
    assert.deepEqual(muted.json<{ notifications: { event: string; muted: boolean }[] }>().notifications.filter((n) => n.muted).map((n) => n.event), ['case.approved']);
    assert.match(refusal(await andi.request('PUT', '/api/v1/me/notifications', { mute: ['case.assigned'] }), 409, 'notification.mandatory'), /wajib bagi peran admin_lpse/);
    assert.match(refusal(await andi.request('PUT', '/api/v1/me/notifications', { mute: ['case.assigned'] }, EN), 409, 'notification.mandatory'), /mandatory for role admin_lpse/);
    refusal(await andi.request('PUT', '/api/v1/me/notifications', { mute: ['case.nonsense'] }), 400, 'input.invalid');
    const own = (await andi.request('GET', '/api/v1/me/notifications')).json<{ email: string | null; notifications: { event: string; muted: boolean }[] }>();
    assert.deepEqual(own.notifications.filter((n) => n.muted).map((n) => n.event), ['case.approved']);
  });

  it('keeps a unit\'s overrides for its koordinator and the superadmin', async () => {
    const set = await koor.request('PUT', '/api/v1/units/gorontalo/notification-subscriptions', { role: 'pelapor', event: 'case.approved', enabled: true });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { role: 'pelapor', event: 'case.approved', byDefault: false, override: true, on: true, mandatory: 'no', fromThreshold: null, minThreshold: null });
    refusal(await koor.request('PUT', '/api/v1/units/manado/notification-subscriptions', { role: 'pelapor', event: 'case.approved', enabled: true }), 403, 'notification.subscriptions_forbidden');
    refusal(await sup.request('PUT', '/api/v1/units/manado/notification-subscriptions', { role: 'auditor', event: 'logbook.verification_failed', enabled: false }), 409, 'notification.mandatory');
    const list = (await sup.request('GET', '/api/v1/units/gorontalo/notification-subscriptions')).json<{ subscriptions: { role: string; event: string; override: boolean | null }[] }>();
    assert.deepEqual(list.subscriptions.filter((s) => s.override !== null).map((s) => [s.role, s.event]), [['pelapor', 'case.approved']]);
    refusal(await sup.request('GET', '/api/v1/units/nowhere/notification-subscriptions'), 404, 'unit.not_found');
  });
});
