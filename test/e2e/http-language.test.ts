import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';

const EN = { 'accept-language': 'en-GB,en;q=0.9' };
const ID = { 'accept-language': 'id-ID' };

function refusal(r: LightMyRequestResponse, status: number, code: string): string {
  assert.equal(r.statusCode, status, r.body);
  const body = r.json<{ error: string; message: string }>();
  assert.equal(body.error, code);
  return body.message;
}

async function languageEntries(h: TestHttp): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  await h.t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) {
      for (const e of page) if (e.type === 'user.language_set') out.push({ actorId: e.actorId, ...(JSON.parse(e.data) as Record<string, unknown>) });
    }
  });
  return out;
}

describe('the language of HTTP replies: the user\'s preference, then Accept-Language, then Indonesian', () => {
  let h: TestHttp;
  let pelapor: Client;
  let auditor: Client;
  before(async () => {
    h = await openTestHttp('sqlite');
    pelapor = await h.signIn('pelapor');
    auditor = await h.signIn('audit');
  });
  after(async () => { await h.close(); });

  const missingCase = (c: Client, headers: Record<string, string> = {}) => c.request('GET', '/api/v1/cases/no-such-case', undefined, headers);

  it('without a preference follows Accept-Language, and speaks Indonesian when there is none', async () => {
    assert.equal(refusal(await missingCase(pelapor, EN), 404, 'case.not_found'), "Case 'no-such-case' not found.");
    assert.equal(refusal(await missingCase(pelapor, ID), 404, 'case.not_found'), "Kasus 'no-such-case' tidak ditemukan.");
    assert.equal(refusal(await missingCase(pelapor), 404, 'case.not_found'), "Kasus 'no-such-case' tidak ditemukan.");
    assert.equal((await pelapor.request('GET', '/api/v1/me')).json<{ language: unknown }>().language, null);
  });

  it('a user who prefers English reads English even when the client asks for Indonesian', async () => {
    const set = await pelapor.request('PUT', '/api/v1/me/language', { language: 'en' }, ID);
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json<{ language: string }>().language, 'en');
    assert.equal(refusal(await missingCase(pelapor, ID), 404, 'case.not_found'), "Case 'no-such-case' not found.");
    assert.equal(refusal(await missingCase(pelapor), 404, 'case.not_found'), "Case 'no-such-case' not found.");
    // A refused change is told in the language already preferred.
    assert.equal(refusal(await pelapor.request('PUT', '/api/v1/me/language', { language: 'fr' }, ID), 400, 'input.invalid'),
      "Invalid input: 'language' must be one of: id, en.");
    assert.equal((await pelapor.request('GET', '/api/v1/me')).json<{ language: string }>().language, 'en');
  });

  it('a user who prefers Indonesian reads Indonesian even when the client asks for English; others are not affected', async () => {
    assert.equal((await auditor.request('PUT', '/api/v1/me/language', { language: 'id' })).statusCode, 200);
    assert.equal(refusal(await missingCase(auditor, EN), 404, 'case.not_found'), "Kasus 'no-such-case' tidak ditemukan.");
    assert.equal(refusal(await missingCase(pelapor, ID), 404, 'case.not_found'), "Case 'no-such-case' not found.");
  });

  it('clearing the preference (null) hands the choice back to Accept-Language', async () => {
    assert.equal((await pelapor.request('PUT', '/api/v1/me/language', { language: null })).statusCode, 200);
    assert.equal(refusal(await missingCase(pelapor, ID), 404, 'case.not_found'), "Kasus 'no-such-case' tidak ditemukan.");
    assert.equal(refusal(await missingCase(pelapor, EN), 404, 'case.not_found'), "Case 'no-such-case' not found.");
  });

  it('before sign-in only Accept-Language can decide', async () => {
    assert.equal(refusal(await h.inject({ method: 'GET', url: '/api/v1/me', headers: EN }), 401, 'auth.required'), 'Sign in first (session cookie or API token).');
    assert.equal(refusal(await h.inject({ method: 'GET', url: '/api/v1/me' }), 401, 'auth.required'), 'Silakan masuk terlebih dahulu (sesi atau token API).');
  });

  it('logs every change with the user and the previous value', async () => {
    const users = await h.t.app.store.read(async (r) => ({ pelapor: await r.users.findByUsername('pelapor'), audit: await r.users.findByUsername('audit') }));
    const entries = await languageEntries(h);
    assert.deepEqual(entries.map((e) => [e['actorId'], e['language'], e['previous'], e['via']]), [
      [users.pelapor?.id, 'en', null, 'http'],
      [users.audit?.id, 'id', null, 'http'],
      [users.pelapor?.id, null, 'en', 'http'],
    ]);
  });
});
