/**
 * Issue 11, the case page with a real gateway session: andi types a command in a shell through
 * the SSH gateway to a real OpenSSH sshd; the koordinator opens the case page in a real browser
 * and finds the session with its recording's hash, the transcript with the typed command and its
 * output, and the recording playing in the page, under the CSP, with nothing from another origin.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { HttpServer } from '../../src/http/server.js';
import { buildHttpServer } from '../../src/http/server.js';
import { launchBrowser, submit, watchedPage } from '../support/browser.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, settled, startGatewayWorld } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { PASSWORD } from '../support/test-app.js';
import { enrolTotp } from '../support/totp.js';

describe('web UI: the case page shows a real gateway session', () => {
  let w: GatewayWorld;
  let server: HttpServer;
  let browser: Browser;
  let origin = '';

  before(async () => {
    w = await startGatewayWorld();
    server = await buildHttpServer(w.t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 64 * 1024, logLevel: 'silent' });
    await server.fastify.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(server.fastify.server.address() as AddressInfo).port}`;
    const r = await runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      { wait: '\\$ ' },
      { send: 'echo jaga-web-$((6*7))\r' }, { wait: 'jaga-web-42' }, { wait: '\\$ ' },
      { send: 'exit\r' },
    ]);
    assert.equal(r.status, 0, r.output.toString());
    await settled(w);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.fastify.close();
    await w?.close();
  });

  it('lists the session with its recording hash, shows the typed command in the transcript and plays the recording', async () => {
    const secret = await enrolTotp(w.t, 'koor');
    const wp = await watchedPage(browser, origin);
    const { page } = wp;
    await page.goto(`${origin}/cases/${w.caseId}`);
    await page.getByLabel('Nama pengguna').fill('koor');
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: 'Masuk' }));
    w.t.clock.advanceSeconds(30);
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.t.app.totp.code(secret, w.t.clock.now()));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${origin}/cases/${w.caseId}`);

    const sessions = await w.t.app.store.read((r) => r.gatewaySessions.listForCase(w.caseId));
    const shell = sessions.find((s) => s.recordings.length > 0);
    assert.ok(shell, 'the shell session has a recording');
    const item = page.locator('li.session', { hasText: shell.id });
    assert.match(await item.textContent() ?? '', /127\.0\.0\.1 · kantor-lpse · LPSE-NB-002/);
    assert.equal(await item.locator('.hash').first().textContent(), shell.recordings[0]?.sha256);
    await submit(page, item.getByRole('link', { name: 'Tampilkan transkrip' }).first());
    const transcript = await page.locator('ol.transcript').textContent() ?? '';
    assert.match(transcript, /diketikecho jaga-web-\$\(\(6\*7\)\)/, 'the typed command');
    assert.match(transcript, /jaga-web-42/, 'and what the screen showed');
    await page.locator('#player .ap-player').waitFor();
    await wp.assertClean();
    await wp.context.close();
  });
});
