/**
 * Issue 10 over HTTP: a first TOTP enrolment needs the password and a one-time enrolment code
 * issued by a superadmin or the unit's koordinator; tokens come only from a session that passed
 * TOTP and never outlive or exceed the token that asks; /metrics needs a `metrics` token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { rfc6238Totp } from '../../src/adapters/system/rfc6238-totp.js';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { resetUserTotp } from '../../src/app/registry/reset-user-credentials.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { PASSWORD, as } from '../support/test-app.js';

type Json = Record<string, unknown>;

function refused(res: LightMyRequestResponse, status: number, code: string): Json {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json<Json>();
  assert.equal(body['error'], code, res.body);
  return body;
}

async function logbook(h: TestHttp): Promise<{ type: string; raw: string; d: Json }[]> {
  const out: { type: string; raw: string; d: Json }[] = [];
  await h.t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) for (const e of page) out.push({ type: e.type, raw: e.data, d: JSON.parse(e.data) as Json });
  });
  return out;
}

/** A password-only session (no TOTP step taken), as the browser holds it. */
async function passwordSession(h: TestHttp, username: string): Promise<Client & { next: string }> {
  const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
  assert.equal(login.statusCode, 200, login.body);
  const cookie = `jaga_session=${login.cookies.find((c) => c.name === 'jaga_session')?.value ?? ''}`;
  const { csrfToken, next } = login.json<{ csrfToken: string; next: string }>();
  return {
    username, cookie, csrfToken, next,
    request: (method, url, body, headers = {}) => h.inject({ method, url, headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...headers },
      ...(body === undefined ? {} : { payload: body as object }) }),
  };
}

describe('TOTP enrolment needs a one-time enrolment code', () => {
  let h: TestHttp;
  let koor: Client;
  before(async () => {
    h = await openTestHttp('sqlite');
    await createUser(h.t.app, as('super'), { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: PASSWORD });
    koor = await h.signIn('koor');
  });
  after(async () => { await h.close(); });

  it('refuses enrolment without a code, with an unknown one or with a wrong password; accepts the issued code once', async () => {
    const andi = await passwordSession(h, 'andi');
    assert.equal(andi.next, 'totp_enrolment');
    refused(await andi.request('POST', '/api/v1/auth/totp/enroll'), 400, 'input.invalid');
    refused(await andi.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD }), 400, 'input.invalid');
    const unknown = refused(await andi.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode: 'enrol-tebakan-saja-123' },
      { 'accept-language': 'en' }), 403, 'auth.enrolment_code_invalid');
    assert.match(String(unknown['message']), /not recognised; ask the unit's koordinator or a superadmin for a new one/);

    const issued = await koor.request('POST', '/api/v1/users/andi/enrolment-code');
    assert.equal(issued.statusCode, 201, issued.body);
    const code = issued.json<{ code: string; expiresAt: string }>().code;
    refused(await andi.request('POST', '/api/v1/auth/totp/enroll', { password: 'not the password', enrolmentCode: code }), 403, 'auth.current_password_wrong');
    const enrol = await andi.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode: code });
    assert.equal(enrol.statusCode, 200, enrol.body);
    const secret = enrol.json<{ secret: string }>().secret;
    refused(await andi.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode: code }), 403, 'auth.enrolment_code_invalid');
    const confirm = await andi.request('POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, h.t.clock.now()) });
    assert.equal(confirm.statusCode, 200, confirm.body);

    const entries = await logbook(h);
    const issuedEntry = entries.find((e) => e.type === 'auth.enrolment_code_issued' && e.d['username'] === 'andi');
    assert.ok(issuedEntry, 'issuing is logged');
    assert.equal(issuedEntry.d['via'], 'http');
    assert.ok(entries.some((e) => e.type === 'auth.enrolment_code_used' && e.d['username'] === 'andi'), 'its use is logged');
    assert.deepEqual(entries.filter((e) => e.type === 'auth.totp_enrolment_refused').map((e) => e.d['reason']), ['code_unknown', 'wrong_password', 'code_used']);
    assert.ok(!entries.some((e) => e.raw.includes(code)), 'the code itself is never logged');
  });

  it('an unused code expires after 24 h; after a TOTP reset the user needs a new code', async () => {
    const { code } = await issueEnrolmentCode(h.t.app, as('super'), 'dita');
    h.t.clock.advanceMinutes(24 * 60);
    const dita = await passwordSession(h, 'dita');
    refused(await dita.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode: code }), 403, 'auth.enrolment_code_invalid');

    await resetUserTotp(h.t.app, as('super'), { user: 'andi', reason: 'ponsel hilang' });
    const andi = await passwordSession(h, 'andi');
    assert.equal(andi.next, 'totp_enrolment');
    refused(await andi.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode: 'enrol-tebakan-saja-123' }), 403, 'auth.enrolment_code_invalid');
    const fresh = await issueEnrolmentCode(h.t.app, as('super'), 'andi');
    assert.equal((await andi.request('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode: fresh.code })).statusCode, 200);
  });

  it('only a superadmin, or the koordinator of the user\'s unit, issues codes (refusals logged)', async () => {
    koor = await h.signIn('koor'); // the day the test before moved on ended the earlier session
    const koorMdo = await h.signIn('koor.mdo');
    refused(await koorMdo.request('POST', '/api/v1/users/vendor/enrolment-code'), 403, 'auth.enrolment_code_forbidden');
    const pelapor = await h.signIn('pelapor');
    refused(await pelapor.request('POST', '/api/v1/users/andi/enrolment-code'), 403, 'auth.enrolment_code_forbidden');
    refused(await koor.request('POST', '/api/v1/users/budi/enrolment-code'), 403, 'auth.enrolment_code_forbidden');
    const refusals = (await logbook(h)).filter((e) => e.type === 'refusal' && e.d['code'] === 'auth.enrolment_code_forbidden');
    assert.equal(refusals.length, 3);
  });
});

