/**
 * Issue 11, the dashboard skeleton and what every page promises, in a real browser against a real
 * Jaga server: open cases grouped by SOP step from the case-list use case, user text rendered as
 * text, each case linked to its page; exactly the Content-Security-Policy on every HTML
 * answer, Jaga's own assets only, forms refused without their token or from another site.
 * Writes the dashboard's screenshots at 1280×800 and 390×844 (test-output/screenshots/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { STEP_CASES_SHOWN } from '../../src/web/pages/dashboard-page.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const HOSTILE = '<script>alert(1)</script><b>x</b>';
/** Issue 11's policy, directive by directive. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const directives = (policy: string | null | undefined): string[] => (policy ?? '').split(';').map((d) => d.trim()).filter(Boolean);

describe('web UI: the dashboard and what every page promises', () => {
  let w: WebApp;
  let browser: Browser;
  let wp: WatchedPage;
  const dialogs: string[] = [];
  let hostileId = '';
  let acknowledgedId = '';
  let amberId = '';

  before(async () => {
    w = await openWebApp();
    await w.enrol('koor');
    // B1's standard is 60 minutes: the first report is 117 min old when the dashboard is read (red),
    // the second 47 (amber, past ¾), the third was acknowledged and its B2 has just begun.
    hostileId = await w.report(`${HOSTILE} Login SPSE gagal (HTTP 502) sejak pukul 08.00; penyedia tidak dapat mengunggah dokumen penawaran.`,
      { system: 'SPSE produksi <i>4.5</i>' });
    w.h.t.clock.advanceSeconds(70 * 60);
    amberId = await w.report('Halaman pengumuman lelang lambat dibuka', { system: 'SPSE latihan', urgency: 'critical' });
    w.h.t.clock.advanceSeconds(47 * 60);
    acknowledgedId = await w.report('Sertifikat TLS kedaluwarsa besok', { system: 'SPSE produksi', urgency: 'medium' });
    await acknowledgeReport(w.h.t.app, as('koor'), acknowledgedId, { classification: 'infrastruktur', impact: 'Peringatan di peramban penyedia', executor: 'andi' });
    browser = await launchBrowser();
    wp = await watchedPage(browser, w.origin);
    wp.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await wp.page.goto(`${w.origin}/`);
    await wp.page.getByLabel('Nama pengguna').fill('koor');
    await wp.page.getByLabel('Kata sandi').fill(PASSWORD);
    await submit(wp.page, wp.page.getByRole('button', { name: 'Masuk' }));
    await wp.page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode('koor'));
    await submit(wp.page, wp.page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(wp.page.url(), `${w.origin}/`);
  });
  after(async () => {
    await wp?.context.close();
    await browser?.close();
    await w?.close();
  });

  it('groups the open cases by the SOP step each is in, each linked to its case page', async () => {
    const { page } = wp;
    assert.equal(await page.textContent('h1'), 'Kasus terbuka menurut langkah SOP');
    assert.equal(await page.textContent('.lead'), '3 kasus terbuka.');
    const b1 = page.getByRole('region', { name: /^B1/ });
    const b2 = page.getByRole('region', { name: /^B2/ });
    assert.equal(await b1.locator('li.case').count(), 2);
    assert.equal(await b2.locator('li.case').count(), 1);
    assert.match(await b2.textContent() ?? '', /Sertifikat TLS kedaluwarsa besok/);
    assert.match(await b2.textContent() ?? '', /Pelaksana\s*andi/, 'the assigned executor');
    assert.match(await b1.textContent() ?? '', /28 November 2026 pukul 09\.00 WITA/, "reported, in the unit's zone");
    const card = (id: string) => page.locator('li.case', { has: page.locator(`a[href="/cases/${id}"]`) });
    assert.equal(await card(hostileId).locator('.clock').textContent(), 'Batas B1: 28 November 2026 pukul 10.00 WITAlewat batas');
    assert.equal(await card(amberId).locator('.clock-level').textContent(), 'waktu hampir habis');
    assert.equal(await card(acknowledgedId).locator('.clock-level').count(), 0, 'B2 has just begun');
    assert.match(await card(acknowledgedId).locator('.clock').textContent() ?? '', /^Batas B2: /);
    for (const step of ['B3', 'B4', 'B5', 'B6']) {
      assert.match(await page.getByRole('region', { name: new RegExp(`^${step}`) }).textContent() ?? '', /0 kasus/, step);
    }
    await wp.assertClean();
    const shots = await screenshot(page, 'dashboard');
    assert.deepEqual(shots.map((p) => p.slice(p.lastIndexOf('/') + 1)), ['dashboard-1280x800.png', 'dashboard-390x844.png']);
    assert.ok(shots.every((p) => existsSync(p)));

    await submit(page, b2.getByRole('link', { name: 'SPSE produksi' }));
    assert.equal(page.url(), `${w.origin}/cases/${acknowledgedId}`);
    assert.equal(await page.textContent('h1'), `Kasus ${acknowledgedId}`);
    await wp.assertClean();
    await page.goBack();
  });

  it("renders a case's description and system as text: no script runs, no element is made of them", async () => {
    const { page } = wp;
    await page.goto(`${w.origin}/`);
    const card = page.locator('li.case', { has: page.locator(`a[href="/cases/${hostileId}"]`) });
    assert.equal(await card.locator('.case-description').textContent(),
      `${HOSTILE} Login SPSE gagal (HTTP 502) sejak pukul 08.00; penyedia tidak dapat mengunggah dokumen penawaran.`);
    assert.equal(await card.locator('.case-link').textContent(), 'SPSE produksi <i>4.5</i>');
    assert.equal(await page.locator('main script, main b, main i').count(), 0);
    assert.deepEqual(dialogs, [], 'alert(1) never ran');
    const html = await (await fetch(`${w.origin}/`, { headers: { cookie: (await wp.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;'), 'escaped by the template');
    await wp.assertClean();
  });

  it('answers every page with exactly the CSP of issue 11 and loads nothing but Jaga\'s own files, nothing inline', async () => {
    const cookie = (await wp.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    for (const path of ['/sign-in', '/', `/cases/${hostileId}`, '/sign-in/totp']) {
      const res = await fetch(`${w.origin}${path}`, { headers: { cookie }, redirect: 'manual' });
      assert.deepEqual(directives(res.headers.get('content-security-policy')), directives(CSP), path);
      // Not helmet's `no-referrer`: under it a browser's form POST says `Origin: null`, which the pages refuse.
      assert.equal(res.headers.get('referrer-policy'), 'same-origin', path);
      if (res.status !== 200) continue;
      assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/, path);
      const html = await res.text();
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc="\/assets\/)/, `${path}: every script is one of Jaga's files`);
      assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${path}: no inline style or handler`);
      assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${path}: nothing from another origin`);
    }
    for (const [asset, type] of [['jaga.css', 'text/css'], ['jaga.js', 'text/javascript'], ['htmx.min.js', 'text/javascript'], ['jaga.svg', 'image/svg+xml']] as const) {
      const res = await fetch(`${w.origin}/assets/${asset}`);
      assert.equal(res.status, 200, asset);
      assert.ok((res.headers.get('content-type') ?? '').startsWith(type), asset);
      const etag = res.headers.get('etag') ?? '';
      assert.equal((await fetch(`${w.origin}/assets/${asset}`, { headers: { 'if-none-match': etag } })).status, 304, asset);
    }
    assert.equal((await fetch(`${w.origin}/assets/..%2Fpackage.json`)).status, 404);
    // The API keeps its own policy (its documentation page needs inline styles).
    assert.notDeepEqual(directives((await fetch(`${w.origin}/healthz`)).headers.get('content-security-policy')), directives(CSP));
  });

  it('is usable by keyboard: the skip link leads past the header to the first case', async () => {
    const { page } = wp;
    await page.goto(`${w.origin}/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Langsung ke isi halaman');
    assert.ok(await page.locator('.skip-link').isVisible(), 'visible once focused');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const first = await page.locator('.case-link').first().getAttribute('href');
    assert.equal(await page.evaluate('document.activeElement.getAttribute("href")'), first, 'the first case of B1');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(page.url(), `${w.origin}${first}`);
    await wp.assertClean();
  });

  it('answers a page that does not exist with a page (a browser) or the API\'s JSON (a client)', async () => {
    const { page } = wp;
    const res = await page.goto(`${w.origin}/tidak-ada`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.textContent('h1'), 'Halaman tidak ditemukan');
    assert.deepEqual(directives(res?.headers()['content-security-policy']), directives(CSP));
    assert.equal(res?.headers()['content-security-policy'], (await fetch(`${w.origin}/sign-in`)).headers.get('content-security-policy'), 'written as every page has it');
    await wp.assertClean();
    const api = await fetch(`${w.origin}/api/v1/tidak-ada`, { headers: { accept: 'text/html' } });
    assert.equal(api.status, 404);
    assert.equal((await api.json() as { error: string }).error, 'http.not_found');
  });

  it('refuses a form without its token, with another token, or sent from another site', async () => {
    const { page } = wp;
    // In the page: a forged token is refused with the words of the catalogue, in the visitor's language.
    await page.goto(`${w.origin}/`);
    await page.evaluate("document.querySelector('form[action=\"/language\"] input[name=_csrf]').value = 'x'.repeat(32)");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url() === `${w.origin}/language`), page.getByRole('button', { name: 'Ganti bahasa ke English' }).click()]);
    assert.equal(answer.status(), 403);
    await page.waitForLoadState();
    assert.equal(await page.locator('.alert').textContent(), errorText('id', 'auth.form_token_failed', {}));
    assert.equal((await w.h.t.app.store.read((r) => r.users.findByUsername('koor')))?.language, null, 'nothing changed');
    await wp.assertClean();

    const cookies = await wp.context.cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const html = await (await fetch(`${w.origin}/`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const post = (headers: Record<string, string>, form: Record<string, string>) => fetch(`${w.origin}/language`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(form),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
    assert.equal((await post({}, { language: 'en' })).status, 403, 'no token');
    assert.equal((await post({ origin: 'https://example.org' }, { _csrf: token, language: 'en' })).status, 403, 'another site');
    assert.equal((await post({ origin: 'null' }, { _csrf: token, language: 'en' })).status, 403, 'an opaque origin');
    assert.equal((await post({ 'sec-fetch-site': 'cross-site' }, { _csrf: token, language: 'en' })).status, 403, 'a cross-site request');
    const json = await fetch(`${w.origin}/language`, { method: 'POST', redirect: 'manual', body: JSON.stringify({ _csrf: token, language: 'en' }),
      headers: { cookie, origin: w.origin, 'content-type': 'application/json' } });
    assert.equal(json.status, 415, 'the pages take forms only');
    const ok = await post({ origin: w.origin }, { _csrf: token, language: 'en', back: 'https://example.org/' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/', 'no way back to another site');
    assert.equal((await w.h.t.app.store.read((r) => r.users.findByUsername('koor')))?.language, 'en');
  });

  it('shows a step\'s ten oldest cases and links to all of them in the case list, so a busy day stays readable on a phone', async () => {
    for (let i = 0; i < 11; i++) await w.report(`Laporan antrean ${i + 1}`, { system: `SPSE antrean ${i + 1}` });
    const { page } = wp;
    await page.goto(`${w.origin}/`);
    assert.equal(await page.getByRole('link', { name: 'This month\'s SOP evaluation: per step, trends, Tabel 7' }).getAttribute('href'), '/reports/evaluation',
      'the month\'s figures lead to the SOP evaluation');
    const b1 = page.getByRole('region', { name: /^B1/ });
    assert.equal(await b1.locator('li.case').count(), STEP_CASES_SHOWN);
    // The test before left koor's language English.
    assert.match(await b1.locator('.step-count').textContent() ?? '', /^13 cases$/);
    assert.equal(await b1.locator(`a[href="/cases/${hostileId}"]`).count(), 1, 'the oldest first');
    const more = b1.getByRole('link', { name: `The ${STEP_CASES_SHOWN} oldest are shown; see all 13 cases in B1` });
    await submit(page, more);
    assert.equal(new URL(page.url()).search, '?step=B1');
    assert.equal(await page.locator('a[href^="/cases/"]').filter({ hasText: /SPSE antrean 11/ }).count(), 1, 'the newest is in the list');
    await wp.assertClean();
  });
});
