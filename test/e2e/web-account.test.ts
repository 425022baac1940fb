/**
 * Issue 11, the account's own pages in a real browser (Debian's Chromium through playwright-core)
 * against a real Jaga server: a new executor's first TOTP enrolment (enrolment code and password,
 * the QR code drawn on the server with the key to type, a first code, the recovery codes shown
 * once), then signing in with a code; a reset password changed before anything else opens; each
 * refusal the API's message next to its field. Every page: no request to another origin, no CSP
 * violation, no console error, every control labelled, no serious or critical axe-core violation.
 * Screenshots `account-enrol-qr`, `account-recovery-codes`. The last test runs axe over the pages
 * the other browser tests cover.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import { resetUserPassword } from '../../src/app/registry/reset-user-credentials.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { rfc6238Totp } from '../../src/adapters/system/rfc6238-totp.js';
import { MIN_PASSWORD_LENGTH } from '../../src/domain/registry/user.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { assertAccessible, assertCleanAndAccessible, launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { closedCase } from '../support/closed-case.js';
import { FakeLiveSessions } from '../support/session-fixtures.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

/** Fills the Indonesian sign-in form and sends it. */
async function submitPassword(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await submit(page, page.getByRole('button', { name: 'Masuk' }));
}

describe('web UI: first TOTP enrolment, recovery codes, changing one\'s own password', () => {
  const live = new FakeLiveSessions();
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  const open = async () => { const p = await watchedPage(browser, w.origin); pages.push(p); return p; };
  /** Clean by every measure, axe-core included. */
  /** A code of `secret` on a 30-second step no earlier code used. */
  const codeOf = (secret: string) => { w.h.t.clock.advanceSeconds(30); return rfc6238Totp.code(secret, w.h.t.clock.now()); };

  before(async () => {
    w = await openWebApp({ live });
    await createUser(w.h.t.app, as('super'), { username: 'eka', role: 'admin_lpse', unit: 'gorontalo', password: PASSWORD });
    for (const u of ['andi', 'koor']) await w.enrol(u);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('enrols a new executor entirely in the browser: enrolment code, QR code and key, first code, recovery codes once; then signs in with a code', async () => {
    const wp = await open();
    const { page } = wp;
    const deep = '/report';
    await page.goto(`${w.origin}${deep}`);
    await submitPassword(page, 'eka', PASSWORD);
    assert.equal(page.url(), `${w.origin}/sign-in/enrol?next=${encodeURIComponent(deep)}`, 'straight to enrolment, the page asked for kept');
    assert.equal(await page.textContent('h1'), 'Daftarkan aplikasi autentikator');
    assert.match(await page.textContent('main') ?? '', /harus mendaftarkan TOTP lebih dulu/);
    assert.equal(await page.evaluate('document.activeElement.id'), 'enrolmentCode');
    await assertCleanAndAccessible(wp);
    // The TOTP page sends a user with nothing enrolled here too.
    await page.goto(`${w.origin}/sign-in/totp`);
    assert.equal(new URL(page.url()).pathname, '/sign-in/enrol');
    await page.goto(`${w.origin}/sign-in/enrol?next=${encodeURIComponent(deep)}`);
    // The language switch comes back to this step, with the page asked for.
    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(page.url(), `${w.origin}/sign-in/enrol?next=${encodeURIComponent(deep)}`);
    assert.equal(await page.textContent('h1'), 'Set up your authenticator app');
    assert.ok(await page.getByLabel('Enrolment code').isVisible());
    await assertCleanAndAccessible(wp);
    await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));

    // A wrong enrolment code: the API's words next to that field, what was typed kept.
    await page.getByLabel('Kode pendaftaran').fill('enrol-bukan-kodenya');
    await page.getByLabel('Kata sandi Anda').fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: 'Lanjut' }));
    assert.equal(await page.locator('#enrolmentCode-error').textContent(), errorText('id', 'auth.enrolment_code_invalid', { reason: 'unknown' }));
    assert.equal(await page.getAttribute('#enrolmentCode', 'aria-describedby'), 'enrolmentCode-hint enrolmentCode-error');
    await screenshot(page, 'account-enrol-wrong-code');
    assert.equal(await page.inputValue('#enrolmentCode'), 'enrol-bukan-kodenya');
    assert.equal(await page.inputValue('#password'), '', 'the password is never sent back');
    await assertCleanAndAccessible(wp);

    const { code } = await issueEnrolmentCode(w.h.t.app, as('koor'), 'eka');
    await page.getByLabel('Kode pendaftaran').fill(code);
    await page.getByLabel('Kata sandi Anda').fill(PASSWORD);
    const [qrAnswer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in/enrol')),
      submit(page, page.getByRole('button', { name: 'Lanjut' }))]);
    assert.equal(qrAnswer.headers()['cache-control'], 'no-store', 'kept in no cache');
    assert.equal(await page.textContent('h1'), 'Pindai kode QR ini');
    assert.equal(new URL(page.url()).pathname, '/sign-in/enrol', 'the secret is in no address');
    const key = (await page.textContent('#manual-key') ?? '').trim();
    assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, 'the key in groups of four');
    const secret = key.replaceAll(' ', '');
    assert.equal(await page.locator('figure.qr svg path').count(), 2, 'the QR code, drawn inline on the server');
    assert.equal(await page.locator('img[src^="data:"]').count(), 0);
    // What an authenticator app reads from it: this secret, for this user (decoded from the page's pixels).
    const qrPng = join(mkdtempSync(join(tmpdir(), 'jaga-qr-')), 'qr.png');
    await page.locator('figure.qr').screenshot({ path: qrPng });
    assert.equal(execFileSync('zbarimg', ['-q', '--raw', qrPng], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      `otpauth://totp/Jaga%3Aeka?secret=${secret}&issuer=Jaga&algorithm=SHA1&digits=6&period=30`);
    assert.equal(await page.locator('form.lang-switch').count(), 0, 'no language switch that would lose the secret');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'account-enrol-qr');

    // A wrong first code: the API's words next to the field; the same QR code and key again.
    await page.getByLabel('Kode 6 digit dari aplikasi').fill('000000');
    await submit(page, page.getByRole('button', { name: 'Konfirmasi' }));
    assert.equal(await page.locator('#code-error').textContent(), errorText('id', 'auth.totp_invalid', {}));
    assert.equal((await page.textContent('#manual-key'))?.trim(), key);
    await assertCleanAndAccessible(wp);

    await page.getByLabel('Kode 6 digit dari aplikasi').fill(codeOf(secret));
    const [codesAnswer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in/enrol/confirm')),
      submit(page, page.getByRole('button', { name: 'Konfirmasi' }))]);
    assert.equal(codesAnswer.headers()['cache-control'], 'no-store');
    assert.equal(await page.textContent('h1'), 'Catat kode pemulihan Anda sekarang');
    const codes = await page.locator('ol.recovery-codes li').allTextContents();
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[a-z0-9]{5}-[a-z0-9]{5}$/);
    assert.match(await page.textContent('main') ?? '', /hanya ditampilkan sekali ini/);
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'account-recovery-codes');

    // Reloading shows them no more: the session has passed TOTP and the page goes on.
    await page.reload();
    const after = await page.content();
    for (const c of codes) assert.ok(!after.includes(c), `recovery code ${c} shown again`);
    await page.goto(`${w.origin}/sign-in/enrol`);
    assert.equal(page.url(), `${w.origin}/`);
    await page.goBack().catch(() => undefined);
    for (const c of codes) assert.ok(!(await page.content()).includes(c), 'nor by going back');
    await page.goto(`${w.origin}/`);

    // The way on from the recovery page leads to the page asked for; then out and in again with a code.
    await page.goto(`${w.origin}${deep}`);
    assert.equal(page.url(), `${w.origin}${deep}`);
    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    await submitPassword(page, 'eka', PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/sign-in/totp');
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(codeOf(secret));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/`);
    assert.match(await page.textContent('.topbar') ?? '', /Masuk sebagai eka/);
    await assertCleanAndAccessible(wp);

    // A recovery code works once, from the same sign-in page.
    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    await submitPassword(page, 'eka', PASSWORD);
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(codes[0] ?? '');
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/`);
    await assertCleanAndAccessible(wp);

    const log = await w.h.t.app.store.read(async (r) => {
      const out: string[] = [];
      for await (const batch of r.logbook.scan({ fromSeq: 1 })) for (const e of batch) out.push(e.data);
      return out.join('\n');
    });
    assert.ok(!log.includes(secret), 'the secret is never in the logbook');
    for (const c of codes) assert.ok(!log.includes(c), 'nor a recovery code');
  });

  it('makes a user whose password was reset change it before any page opens, the API\'s messages next to the fields, and lets them in', async () => {
    const temporary = 'sementara saja 123';
    const chosen = 'kata sandi baru andi 2024';
    await resetUserPassword(w.h.t.app, as('super'), { user: 'andi', reason: 'lupa kata sandi', password: temporary });
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/report`);
    await submitPassword(page, 'andi', temporary);
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode('andi'));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/account/password?next=${encodeURIComponent('/report')}`);
    assert.equal(await page.textContent('h1'), 'Ganti kata sandi');
    assert.match(await page.textContent('main') ?? '', /telah direset dan harus diganti lebih dulu/);
    assert.equal(await page.locator('nav.topnav').count(), 0, 'no way elsewhere until then');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'account-password-required');
    await page.goto(`${w.origin}/`);
    assert.equal(page.url(), `${w.origin}/account/password`, 'every page leads here');
    await page.goto(`${w.origin}/account/password?next=${encodeURIComponent('/report')}`);

    await page.getByLabel('Kata sandi saat ini').fill('bukan yang sekarang');
    await page.getByLabel('Kata sandi baru').fill(chosen);
    await submit(page, page.getByRole('button', { name: 'Ganti kata sandi' }));
    assert.equal(await page.locator('#currentPassword-error').textContent(), errorText('id', 'auth.current_password_wrong', {}));
    await assertCleanAndAccessible(wp);

    await page.getByLabel('Kata sandi saat ini').fill(temporary);
    await page.getByLabel('Kata sandi baru').fill('pendek');
    await submit(page, page.getByRole('button', { name: 'Ganti kata sandi' }));
    assert.equal(await page.locator('#newPassword-error').textContent(), errorText('id', 'user.password_too_short', { min: MIN_PASSWORD_LENGTH }));
    assert.equal(await page.getAttribute('#newPassword', 'aria-describedby'), 'newPassword-hint newPassword-error');
    await assertCleanAndAccessible(wp);

    await page.getByLabel('Kata sandi saat ini').fill(temporary);
    await page.getByLabel('Kata sandi baru').fill(chosen);
    await submit(page, page.getByRole('button', { name: 'Ganti kata sandi' }));
    assert.equal(await page.textContent('h1'), 'Kata sandi diganti');
    await assertCleanAndAccessible(wp);
    await submit(page, page.getByRole('link', { name: 'Lanjutkan' }));
    assert.equal(page.url(), `${w.origin}/report`, 'in, on the page asked for');
    assert.equal((await w.h.t.app.store.read((r) => r.users.findByUsername('andi')))?.passwordChangeRequired, false);

    // The new password is the one that signs in now.
    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    await submitPassword(page, 'andi', chosen);
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode('andi'));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/`);
    assert.equal(await page.locator('footer').getByRole('link', { name: 'Ganti kata sandi' }).getAttribute('href'), '/account/password',
      'the page is there for anyone signed in');
    await assertCleanAndAccessible(wp);
  });

  it('finds no serious or critical axe-core violation on the pages of the other browser tests', async () => {
    const caseId = await closedCase(w.h.t);
    const unitId = (await w.h.t.app.store.read((r) => r.cases.findById(caseId)))?.unitId ?? '';
    live.add({ caseId, unitId, username: 'andi', channels: [{ channel: 0, kind: 'shell', command: null, pty: true }] });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const wp = await watchedPage(browser, w.origin, { viewport });
      pages.push(wp);
      const { page } = wp;
      await page.goto(`${w.origin}/sign-in`);
      await assertCleanAndAccessible(wp);
      await submitPassword(page, 'koor', PASSWORD);
      await assertCleanAndAccessible(wp);
      await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode('koor'));
      await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
      for (const path of ['/', '/report', '/approvals', `/approvals/${caseId}`, `/cases/${caseId}`, '/sessions/live', '/cases', '/logbook', '/sop', '/account/password']) {
        await page.goto(`${w.origin}${path}`);
        assert.equal(new URL(page.url()).pathname, path);
        await assertCleanAndAccessible(wp);
      }
      // And the check bites: an image without a text alternative is a critical violation.
      await page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/assets/jaga.svg\">')");
      await assert.rejects(assertAccessible(page), /image-alt/);
    }
  });
});
