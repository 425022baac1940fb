/**
 * Requests refused at the edge before any use case runs are logged like every refusal, with their
 * reason: an API call with a session but without its CSRF header, a page form without its token.
 * Bounded per address: past the limit of a minute one entry says so, and nothing more is written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REQUEST_REFUSALS_LOGGED_PER_MINUTE } from '../../src/http/request-refusals.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';

describe('requests refused at the edge (CSRF, form token) are logged', () => {
  let h: TestHttp;
  before(async () => { h = await openTestHttp('sqlite'); });
  after(() => h.close());

  const entries = (type: string) => h.t.app.store.read((r) => r.logbook.listOfType(type, { afterSeq: 0, limit: 1000 }));
  const edgeRefusals = async (): Promise<Record<string, unknown>[]> => (await entries('refusal'))
    .map((e): Record<string, unknown> => ({ actorId: e.actorId, ...(JSON.parse(e.data) as Record<string, unknown>) }))
    .filter((d) => d['action'] === 'http.request');

  it('logs an API call with the session cookie but no CSRF header, naming the session\'s user, the path and the reason in both languages', async () => {
    const koor = await h.signIn('koor');
    const res = await h.inject({ method: 'POST', url: '/api/v1/cases?x=rahasia', headers: { cookie: koor.cookie }, payload: { unit: 'gorontalo' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<{ error: string }>().error, 'auth.csrf_failed');
    const [d] = await edgeRefusals();
    const id = (await h.t.app.store.read((r) => r.users.findByUsername('koor')))?.id;
    assert.deepEqual({ ...d, reason: undefined }, { actorId: id, action: 'http.request', code: 'auth.csrf_failed', kind: 'forbidden', reason: undefined,
      sourceIp: '127.0.0.1', method: 'POST', path: '/api/v1/cases', via: 'http' }, 'the path without its query');
    const reason = d?.['reason'] as { id: string; en: string };
    assert.ok(reason.id.length > 0 && reason.en.length > 0 && reason.id !== reason.en);
  });

  it('logs a page form without its token, and bounds a flood from one address to one entry more that says so', async () => {
    h.t.clock.advanceMinutes(2);
    const before = (await edgeRefusals()).length;
    for (let i = 0; i < REQUEST_REFUSALS_LOGGED_PER_MINUTE + 15; i++) {
      const res = await h.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: 'username=andi&password=salah' });
      assert.equal(res.statusCode, 403);
    }
    const logged = (await edgeRefusals()).slice(before);
    assert.equal(logged.length, REQUEST_REFUSALS_LOGGED_PER_MINUTE);
    assert.deepEqual([...new Set(logged.map((d) => `${String(d['code'])} ${String(d['path'])} ${String(d['actorId'])}`))], ['auth.form_token_failed /sign-in null']);
    const throttled = await entries('auth.request_refusals_throttled');
    assert.equal(throttled.length, 1, 'one entry for the rest of the minute');
    // The next minute logs again.
    h.t.clock.advanceMinutes(1);
    await h.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: 'username=andi' });
    assert.equal((await edgeRefusals()).length, before + REQUEST_REFUSALS_LOGGED_PER_MINUTE + 1);
  });
});
