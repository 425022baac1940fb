import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { WATCH_MAX_BUFFERED_BYTES } from '../../src/http/routes/session.routes.js';
import type { LiveSessionInfo } from '../../src/ports/live-sessions.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { FakeLiveSessions, insertSessionRow } from '../support/session-fixtures.js';
import { PASSWORD, as } from '../support/test-app.js';

/*
 * The gateway-session API over a real loopback server: the live list, a case's history,
 * termination, recordings, and watching over a real WebSocket (the `ws` client) — authenticated
 * like every request, Origin-checked for the cookie, read-only, bounded per watcher. Live sessions
 * come from a fake of the LiveSessions port that the test drives. SQLite only: the policy is
 * covered on both dialects by the contract suite.
 */

type Json = Record<string, unknown>;
interface Watch { ws: WebSocket; messages: Json[]; closed: Promise<{ code: number; reason: string }> }
class UpgradeRefused extends Error {
  constructor(readonly status: number, readonly body: Json) { super(`upgrade refused: ${status} ${JSON.stringify(body)}`); }
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('HTTP: gateway sessions — live list, WebSocket watch, terminate, recordings (SQLite)', () => {
  let h: TestHttp;
  const live = new FakeLiveSessions();
  let recordingsDir: string;
  let outsideDir: string;
  let port = 0;
  let origin = '';
  let closed = false;
  const c: Record<string, Client> = {};
  const caseIds = { own: '', other: '' };
  let unitIds = { own: '', other: '' };

  const liveOwn = () => live.add({ caseId: caseIds.own, unitId: unitIds.own, username: 'andi' });
  const cookieHeaders = (who: string, o = origin): Record<string, string> => ({ cookie: (c[who] as Client).cookie, ...(o ? { origin: o } : {}) });

  function connect(path: string, headers: Record<string, string>): Promise<Watch> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
      const messages: Json[] = [];
      const closedP = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
      ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString()) as Json));
      ws.once('open', () => resolve({ ws, messages, closed: closedP }));
      ws.once('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          reject(new UpgradeRefused(res.statusCode ?? 0, text ? (JSON.parse(text) as Json) : {}));
        });
      });
      ws.once('error', reject);
    });
  }
  async function refused(path: string, headers: Record<string, string>): Promise<UpgradeRefused> {
    try {
      const w = await connect(path, headers);
      w.ws.terminate();
    } catch (e) {
      if (e instanceof UpgradeRefused) return e;
      throw e;
    }
    assert.fail(`upgrade of ${path} was accepted`);
  }
  async function typesSince(seq: number): Promise<{ type: string; actorId: string | null; data: Json }[]> {
    return h.t.app.store.read(async (r) => {
      const out: { type: string; actorId: string | null; data: Json }[] = [];
      for await (const page of r.logbook.scan({ fromSeq: seq + 1 })) for (const e of page) out.push({ type: e.type, actorId: e.actorId, data: JSON.parse(e.data) as Json });
      return out;
    });
  }
  const head = () => h.t.app.store.read((r) => r.logbook.readHead()).then((x) => x.seq);
  const userId = async (u: string) => (await h.t.app.store.read((r) => r.users.findByUsername(u)))?.id;

  before(async () => {
    recordingsDir = mkdtempSync(join(tmpdir(), 'jaga-rec-'));
    outsideDir = mkdtempSync(join(tmpdir(), 'jaga-outside-'));
    h = await openTestHttp('sqlite', { live, recordingsDir });
    unitIds = { own: h.world.unit.id, other: h.world.other.id };
    await createUser(h.t.app, as('super'), { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: PASSWORD });
    caseIds.own = (await reportFault(h.t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Login error 500', urgency: 'high', channel: 'phone' })).id;
    await acknowledgeReport(h.t.app, as('koor'), caseIds.own, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
    caseIds.other = (await reportFault(h.t.app, as('budi'), { unit: 'manado', system: 'SPSE', description: 'Disk penuh', urgency: 'low', channel: 'phone' })).id;
    await acknowledgeReport(h.t.app, as('budi'), caseIds.other, { classification: 'server', impact: 'x', executor: 'budi' });
    for (const u of ['koor', 'koor.mdo', 'pelapor', 'andi', 'super', 'audit']) c[u] = await h.signIn(u);
    const address = await h.server.fastify.listen({ host: '127.0.0.1', port: 0 });
    port = (h.server.fastify.server.address() as AddressInfo).port;
    origin = address;
  });
  after(async () => {
    if (!closed) await h.close();
    rmSync(recordingsDir, { recursive: true, force: true });
    rmSync(outsideDir, { recursive: true, force: true });
  });

  it('a koordinator watches a live session: the session first, then its events as they happen, then the end (1000); the watch is logged', async () => {
    const s = liveOwn();
    const seq = await head();
    const w = await connect(`/api/v1/gateway/sessions/${s.id}/watch`, cookieHeaders('koor'));
    await until(() => live.watcherCount(s.id) === 1 && w.messages.length === 1, 'the subscription');
    assert.deepEqual(w.messages[0], { type: 'session', info: JSON.parse(JSON.stringify(s)) as LiveSessionInfo });
    const events = [
      { type: 'channel', channel: 0, width: 120, height: 40 },
      { type: 'o', channel: 0, t: 0.25, data: 'spseadm@spse:~$ ' },
      { type: 'i', channel: 0, t: 1.5, data: 'df -h\r' },
      { type: 'r', channel: 0, t: 2, data: '100x30' },
    ] as const;
    for (const e of events) live.emit(s.id, e);
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
    const closedWith = await w.closed;
    assert.equal(closedWith.code, 1000);
    assert.deepEqual(w.messages.slice(1), [...events, { type: 'end', reason: 'client_closed' }]);
    const watched = (await typesSince(seq)).filter((e) => e.type === 'gateway.session_watched');
    assert.equal(watched.length, 1);
    assert.equal(watched[0]?.actorId, await userId('koor'));
    assert.equal(watched[0]?.data['sessionId'], s.id);
    assert.equal(watched[0]?.data['via'], 'http');
  });

  it('speaks asciinema-player\'s v2.asciicast when offered (as its websocket driver offers it): header, then one terminal\'s output and resizes', async () => {
    const s = live.add({ caseId: caseIds.own, unitId: unitIds.own, username: 'andi',
      channels: [{ channel: 1, kind: 'exec', command: 'uptime', pty: false }, { channel: 2, kind: 'shell', command: null, pty: true }] });
    const seq = await head();
    // The driver's own offer, in its order: ws would otherwise have picked the first (v1.alis).
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/gateway/sessions/${s.id}/watch`, ['v1.alis', 'v2.asciicast', 'v3.asciicast', 'raw'],
      { headers: cookieHeaders('koor') });
    const messages: Json[] = [];
    ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString()) as Json));
    const closedP = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    assert.equal(ws.protocol, 'v2.asciicast');
    await until(() => live.watcherCount(s.id) === 1 && messages.length === 1, 'the subscription');
    assert.deepEqual(messages[0], { version: 2, width: 80, height: 24 }, 'the header at once (a late watcher never hears the size)');
    live.emit(s.id, { type: 'o', channel: 1, t: 0.1, data: 'load average' });
    live.emit(s.id, { type: 'channel', channel: 2, width: 120, height: 40 });
    live.emit(s.id, { type: 'o', channel: 2, t: 0.25, data: 'spseadm@spse:~$ ' });
    live.emit(s.id, { type: 'i', channel: 2, t: 1.5, data: 'df -h\r' });
    live.emit(s.id, { type: 'r', channel: 2, t: 2, data: '100x30' });
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
    assert.equal(await closedP, 1000);
    assert.deepEqual(messages.slice(1), [[0, 'r', '120x40'], [0.25, 'o', 'spseadm@spse:~$ '], [2, 'r', '100x30']],
      'the shell only (not the exec channel), no input');
    assert.equal((await typesSince(seq)).filter((e) => e.type === 'gateway.session_watched').length, 1, 'the watch is logged');
  });

  it('picks no other subprotocol a client names (ws would have picked its first): the server selects none', async () => {
    const s = liveOwn();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/gateway/sessions/${s.id}/watch`, ['v1.alis', 'raw'], { headers: cookieHeaders('koor') });
    // The `ws` client gives up when none of its subprotocols is selected (a browser goes on, with Jaga's JSON messages).
    const failed = await new Promise<Error | null>((r) => { ws.once('open', () => r(null)); ws.once('error', r); });
    assert.equal(failed?.message, 'Server sent no subprotocol');
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('refuses the upgrade like any request: 401 anonymous, 403 a pelapor, 404 another unit\'s koordinator or an unknown session', async () => {
    const s = liveOwn();
    const path = `/api/v1/gateway/sessions/${s.id}/watch`;
    const anon = await refused(path, { origin });
    assert.equal(anon.status, 401);
    assert.equal(anon.body['error'], 'auth.required');
    const pel = await refused(path, cookieHeaders('pelapor'));
    assert.deepEqual([pel.status, pel.body['error']], [403, 'gateway_session.forbidden.watch']);
    const mdo = await refused(path, cookieHeaders('koor.mdo'));
    assert.deepEqual([mdo.status, mdo.body['error']], [404, 'gateway_session.not_found']);
    const none = await refused('/api/v1/gateway/sessions/nope/watch', cookieHeaders('koor'));
    assert.deepEqual([none.status, none.body['error']], [404, 'gateway_session.not_found']);
    const bad = await refused(path, { authorization: 'Bearer jaga_not-a-real-token-aaaaaaaaaaaa' });
    assert.equal(bad.status, 401);
    // An upgrade to an address that is no WebSocket route.
    const me = await refused('/api/v1/me', cookieHeaders('koor'));
    assert.deepEqual([me.status, me.body['error']], [404, 'http.not_found']);
    assert.equal(live.watcherCount(s.id), 0);
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('with a bearer token (no Origin needed) an auditor watches', async () => {
    const s = liveOwn();
    const { token } = await createApiToken(h.t.app, as('audit'), { name: 'watch', scope: 'read' });
    const w = await connect(`/api/v1/gateway/sessions/${s.id}/watch`, { authorization: `Bearer ${token}` });
    await until(() => w.messages.length === 1, 'the session message');
    assert.equal((w.messages[0]?.['info'] as Json)['id'], s.id);
    w.ws.close(1000);
    await w.closed;
    await until(() => live.watcherCount(s.id) === 0, 'the unsubscription on close');
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('with the session cookie, refuses a foreign Origin or none (a WebSocket carries no CSRF header)', async () => {
    const s = liveOwn();
    const path = `/api/v1/gateway/sessions/${s.id}/watch`;
    for (const o of ['http://evil.example', `http://127.0.0.1:${port + 1}`, 'null', '']) {
      const r = await refused(path, cookieHeaders('koor', o));
      assert.deepEqual([r.status, r.body['error']], [403, 'auth.origin_refused'], `Origin ${o || '(none)'}`);
    }
    assert.equal(live.watcherCount(s.id), 0);
    const ok = await connect(path, cookieHeaders('koor', `http://127.0.0.1:${port}`));
    ok.ws.close();
    await ok.closed;
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('is read-only: anything the watcher sends closes the socket with 1008 and unsubscribes it', async () => {
    const s = liveOwn();
    const w = await connect(`/api/v1/gateway/sessions/${s.id}/watch`, cookieHeaders('super'));
    await until(() => live.watcherCount(s.id) === 1, 'the subscription');
    w.ws.send('ls -la\n');
    assert.equal((await w.closed).code, 1008);
    assert.equal(live.watcherCount(s.id), 0);
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('drops a watcher that does not read (more than 8 MiB behind) with 1013 instead of buffering for it', async () => {
    const s = liveOwn();
    const w = await connect(`/api/v1/gateway/sessions/${s.id}/watch`, cookieHeaders('koor'));
    await until(() => live.watcherCount(s.id) === 1, 'the subscription');
    w.ws.pause();
    const chunk = 'x'.repeat(256 * 1024);
    let sent = 0;
    // The kernel's socket buffers take some; past them, the server's buffer may not grow beyond the bound.
    while (live.watcherCount(s.id) > 0 && sent < 64) {
      for (let i = 0; i < 16 && live.watcherCount(s.id) > 0; i++, sent++) live.emit(s.id, { type: 'o', channel: 0, t: sent, data: chunk });
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(live.watcherCount(s.id), 0, `still subscribed after ${sent} × 256 KiB`);
    assert.ok(sent * chunk.length > WATCH_MAX_BUFFERED_BYTES);
    w.ws.resume();
    assert.equal((await w.closed).code, 1013);
    assert.ok(w.messages.length < sent + 1, 'the watcher received everything: not actually slow');
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('answers a plain request to the watch address with 426 once authorised (403 / 404 before), without logging a watch', async () => {
    const s = liveOwn();
    const url = `/api/v1/gateway/sessions/${s.id}/watch`;
    const seq = await head();
    const r = await c['koor']?.request('GET', url);
    assert.deepEqual([r?.statusCode, r?.json<Json>()['error'], r?.headers['upgrade']], [426, 'http.upgrade_required', 'websocket']);
    assert.equal((await c['pelapor']?.request('GET', url))?.statusCode, 403);
    assert.equal((await c['koor.mdo']?.request('GET', url))?.statusCode, 404);
    assert.equal((await h.inject({ method: 'GET', url }))?.statusCode, 401);
    assert.deepEqual((await typesSince(seq)).filter((e) => e.type !== 'refusal'), []);
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
  });

  it('lists live sessions by role, and a case\'s session history', async () => {
    const s = liveOwn();
    const other = live.add({ caseId: caseIds.other, unitId: unitIds.other, username: 'budi' });
    const ids = async (who: string) => (await c[who]?.request('GET', '/api/v1/gateway/sessions'))?.json<LiveSessionInfo[]>().map((x) => x.id);
    assert.deepEqual(await ids('koor'), [s.id]);
    assert.deepEqual(await ids('koor.mdo'), [other.id]);
    assert.deepEqual(await ids('super'), [s.id, other.id]);
    assert.deepEqual(await ids('andi'), [s.id]);
    assert.deepEqual(await ids('pelapor'), []);
    const row = await insertSessionRow(h.t.app, caseIds.own, { recordings: [{ channel: 0, file: 'h/0.cast', sha256: 'd'.repeat(64), bytes: 3 }] });
    const hist = await c['koor']?.request('GET', `/api/v1/cases/${caseIds.own}/sessions`);
    assert.equal(hist?.statusCode, 200, hist?.body);
    const found = hist?.json<{ id: string; recordings: unknown[] }[]>().find((x) => x.id === row.id);
    assert.deepEqual(found?.recordings, [{ channel: 0, file: 'h/0.cast', sha256: 'd'.repeat(64), bytes: 3 }]);
    assert.equal((await c['koor.mdo']?.request('GET', `/api/v1/cases/${caseIds.own}/sessions`))?.statusCode, 404);
    live.emit(s.id, { type: 'end', reason: 'client_closed' });
    live.emit(other.id, { type: 'end', reason: 'client_closed' });
  });

  it('terminates: the koordinator (with the CSRF header) ends the session through the gateway, logged with the reason; admin_lpse is refused', async () => {
    const s = liveOwn();
    const url = `/api/v1/gateway/sessions/${s.id}/terminate`;
    const w = await connect(`/api/v1/gateway/sessions/${s.id}/watch`, cookieHeaders('super'));
    await until(() => live.watcherCount(s.id) === 1, 'the subscription');
    const seq = await head();
    const andi = await c['andi']?.request('POST', url, { reason: 'selesai' });
    assert.deepEqual([andi?.statusCode, andi?.json<Json>()['error']], [403, 'gateway_session.forbidden.terminate']);
    const noCsrf = await h.inject({ method: 'POST', url, headers: { cookie: c['koor']?.cookie ?? '' }, payload: {} });
    assert.deepEqual([noCsrf.statusCode, noCsrf.json<Json>()['error']], [403, 'auth.csrf_failed']);
    assert.equal(live.terminations.length, 0);

    const r = await c['koor']?.request('POST', url, { reason: 'Perintah rm -rf di server produksi' });
    assert.equal(r?.statusCode, 200, r?.body);
    assert.deepEqual([r?.json<Json>()['id'], r?.json<Json>()['terminated']], [s.id, true]);
    assert.deepEqual(live.terminations, [{ id: s.id, by: 'koor' }]);
    assert.deepEqual(await w.closed, { code: 1000, reason: 'session ended' });
    assert.deepEqual(w.messages.at(-1), { type: 'end', reason: 'terminated' });
    const logged = (await typesSince(seq)).filter((e) => e.type === 'gateway.session_terminated');
    assert.equal(logged.length, 1);
    assert.deepEqual([logged[0]?.actorId, logged[0]?.data['reason'], logged[0]?.data['sessionId']], [await userId('koor'), 'Perintah rm -rf di server produksi', s.id]);
    const again = await c['koor']?.request('POST', url, {});
    assert.deepEqual([again?.statusCode, again?.json<Json>()['error']], [404, 'gateway_session.not_found']);
  });

  it('serves a recording as asciicast with its stored SHA-256, logged; refuses names that leave the recordings directory', async () => {
    const bytes = Buffer.from('{"version":2,"width":80,"height":24}\n[0.5,"o","halo\\r\\n"]\n');
    const sha = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(recordingsDir, '2026'), { recursive: true });
    writeFileSync(join(recordingsDir, '2026', 'gs-1-0.cast'), bytes);
    writeFileSync(join(outsideDir, 'secret.cast'), 'rahasia');
    symlinkSync(join(outsideDir, 'secret.cast'), join(recordingsDir, 'link.cast'));
    const row = await insertSessionRow(h.t.app, caseIds.own, { recordings: [
      { channel: 0, file: '2026/gs-1-0.cast', sha256: sha, bytes: bytes.length },
      { channel: 1, file: '../jaga-outside/secret.cast', sha256: sha, bytes: 7 },
      { channel: 2, file: 'link.cast', sha256: sha, bytes: 7 },
      { channel: 3, file: join(outsideDir, 'secret.cast'), sha256: sha, bytes: 7 },
      { channel: 4, file: '2026/missing.cast', sha256: sha, bytes: 7 },
    ] });
    const url = (ch: number) => `/api/v1/gateway/sessions/${row.id}/recordings/${ch}`;
    const seq = await head();
    for (const who of ['koor', 'andi', 'audit', 'super']) {
      const r = await c[who]?.request('GET', url(0));
      assert.equal(r?.statusCode, 200, `${who}: ${r?.body}`);
      assert.deepEqual(r?.rawPayload, bytes);
      assert.equal(r?.headers['content-type'], 'application/x-asciicast');
      assert.equal(r?.headers['x-content-sha256'], sha);
      assert.equal(r?.headers['content-disposition'], `attachment; filename="jaga-${row.id}-0.cast"`);
    }
    const logged = (await typesSince(seq)).filter((e) => e.type === 'gateway.recording_downloaded');
    assert.equal(logged.length, 4);
    assert.deepEqual([logged[0]?.data['sessionId'], logged[0]?.data['sha256']], [row.id, sha]);

    const pel = await c['pelapor']?.request('GET', url(0));
    assert.deepEqual([pel?.statusCode, pel?.json<Json>()['error']], [403, 'gateway_session.forbidden.recording']);
    assert.equal((await c['koor.mdo']?.request('GET', url(0)))?.statusCode, 404);
    assert.equal((await h.inject({ method: 'GET', url: url(0) })).statusCode, 401);
    const seq2 = await head();
    for (const ch of [1, 2, 3]) {
      const r = await c['koor']?.request('GET', url(ch));
      assert.deepEqual([r?.statusCode, r?.json<Json>()['error']], [422, 'recording.path_refused'], `channel ${ch}: ${r?.body}`);
      assert.doesNotMatch(r?.body ?? '', /rahasia/);
    }
    const missing = await c['koor']?.request('GET', url(4));
    assert.deepEqual([missing?.statusCode, missing?.json<Json>()['error']], [404, 'recording.not_found']);
    assert.equal((await c['koor']?.request('GET', url(9)))?.statusCode, 404);
    assert.equal((await c['koor']?.request('GET', `/api/v1/gateway/sessions/${row.id}/recordings/x`))?.statusCode, 400);
    assert.deepEqual((await typesSince(seq2)).filter((e) => e.type !== 'refusal'), [], 'a refused download was logged as done');
  });

  it('closing the server closes open watchers with 1001', async () => {
    const s = liveOwn();
    const w = await connect(`/api/v1/gateway/sessions/${s.id}/watch`, cookieHeaders('koor'));
    await until(() => live.watcherCount(s.id) === 1, 'the subscription');
    closed = true;
    await h.close();
    assert.equal((await w.closed).code, 1001);
    assert.equal(live.watcherCount(s.id), 0);
  });
});
