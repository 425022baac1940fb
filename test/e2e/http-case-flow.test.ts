import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { rfc6238Totp } from '../../src/adapters/system/rfc6238-totp.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { DIALECTS, PASSWORD, as, stopTestPostgres, describeOn } from '../support/test-app.js';

/*
 * One repair case, fault report (B1) to the koordinator's approval, driven through the real
 * HTTP server on a loopback port with `fetch` only: real Set-Cookie/Cookie headers, the
 * X-CSRF-Token header on every unsafe request, and password + TOTP sign-in (enrolment by the
 * API itself, then a second sign-in that takes the `next: 'totp'` path). The test clock moves
 * between steps so every time in the A2 record is known exactly.
 */

type Json = Record<string, unknown>;

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json;
}

/**
 * A browser-like client of one user: keeps the session cookie from Set-Cookie (dropping it when
 * the server clears it) and echoes the CSRF token on unsafe methods. Cookie expiry is judged by
 * the server's (test) clock, not the wall clock, as the server's times come from that clock.
 *
 * `honourExpires: false` keeps sending a cookie past any Expires attribute (the session cookie has
 * none: the server decides expiry); the suite at the end checks a browser that honours it.
 */
class Browser {
  private cookie: string | undefined;
  private cookieExpires: number | undefined;
  private csrfToken: string | undefined;

  constructor(private readonly base: string, private readonly now: () => Date, private readonly opts: { honourExpires: boolean }) {}

  get hasSessionCookie(): boolean { return this.cookie !== undefined; }

  async send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    const expired = this.cookieExpires !== undefined && this.cookieExpires <= this.now().getTime();
    if (this.cookie && !(this.opts.honourExpires && expired)) h['cookie'] = this.cookie;
    if (method !== 'GET' && this.csrfToken) h['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, { method, headers: h, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    for (const line of res.headers.getSetCookie()) this.storeCookie(line);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
  }

  /** POST /api/v1/auth/login; remembers the CSRF token of the new session. */
  async login(username: string, password = PASSWORD): Promise<Reply> {
    const r = await this.send('POST', '/api/v1/auth/login', { username, password });
    if (r.status === 200) this.csrfToken = r.body['csrfToken'] as string;
    return r;
  }

  private storeCookie(line: string): void {
    const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (name !== 'jaga_session') return;
    const expires = attrs.find((a) => /^expires=/i.test(a))?.slice('expires='.length);
    const maxAge = attrs.find((a) => /^max-age=/i.test(a))?.slice('max-age='.length);
    const gone = value === '' || maxAge === '0' || (expires !== undefined && Date.parse(expires) <= this.now().getTime());
    this.cookie = gone ? undefined : `${name}=${value}`;
    this.cookieExpires = gone || expires === undefined ? undefined : Date.parse(expires);
    if (gone) this.csrfToken = undefined;
  }
}

