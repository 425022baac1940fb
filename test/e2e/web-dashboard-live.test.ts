/**
 * Issue 11, the dashboard's live gateway sessions in a real browser against a real Jaga server:
 * what runs now for what the visitor may see (the live sessions page's use case and view model),
 * who, to which target, since when in the unit's zone, linked to the read-only live view for a
 * supervisor; an executor sees their own session without it; a pelapor gets no section. A session
 * started meanwhile shows up at the dashboard's self-refresh, in the same document. The sessions
 * come from the LiveSessions port's test double, as in web-live-sessions.test.ts. Every page
 * clean and axe-clean; screenshots `dashboard-live`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import type { WatchedPage } from '../support/browser.js';
import { assertAccessible, launchBrowser, screenshot, signInAt, watchedPage } from '../support/browser.js';
import { FakeLiveSessions } from '../support/session-fixtures.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

describe('web UI: the dashboard\'s live gateway sessions', () => {
  const live = new FakeLiveSessions();
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  let caseId = '';
  let unitId = '';

  async function signedIn(username: string, opts: { viewport?: { width: number; height: number }; clock?: boolean } = {}): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin, opts.viewport ? { viewport: opts.viewport } : {});
    pages.push(wp);
    if (opts.clock) await wp.page.clock.install({ time: w.h.t.clock.now() });
    await signInAt(wp.page, w.origin, '/', username, PASSWORD, () => w.totpCode(username));
    assert.equal(wp.page.url(), `${w.origin}/`);
    return wp;
  }
  const section = (page: Page) => page.getByRole('region', { name: /^Sesi gateway yang berjalan/ });

  before(async () => {
    w = await openWebApp({ live });
    for (const u of ['koor', 'andi', 'pelapor']) await w.enrol(u);
    caseId = await w.report('Aplikasi SPSE tidak merespons');
    await acknowledgeReport(w.h.t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'Layanan terhenti', executor: 'andi' });
    unitId = (await w.h.t.app.store.read((r) => r.cases.findById(caseId)))?.unitId ?? '';
    live.add({ caseId, unitId, username: 'andi' });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('shows the koordinator who is connected to what since when, linked to the live view, and a new session at the next refresh', async () => {
    const wp = await signedIn('koor', { clock: true });
    const { page } = wp;
    const andi = live.list().find((s) => s.username === 'andi');
    const item = section(page).locator('li', { hasText: 'andi → spse' });
    assert.equal(await item.getByRole('link', { name: 'andi → spse' }).getAttribute('href'), `/sessions/live/${andi?.id ?? ''}`);
    assert.equal(await item.getByRole('link', { name: `Kasus ${caseId.slice(0, 8)}` }).getAttribute('href'), `/cases/${caseId}`);
    assert.match(await item.textContent() ?? '', /sejak 1 Januari 2024 pukul 09\.00 WITA/, "since when, in the unit's zone");
    assert.match(await section(page).locator('h2').textContent() ?? '', /1 sesi$/);
    await wp.assertClean();
    await assertAccessible(page);
    await screenshot(page, 'dashboard-live');

    await page.evaluate('window.__sameDocument = true');
    const dita = live.add({ caseId, unitId, username: 'dita', target: 'spse' });
    w.h.t.clock.advanceSeconds(31);
    await Promise.all([
      page.waitForResponse((r) => r.url() === `${w.origin}/` && r.request().headers()['hx-request'] === 'true'),
      page.clock.fastForward(31_000),
    ]);
    await page.waitForSelector(`#dashboard-live a[href="/sessions/live/${dita.id}"]`, { state: 'attached', timeout: 5000 });
    assert.equal(await page.evaluate('window.__sameDocument'), true, 'no full reload');
    assert.equal(await section(page).locator('li').count(), 2);
    await wp.assertClean();
  });

  it('shows an executor their own session without the live view, and a pelapor no section', async () => {
    const andi = await signedIn('andi', { viewport: { width: 390, height: 844 } });
    const mine = section(andi.page).locator('li', { hasText: 'andi → spse' });
    assert.equal(await mine.count(), 1);
    assert.equal(await mine.locator('a[href^="/sessions/live/"]').count(), 0, 'watching is for supervisors');
    assert.equal(await section(andi.page).locator('li', { hasText: 'dita' }).count(), 0, "not another executor's session");
    await andi.assertClean();
    await assertAccessible(andi.page);

    const pelapor = await signedIn('pelapor');
    assert.equal(await section(pelapor.page).count(), 0);
    await pelapor.assertClean();
  });
});
