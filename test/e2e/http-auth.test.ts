import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { rfc6238Totp } from '../../src/adapters/system/rfc6238-totp.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import type { HttpServer } from '../../src/http/server.js';
import { buildHttpServer } from '../../src/http/server.js';
import { openApp } from '../../src/main/open-app.js';
import type { PasswordHasher } from '../../src/ports/crypto.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import type { TestApp, TestDialect } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, fastPasswords, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

/*
 * The HTTP edge's authentication and error contract: brute-force lock-out, CSRF, the TOTP
 * second step, personal API tokens, session lifetime, error bodies and security headers.
 * SQLite, except the brute-force suite which also runs on PostgreSQL (the failure window is a
 * database query).
 */

type Json = Record<string, unknown>;
const HTTP_OPTIONS = { cookieSecure: false, trustProxy: [], bodyLimit: 64 * 1024, logLevel: 'silent' } as const;

/** A signed-in (possibly TOTP-pending) browser session: its cookie and CSRF token. */
interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly next: string;
}

/** What the tests need of a served app. */
interface Served {
  readonly t: TestApp;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

async function login(h: Served, username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });
}

function sessionOf(res: LightMyRequestResponse): Session {
  assert.equal(res.statusCode, 200, res.body);
  const c = res.cookies.find((x) => x.name === 'jaga_session');
  assert.ok(c, 'the session cookie is set');
  const body = res.json<{ csrfToken: string; next: string }>();
  return { cookie: `jaga_session=${c.value}`, csrfToken: body.csrfToken, next: body.next };
}

async function signIn(h: Served, username: string): Promise<Session> {
  return sessionOf(await login(h, username));
}

/** The body of a TOTP enrolment: the password and a fresh enrolment code from the superadmin. */
async function enrolmentBody(h: Served, username: string): Promise<{ password: string; enrolmentCode: string }> {
  return { password: PASSWORD, enrolmentCode: (await issueEnrolmentCode(h.t.app, as('super'), username)).code };
}