const REPORT = { unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Penyedia tidak dapat login ke SPSE (HTTP 502)', urgency: 'critical', channel: 'web' };

for (const dialect of DIALECTS) {
  describeOn(dialect, `a repair case from fault report to approval, over real HTTP only (${dialect})`, () => {
    let h: TestHttp;
    let base: string;
    let koor: Browser;
    let andi: Browser;
    const secrets = new Map<string, string>();
    const userIds = new Map<string, string>();
    let caseId = '';
    const at = (): string => h.t.clock.now().toISOString();
    const times: Record<string, string> = {};

    before(async () => {
      h = await openTestHttp(dialect);
      await h.server.fastify.listen({ host: '127.0.0.1', port: 0 });
      const { port } = h.server.fastify.server.address() as AddressInfo;
      base = `http://127.0.0.1:${port}`;
      koor = new Browser(base, () => h.t.clock.now(), { honourExpires: false });
      andi = new Browser(base, () => h.t.clock.now(), { honourExpires: false });
    });
    after(async () => { await h.close(); });

    /** Password sign-in of a user who must still enrol TOTP; enrols over HTTP (enroll → confirm with a first code). */
    async function signInAndEnrol(b: Browser, username: string, enrolmentCode: string): Promise<void> {
      const login = await b.login(username);
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.equal(login.body['next'], 'totp_enrolment');
      assert.ok(b.hasSessionCookie, 'the session cookie was set');
      userIds.set(username, (login.body['user'] as Json)['id'] as string);

      assert.equal((await b.send('GET', '/api/v1/me')).body['error'], 'auth.mfa_required', 'no user routes before TOTP');
      const enrol = await b.send('POST', '/api/v1/auth/totp/enroll', { password: PASSWORD, enrolmentCode });
      assert.equal(enrol.status, 200, JSON.stringify(enrol.body));
      const secret = enrol.body['secret'] as string;
      assert.match(enrol.body['otpauthUri'] as string, new RegExp(`^otpauth://totp/Jaga%3A${username}\\?secret=${secret}&`));
      secrets.set(username, secret);

      const confirm = await b.send('POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, h.t.clock.now()) });
      assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
      assert.equal((confirm.body['recoveryCodes'] as string[]).length, 10);
      assert.equal((await b.send('GET', '/api/v1/me')).status, 200, 'the enrolling session has passed TOTP');
    }

    /** Password, then a fresh TOTP code (`next: 'totp'`), as on any later day. */
    async function signInWithTotp(b: Browser, username: string): Promise<void> {
      const login = await b.login(username);
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.equal(login.body['next'], 'totp');
      assert.equal((await b.send('GET', '/api/v1/me')).status, 403, 'the password alone does not open user routes');
      const totp = await b.send('POST', '/api/v1/auth/totp', { code: rfc6238Totp.code(secrets.get(username) as string, h.t.clock.now()) });
      assert.equal(totp.status, 200, JSON.stringify(totp.body));
      const me = await b.send('GET', '/api/v1/me');
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.equal(me.body['username'], username);
    }

    async function signOut(b: Browser): Promise<void> {
      const out = await b.send('POST', '/api/v1/auth/logout');
      assert.equal(out.status, 200, JSON.stringify(out.body));
      assert.equal(b.hasSessionCookie, false, 'logout clears the cookie');
    }

    /** POST a case action and assert the resulting status. */
    async function step(b: Browser, verb: string, body: Json, status: string): Promise<Json> {
      const r = await b.send('POST', `/api/v1/cases/${caseId}/${verb}`, body);
      assert.equal(r.status, 200, `${verb}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body['status'], status, verb);
      return r.body;
    }

    it('koor (koordinator) enrols TOTP at the first sign-in, signs out, and passes TOTP at the next', async () => {
      // The superadmin issues koor's one-time enrolment code (as `jaga user enrolment-code koor` does).
      await signInAndEnrol(koor, 'koor', (await issueEnrolmentCode(h.t.app, as('super'), 'koor')).code);
      await signOut(koor);
      h.t.clock.advanceSeconds(30); // a new TOTP step, so the code differs from the enrolment code
      await signInWithTotp(koor, 'koor');
    });

    it('andi (admin_lpse, the executor) does the same', async () => {
      // The unit's koordinator issues andi's over the API.
      const issued = await koor.send('POST', '/api/v1/users/andi/enrolment-code');
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      await signInAndEnrol(andi, 'andi', issued.body['code'] as string);
      await signOut(andi);
      h.t.clock.advanceSeconds(30);
      await signInWithTotp(andi, 'andi');
    });

    it('B1 input: koor reports the fault → 201, status reported', async () => {
      times['reported'] = at();
      const r = await koor.send('POST', '/api/v1/cases', REPORT);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body['status'], 'reported');
      assert.equal((r.body['report'] as Json)['reportedAt'], times['reported']);
      caseId = r.body['id'] as string;
    });

    it('B1: koor acknowledges it as informasi gangguan and assigns andi → acknowledged', async () => {
      h.t.clock.advanceMinutes(5);
      const c = await step(koor, 'acknowledge', { classification: 'aplikasi', impact: 'Penyedia tidak dapat mengunggah penawaran', executor: 'andi' }, 'acknowledged');
      assert.equal((c['acknowledgement'] as Json)['executorId'], userIds.get('andi'));
    });

    it('B2: andi prepares from workstation LPSE-NB-001 on kantor-lpse at 127.0.0.1; every A1 check passes → prepared', async () => {
      h.t.clock.advanceMinutes(10);
      const c = await step(andi, 'prepare', { workstation: 'LPSE-NB-001', location: 'Kantor LPSE Gorontalo', network: 'kantor-lpse', sourceIp: '127.0.0.1' }, 'prepared');
      const prep = c['preparation'] as Json;
      assert.equal(prep['ready'], true);
      const checks = prep['checks'] as Json[];
      assert.deepEqual(checks.map((x) => [x['code'], x['passed']]), [['a', true], ['b', true], ['c', true], ['d', true], ['e', true]]);
    });

    it('B3: andi starts the access → in_repair (waktu mulai akses)', async () => {
      h.t.clock.advanceMinutes(2);
      times['accessStart'] = at();
      const c = await step(andi, 'access', { sourceIp: '127.0.0.1' }, 'in_repair');
      assert.deepEqual((c['accesses'] as Json[]).map((a) => [a['startedAt'], a['endedAt'], a['via']]), [[times['accessStart'], null, 'manual']]);
    });

    it('B4: andi restores the service → restored', async () => {
      h.t.clock.advanceMinutes(20);
      await step(andi, 'restore', { initialFix: 'Restart layanan tomcat' }, 'restored');
    });

    it('B5: andi records root cause and permanent fix → root_caused', async () => {
      h.t.clock.advanceMinutes(15);
      times['rootCaused'] = at();
      const c = await step(andi, 'root-cause', { rootCause: 'Partisi log penuh', permanentFix: 'Rotasi log harian dan alarm kapasitas disk' }, 'root_caused');
      assert.equal((c['rootCause'] as Json)['at'], times['rootCaused']);
    });

    it('andi ends the access (waktu selesai akses); the status stays root_caused', async () => {
      h.t.clock.advanceMinutes(2);
      times['accessEnd'] = at();
      const c = await step(andi, 'access-end', {}, 'root_caused');
      assert.equal((c['accesses'] as Json[])[0]?.['endedAt'], times['accessEnd']);
    });

    it('B6: andi closes the case into the logbook → closed', async () => {
      h.t.clock.advanceMinutes(5);
      times['closed'] = at();
      const c = await step(andi, 'close', { notes: 'Selesai tanpa penyimpangan' }, 'closed');
      assert.deepEqual(c['deviations'], []);
    });

    it('koor\'s session went idle during the repair (401); koor signs in again with TOTP and approves → approved', async () => {
      // koor's last request was the acknowledgement, more than 30 minutes ago.
      const idle = await koor.send('POST', `/api/v1/cases/${caseId}/approve`, {});
      assert.equal(idle.status, 401, JSON.stringify(idle.body));
      assert.equal(idle.body['error'], 'auth.required');
      h.t.clock.advanceSeconds(30);
      await signInWithTotp(koor, 'koor');
      const c = await step(koor, 'approve', { notes: 'Disetujui' }, 'approved');
      assert.deepEqual(c['approval'], { at: at(), by: userIds.get('koor'), notes: 'Disetujui' });
    });

    it('GET /api/v1/cases/{id} shows every step done on time and a complete A2 record', async () => {
      const r = await koor.send('GET', `/api/v1/cases/${caseId}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['step'], null, 'no step in progress after approval');
      const timeline = r.body['timeline'] as Json[];
      assert.deepEqual(timeline.map((row) => row['step']), ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
      for (const row of timeline) {
        assert.ok(typeof row['completedAt'] === 'string', `${String(row['step'])} completed`);
        assert.equal(row['overMinutes'], 0, `${String(row['step'])} on time`);
        assert.equal(row['inProgress'], false);
      }
      assert.equal(timeline[2]?.['completedAt'], times['accessStart'], 'B3 completes at the first access');
      assert.equal(timeline[5]?.['completedAt'], times['closed'], 'B6 completes at closing');
      assert.deepEqual(r.body['a2'], {
        location: 'Kantor LPSE Gorontalo',
        network: 'kantor-lpse',
        date: '2026-11-28',
        accessStart: times['accessStart'],
        accessEnd: times['accessEnd'],
        analysis: 'Partisi log penuh',
        repair: 'Restart layanan tomcat\nRotasi log harian dan alarm kapasitas disk',
      });
    });

    it('the auditor (no TOTP needed) verifies the logbook: ok, and it holds every sign-in and case event in order', async () => {
      const audit = new Browser(base, () => h.t.clock.now(), { honourExpires: false });
      const login = await audit.login('audit');
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.equal(login.body['next'], 'done', 'auditors are not asked for TOTP');
      userIds.set('audit', (login.body['user'] as Json)['id'] as string);

      const verify = await audit.send('GET', '/api/v1/logbook/verify');
      assert.equal(verify.status, 200, JSON.stringify(verify.body));
      assert.equal(verify.body['ok'], true, JSON.stringify(verify.body));
      assert.equal(verify.body['problem'], null);

      const entries: Json[] = [];
      for (let afterSeq = 0; ;) {
        const page = await audit.send('GET', `/api/v1/logbook?afterSeq=${afterSeq}&limit=50`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        const items = page.body as unknown as Json[];
        if (items.length === 0) break;
        entries.push(...items);
        afterSeq = items[items.length - 1]?.['seq'] as number;
      }
      assert.equal(entries.length, verify.body['entries'], 'the verified entries are the ones served');
      assert.equal(entries[entries.length - 1]?.['seq'], verify.body['lastSeq']);

      const who = new Map([...userIds].map(([name, id]) => [id, name]));
      const superId = (await h.t.app.store.read((r) => r.users.findByUsername('super')))?.id ?? '';
      const story = entries
        .filter((e) => /^(auth|case)\./.test(e['type'] as string))
        .map((e) => `${String(e['type'])} ${who.get(e['actorId'] as string) ?? String(e['actorId'])}`);
      assert.deepEqual(story, [
        `auth.enrolment_code_issued ${superId}`, 'auth.signed_in koor', 'auth.enrolment_code_used koor', 'auth.totp_enrolled koor', 'auth.signed_out koor',
        'auth.signed_in koor', 'auth.totp_passed koor',
        'auth.enrolment_code_issued koor', 'auth.signed_in andi', 'auth.enrolment_code_used andi', 'auth.totp_enrolled andi', 'auth.signed_out andi',
        'auth.signed_in andi', 'auth.totp_passed andi',
        'case.reported koor', 'case.acknowledged koor', 'case.prepared andi', 'case.access_started andi', 'case.restored andi',
        'case.root_caused andi', 'case.access_ended andi', 'case.closed andi',
        'auth.signed_in koor', 'auth.totp_passed koor', 'case.approved koor',
        'auth.signed_in audit',
      ]);
      const caseEvents = entries.filter((e) => (e['type'] as string).startsWith('case.'));
      assert.ok(caseEvents.every((e) => e['caseId'] === caseId), 'every case event names the case');
      const closed = caseEvents.find((e) => e['type'] === 'case.closed');
      assert.deepEqual((closed?.['data'] as Json)['a2'], {
        location: 'Kantor LPSE Gorontalo', network: 'kantor-lpse', date: '2026-11-28', accessStart: times['accessStart'],
        accessEnd: times['accessEnd'], analysis: 'Partisi log penuh', repair: 'Restart layanan tomcat\nRotasi log harian dan alarm kapasitas disk',
      }, 'the closing entry carries the full A2 record');
      const signIns = entries.filter((e) => e['type'] === 'auth.signed_in').map((e) => (e['data'] as Json)['next']);
      assert.deepEqual(signIns, ['totp_enrolment', 'totp', 'totp_enrolment', 'totp', 'totp', 'done']);
    });
  });
}

describe('the session cookie lives as long as the session (real HTTP, a browser that honours Expires)', () => {
  let h: TestHttp;
  let base: string;
  const now = () => h.t.clock.now();
  const enrolmentBody = async (username: string) => ({ password: PASSWORD, enrolmentCode: (await issueEnrolmentCode(h.t.app, as('super'), username)).code });
  before(async () => {
    h = await openTestHttp('sqlite');
    await h.server.fastify.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(h.server.fastify.server.address() as AddressInfo).port}`;
  });
  after(async () => { await h.close(); });


  it('still sends the cookie 16 minutes after a sign-in that enrolled TOTP', async () => {
    const b = new Browser(base, now, { honourExpires: true });
    assert.equal((await b.login('koor')).body['next'], 'totp_enrolment');
    const secret = (await b.send('POST', '/api/v1/auth/totp/enroll', await enrolmentBody('koor'))).body['secret'] as string;
    assert.equal((await b.send('POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, now()) })).status, 200);
    h.t.clock.advanceMinutes(16); // within the 30-minute idle limit, past the 15-minute pending expiry
    const me = await b.send('GET', '/api/v1/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
  });

  it('still sends the cookie 6 minutes after a sign-in with a TOTP code', async () => {
    const b = new Browser(base, now, { honourExpires: true });
    assert.equal((await b.login('andi')).body['next'], 'totp_enrolment');
    const secret = (await b.send('POST', '/api/v1/auth/totp/enroll', await enrolmentBody('andi'))).body['secret'] as string;
    assert.equal((await b.send('POST', '/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(secret, now()) })).status, 200);
    await b.send('POST', '/api/v1/auth/logout');
    h.t.clock.advanceSeconds(30);
    assert.equal((await b.login('andi')).body['next'], 'totp');
    assert.equal((await b.send('POST', '/api/v1/auth/totp', { code: rfc6238Totp.code(secret, now()) })).status, 200);
    h.t.clock.advanceMinutes(6); // past the 5-minute pending expiry
    const me = await b.send('GET', '/api/v1/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
  });
});

after(async () => { await stopTestPostgres(); });