describe('API tokens: only from a session that passed TOTP, never outliving or exceeding the token that asks; /metrics needs its scope', () => {
  let h: TestHttp;
  let koor: Client;
  let superadmin: Client;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  before(async () => {
    h = await openTestHttp('sqlite');
    koor = await h.signIn('koor');
    superadmin = await h.signIn('super');
  });
  after(async () => { await h.close(); });

  it('a session that passed TOTP creates a token; a bearer token cannot, nor a session without TOTP', async () => {
    const r = await koor.request('POST', '/api/v1/tokens', { name: 'skrip', scope: 'full', expiresInDays: 30 });
    assert.equal(r.statusCode, 201, r.body);
    const { token } = r.json<{ token: string }>();
    const viaToken = await h.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(token), payload: { name: 'anak', scope: 'read', expiresInDays: 7 } });
    refused(viaToken, 403, 'auth.token_needs_totp_session');
    const pelapor = await h.signIn('pelapor'); // signs in without TOTP (not enrolled)
    refused(await pelapor.request('POST', '/api/v1/tokens', { name: 'x' }), 403, 'auth.token_needs_totp_session');
    const refusals = (await logbook(h)).filter((e) => e.type === 'refusal' && e.d['code'] === 'auth.token_needs_totp_session');
    assert.equal(refusals.length, 2, 'both refusals logged');
  });

  it('a token cannot create a token that outlives it or exceeds its scope', async () => {
    const { token } = (await koor.request('POST', '/api/v1/tokens', { name: 'induk', scope: 'full', expiresInDays: 30 })).json<{ token: string }>();
    const longer = await h.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(token), payload: { name: 'lebih-lama', scope: 'read', expiresInDays: 90 } });
    refused(longer, 403, 'auth.token_outlives_parent');
    // A read token is refused every POST by its scope already; the use case refuses a wider scope on its own too.
    const parent = { via: 'token', scope: 'read', expiresAt: new Date(h.t.clock.now().getTime() + 30 * 86_400_000).toISOString() } as const;
    await assert.rejects(createApiToken(h.t.app, as('koor'), { name: 'lebih-luas', scope: 'full', expiresInDays: 7 }, parent),
      (e: unknown) => e instanceof DomainError && e.code === 'auth.token_scope_exceeded');
    await assert.rejects(createApiToken(h.t.app, as('koor'), { name: 'lebih-lama', scope: 'read', expiresInDays: 31 }, parent),
      (e: unknown) => e instanceof DomainError && e.code === 'auth.token_outlives_parent');
  });

  it('/metrics: refused without a token and with a token of another scope; a superadmin\'s metrics token reads it and nothing else', async () => {
    refused(await h.inject({ method: 'GET', url: '/metrics' }), 401, 'auth.required');
    refused(await koor.request('GET', '/metrics'), 403, 'auth.metrics_scope_required');
    const full = (await koor.request('POST', '/api/v1/tokens', { name: 'penuh', scope: 'full' })).json<{ token: string }>().token;
    refused(await h.inject({ method: 'GET', url: '/metrics', headers: bearer(full) }), 403, 'auth.metrics_scope_required');
    refused(await koor.request('POST', '/api/v1/tokens', { name: 'prometheus', scope: 'metrics' }), 403, 'auth.token_scope_not_allowed');
    const made = await superadmin.request('POST', '/api/v1/tokens', { name: 'prometheus', scope: 'metrics' });
    assert.equal(made.statusCode, 201, made.body);
    const metrics = made.json<{ token: string }>().token;
    const m = await h.inject({ method: 'GET', url: '/metrics', headers: bearer(metrics) });
    assert.equal(m.statusCode, 200, m.body);
    assert.match(m.body, /^jaga_logbook_entries \d+$/m);
    refused(await h.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(metrics) }), 403, 'auth.token_metrics_only');
    refused(await h.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(metrics) }), 403, 'auth.token_metrics_only');
  });
});