/** A request as the browser of `s` sends it: cookie always, CSRF header on unsafe methods (unless overridden). */
function call(h: Served, s: Session | undefined, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const base: Record<string, string> = s ? { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrfToken }) } : {};
  return h.inject({ method, url, headers: { ...base, ...headers }, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
}

/** Asserts an error reply: its status, its code, and a body of exactly {error, message[, details]}. */
function refused(res: LightMyRequestResponse, status: number, code: string): { error: string; message: string; details?: Json } {
  assert.equal(res.statusCode, status, `${res.statusCode} ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json<Json>();
  assert.deepEqual(Object.keys(body).filter((k) => !['error', 'message', 'details'].includes(k)), [], `only error, message, details: ${res.body}`);
  assert.equal(body['error'], code, res.body);
  assert.equal(typeof body['message'], 'string');
  assert.ok((body['message'] as string).length > 0);
  if ('details' in body) assert.equal(typeof body['details'], 'object');
  return body as { error: string; message: string; details?: Json };
}

async function logbookTypes(t: TestApp, prefix: string): Promise<{ type: string; data: Json }[]> {
  const out: { type: string; data: Json }[] = [];
  await t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) {
      for (const e of page) if (e.type.startsWith(prefix)) out.push({ type: e.type, data: JSON.parse(e.data) as Json });
    }
  });
  return out;
}

const REPORT = { unit: 'gorontalo', system: 'SPSE', description: 'Halaman lelang lambat', urgency: 'medium', channel: 'web' };

/** A TOTP code that none of the accepted steps (now ±30 s) produces. */
function wrongCode(secret: string, now: Date): string {
  const accepted = new Set([-30, 0, 30].map((s) => rfc6238Totp.code(secret, new Date(now.getTime() + s * 1000))));
  for (let i = 0; ; i += 1) {
    const c = String(123456 + i * 7919).padStart(6, '0').slice(-6);
    if (!accepted.has(c)) return c;
  }
}

/**
 * Like openTestHttp, but the app's password hasher counts its verify() calls, to prove which
 * attempts never reached the password check.
 */
async function openCountingHttp(dialect: TestDialect): Promise<Served & { server: HttpServer; verifyCalls(): number; close(): Promise<void> }> {
  const base = await openTestApp(dialect); // a migrated database, its config and the test clock
  await base.app.store.close(); // reopened below with the counting hasher
  let calls = 0;
  const passwords: PasswordHasher = {
    hash: (p) => fastPasswords.hash(p),
    verify: (p, hash) => { calls += 1; return fastPasswords.verify(p, hash); },
  };
  const app = openApp(base.config, { clock: base.clock, passwords });
  const t: TestApp = {
    app, clock: base.clock, config: base.config,
    close: async () => { await app.store.close(); rmSync(base.config.dataDir, { recursive: true, force: true }); },
  };
  await seedWorld(t);
  const server = await buildHttpServer(app, HTTP_OPTIONS);
  return {
    t, server, verifyCalls: () => calls,
    inject: (opts) => server.fastify.inject(opts),
    close: async () => { await server.fastify.close(); await t.close(); },
  };
}

after(async () => { await stopTestPostgres(); });

for (const dialect of DIALECTS) {
  describeOn(dialect, `brute-force protection of password sign-in (${dialect})`, () => {
    let h: Awaited<ReturnType<typeof openCountingHttp>>;
    const retryAfter: string[] = [];
    before(async () => { h = await openCountingHttp(dialect); });
    after(async () => { await h.close(); });

    it('answers each of the first four wrong passwords with 401 and the attempts left (4, 3, 2, 1)', async () => {
      for (const left of [4, 3, 2, 1]) {
        const before = h.verifyCalls();
        const body = refused(await login(h, 'pelapor', 'wrong password'), 401, 'auth.invalid_credentials');
        assert.deepEqual(body.details, { attemptsLeft: left });
        assert.match(body.message, new RegExp(`Sisa percobaan: ${left}\\.`));
        assert.equal(h.verifyCalls(), before + 1, 'the password was checked');
      }
    });

    it('answers the fifth wrong password with 401 and the time the lock ends (15 minutes from now)', async () => {
      const until = new Date(h.t.clock.now().getTime() + 15 * 60_000).toISOString();
      const body = refused(await login(h, 'pelapor', 'wrong password', { 'accept-language': 'en' }), 401, 'auth.invalid_credentials');
      assert.deepEqual(body.details, { lockedUntil: until });
      assert.equal(body.message, `Wrong username or password. Sign-in is locked until ${until}.`);
    });

    it('refuses the sixth attempt, with the correct password, by 429 + Retry-After, in Indonesian by default and English on request, without checking the password', async () => {
      const calls = h.verifyCalls();
      const id = await login(h, 'pelapor', PASSWORD);
      const idBody = refused(id, 429, 'auth.locked');
      assert.match(idBody.message, /^Akun dikunci sementara karena 5 kali salah kata sandi; coba lagi setelah /);
      const en = await login(h, 'pelapor', PASSWORD, { 'accept-language': 'en-GB,en;q=0.9,id;q=0.5' });
      const enBody = refused(en, 429, 'auth.locked');
      assert.match(enBody.message, /^Sign-in is locked after 5 wrong passwords; try again after /);
      assert.deepEqual(idBody.details, enBody.details);
      for (const r of [id, en]) {
        assert.match(String(r.headers['retry-after']), /^[1-9]\d*$/, 'Retry-After is a positive number of seconds');
        retryAfter.push(String(r.headers['retry-after']));
      }
      assert.equal(h.verifyCalls(), calls, 'PasswordHasher.verify() was not called while locked');
      assert.equal(id.cookies.length, 0, 'no session cookie');
    });

    it('Retry-After is the seconds until the lock ends by the server clock (900 right after the fifth failure)', () => {
      assert.deepEqual(retryAfter, ['900', '900']);
    });

    it('still refuses one minute before the lock ends, and accepts the correct password once the 15-minute window has passed', async () => {
      h.t.clock.advanceMinutes(14);
      refused(await login(h, 'pelapor', PASSWORD), 429, 'auth.locked');
      h.t.clock.advanceSeconds(61);
      const calls = h.verifyCalls();
      const ok = await login(h, 'pelapor', PASSWORD);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json<Json>()['next'], 'done');
      assert.equal(h.verifyCalls(), calls + 1);
    });

    it('writes every failure, the lock-out and each refusal to the logbook', async () => {
      const entries = await logbookTypes(h.t, 'auth.');
      assert.deepEqual(entries.map((e) => e.type), [
        'auth.sign_in_failed', 'auth.sign_in_failed', 'auth.sign_in_failed', 'auth.sign_in_failed', 'auth.sign_in_failed',
        'auth.locked_out', 'auth.sign_in_refused', 'auth.sign_in_refused', 'auth.sign_in_refused', 'auth.signed_in',
      ]);
      assert.deepEqual(entries.filter((e) => e.type === 'auth.sign_in_failed').map((e) => [e.data['reason'], e.data['failures']]),
        [1, 2, 3, 4, 5].map((n) => ['wrong_password', n]));
      for (const e of entries.filter((x) => x.type === 'auth.sign_in_refused')) {
        assert.equal(e.data['reason'], 'locked');
        assert.equal(e.data['username'], 'pelapor');
      }
    });
  });
}

describe('CSRF: unsafe requests with the session cookie must echo the session\'s X-CSRF-Token', () => {
  let h: TestHttp;
  before(async () => { h = await openTestHttp('sqlite'); });
  after(async () => { await h.close(); });

  const caseCount = async (s: Session) => (await call(h, s, 'GET', '/api/v1/cases')).json<{ total: number }>().total;

  it('refuses a cookie POST without the header, with a made-up one and with another session\'s, writing nothing', async () => {
    const pelapor = await signIn(h, 'pelapor');
    const other = await signIn(h, 'pelapor');
    const before = await caseCount(pelapor);
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'not-the-token' }, { 'x-csrf-token': other.csrfToken }, { 'x-csrf-token': '' }];
    for (const headers of attempts) {
      const r = await h.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie: pelapor.cookie, ...headers }, payload: REPORT });
      refused(r, 403, 'auth.csrf_failed');
    }
    assert.equal(await caseCount(pelapor), before, 'no case was written');
    assert.deepEqual(await logbookTypes(h.t, 'case.'), []);
    const ok = await call(h, pelapor, 'POST', '/api/v1/cases', REPORT);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(await caseCount(pelapor), before + 1);
  });

  it('also guards DELETE and the sign-out', async () => {
    const pelapor = await signIn(h, 'pelapor');
    refused(await call(h, pelapor, 'POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': 'x' }), 403, 'auth.csrf_failed');
    refused(await call(h, pelapor, 'DELETE', '/api/v1/tokens/some-id', undefined, { 'x-csrf-token': 'x' }), 403, 'auth.csrf_failed');
    assert.equal((await call(h, pelapor, 'GET', '/api/v1/me')).statusCode, 200, 'the session is still signed in');
  });
});

describe('the TOTP second step', () => {
  let h: TestHttp;
  let secret = '';
  let recoveryCodes: string[] = [];
  before(async () => { h = await openTestHttp('sqlite'); });
  after(async () => { await h.close(); });

  it('a session that passed only the password gets 403 auth.mfa_required on user routes but may call the sign-in steps', async () => {
    const andi = await signIn(h, 'andi');
    assert.equal(andi.next, 'totp_enrolment');
    refused(await call(h, andi, 'GET', '/api/v1/me'), 403, 'auth.mfa_required');
    refused(await call(h, andi, 'GET', '/api/v1/cases'), 403, 'auth.mfa_required');
    refused(await call(h, andi, 'POST', '/api/v1/cases', REPORT), 403, 'auth.mfa_required');
    refused(await call(h, andi, 'POST', '/api/v1/tokens', { name: 'bypass', scope: 'full' }), 403, 'auth.mfa_required');
    const session = await call(h, andi, 'GET', '/api/v1/auth/session');
    assert.equal(session.statusCode, 200, session.body);
    assert.equal(session.json<Json>()['next'], 'totp');

    const enrol = await call(h, andi, 'POST', '/api/v1/auth/totp/enroll', await enrolmentBody(h, 'andi'));
    assert.equal(enrol.statusCode, 200, enrol.body);
    secret = enrol.json<{ secret: string }>().secret;
    const now = h.t.clock.now();
    refused(await call(h, andi, 'POST', '/api/v1/auth/totp/confirm', { code: wrongCode(secret, now) }), 403, 'auth.totp_invalid');
    refused(await call(h, andi, 'GET', '/api/v1/me'), 403, 'auth.mfa_required');
    const confirm = await call(h, andi, 'POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, now) });
    assert.equal(confirm.statusCode, 200, confirm.body);
    recoveryCodes = confirm.json<{ recoveryCodes: string[] }>().recoveryCodes;
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    for (const c of recoveryCodes) assert.match(c, /^[a-z0-9]{5}-[a-z0-9]{5}$/);
    assert.equal((await call(h, andi, 'GET', '/api/v1/me')).statusCode, 200);
  });

  it('refuses a wrong TOTP code at sign-in with 403 auth.totp_invalid and keeps the session pending', async () => {
    h.t.clock.advanceSeconds(30);
    const andi = await signIn(h, 'andi');
    assert.equal(andi.next, 'totp');
    const r = await call(h, andi, 'POST', '/api/v1/auth/totp', { code: wrongCode(secret, h.t.clock.now()) }, { 'accept-language': 'en' });
    assert.equal(refused(r, 403, 'auth.totp_invalid').message, 'Wrong TOTP code.');
    refused(await call(h, andi, 'GET', '/api/v1/me'), 403, 'auth.mfa_required');
    const ok = await call(h, andi, 'POST', '/api/v1/auth/totp', { code: rfc6238Totp.code(secret, h.t.clock.now()) });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await call(h, andi, 'GET', '/api/v1/me')).statusCode, 200);
  });

  it('accepts a recovery code instead of TOTP, once only', async () => {
    const [first = '', second = ''] = recoveryCodes;
    const s1 = await signIn(h, 'andi');
    assert.equal((await call(h, s1, 'POST', '/api/v1/auth/totp', { code: first })).statusCode, 200);
    assert.equal((await call(h, s1, 'GET', '/api/v1/me')).statusCode, 200);

    const s2 = await signIn(h, 'andi');
    refused(await call(h, s2, 'POST', '/api/v1/auth/totp', { code: first }), 403, 'auth.totp_invalid');
    refused(await call(h, s2, 'GET', '/api/v1/me'), 403, 'auth.mfa_required');
    assert.equal((await call(h, s2, 'POST', '/api/v1/auth/totp', { code: second })).statusCode, 200, 'another unused code still works');

    const passed = (await logbookTypes(h.t, 'auth.totp_')).map((e) => `${e.type}:${String(e.data['method'])}`);
    assert.deepEqual(passed.slice(-3), ['auth.totp_passed:recovery_code', 'auth.totp_failed:recovery_code', 'auth.totp_passed:recovery_code']);
  });

  it('does not accept the same TOTP code twice (RFC 6238 §5.2)', async () => {
    h.t.clock.advanceSeconds(60);
    const code = rfc6238Totp.code(secret, h.t.clock.now());
    const s1 = await signIn(h, 'andi');
    assert.equal((await call(h, s1, 'POST', '/api/v1/auth/totp', { code })).statusCode, 200);
    const s2 = await signIn(h, 'andi');
    // Issue 10: a code already used is told as such, not as a wrong one.
    const again = refused(await call(h, s2, 'POST', '/api/v1/auth/totp', { code }, { 'accept-language': 'en' }), 403, 'auth.totp_reused');
    assert.equal(again.message, 'This code was already used; wait for the next one.');
  });
});

describe('personal API tokens', () => {
  let h: TestHttp;
  let pelapor: Session;
  // Issue 10: tokens are created from a session that passed TOTP, so the pelapor enrols one.
  before(async () => {
    h = await openTestHttp('sqlite');
    pelapor = await signIn(h, 'pelapor');
    const { secret } = (await call(h, pelapor, 'POST', '/api/v1/auth/totp/enroll', await enrolmentBody(h, 'pelapor'))).json<{ secret: string }>();
    assert.equal((await call(h, pelapor, 'POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, h.t.clock.now()) })).statusCode, 200);
  });
  after(async () => { await h.close(); });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  async function create(body: Json): Promise<{ token: string; record: Json }> {
    const r = await call(h, pelapor, 'POST', '/api/v1/tokens', body);
    assert.equal(r.statusCode, 201, r.body);
    return r.json<{ token: string; record: Json }>();
  }

  it('creates a token that is shown once; the list shows neither it nor its hash', async () => {
    const { token, record } = await create({ name: 'monitoring', scope: 'full', expiresInDays: 30 });
    assert.match(token, /^jaga_[A-Za-z0-9_-]{20,}$/);
    assert.equal(record['scope'], 'full');
    assert.ok(!('tokenHash' in record));
    const list = await call(h, pelapor, 'GET', '/api/v1/tokens');
    assert.equal(list.statusCode, 200, list.body);
    const hash = createHash('sha256').update(token).digest('hex');
    assert.ok(!list.body.includes(token), 'the token is not listed');
    assert.ok(!list.body.includes(hash), 'nor its hash');
    const items = list.json<Json[]>();
    assert.deepEqual(items.map((i) => i['name']), ['monitoring']);
    assert.deepEqual(Object.keys(items[0] ?? {}).sort(), ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'scope', 'userId']);
  });

  it('a full token works as `Authorization: Bearer` without cookie or CSRF header, also for POST', async () => {
    const { token } = await create({ name: 'script', scope: 'full' });
    const me = await h.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json<Json>()['username'], 'pelapor');
    const report = await h.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: REPORT });
    assert.equal(report.statusCode, 201, report.body);
  });

  it('a read token (the default scope) may GET but gets 403 auth.token_read_only on POST', async () => {
    const { token, record } = await create({ name: 'dashboard' });
    assert.equal(record['scope'], 'read');
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer(token) })).statusCode, 200);
    refused(await h.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: REPORT }), 403, 'auth.token_read_only');
    refused(await h.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer(token), payload: { name: 'escalate', scope: 'full' } }), 403, 'auth.token_read_only');
  });

  it('a revoked token gets 401', async () => {
    const { token, record } = await create({ name: 'old laptop', scope: 'full' });
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode, 200);
    const del = await call(h, pelapor, 'DELETE', `/api/v1/tokens/${String(record['id'])}`);
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(del.json<Json>()['revokedAt'], h.t.clock.now().toISOString());
    refused(await h.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }), 401, 'auth.required');
  });

  it('a malformed or unknown Authorization header gets 401, never a silent fall-back to the session cookie', async () => {
    assert.equal((await call(h, pelapor, 'GET', '/api/v1/me')).statusCode, 200, 'the cookie alone works');
    for (const authorization of ['Basic cGVsYXBvcjpjb3JyZWN0', 'Bearer', 'Bearer ', 'Token jaga_abc', `Bearer jaga_${'x'.repeat(43)}`, 'Bearer a b']) {
      refused(await call(h, pelapor, 'GET', '/api/v1/me', undefined, { authorization }), 401, 'auth.required');
    }
  });

  it('an expired token gets 401 (valid until the last minute of its lifetime)', async () => {
    const { token, record } = await create({ name: 'one day', scope: 'read', expiresInDays: 1 });
    assert.equal(record['expiresAt'], new Date(h.t.clock.now().getTime() + 86_400_000).toISOString());
    h.t.clock.advanceMinutes(24 * 60 - 1);
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode, 200);
    h.t.clock.advanceMinutes(1);
    refused(await h.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }), 401, 'auth.required');
  });
});

describe('session lifetime', () => {
  let h: TestHttp;
  before(async () => { h = await openTestHttp('sqlite'); });
  after(async () => { await h.close(); });

  it('stays signed in while used, and ends after 30 idle minutes (31 → 401)', async () => {
    const s = await signIn(h, 'pelapor');
    h.t.clock.advanceMinutes(29);
    assert.equal((await call(h, s, 'GET', '/api/v1/me')).statusCode, 200);
    h.t.clock.advanceMinutes(29);
    assert.equal((await call(h, s, 'GET', '/api/v1/me')).statusCode, 200, 'use resets the idle timer');
    h.t.clock.advanceMinutes(31);
    refused(await call(h, s, 'GET', '/api/v1/me'), 401, 'auth.required');
    refused(await call(h, s, 'POST', '/api/v1/cases', REPORT), 401, 'auth.required');
  });

  it('a page refreshing itself (x-jaga-refresh, the dashboard every 30 s) does not keep a session from idling out', async () => {
    const s = await signIn(h, 'pelapor');
    const refresh = { 'hx-request': 'true', 'x-jaga-refresh': '1', accept: 'text/html' };
    for (const minutes of [12, 12]) {
      h.t.clock.advanceMinutes(minutes);
      const r = await call(h, s, 'GET', '/', undefined, refresh);
      assert.equal(r.statusCode, 200, r.body.slice(0, 200));
      assert.match(r.body, /dashboard-live/, 'the refreshed section');
    }
    h.t.clock.advanceMinutes(7); // 31 minutes after the last thing the user did
    refused(await call(h, s, 'GET', '/api/v1/me'), 401, 'auth.required');
  });

  it('logout clears the cookie and revokes the session: the old cookie no longer works', async () => {
    const s = await signIn(h, 'pelapor');
    const out = await call(h, s, 'POST', '/api/v1/auth/logout');
    assert.equal(out.statusCode, 200, out.body);
    const cleared = out.cookies.find((c) => c.name === 'jaga_session');
    assert.ok(cleared, 'Set-Cookie clears jaga_session');
    assert.equal(cleared.value, '');
    assert.ok(cleared.expires !== undefined && cleared.expires.getTime() <= Date.now());
    refused(await call(h, s, 'GET', '/api/v1/me'), 401, 'auth.required');
    refused(await call(h, s, 'POST', '/api/v1/auth/logout'), 401, 'auth.required');
    assert.deepEqual((await logbookTypes(h.t, 'auth.signed_out')).map((e) => e.type), ['auth.signed_out']);
  });
});

describe('error replies', () => {
  let h: TestHttp;
  let s: Session;
  before(async () => { h = await openTestHttp('sqlite'); s = await signIn(h, 'pelapor'); });
  after(async () => { await h.close(); });

  const post = (payload: string | Buffer, contentType: string, headers: Record<string, string> = {}) =>
    h.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': contentType, ...headers }, payload });

  it('refuses unknown fields in a body with 400 input.invalid naming them, never ignoring them', async () => {
    const body = refused(await call(h, s, 'POST', '/api/v1/cases', { ...REPORT, isAdmin: true }), 400, 'input.invalid');
    assert.match(body.message, /kolom tidak dikenal: isAdmin/);
    assert.deepEqual(body.details, { issues: [{ path: '', code: 'unrecognized_keys' }] });
  });

  it('refuses invalid JSON with 400 input.invalid_json', async () => {
    refused(await post('{"unit": "gorontalo",', 'application/json'), 400, 'input.invalid_json');
    refused(await post('', 'application/json'), 400, 'input.invalid_json');
  });

  it('refuses a non-JSON content type with 415', async () => {
    refused(await post('unit=gorontalo&system=SPSE', 'application/x-www-form-urlencoded'), 415, 'http.unsupported_media_type');
    refused(await post('<case/>', 'application/xml'), 415, 'http.unsupported_media_type');
    refused(await post('--b\r\n\r\nx\r\n--b--', 'multipart/form-data; boundary=b'), 415, 'http.unsupported_media_type');
  });

  it('refuses text/plain with 415 too (the content type a cross-site form can send without a preflight)', async () => {
    refused(await post(JSON.stringify(REPORT), 'text/plain'), 415, 'http.unsupported_media_type');
  });

  it('says a wrongly typed field has the wrong type, not that it is missing', async () => {
    const r = await call(h, s, 'POST', '/api/v1/cases', { ...REPORT, system: 42 }, { 'accept-language': 'en' });
    assert.equal(refused(r, 400, 'input.invalid').message, "Invalid input: 'system' must be of type string.");
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const big = JSON.stringify({ ...REPORT, description: 'x'.repeat(64 * 1024) });
    refused(await post(big, 'application/json'), 413, 'http.payload_too_large');
  });

  it('answers an unknown route with 404 {error, message}', async () => {
    const body = refused(await call(h, s, 'GET', '/api/v1/nope?x=1'), 404, 'http.not_found');
    assert.equal(body.message, 'Tidak ada GET /api/v1/nope.');
    refused(await h.inject({ method: 'DELETE', url: '/api/v1/cases' }), 404, 'http.not_found');
  });

  it('speaks English when Accept-Language prefers it, Indonesian otherwise', async () => {
    const en = { 'accept-language': 'en-US,en;q=0.8' };
    assert.equal(refused(await call(h, s, 'GET', '/api/v1/nope', undefined, en), 404, 'http.not_found').message, 'No route GET /api/v1/nope.');
    assert.match(refused(await call(h, s, 'POST', '/api/v1/cases', { ...REPORT, isAdmin: true }, en), 400, 'input.invalid').message, /^Invalid input: unknown field\(s\): isAdmin\.$/);
    assert.equal(refused(await post('{', 'application/json', en), 400, 'input.invalid_json').message, 'The request body is not valid JSON.');
    assert.equal(refused(await post('{', 'application/json', { 'accept-language': 'id-ID,en;q=0.5' }), 400, 'input.invalid_json').message, 'Badan permintaan bukan JSON yang valid.');
    assert.equal(refused(await h.inject({ method: 'GET', url: '/api/v1/me', headers: en }), 401, 'auth.required').message, 'Sign in first (session cookie or API token).');
    assert.equal(refused(await h.inject({ method: 'GET', url: '/api/v1/me' }), 401, 'auth.required').message, 'Silakan masuk terlebih dahulu (sesi atau token API).');
  });
});

describe('security headers and the session cookie', () => {
  let h: TestHttp;
  before(async () => { h = await openTestHttp('sqlite'); });
  after(async () => { await h.close(); });

  it('sends CSP, nosniff and a frame policy on pages, API replies and errors alike', async () => {
    for (const url of ['/healthz', '/api/docs', '/api/v1/me', '/api/v1/nope']) {
      const r = await h.inject({ method: 'GET', url });
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
      assert.match(String(r.headers['x-frame-options']), /^(DENY|SAMEORIGIN)$/, url);
    }
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, on path /', async () => {
    const r = await login(h, 'pelapor');
    const raw = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('jaga_session='));
    assert.ok(raw, 'Set-Cookie: jaga_session');
    assert.match(raw, /;\s*HttpOnly(;|$)/i);
    assert.match(raw, /;\s*SameSite=Strict(;|$)/i);
    assert.match(raw, /;\s*Path=\/(;|$)/i);
    const cookie = r.cookies.find((c) => c.name === 'jaga_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
  });
});
