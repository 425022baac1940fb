/**
 * Issue 11, live gateway sessions in a real browser against a real Jaga server: the list of what
 * runs now (from the same use case as the API), and terminate with a reason for the koordinator
 * (a blank reason answered with the API's message next to its field; the reason in the logbook),
 * the list without forms for an auditor, no link for a pelapor. The sessions come from the
 * LiveSessions port's test double the HTTP tests drive too (a real gateway session's termination
 * is covered by test/e2e/gateway-live.test.ts). Every page clean; screenshots `live-sessions`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { FakeLiveSessions } from '../support/session-fixtures.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

describe('web UI: live gateway sessions, terminate with a reason', () => {
  const live = new FakeLiveSessions();
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  let caseId = '';

  async function signedIn(username: string, viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin, viewport ? { viewport } : {});
    pages.push(wp);
    const { page } = wp;
    await page.goto(`${w.origin}/sessions/live`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: 'Masuk' }));
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode(username));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/sessions/live`, 'the deep link survives sign-in');
    return wp;
  }
  const terminated = () => w.h.t.app.store.read(async (r) => {
    const out: Record<string, unknown>[] = [];
    for await (const batch of r.logbook.scan({ fromSeq: 1 })) {
      for (const e of batch) if (e.type === 'gateway.session_terminated') out.push(JSON.parse(e.data) as Record<string, unknown>);
    }
    return out;
  });
  const session = (page: Page, user: string) => page.locator('li.live-session', { has: page.getByRole('heading', { name: `${user} → spse` }) });

  before(async () => {
    w = await openWebApp({ live });
    for (const u of ['koor', 'audit', 'pelapor']) await w.enrol(u);
    caseId = await w.report('Aplikasi SPSE tidak merespons');
    await acknowledgeReport(w.h.t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'Layanan terhenti', executor: 'andi' });
    const unitId = (await w.h.t.app.store.read((r) => r.cases.findById(caseId)))?.unitId ?? '';
    live.add({ caseId, unitId, username: 'andi', bytesUp: 2048, bytesDown: 65_536, channels: [{ channel: 0, kind: 'shell', command: null, pty: true }] });
    live.add({ caseId, unitId, username: 'dita', channels: [{ channel: 1, kind: 'exec', command: 'systemctl status tomcat', pty: false }] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('lists what runs now; the koordinator terminates a session with a reason (a blank one gets the API\'s message)', async () => {
    const wp = await signedIn('koor', { width: 390, height: 844 });
    const { page } = wp;
    assert.equal(await page.textContent('h1'), 'Sesi gateway yang berjalan');
    assert.equal(await page.getByRole('link', { name: 'Sesi langsung' }).getAttribute('aria-current'), 'page');
    const andi = session(page, 'andi');
    assert.match(await andi.textContent() ?? '', /Kasus\s*[0-9a-f]{8}/);
    assert.match(await andi.textContent() ?? '', /2048 bait masuk, 65536 bait keluar/);
    assert.match(await andi.textContent() ?? '', /1 Januari 2024 pukul 09\.00 WITA/, "started, in the unit's zone");
    assert.match(await session(page, 'dita').textContent() ?? '', /1: exec \(systemctl status tomcat\)/);
    assert.equal(await andi.getByRole('link', { name: caseId.slice(0, 8) }).getAttribute('href'), `/cases/${caseId}`);
    await wp.assertClean();
    await screenshot(page, 'live-sessions');

    const reason = andi.getByLabel('Alasan penghentian');
    await reason.fill('   ');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/terminate')), submit(page, andi.getByRole('button', { name: 'Hentikan sesi' }))]);
    assert.equal(refused.status(), 400);
    assert.equal(await session(page, 'andi').locator('.field-error').textContent(),
      errorText('id', 'input.invalid', { issues: [{ kind: 'too_small', field: 'reason', minimum: '1' }] }), "the API's message, next to this session's reason");
    assert.equal(await session(page, 'dita').locator('.field-error').count(), 0, 'not next to the other session');
    assert.equal(live.terminations.length, 0, 'nothing terminated');
    await wp.assertClean();

    await session(page, 'andi').getByLabel('Alasan penghentian').fill('Perintah di luar lingkup kasus');
    await submit(page, session(page, 'andi').getByRole('button', { name: 'Hentikan sesi' }));
    assert.equal(await page.locator('.done').textContent(), 'Sesi andi ke spse dihentikan.');
    assert.equal(await session(page, 'andi').count(), 0, 'no longer listed');
    assert.equal(await session(page, 'dita').count(), 1);
    assert.deepEqual(live.terminations.map((x) => x.by), ['koor']);
    assert.deepEqual((await terminated()).map((d) => [d['executor'], d['reason']]), [['andi', 'Perintah di luar lingkup kasus']]);
    await wp.assertClean();
  });

  it('shows an auditor the list without a way to terminate, and a pelapor no link to it', async () => {
    const auditor = await signedIn('audit');
    assert.equal(await session(auditor.page, 'dita').count(), 1);
    assert.equal(await auditor.page.locator('form[action$="/terminate"]').count(), 0);
    // Auditors may watch (read-only): the live view is linked for each session.
    assert.equal(await session(auditor.page, 'dita').getByRole('link', { name: 'Pantau langsung' }).getAttribute('href'), `/sessions/live/${live.list().find((x) => x.username === 'dita')?.id ?? ''}`);
    await auditor.assertClean();

    const pelapor = await signedIn('pelapor');
    assert.equal(await pelapor.page.getByRole('link', { name: 'Sesi langsung' }).count(), 0);
    assert.equal(await pelapor.page.locator('li.live-session').count(), 0, 'a pelapor sees no live session');
    await pelapor.assertClean();
  });
});
