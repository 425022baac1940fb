/**
 * The Alertmanager intake over HTTP, on SQLite and PostgreSQL: integrations and their identity,
 * the webhook's de-duplication, resolutions, each malformed payload named, refusals (wrong or
 * missing secret, unknown or retired integration) and a 503 when the store fails.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { addIntakeIntegration } from '../../src/app/intake/intake-integrations.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { resetUserPassword } from '../../src/app/registry/reset-user-credentials.js';
import { INTAKE_BODY_LIMIT } from '../../src/http/routes/intake.routes.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { DIALECTS, PASSWORD, as, describeOn, stopTestPostgres } from '../support/test-app.js';

const URL_OF = (name: string) => `/api/v1/intake/alertmanager/${name}`;

interface AlertOpts { fingerprint?: string; startsAt?: string; status?: 'firing' | 'resolved'; endsAt?: string; labels?: Record<string, string> }

/** One alert of Alertmanager's webhook payload, as it writes it (nanoseconds, its "unset" endsAt). */
function alertOf(o: AlertOpts = {}) {
  return {
    status: o.status ?? 'firing',
    labels: o.labels ?? { alertname: 'SpseDown', instance: 'spse:9100', job: 'spse', severity: 'warning' },
    annotations: { summary: 'SPSE tidak menjawab' } as Record<string, string>,
    startsAt: o.startsAt ?? '2026-11-28T00:55:00.123456789Z',
    endsAt: o.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: o.fingerprint ?? 'a1b2c3d4e5f60718',
  };
}

