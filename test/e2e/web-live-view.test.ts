/**
 * Issue 11, the read-only live view of a running gateway session, everything real: a real `ssh -tt`
 * session through the gateway to a real sshd, a real Jaga server over the same app carrying it, and
 * Chromium. The koordinator opens `/sessions/live/<id>` from the live sessions list while the
 * executor types a command: the player (asciinema-player's websocket driver on the API's watch
 * WebSocket, `v2.asciicast`) shows its output; the watching is in the logbook. A pelapor is refused
 * with the policy's message. Every page clean (no CSP violation, no other origin, no console
 * error); screenshots `live-view`.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildHttpServer } from '../../src/http/server.js';
import type { HttpServer } from '../../src/http/server.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { assertAccessible, launchBrowser, screenshot, signInAt, submit, until, watchedPage } from '../support/browser.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { PASSWORD } from '../support/test-app.js';
import { enrolTotp } from '../support/totp.js';

/** What the player's terminal shows, as text. */
const TERMINAL_TEXT = `(document.querySelector('#live-player .ap-term') || { textContent: '' }).textContent`;

describe('web UI: the read-only live view of a running gateway session', () => {
  let w: GatewayWorld;
  let server: HttpServer;
  let origin = '';
  let browser: Browser;
  const secrets = new Map<string, string>();
  const pages: WatchedPage[] = [];

  async function signedIn(username: string, path: string): Promise<WatchedPage> {
    const wp = await watchedPage(browser, origin);
    pages.push(wp);
    await signInAt(wp.page, origin, path, username, PASSWORD, () => {
      w.t.clock.advanceSeconds(30);
      return w.t.app.totp.code(secrets.get(username) as string, w.t.clock.now());
    });
    return wp;
  }

  before(async () => {
    w = await startGatewayWorld();
    for (const u of ['koor', 'pelapor']) secrets.set(u, await enrolTotp(w.t, u));
    server = await buildHttpServer(w.t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent', live: w.gateway.live });
    await server.fastify.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(server.fastify.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await server?.fastify.close();
    await w?.close();
  });

  it('the koordinator watches the executor type: the player shows the output; the watching is logged; a pelapor is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaga-live-view-'));
    chmodSync(dir, 0o777);
    const go = join(dir, 'go');
    const done = join(dir, 'done');
    const pty = runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      // The executor's shell waits for the watcher (the file `go`), says so (`siap-7`), then the executor types.
      { wait: '\\$ ' }, { send: `while [ ! -e ${go} ]; do sleep 0.2; done; echo siap-$((3+4))\r` }, { wait: 'siap-7', timeoutMs: 60_000 },
      { send: 'echo dipantau-$((40+2))\r' }, { wait: 'dipantau-42' },
      // … and leaves when the test is done with the session (the file `done`).
      { send: `while [ ! -e ${done} ]; do sleep 0.2; done; exit\r` },
    ]);
    pty.catch(() => {}); // awaited below; a failure before that is the test's
    // However the test ends, the executor's shell is let go (the driver's own bound is 90 s).
    const release = () => { writeFileSync(go, ''); writeFileSync(done, ''); };
    try {
      await waitFor(() => w.gateway.live.list().some((s) => s.channels.some((c) => c.pty)), 'a live pty session');
      const id = w.gateway.live.list()[0]?.id as string;

      const koor = await signedIn('koor', '/sessions/live');
      const { page } = koor;
      assert.equal(page.url(), `${origin}/sessions/live`);
      await submit(page, page.getByRole('link', { name: 'Pantau langsung' }));
      assert.equal(page.url(), `${origin}/sessions/live/${id}`);
      assert.equal(await page.textContent('h1'), 'Pantau sesi (hanya baca)');
      const facts = await page.locator('dl.case-facts').textContent() ?? '';
      assert.match(facts, /Pengguna\s*andi/);
      assert.match(facts, new RegExp(`Target\\s*${TARGET}`));
      assert.match(facts, new RegExp(`Kasus\\s*${w.caseId.slice(0, 8)}`));
      assert.match(facts, /pukul \d{2}\.\d{2} WITA/, "the start, in the unit's zone");
      assert.ok(await until(page, `document.querySelector('#live-player .ap-term') !== null`), 'the player is there');
      await waitFor(async () => (await logbook(w.t)).some((e) => e.type === 'gateway.session_watched' && e.d['sessionId'] === id), 'the watch logged');

      // The executor types now; the watcher's terminal shows it.
      writeFileSync(go, '');
      assert.ok(await until(page, `${TERMINAL_TEXT}.includes('dipantau-42')`), `the player shows the typed output: ${await page.evaluate<string>(TERMINAL_TEXT)}`);
      const watched = (await logbook(w.t)).filter((e) => e.type === 'gateway.session_watched' && e.d['sessionId'] === id);
      assert.equal(watched.length, 1, 'one watch, logged once');
      assert.equal(watched[0]?.d['executor'], 'andi');
      await assertAccessible(page);
      await koor.assertClean();
      await screenshot(page, 'live-view');
      await koor.assertClean();

      const pelapor = await signedIn('pelapor', `/sessions/live/${id}`);
      assert.equal(pelapor.page.url(), `${origin}/sessions/live/${id}`, 'the deep link survives sign-in');
      const body = await pelapor.page.textContent('body') ?? '';
      assert.ok(body.includes(errorText('id', 'gateway_session.forbidden.watch', { username: 'pelapor', role: 'pelapor' })), `the policy's message: ${body}`);
      assert.equal(await pelapor.page.locator('#live-player').count(), 0, 'no player for a pelapor');
      const refusals = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['code'] === 'gateway_session.forbidden.watch');
      assert.equal(refusals.length, 1, 'the refusal is logged with its reason');
      assert.equal(refusals[0]?.d['via'], 'http');
      await pelapor.assertClean();

      writeFileSync(done, '');
      const r = await pty;
      assert.match(r.output.toString(), /dipantau-42/);
    } finally {
      release();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
