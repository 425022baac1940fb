/**
 * Issue 11 in a real browser against a real Jaga server: a pelapor reports a fault (B1) and the
 * case appears on the koordinator's dashboard; the koordinator, on a 390×844 phone, follows a deep
 * link to an approval through sign-in, returns the closed case with an alasan (a blank one answered
 * with the API's message next to the field) and, once the executor closed it again, approves it;
 * the dashboard counts each running time standard down, turns amber past 75 % and red past 100 %
 * of it, and refreshes itself without a full reload. Language switch on these pages; every page:
 * no request to another origin, no CSP violation, no console error, every control labelled.
 * Screenshots: report-form, report-sent, approval-phone, approval-queue (1280×800 and 390×844).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { closeCase } from '../../src/app/case/close-case.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { closedCase } from '../support/closed-case.js';
import { insertSessionRow } from '../support/session-fixtures.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const PHONE = { width: 390, height: 844 } as const;

describe('web UI: report a fault, the koordinator approves on a phone, the live dashboard', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  const open = async (opts: { viewport?: { width: number; height: number } } = {}) => {
    const p = await watchedPage(browser, w.origin, opts);
    pages.push(p);
    return p;
  };

  /** From the sign-in page (wherever it was reached from): password, then TOTP. */
  async function signIn(page: Page, username: string): Promise<void> {
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: 'Masuk' }));
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode(username));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
  }

  const card = (page: Page, id: string) => page.locator('li.case', { has: page.locator(`a[href="/cases/${id}"]`) });
  const stored = (id: string) => w.h.t.app.store.read((r) => r.cases.findById(id));

  before(async () => {
    w = await openWebApp();
    for (const u of ['pelapor', 'koor', 'andi']) await w.enrol(u);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('a pelapor reports a fault in the browser; a blank answer gets the API\'s message next to it; the case appears on the koordinator\'s dashboard', async () => {
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/report`);
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out: sign in first');
    await signIn(page, 'pelapor');
    assert.equal(page.url(), `${w.origin}/report`, 'then back to the form asked for');
    assert.equal(await page.textContent('h1'), 'Laporkan gangguan');
    assert.equal(await page.getByRole('link', { name: 'Laporkan gangguan' }).getAttribute('aria-current'), 'page', 'in the header');
    assert.equal(await page.getByRole('link', { name: 'Persetujuan' }).count(), 0, 'a pelapor approves nothing');
    assert.equal(await page.locator('.fixed-value').textContent(), 'LPSE Provinsi Gorontalo', "the unit is the pelapor's own");
    assert.deepEqual(await page.getByLabel('Server yang terdampak (bila tahu)').locator('option').allTextContents(), ['Tidak tahu', 'spse']);
    assert.equal(await page.evaluate('document.activeElement.id'), 'system', 'the first question has the focus');
    await wp.assertClean();
    await screenshot(page, 'report-form');

    // Spaces only: the browser lets it through (the field is not empty), the use case does not.
    await page.getByLabel('Sistem yang bermasalah').fill('SPSE produksi');
    await page.getByLabel('Apa yang salah?').fill('   ');
    await page.getByLabel('Layanan berhenti total').check();
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url() === `${w.origin}/report` && r.request().method() === 'POST'),
      submit(page, page.getByRole('button', { name: 'Kirim laporan' }))]);
    assert.equal(refused.status(), 400);
    const message = errorText('id', 'input.invalid', { issues: [{ kind: 'too_small', field: 'description', minimum: '1' }] });
    assert.equal(await page.locator('#description-error').textContent(), message, "the API's own words, next to the field");
    assert.equal(await page.getByLabel('Apa yang salah?').getAttribute('aria-describedby'), 'description-hint description-error');
    assert.equal(await page.getByLabel('Sistem yang bermasalah').inputValue(), 'SPSE produksi', 'what was typed stays');
    assert.ok(await page.getByLabel('Layanan berhenti total').isChecked());
    assert.equal(await page.evaluate('document.activeElement.id'), 'description', 'the field to fix has the focus');
    await wp.assertClean();

    await page.getByLabel('Apa yang salah?').fill('Penyedia tidak bisa login ke SPSE sejak pukul 08.00, muncul "502 Bad Gateway".');
    await page.getByLabel('Server yang terdampak (bila tahu)').selectOption({ label: 'spse' });
    await submit(page, page.getByRole('button', { name: 'Kirim laporan' }));
    const id = /\/report\/sent\/([^/?]+)$/.exec(page.url())?.[1] ?? '';
    assert.ok(id, page.url());
    assert.equal(await page.textContent('h1'), 'Laporan terkirim');
    assert.equal(await page.locator('.case-number-value').textContent(), id.slice(0, 8));
    assert.equal(await page.locator('.case-number .case-id').textContent(), id);
    const report = (await stored(id))?.report;
    assert.deepEqual({ channel: report?.channel, urgency: report?.urgency, system: report?.system }, { channel: 'web', urgency: 'critical', system: 'SPSE produksi' });
    const b1Due = new Date(Date.parse(report?.reportedAt ?? '') + 60 * 60_000);
    const due = `${new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(b1Due)} WITA`;
    assert.match(await page.locator('.next-steps').textContent() ?? '', new RegExp(`paling lambat ${due.replace(/\./g, '\\.')} \\(mutu baku: 60 menit\\)`));
    assert.equal(await page.getByRole('link', { name: 'Ikuti di halaman kasus' }).getAttribute('href'), `/cases/${id}`);
    assert.equal((await stored(id))?.targetId !== null, true, 'the target chosen from the list');
    await wp.assertClean();
    await screenshot(page, 'report-sent');

    const kp = await open();
    await kp.page.goto(`${w.origin}/`);
    await signIn(kp.page, 'koor');
    const b1 = kp.page.getByRole('region', { name: /^B1/ });
    assert.match(await b1.locator('li.case', { has: kp.page.locator(`a[href="/cases/${id}"]`) }).textContent() ?? '', /SPSE produksi/);
    assert.equal(await kp.page.getByRole('link', { name: 'Persetujuan' }).count(), 1, 'a koordinator has the queue in the header');
    await kp.assertClean();
  });

  it('takes a report by keyboard alone: the questions in order, the urgency by arrow keys, Enter to send', async () => {
    const wp = await open({ viewport: PHONE });
    const { page } = wp;
    await page.goto(`${w.origin}/report`);
    await signIn(page, 'pelapor');
    assert.equal(await page.evaluate('document.activeElement.id'), 'system');
    await page.keyboard.type('SPSE latihan');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'description');
    await page.keyboard.type('Tombol unggah dokumen tidak bereaksi.');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.value'), 'critical', 'the first urgency');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate('document.querySelector("input[name=urgency]:checked").value'), 'medium');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'target');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Kirim laporan');
    await Promise.all([page.waitForURL(/\/report\/sent\//), page.keyboard.press('Enter')]);
    const id = /\/report\/sent\/([^/?]+)$/.exec(page.url())?.[1] ?? '';
    const c = await stored(id);
    assert.deepEqual([c?.report.system, c?.report.urgency, c?.targetId], ['SPSE latihan', 'medium', null], '"I do not know" sends no target');
    await wp.assertClean();
  });

  it('switches the language on the report form and on the approval queue, coming back to the same page', async () => {
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/sign-in`);
    await signIn(page, 'koor');
    for (const [path, id, en] of [['/report', 'Laporkan gangguan', 'Report a fault'], ['/approvals', 'Menunggu Anda', 'Waiting for you']] as const) {
      await page.goto(`${w.origin}${path}`);
      assert.equal(await page.textContent('h1'), id);
      await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
      assert.equal(page.url(), `${w.origin}${path}`);
      assert.equal(await page.textContent('h1'), en);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await wp.assertClean();
      await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));
      assert.equal(await page.textContent('h1'), id);
    }
  });

  it('on a phone the koordinator follows a deep link through sign-in, returns a closed case (alasan required), then approves it once closed again', async () => {
    const id = await closedCase(w.h.t);
    const wp = await open({ viewport: PHONE });
    const { page } = wp;
    await page.goto(`${w.origin}/approvals/${id}`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await signIn(page, 'koor');
    assert.equal(page.url(), `${w.origin}/approvals/${id}`, 'the deep link survives sign-in');
    assert.equal(await page.textContent('h1'), 'SPSE');
    const summary = page.getByRole('region', { name: 'Ringkasan' });
    assert.match(await summary.textContent() ?? '', /Target\s*spse \(127\.0\.0\.1\)/);
    assert.match(await summary.textContent() ?? '', /Pelaksana\s*andi/);
    assert.match(await summary.textContent() ?? '', /Akses\s*28 November 2026 pukul \d\d\.\d\d WITA – 28 November 2026 pukul \d\d\.\d\d WITA/);
    assert.match(await summary.textContent() ?? '', /Ditutup\s*28 November 2026 pukul \d\d\.\d\d WITA, oleh andi/);
    assert.equal(await page.getByRole('region', { name: 'Penyimpangan mutu baku' }).locator('p').textContent(), 'Tidak ada: setiap langkah dalam mutu baku.');
    assert.equal(await page.getByRole('link', { name: 'Halaman kasus lengkap' }).getAttribute('href'), `/cases/${id}`);
    assert.ok(await page.getByRole('button', { name: 'Setujui' }).isVisible());
    assert.ok(await page.getByRole('button', { name: 'Kembalikan' }).isVisible());
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.equal(width, PHONE.width, 'nothing wider than the phone');
    await wp.assertClean();
    await screenshot(page, 'approval-phone');

    const reason = page.getByLabel('Alasan (wajib): apa yang harus diperbaiki pelaksana');
    await reason.fill('   ');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/return')), submit(page, page.getByRole('button', { name: 'Kembalikan' }))]);
    assert.equal(refused.status(), 400);
    assert.equal(await page.locator('#reason-error').textContent(), errorText('id', 'case.return_reason_required', {}), "the API's message next to the alasan");
    assert.equal((await stored(id))?.status, 'closed', 'nothing changed');
    await wp.assertClean();

    await reason.fill('Lampirkan keluaran rotasi log sebagai bukti perbaikan permanen.');
    await submit(page, page.getByRole('button', { name: 'Kembalikan' }));
    assert.equal(page.url(), `${w.origin}/approvals/${id}?done=returned`);
    assert.equal(await page.locator('.done').textContent(), 'Kasus dikembalikan ke pelaksana untuk diperbaiki.');
    assert.equal(await page.getByRole('button', { name: 'Setujui' }).count(), 0, 'nothing to approve while it is back with the executor');
    assert.equal(await page.getByRole('button', { name: 'Kembalikan' }).count(), 0);
    const returned = await stored(id);
    assert.equal(returned?.status, 'root_caused');
    assert.equal(returned?.returns[0]?.reason, 'Lampirkan keluaran rotasi log sebagai bukti perbaikan permanen.');
    await wp.assertClean();

    // Not awaiting approval: no form is offered, the screen says why.
    await page.goto(`${w.origin}/approvals/${id}`);
    assert.equal(await page.locator('.notice').textContent(), 'Kasus ini tidak menunggu persetujuan Anda (status: akar masalah diperbaiki).');
    assert.equal(await page.locator('form[action$="/approve"], form[action$="/return"]').count(), 0);

    await closeCase(w.h.t.app, as('andi'), id, { notes: 'Bukti rotasi log dilampirkan' });
    await page.goto(`${w.origin}/approvals`);
    const queue = page.getByRole('region', { name: /^Menunggu persetujuan/ });
    assert.equal(await queue.locator('li.brief', { has: page.locator(`a[href="/approvals/${id}"]`) }).locator('.brief-detail').textContent(),
      'Pelaksana andi; tanpa penyimpangan mutu baku');
    await submit(page, queue.getByRole('link', { name: 'SPSE' }));
    assert.equal(page.url(), `${w.origin}/approvals/${id}`);
    assert.match(await page.getByRole('region', { name: 'Ringkasan' }).textContent() ?? '', /Pernah dikembalikan 1 kali untuk diperbaiki\./);
    await page.getByLabel('Catatan (tidak wajib)').fill('Disetujui dari ponsel');
    await submit(page, page.getByRole('button', { name: 'Setujui' }));
    assert.equal(page.url(), `${w.origin}/approvals/${id}?done=approved`);
    assert.equal(await page.locator('.done').textContent(), 'Kasus disetujui. Terima kasih.');
    const approved = await stored(id);
    assert.equal(approved?.status, 'approved');
    assert.equal(approved?.approval?.notes, 'Disetujui dari ponsel');
    await wp.assertClean();
    await page.goto(`${w.origin}/approvals`);
    assert.equal(await page.locator(`a[href="/approvals/${id}"]`).count(), 0, 'approved: out of the queue');
    await wp.assertClean();
    await screenshot(page, 'approval-queue');
  });

  it("links an approval to the case's recordings, and speaks English with the API's English message for a blank alasan", async () => {
    const id = await closedCase(w.h.t);
    const s = await insertSessionRow(w.h.t.app, id, { ended: true, startedAt: '2026-11-28T01:05:00.000Z',
      recordings: [{ channel: 0, file: 'x-0.cast', sha256: 'a'.repeat(64), bytes: 10 }, { channel: 2, file: 'x-2.cast', sha256: 'b'.repeat(64), bytes: 20 }] });
    const wp = await open({ viewport: PHONE });
    const { page } = wp;
    await page.goto(`${w.origin}/approvals/${id}`);
    await signIn(page, 'koor');
    const evidence = page.getByRole('region', { name: 'Bukti' });
    assert.deepEqual(await evidence.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')])), [
      ['Halaman kasus lengkap', `/cases/${id}`],
      ['Rekaman kanal 0, sesi 28 November 2026 pukul 09.05 WITA', `/api/v1/gateway/sessions/${s.id}/recordings/0`],
      ['Rekaman kanal 2, sesi 28 November 2026 pukul 09.05 WITA', `/api/v1/gateway/sessions/${s.id}/recordings/2`],
    ]);
    await wp.assertClean();
    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(page.url(), `${w.origin}/approvals/${id}`);
    assert.equal(await page.getByRole('link', { name: 'Go to the decision: approve or return' }).getAttribute('href'), '#decide');
    await page.getByLabel('Reason (alasan, required): what the executor must correct').fill(' ');
    await submit(page, page.getByRole('button', { name: 'Return', exact: true }));
    assert.equal(await page.locator('#reason-error').textContent(), errorText('en', 'case.return_reason_required', {}));
    await wp.assertClean();
    await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));
  });

  it('offers no approval to whoever the policy refuses: the executor sees the screen without forms, and a forged POST is refused', async () => {
    const id = await closedCase(w.h.t);
    const wp = await open({ viewport: PHONE });
    const { page } = wp;
    await page.goto(`${w.origin}/approvals/${id}`);
    await signIn(page, 'andi');
    assert.equal(await page.locator('form[action$="/approve"], form[action$="/return"]').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Persetujuan' }).count(), 0);
    await wp.assertClean();
    const cookie = (await wp.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${w.origin}/approvals/${id}`, { headers: { cookie } })).text())?.[1] ?? '';
    const res = await fetch(`${w.origin}/approvals/${id}/approve`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: token }),
      headers: { cookie, origin: w.origin, 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /class="alert"/);
    assert.equal((await stored(id))?.status, 'closed');
  });

  it('works without JavaScript: a report, a return and an approval are plain forms', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto(`${w.origin}/report`);
      await signIn(page, 'koor');
      await page.getByLabel('Sistem yang bermasalah').fill('SPSE produksi');
      await page.getByLabel('Apa yang salah?').fill('Tanpa JavaScript: halaman login kosong.');
      await page.getByLabel('Sebagian pekerjaan terganggu').check();
      await submit(page, page.getByRole('button', { name: 'Kirim laporan' }));
      assert.match(page.url(), /\/report\/sent\//);
      const id = await closedCase(w.h.t);
      await page.goto(`${w.origin}/approvals/${id}`);
      await page.getByLabel('Alasan (wajib): apa yang harus diperbaiki pelaksana').fill('Tulis akar masalah lebih rinci.');
      await submit(page, page.getByRole('button', { name: 'Kembalikan' }));
      assert.equal((await stored(id))?.status, 'root_caused');
      await closeCase(w.h.t.app, as('andi'), id, { notes: 'Dirinci' });
      await page.goto(`${w.origin}/approvals/${id}`);
      await submit(page, page.getByRole('button', { name: 'Setujui' }));
      assert.equal((await stored(id))?.status, 'approved');
      // The dashboard without its script: the server's own countdown text stands.
      await page.goto(`${w.origin}/`);
      assert.match(await page.locator('.countdown').first().textContent() ?? '', /^(sisa|lewat) \d/);
    } finally {
      await context.close();
    }
  });

  it('counts each running deadline down every second, amber past 75 % and red past 100 %, and refreshes itself without a full reload', async () => {
    const id = await w.report('Halaman jadwal lelang kosong', { system: 'SPSE latihan', urgency: 'medium' });
    const wp = await open();
    const { page } = wp;
    await page.clock.install({ time: w.h.t.clock.now() });
    await page.goto(`${w.origin}/`);
    await signIn(page, 'koor');
    // Signing in moved the server's clock by TOTP steps (30 s each): the B1 clock is a minute or two in.
    const clock = card(page, id).locator('.clock');
    const countdown = card(page, id).locator('.countdown');
    assert.equal(await clock.getAttribute('class'), 'clock clock-normal');
    const started = Date.parse(await clock.getAttribute('data-started') ?? '');
    const deadline = Date.parse(await clock.getAttribute('data-deadline') ?? '');
    assert.equal(deadline - started, 60 * 60_000, "B1's standard: an hour");
    await page.evaluate('window.__sameDocument = true');
    const before = await countdown.textContent();
    assert.match(before ?? '', /^sisa \d\d:\d\d$/);
    await page.clock.runFor(3000);
    assert.notEqual(await countdown.textContent(), before, 'counted down in the page');

    // The browser's time and the server's move together: 46 min in (past ¾ of 60), then 61 (past the deadline),
    // ten minutes at a time, each step's refresh answered. A refresh is not the user's doing (it says so, and does not
    // keep the session from idling out): the koordinator also opens a page in each step, as a person at work does.
    // A refresh is done once the section the server made at its current time is in the page (its own 30 s timer set).
    const refreshed = async () => {
      const res = await page.waitForResponse((r) => r.url() === `${w.origin}/` && r.request().headers()['hx-request'] === 'true');
      assert.equal(res.request().headers()['x-jaga-refresh'], '1', 'a refresh says it is one');
      await page.waitForSelector(`#dashboard-live[data-now="${w.h.t.clock.now().toISOString()}"]`, { state: 'attached', timeout: 5000 });
      return res;
    };
    const moveTo = async (minutesIn: number) => {
      for (;;) {
        const ms = Math.min(started + minutesIn * 60_000 - w.h.t.clock.now().getTime(), 10 * 60_000);
        if (ms <= 0) return;
        w.h.t.clock.advanceSeconds(ms / 1000);
        await Promise.all([refreshed(), page.clock.fastForward(ms)]);
        assert.equal((await wp.context.request.get(`${w.origin}/approvals`, { maxRedirects: 0 })).status(), 200, 'still signed in');
      }
    };
    await moveTo(46);
    await page.waitForSelector(`li.case:has(a[href="/cases/${id}"]) .clock.clock-amber`, { timeout: 5000 });
    assert.equal(await card(page, id).locator('.clock-level').textContent(), 'waktu hampir habis');
    assert.match(await card(page, id).getAttribute('class') ?? '', /\bcase-amber\b/);
    assert.match(await countdown.textContent() ?? '', /^sisa 1[34]:\d\d$/);
    await moveTo(61);
    await page.waitForSelector(`li.case:has(a[href="/cases/${id}"]) .clock.clock-red`, { timeout: 5000 });
    assert.equal(await card(page, id).locator('.clock-level').textContent(), 'lewat batas');
    assert.match(await countdown.textContent() ?? '', /^lewat 0[01]:\d\d$/);

    // The koordinator's queue has it among what needs them now.
    const queue = await open();
    await queue.context.addCookies(await wp.context.cookies());
    await queue.page.goto(`${w.origin}/approvals`);
    const attention = queue.page.getByRole('region', { name: /^Waktu hampir habis atau lewat batas/ });
    assert.equal(await attention.locator(`li.brief:has(a[href="/cases/${id}"]) .clock`).getAttribute('class'), 'clock clock-red');
    await queue.assertClean();

    // A report made meanwhile shows up at the next refresh (every 30 s), in the same document.
    const later = await w.report('Surel notifikasi tidak terkirim', { system: 'Surel LPSE', urgency: 'low' });
    w.h.t.clock.advanceSeconds(31);
    const [refresh] = await Promise.all([refreshed(), page.clock.fastForward(31_000)]);
    assert.equal(refresh.status(), 200);
    await page.waitForSelector(`li.case a[href="/cases/${later}"]`, { timeout: 5000 });
    assert.equal(await page.evaluate('window.__sameDocument'), true, 'no full reload');
    assert.equal(await clock.getAttribute('class'), 'clock clock-red', 'the server says red too');
    assert.equal(await page.locator('#dashboard-live').count(), 1);
    await wp.assertClean();

    // Once the session has idled out (a laptop asleep), the next refresh takes the whole page to sign-in, and back after.
    w.h.t.clock.advanceMinutes(31);
    await Promise.all([page.waitForURL(`${w.origin}/sign-in`), page.clock.fastForward(31_000)]);
    await wp.assertClean();
  });
});