function payloadOf(alerts: ReturnType<typeof alertOf>[]) {
  return {
    version: '4', groupKey: '{}:{alertname="SpseDown"}', truncatedAlerts: 0, status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'jaga', groupLabels: { alertname: 'SpseDown' }, commonLabels: { alertname: 'SpseDown' }, commonAnnotations: {},
    externalURL: 'http://alertmanager:9093', alerts,
  };
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `Alertmanager intake over HTTP (${dialect})`, () => {
    let h: TestHttp;
    let secret: string;
    let koor: Client;
    /** Posts as Alertmanager does; a string body is sent as it is (JSON that may not parse). */
    const post = (name: string, body: unknown, auth: string | null = `Bearer ${secret}`): Promise<LightMyRequestResponse> => h.inject({
      method: 'POST', url: URL_OF(name), payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(auth === null ? {} : { authorization: auth }) },
    });
    const caseCount = () => h.t.app.store.read((r) => r.cases.count({ visibility: { all: true } }));
    const entries = async (type: string) => (await h.t.app.store.read((r) => r.logbook.listOfType(type, { afterSeq: 0, limit: 1000 })))
      .map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

    before(async () => {
      h = await openTestHttp(dialect);
      koor = await h.signIn('koor');
      const res = await koor.request('POST', '/api/v1/intake-integrations', { name: 'am-gto', unit: 'gorontalo' });
      assert.equal(res.statusCode, 201, res.body);
      secret = res.json<{ secret: string }>().secret;
    });
    after(async () => {
      await h.close();
      if (dialect === 'postgres') await stopTestPostgres();
    });

    it('adds an integration as its own identity that cannot sign in, its secret shown once and stored only as a SHA-256', async () => {
      const row = await h.t.app.store.db.selectFrom('intake_integrations').selectAll().where('name', '=', 'am-gto').executeTakeFirstOrThrow();
      assert.equal(row.secret_hash, h.t.app.sha256(secret));
      assert.match(secret, /^jaga_am_[A-Za-z0-9_-]{43}$/, '256 random bits');
      const identity = await h.t.app.store.read((r) => r.users.findById(row.user_id));
      assert.deepEqual([identity?.username, identity?.role, identity?.unitId], ['intake.am-gto', 'pelapor', h.world.unit.id]);
      for (const password of [PASSWORD, secret, '!intake-integration', '']) {
        const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'intake.am-gto', password } });
        assert.equal(login.statusCode, password === '' ? 400 : 401, `sign-in with ${JSON.stringify(password)}`);
      }
      await assert.rejects(resetUserPassword(h.t.app, as('super'), { user: 'intake.am-gto', password: 'a-new-password-1', reason: 'uji' }), /intake\.identity_without_password/,
        'nobody can give it a password');
      await assert.rejects(createApiToken(h.t.app, as('intake.am-gto'), { name: 'pintu-belakang' }), /intake\.identity_without_token/, 'nor a token, even from the CLI');
      await assert.rejects(createUser(h.t.app, as('super'), { username: 'intake.palsu', role: 'pelapor', unit: 'gorontalo', password: PASSWORD }), /intake\.username_reserved/);
      const [added] = await entries('intake.integration_added');
      assert.equal(added?.data['name'], 'am-gto');
      const all = JSON.stringify(await h.t.app.store.read(async (r) => { const out = []; for await (const p of r.logbook.scan({})) out.push(...p); return out; }));
      assert.ok(!all.includes(secret), 'the secret is in no logbook entry');
      const list = (await koor.request('GET', '/api/v1/intake-integrations')).json<{ name: string; webhookPath: string }[]>();
      assert.deepEqual(list.map((i) => [i.name, i.webhookPath]), [['am-gto', '/api/v1/intake/alertmanager/am-gto']]);
      assert.ok(!JSON.stringify(list).includes(row.secret_hash), 'the list shows no hash');
    });

    it('opens one case per fingerprint and start: a repeat (and a repeat in the same payload) opens none; another start opens another', async () => {
      const before = await caseCount();
      const first = await post('am-gto', payloadOf([alertOf(), alertOf()]));
      assert.equal(first.statusCode, 200, first.body);
      const r = first.json<{ opened: { caseId: string }[]; repeated: { caseId: string }[] }>();
      assert.equal(r.opened.length, 1);
      assert.deepEqual(r.repeated.map((x) => x.caseId), [r.opened[0]?.caseId]);
      const again = (await post('am-gto', payloadOf([alertOf()]))).json<{ opened: unknown[]; repeated: { caseId: string }[] }>();
      assert.deepEqual([again.opened.length, again.repeated[0]?.caseId], [0, r.opened[0]?.caseId]);
      assert.equal(await caseCount(), before + 1);
      const c = await h.t.app.store.read((x) => x.cases.findById(r.opened[0]?.caseId ?? ''));
      assert.deepEqual([c?.report.urgency, c?.report.channel, c?.targetId], ['medium', 'monitoring', h.world.target.id], 'warning → medium, instance spse:9100 → spse');
      const later = (await post('am-gto', payloadOf([alertOf({ startsAt: '2026-11-28T02:00:00Z' })]))).json<{ opened: unknown[] }>();
      assert.equal(later.opened.length, 1, 'the same fingerprint firing again later is a new fault');
      assert.equal(await caseCount(), before + 2);
    });

    it('opens one case when two deliveries of the same alert arrive at once (the second waits for the first\'s row)', async () => {
      const before = await caseCount();
      const body = payloadOf([alertOf({ fingerprint: 'concurrent-1' }), alertOf({ fingerprint: 'concurrent-2' })]);
      const answers = await Promise.all([post('am-gto', body), post('am-gto', body), post('am-gto', body)]);
      assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200], answers.map((a) => a.body).join('\n'));
      const opened = answers.flatMap((a) => a.json<{ opened: { fingerprint: string }[] }>().opened.map((o) => o.fingerprint)).sort();
      assert.deepEqual(opened, ['concurrent-1', 'concurrent-2']);
      assert.equal(await caseCount(), before + 2);
    });

    it('notes a resolved alert on its case once, shows it in GET /cases/{id}, and acknowledges one with no case', async () => {
      const fingerprint = 'feedfacecafe0001';
      const opened = (await post('am-gto', payloadOf([alertOf({ fingerprint })]))).json<{ opened: { caseId: string }[] }>().opened[0]?.caseId ?? '';
      const resolved = alertOf({ fingerprint, status: 'resolved', endsAt: '2026-11-28T01:10:00.5Z' });
      const res = await post('am-gto', payloadOf([resolved, alertOf({ fingerprint: 'neverseen', status: 'resolved', endsAt: '2026-11-28T01:10:00Z' })]));
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json<{ resolved: { caseId: string; endsAt: string }[]; ignored: { fingerprint: string }[] }>();
      assert.deepEqual(r.resolved.map((x) => [x.caseId, x.endsAt]), [[opened, '2026-11-28T01:10:00.500Z']]);
      assert.deepEqual(r.ignored.map((x) => x.fingerprint), ['neverseen']);
      const again = (await post('am-gto', payloadOf([resolved]))).json<{ resolved: unknown[]; ignored: unknown[] }>();
      assert.deepEqual([again.resolved.length, again.ignored.length], [0, 1], 'a resolution is noted once');
      const notes = (await entries('case.alert_resolved')).filter((e) => e.caseId === opened);
      assert.equal(notes.length, 1);
      assert.deepEqual([notes[0]?.data['endsAt'], notes[0]?.data['integration'], notes[0]?.data['fingerprint']], ['2026-11-28T01:10:00.500Z', 'am-gto', fingerprint]);
      const identity = await h.t.app.store.read((x) => x.users.findByUsername('intake.am-gto'));
      assert.equal(notes[0]?.actorId, identity?.id, 'noted as the integration');
      const view = (await koor.request('GET', `/api/v1/cases/${opened}`)).json<{ alerts: { fingerprint: string; startsAt: string; endsAt: string | null }[] }>();
      assert.deepEqual(view.alerts.map((a) => [a.fingerprint, a.startsAt, a.endsAt]), [[fingerprint, '2026-11-28T00:55:00.123Z', '2026-11-28T01:10:00.500Z']]);
      const page = await koor.request('GET', `/cases/${opened}`, undefined, { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="alerts-h">Peringatan monitoring \(Alertmanager\)<\/h2>/);
      assert.match(page.body, /SpseDown dari am-gto, aktif sejak [^<]+<\/span>; <time datetime="2026-11-28T01:10:00.500Z">pulih pada /);
    });

    it('keeps the logbook verifiable, the cases it opened and the resolutions noted on them included', async () => {
      const report = await verifyLogbook(h.t.app, undefined, { records: h.t.app });
      assert.equal(report.ok, true, JSON.stringify(report).slice(0, 2000));
    });

    it('escapes what an alert says wherever the case shows it', async () => {
      const labels = { alertname: '<script>alert(1)</script>', instance: '"><img src=x>', severity: 'critical' };
      const opened = (await post('am-gto', payloadOf([alertOf({ fingerprint: 'xss', labels })]))).json<{ opened: { caseId: string }[] }>().opened[0]?.caseId ?? '';
      const page = await koor.request('GET', `/cases/${opened}`, undefined, { accept: 'text/html' });
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('<script>alert(1)') && !page.body.includes('<img src=x>'), 'no markup from the alert');
      assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    });

    it('refuses each malformed payload with a 400 naming what is wrong, and creates nothing (every alert of a payload or none)', async () => {
      const before = await caseCount();
      const good = alertOf({ fingerprint: 'malformed-good' });
      const { alerts: _a, ...noAlerts } = payloadOf([good]);
      const { fingerprint: _f, ...noFingerprint } = alertOf({ fingerprint: 'x' });
      const cases: [string, unknown, string][] = [
        ['no alerts', noAlerts, 'alerts'],
        ['version 3', { ...payloadOf([good]), version: '3' }, 'version'],
        ['a second alert without a fingerprint', payloadOf([good, noFingerprint as never]), 'alerts.1.fingerprint'],
        ['a start that is not a time', payloadOf([good, { ...alertOf({ fingerprint: 'y' }), startsAt: 'gestern' }]), 'alerts.1.startsAt'],
        ['an unknown alert status', payloadOf([good, { ...alertOf({ fingerprint: 'z' }), status: 'pending' as never }]), 'alerts.1.status'],
        ['a label that is not text', payloadOf([{ ...good, labels: { alertname: 'X', severity: 3 as never } }]), 'alerts.0.labels.severity'],
      ];
      for (const [what, body, path] of cases) {
        const res = await post('am-gto', body);
        assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
        const e = res.json<{ error: string; message: string; details: { issues: { path: string }[] } }>();
        assert.equal(e.error, 'input.invalid', what);
        assert.ok(e.details.issues.some((i) => i.path === path), `${what} names ${path}: ${JSON.stringify(e.details)}`);
        assert.ok(e.message.includes(path), `${what}: the message names ${path}: ${e.message}`);
      }
      const notJson = await post('am-gto', '{"version": "4", ');
      assert.deepEqual([notJson.statusCode, notJson.json<{ error: string }>().error], [400, 'input.invalid_json']);
      assert.equal(await caseCount(), before, 'nothing was opened, not even the good alert of a bad payload');
      const rows = await h.t.app.store.db.selectFrom('intake_alerts').select('fingerprint').where('fingerprint', '=', 'malformed-good').execute();
      assert.deepEqual(rows, [], 'no alert recorded');
      const refusals = (await entries('refusal')).filter((e) => e.data['action'] === 'intake.alertmanager');
      assert.ok(refusals.length >= cases.length, 'each refused payload is logged as a refusal of the integration');
    });

    it('ignores fields a later Alertmanager adds, at the top and in an alert, and still opens the case', async () => {
      const before = await caseCount();
      const alert = { ...alertOf({ fingerprint: 'future-field' }), silencedBy: ['x'] };
      const res = await post('am-gto', { ...payloadOf([alert as never]), groupId: 'future' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await caseCount(), before + 1);
    });

    it('takes a payload over the server\'s usual body limit, up to 1 MiB on this route', async () => {
      const big = payloadOf([{ ...alertOf({ fingerprint: 'big' }), annotations: { summary: 'besar', runbook: 'x'.repeat(9000) } }]);
      const padded = { ...big, commonAnnotations: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, 'y'.repeat(5000)])) };
      assert.ok(JSON.stringify(padded).length > 64 * 1024 && JSON.stringify(padded).length < INTAKE_BODY_LIMIT);
      assert.equal((await post('am-gto', padded)).statusCode, 200);
      const tooBig = { ...big, commonAnnotations: Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`a${i}`, 'y'.repeat(9000)])) };
      assert.equal((await post('am-gto', tooBig)).statusCode, 413);
    });

    it('refuses a wrong or missing secret and an unknown integration alike with 401, each logged as a refusal', async () => {
      h.t.clock.advanceMinutes(2);
      const before = await caseCount();
      const tries: [string, string | null][] = [['am-gto', 'Bearer jaga_am_salah'], ['am-gto', null], ['am-gto', `Basic ${secret}`], ['tidak-ada', `Bearer ${secret}`]];
      for (const [name, auth] of tries) {
        const res = await post(name, payloadOf([alertOf({ fingerprint: 'unauth' })]), auth);
        assert.equal(res.statusCode, 401, `${name} ${String(auth)}`);
        assert.equal(res.json<{ error: string }>().error, 'intake.unauthorised');
      }
      assert.equal(await caseCount(), before);
      const logged = (await entries('refusal')).filter((e) => e.data['code'] === 'intake.unauthorised');
      assert.equal(logged.length, tries.length);
      assert.deepEqual(logged.map((e) => e.data['path']), tries.map(([n]) => URL_OF(n)));
      assert.ok(!JSON.stringify(logged).includes(secret), 'no secret in the refusals');
    });

    it('opens a case without a target when the labels name none of the unit\'s targets, and says so in its description', async () => {
      const foreign = (await post('am-gto', payloadOf([alertOf({ fingerprint: 'foreign', labels: { alertname: 'DiskFull', instance: 'spse-mdo:9100', severity: 'critical' } })])))
        .json<{ opened: { caseId: string }[] }>();
      const c = await h.t.app.store.read((r) => r.cases.findById(foreign.opened[0]?.caseId ?? ''));
      assert.equal(c?.targetId, null);
      assert.equal(c?.report.urgency, 'critical');
      assert.equal(c?.report.system, 'DiskFull', 'no service or job label: the alert name');
      assert.match(c?.report.description ?? '', /instance='spse-mdo:9100'/);
    });

    it('keeps integrations to the superadmin and the unit\'s koordinator', async () => {
      const budi = await h.signIn('budi');
      const refused = await budi.request('POST', '/api/v1/intake-integrations', { name: 'am-x', unit: 'gorontalo' });
      assert.deepEqual([refused.statusCode, refused.json<{ error: string }>().error], [403, 'intake.forbidden']);
      await assert.rejects(addIntakeIntegration(h.t.app, as('koor'), { name: 'am-mdo', unit: 'manado' }), /intake\.forbidden/);
      const mdo = await addIntakeIntegration(h.t.app, as('super'), { name: 'am-mdo', unit: 'manado', mapping: { urgencyLabel: 'prio', urgencies: { p1: 'critical' } } });
      assert.deepEqual(mdo.integration.mapping.urgencies, { p1: 'critical' });
      assert.deepEqual((await koor.request('GET', '/api/v1/intake-integrations')).json<{ name: string }[]>().map((i) => i.name), ['am-gto'], 'their unit\'s only');
      const rotate = await koor.request('POST', '/api/v1/intake-integrations/am-mdo/rotate-secret');
      assert.equal(rotate.statusCode, 403);
      const dup = await koor.request('POST', '/api/v1/intake-integrations', { name: 'am-gto', unit: 'gorontalo' });
      assert.equal(dup.statusCode, 409);
    });

    it('rotates the secret: the old one is refused at once, the new one works', async () => {
      const res = await koor.request('POST', '/api/v1/intake-integrations/am-gto/rotate-secret');
      assert.equal(res.statusCode, 200, res.body);
      const fresh = res.json<{ secret: string }>().secret;
      assert.notEqual(fresh, secret);
      assert.equal((await post('am-gto', payloadOf([alertOf({ fingerprint: 'rot' })]))).statusCode, 401);
      secret = fresh;
      assert.equal((await post('am-gto', payloadOf([alertOf({ fingerprint: 'rot' })]))).statusCode, 200);
      assert.equal((await entries('intake.secret_rotated')).length, 1);
    });

    it('refuses a retired integration\'s webhook (403, logged) and deactivates its identity; its cases stay', async () => {
      const before = await caseCount();
      const res = await koor.request('POST', '/api/v1/intake-integrations/am-gto/retire', { reason: 'Prometheus dipindah ke LKPP' });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(res.json<{ retiredAt: string | null }>().retiredAt);
      const refused = await post('am-gto', payloadOf([alertOf({ fingerprint: 'after-retire' })]));
      assert.deepEqual([refused.statusCode, refused.json<{ error: string }>().error], [403, 'intake.integration_retired']);
      assert.equal(await caseCount(), before);
      assert.ok((await entries('refusal')).some((e) => e.data['code'] === 'intake.integration_retired'));
      assert.equal((await h.t.app.store.read((r) => r.users.findByUsername('intake.am-gto')))?.active, false);
      assert.equal((await koor.request('POST', '/api/v1/intake-integrations/am-gto/retire', { reason: 'lagi' })).statusCode, 409);
      assert.equal((await entries('intake.integration_retired'))[0]?.data['reason'], 'Prometheus dipindah ke LKPP');
    });
  });

  describeOn(dialect, `Alertmanager intake when the store fails (${dialect})`, () => {
    let h: TestHttp;
    let secret: string;
    before(async () => {
      h = await openTestHttp(dialect);
      secret = (await addIntakeIntegration(h.t.app, as('super'), { name: 'am-gto', unit: 'gorontalo' })).secret;
    });
    after(async () => {
      // The store is closed by the test itself.
      await h.server.fastify.close();
      rmSync(h.t.config.dataDir, { recursive: true, force: true });
      if (dialect === 'postgres') await stopTestPostgres();
    });

    it('answers 503 with Retry-After, so that Alertmanager retries, when the database is out of reach', async () => {
      await h.t.app.store.close();
      const res = await h.inject({ method: 'POST', url: URL_OF('am-gto'), headers: { authorization: `Bearer ${secret}` }, payload: payloadOf([alertOf()]) });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json<{ error: string }>().error, 'store.unavailable');
      assert.ok(Number(res.headers['retry-after']) > 0);
    });
  });
}
