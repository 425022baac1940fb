/**
 * Issue 11, the list pages in a real browser against a real Jaga server: the case list (filters
 * and search narrow it, a bad date gets the API's own message next to its field, nothing found
 * is said plainly), the logbook (entries newest first, the chain's verification, and a tampered
 * entry named), and the SOP page (identity block and every activity B1–B6 with its time
 * standard). Hostile text renders as text; every page clean; screenshots `case-list`, `sop`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { listCases } from '../../src/app/case/list-cases.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { launchBrowser, screenshot, signInAt, submit, watchedPage } from '../support/browser.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const HOSTILE = '<script>window.__owned=1</script><img src=x onerror="window.__owned=2">SPSE';

describe('web UI: the case list, the logbook and the SOP page', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  let acknowledged = '';

  async function signedIn(username: string, path: string): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin);
    pages.push(wp);
    const { page } = wp;
    await signInAt(page, w.origin, path, username, PASSWORD, () => w.totpCode(username));
    assert.equal(page.url(), `${w.origin}${path}`, 'the deep link survives sign-in');
    return wp;
  }

  before(async () => {
    w = await openWebApp();
    for (const u of ['koor', 'pelapor']) await w.enrol(u);
    acknowledged = await w.report('Aplikasi SPSE tidak merespons', { system: 'SPSE produksi' });
    await w.report('Database penuh, transaksi gagal', { system: 'Database SPSE' });
    await w.report('Teks berbahaya di uraian', { system: HOSTILE, urgency: 'low' });
    await acknowledgeReport(w.h.t.app, as('koor'), acknowledged, { classification: 'aplikasi', impact: 'Layanan terhenti', executor: 'andi' });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('filters and search narrow the case list; a bad date gets the API\'s message next to the field; nothing found is said', async () => {
    const wp = await signedIn('koor', '/cases');
    const { page } = wp;
    const rows = page.locator('table.case-table tbody tr');
    assert.equal(await page.textContent('h1'), 'Daftar kasus');
    assert.equal(await page.getByRole('link', { name: 'Daftar kasus' }).getAttribute('aria-current'), 'page');
    assert.equal(await rows.count(), 3);
    assert.equal(await page.getByRole('link', { name: 'SPSE produksi' }).getAttribute('href'), `/cases/${acknowledged}`);
    assert.match(await rows.first().textContent() ?? '', /WITA/, "times in the unit's zone");
    // The hostile system name is text, not markup.
    assert.equal(await page.getByRole('link', { name: HOSTILE }).count(), 1);
    assert.equal(await page.evaluate('window.__owned'), undefined);
    await wp.assertClean();
    await screenshot(page, 'case-list');

    await page.getByLabel('Cari (uraian, sistem, target)').fill('Database');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.match(page.url(), /[?&]q=Database/);
    assert.deepEqual(await rows.locator('a.case-link').allTextContents(), ['Database SPSE']);

    await page.getByLabel('Cari (uraian, sistem, target)').fill('');
    await page.getByLabel('Status').selectOption('acknowledged');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.deepEqual(await rows.locator('a.case-link').allTextContents(), ['SPSE produksi']);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Pelaksana (nama pengguna)').fill('andi');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.deepEqual(await rows.locator('a.case-link').allTextContents(), ['SPSE produksi']);

    await page.getByLabel('Pelaksana (nama pengguna)').fill('');
    await page.getByLabel('Server target (nama)').fill('spse');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.equal(await rows.count(), 3, 'every case here is on spse');
    await page.getByLabel('Server target (nama)').fill('server-lain');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.equal(await rows.count(), 0, 'an unknown target selects nothing');
    await page.getByLabel('Server target (nama)').fill('');
    await page.getByLabel('Dari tanggal').fill('2099-01-01');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.equal(await rows.count(), 0);
    assert.equal(await page.getByRole('status').textContent(), 'Tidak ada kasus yang cocok dengan saringan ini.');
    await wp.assertClean();

    // A date that is no day: the use case's own refusal, worded as the API words it, next to the field.
    const refused = await listCases(w.h.t.app, as('koor'), { from: '2019-02-30' }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof DomainError);
    const response = await page.goto(`${w.origin}/cases?from=2019-02-30`);
    assert.equal(response?.status(), 400);
    assert.equal(await page.locator('#from-error').textContent(), messageOf(refused, 'id'));
    assert.equal(await page.getByLabel('Dari tanggal').getAttribute('aria-describedby'), 'from-hint from-error');
    await page.goto(`${w.origin}/cases?unit=tidak-ada`);
    assert.match(await page.locator('#unit-error').textContent() ?? '', /tidak-ada/);
    await wp.assertClean();
  });

  it('the logbook shows entries newest first with the verification status, and names a tampered entry', async () => {
    const wp = await signedIn('koor', '/logbook');
    const { page } = wp;
    assert.match(await page.locator('.verification').textContent() ?? '', /Terverifikasi: rantai utuh sampai entri #\d+/);
    const seqs = (await page.locator('table.logbook-table tbody tr td:first-child').allTextContents()).map((s) => Number(s.slice(1)));
    assert.ok(seqs.length > 3);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
    assert.equal(await page.evaluate('window.__owned'), undefined);
    assert.ok((await page.locator('table.logbook-table').textContent() ?? '').includes('<script>window.__owned=1</script>'), 'the data summary shows user text as text');
    assert.equal(await page.getByRole('link', { name: 'Unduh CSV (periode saringan)' }).getAttribute('href'), '/api/v1/logbook/export.csv');
    await wp.assertClean();

    await page.getByLabel('ID kasus').fill(acknowledged);
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    const links = await page.locator('table.logbook-table tbody tr td:nth-child(5) a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length >= 2);
    assert.deepEqual(new Set(links), new Set([`/cases/${acknowledged}`]));

    // Someone with database access edits an entry without the key: the page names the entry.
    const db = w.h.t.app.store.db;
    await sql`DROP TRIGGER logbook_no_update`.execute(db);
    const target = seqs[seqs.length - 1] as number;
    await sql`UPDATE logbook SET data = replace(data, '"', '"') || '' WHERE seq = ${target}`.execute(db);
    await sql`UPDATE logbook SET type = 'test.edited' WHERE seq = ${target}`.execute(db);
    await page.goto(`${w.origin}/logbook`);
    assert.match(await page.locator('.verification').textContent() ?? '', new RegExp(`RUSAK pada entri #${target}:`));
    await wp.assertClean();
  });

  it('the SOP page shows the identity block and every activity B1–B6 with its time standard', async () => {
    const wp = await signedIn('pelapor', '/sop');
    const { page } = wp;
    assert.equal(await page.getByRole('link', { name: 'Logbook' }).count(), 0, 'no logbook link for a pelapor');
    const identity = await page.locator('.sop-identity').textContent() ?? '';
    for (const part of ['800 /SET-BP/SOP-01/LPSE/030/2019', '02-01-2019', 'Koordinator LPSE', 'Rahmanto Gani, ST', 'MENYETUJUI:']) assert.ok(identity.includes(part), part);
    assert.match(await page.locator('h1').textContent() ?? '', /Prosedur Perbaikan Secara Remote/);
    const header = await page.locator('.sop-header').textContent() ?? '';
    for (const f of ['Dasar Hukum', 'Kualifikasi Pelaksana', 'Peralatan/Perlengkapan', 'Peringatan', 'Pencatatan dan Pendataan', 'Definisi']) assert.ok(header.includes(f), f);
    const expected: Record<string, string> = { B1: '1 jam', B2: '1 jam', B3: 'N/A', B4: 'N/A', B5: 'N/A', B6: '1 jam' };
    for (const [code, time] of Object.entries(expected)) {
      const row = page.locator(`#step-${code}`);
      assert.equal(await row.locator('th').textContent(), code);
      assert.equal(await row.locator('.sop-time').textContent(), time, code);
    }
    assert.match(await page.locator('#step-B1').textContent() ?? '', /\(Mulai\)/);
    assert.match(await page.locator('#step-B6').textContent() ?? '', /\(Selesai\)/);
    assert.equal((await page.goto(`${w.origin}/logbook`))?.status(), 403, 'the policy refuses the logbook to a pelapor');
    await page.goto(`${w.origin}/sop`);
    await wp.assertClean();
    await screenshot(page, 'sop');
  });
});
