/**
 * Issue 12, the Logbook document from the logbook page in a real browser against a real Jaga
 * server: a plain GET form (no script needed) answers the PDF or the CSV itself, the same bytes
 * as the use case issues and logged with their SHA-256; a refused period comes back as the API's
 * message next to its field; the units offered follow the policy. Screenshots `logbook-download`,
 * `logbook-download-refused`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { FORM_ISSUED } from '../../src/app/report/issue-case-form.js';
import { issueLogbookReport } from '../../src/app/report/issue-logbook-report.js';
import type { WatchedPage } from '../support/browser.js';
import { assertAccessible, launchBrowser, screenshot, signInAt, submit, watchedPage } from '../support/browser.js';
import { parseCsv } from '../support/csv.js';
import type { LogbookFixture } from '../support/logbook-cases.js';
import { logbookCases } from '../support/logbook-cases.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('web UI: the Logbook download form on the logbook page', () => {
  let w: WebApp;
  let browser: Browser;
  let fx: LogbookFixture;
  const pages: WatchedPage[] = [];

  async function signedIn(username: string, path: string): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin);
    pages.push(wp);
    await signInAt(wp.page, w.origin, path, username, PASSWORD, () => w.totpCode(username));
    return wp;
  }

  before(async () => {
    w = await openWebApp();
    fx = await logbookCases(w.h.t);
    for (const u of ['koor', 'audit', 'budi']) await w.enrol(u);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('downloads the PDF and the CSV of the koordinator\'s unit, the same bytes as issued, logged with the SHA-256', async () => {
    const wp = await signedIn('koor', '/logbook');
    const { page } = wp;
    const form = page.locator('form.logbook-download');
    assert.equal(await form.getByRole('heading').textContent(), 'Unduh Logbook periode');
    assert.deepEqual(await form.getByLabel('Unit').locator('option').allTextContents(), ['LPSE Provinsi Gorontalo (gorontalo)'], 'their own unit only');
    await form.getByLabel('Hari pertama').fill(fx.from);
    await form.getByLabel('Hari terakhir (termasuk)').fill(fx.to);
    await wp.assertClean();
    await assertAccessible(page);
    await screenshot(page, 'logbook-download');

    const [pdf] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Unduh Logbook' }).click()]);
    assert.equal(pdf.suggestedFilename(), `logbook-gorontalo-${fx.from}-${fx.to}-id.pdf`);
    const pdfBytes = readFileSync(await pdf.path());
    assert.equal(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const direct = await issueLogbookReport(w.h.t.app, as('koor'), { unit: 'gorontalo', from: fx.from, to: fx.to });
    assert.equal(sha256(pdfBytes), sha256(direct.bytes));

    // Headless Chromium sends no second submission of a form whose last one became a download until the page is loaded again.
    await page.reload();
    await form.getByLabel('Hari pertama').fill(fx.from);
    await form.getByLabel('Hari terakhir (termasuk)').fill(fx.to);
    await form.getByLabel('Format').selectOption('csv');
    const [csv] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Unduh Logbook' }).click()]);
    const rows = parseCsv(readFileSync(await csv.path(), 'utf8'));
    assert.equal(rows[0]?.[0], 'Nomor kasus');
    assert.deepEqual(rows.slice(1).map((r) => r[0]), fx.inPeriod);

    const issued = await w.h.t.app.store.read((tx) => tx.logbook.listOfType(FORM_ISSUED, { afterSeq: 0, limit: 100 }));
    const web = issued.map((e) => JSON.parse(e.data) as Record<string, unknown>).filter((d) => d['document'] === 'logbook' && d['via'] !== 'cli');
    assert.deepEqual(web.map((d) => [d['format'], d['sha256']]), [['pdf', sha256(pdfBytes)], ['csv', sha256(readFileSync(await csv.path()))]]);
  });

  it('answers a reversed or malformed period with the API\'s message next to the field, the form kept as typed', async () => {
    const wp = await signedIn('koor', `/logbook/download?unit=gorontalo&period_from=2026-11-30&period_to=2026-11-01&format=csv`);
    const { page } = wp;
    assert.equal(await page.locator('#period_to-error').textContent(), 'Tanggal awal 2026-11-30 sesudah tanggal akhir 2026-11-01: tukar keduanya.');
    assert.equal(await page.getByLabel('Hari pertama').inputValue(), '2026-11-30');
    assert.equal(await page.getByLabel('Format').inputValue(), 'csv');
    await wp.assertClean();
    await assertAccessible(page);
    await screenshot(page, 'logbook-download-refused');

    await page.getByLabel('Hari pertama').fill('');
    await submit(page, page.getByRole('button', { name: 'Unduh Logbook' }));
    assert.ok(await page.locator('#period_from-error').count() === 1, 'a day left empty is named at its field');
    await page.goto(`${w.origin}/logbook/download?unit=manado&period_from=${fx.from}&period_to=${fx.to}`);
    assert.match(await page.locator('#unit-error').textContent() ?? '', /tidak dapat menerbitkan Logbook unit manado/);
  });

  it('offers every unit, and each one, to a national auditor', async () => {
    const wp = await signedIn('audit', '/logbook');
    const options = await wp.page.locator('form.logbook-download').getByLabel('Unit').locator('option').allTextContents();
    assert.deepEqual(options, ['Semua unit', 'LPSE Provinsi Gorontalo (gorontalo)', 'LKPP (lkpp)', 'LPSE Kota Manado (manado)']);
    await wp.assertClean();
  });

  it('gives an LPSE admin, who does not browse the logbook, the form on a page of its own for their unit\'s Logbook', async () => {
    const wp = await signedIn('budi', '/'); // manado's LPSE admin
    const { page } = wp;
    await submit(page, page.getByRole('navigation').getByRole('link', { name: 'Logbook' }));
    assert.equal(new URL(page.url()).pathname, '/logbook/download');
    assert.equal(await page.locator('.field-error, .alert').count(), 0, 'nothing asked yet, nothing refused');
    assert.equal(await page.getByRole('link', { name: 'Kembali ke Logbook' }).count(), 0, 'no way to a page they may not open');
    const form = page.locator('form.logbook-download');
    const units = await form.getByLabel('Unit').locator('option').allTextContents();
    assert.equal(units.length, 1, 'their own unit only');
    assert.match(units[0] ?? '', /\(manado\)$/);
    await form.getByLabel('Hari pertama').fill(fx.from);
    await form.getByLabel('Hari terakhir (termasuk)').fill(fx.to);
    await wp.assertClean();
    await assertAccessible(page);
    const [pdf] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Unduh Logbook' }).click()]);
    assert.equal(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1'), '%PDF-');
  });
});
