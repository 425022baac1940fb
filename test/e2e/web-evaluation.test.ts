/**
 * The SOP monitoring and evaluation page in a real browser against a real Jaga server: Tabel 7 with
 * the proposals, the numbers per step of the hand-computed fixture (test/support/evaluation-cases.ts),
 * the charts as inline SVG under the pages' CSP, the PDF download; the koordinator's note form without
 * JS (an override without a reason gets the API's message next to the field, then saved), and the
 * executor, who reads the page, sees no form. Screenshots `sop-evaluation`, `sop-evaluation-note-error`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { WatchedPage } from '../support/browser.js';
import { assertAccessible, launchBrowser, screenshot, signInAt, submit, watchedPage } from '../support/browser.js';
import { evaluationCases } from '../support/evaluation-cases.js';
import { PASSWORD } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

describe('web UI: the SOP monitoring and evaluation page', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  const PATH = '/reports/evaluation?month=2026-12';

  async function signedIn(username: string, path: string, opts: { javaScriptEnabled?: boolean } = {}): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin);
    pages.push(wp);
    if (opts.javaScriptEnabled === false) await wp.context.route('**/*.js', (r) => r.abort());
    await signInAt(wp.page, w.origin, path, username, PASSWORD, () => w.totpCode(username));
    return wp;
  }

  before(async () => {
    w = await openWebApp();
    await evaluationCases(w.h.t);
    for (const u of ['koor', 'andi']) await w.enrol(u);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('shows Tabel 7, the numbers per step, the deviations and the charts, with a PDF download', async () => {
    const wp = await signedIn('koor', PATH);
    const { page } = wp;
    assert.equal(await page.textContent('h1'), 'Monitoring dan evaluasi SOP');
    assert.equal(await page.getByRole('link', { name: 'Evaluasi SOP' }).getAttribute('aria-current'), 'page');
    const rows = page.locator('table.evaluation-table tbody tr');
    assert.equal(await rows.count(), 6);
    assert.match(await rows.nth(0).innerText(), /tidak berjalan dengan baik \(usulan dari data\)/);
    assert.match(await rows.nth(0).innerText(), /Mutu baku 60 menit: 3 dari 4 kasus memenuhi \(75 %\)/);
    assert.match(await rows.nth(1).innerText(), /berjalan dengan baik \(usulan dari data\)/);
    const b1 = (await page.locator('table.evaluation-steps tbody tr').nth(0).innerText()).replace(/\s+/g, ' ');
    assert.match(b1, /B1 60 menit 4 3 75 % 41,3 menit 75 menit 1 \(1\)/);
    assert.equal(await page.locator('.evaluation-charts svg').count(), 2);
    assert.equal(await page.locator('.evaluation-charts svg [style]').count(), 0, 'presentation attributes only');
    const pdf = await page.getByRole('link', { name: 'PDF (A4, untuk ditandatangani)' }).getAttribute('href');
    assert.match(pdf ?? '', /^\/api\/v1\/reports\/evaluation\?unit=gorontalo&from=2026-12-01&to=2026-12-31&format=pdf&lang=id$/);
    const res = await page.request.get(`${w.origin}${pdf ?? ''}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    await assertAccessible(page);
    await screenshot(page, 'sop-evaluation');
    await page.locator('#tabel7').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('tabel7')?.scrollIntoView());
    await screenshot(page, 'sop-evaluation-table');
    await page.evaluate(() => document.getElementById('charts')?.scrollIntoView());
    await screenshot(page, 'sop-evaluation-charts');
    await wp.assertClean();
  });

  it('the note form works without JS: an override without a reason is refused next to the field, then saved and shown', async () => {
    const wp = await signedIn('koor', PATH, { javaScriptEnabled: false });
    const { page } = wp;
    await page.locator('#note-B6 summary').click();
    await page.locator('#note-B6 input[name="assessment"][value="baik"]').check();
    await page.fill('#note-B6-notes', 'Satu kasus menunggu konfirmasi penyedia.');
    await submit(page, page.getByRole('button', { name: 'Simpan penilaian B6' }));
    assert.match(await page.locator('#note-B6-reason-error').innerText(), /memerlukan alasan/);
    assert.equal(await page.inputValue('#note-B6-notes'), 'Satu kasus menunggu konfirmasi penyedia.', 'what was typed is kept');
    await screenshot(page, 'sop-evaluation-note-error');
    await page.fill('#note-B6-reason', 'Keterlambatan karena menunggu penyedia, bukan kelalaian pelaksana');
    await submit(page, page.getByRole('button', { name: 'Simpan penilaian B6' }));
    assert.match(await page.locator('[role="status"]').first().innerText(), /Penilaian B6 disimpan/);
    const b6 = await page.locator('#row-B6').innerText();
    assert.match(b6, /berjalan dengan baik \(ditetapkan penilai: Keterlambatan karena menunggu penyedia/);
    assert.match(b6, /Satu kasus menunggu konfirmasi penyedia\./);
    assert.match(b6, /koor/);
    // Clean but for the page's own scripts this test refused to load.
    const problems = await wp.problems();
    assert.deepEqual({ ...problems, consoleErrors: problems.consoleErrors.filter((m) => !/ERR_FAILED|Failed to load resource/.test(m)) },
      { foreignRequests: [], cspViolations: [], consoleErrors: [], unlabelledControls: [] });
  });

  it('the unit\'s executor reads the page without a note form; a malformed month gets its message next to the field', async () => {
    const wp = await signedIn('andi', PATH);
    const { page } = wp;
    assert.equal(await page.locator('table.evaluation-table tbody tr').count(), 6);
    assert.equal(await page.locator('form[action="/reports/evaluation/notes"]').count(), 0);
    await page.goto(`${w.origin}/reports/evaluation?from=2026-12-31&to=2026-12-01`);
    assert.match(await page.locator('#from-error').innerText(), /Periode terbalik/);
    await wp.assertClean();
  });
});
