/**
 * Issue 11, the web UI's foundation in a real browser (Debian's Chromium through playwright-core)
 * against a real Jaga server: sign-in with password and TOTP, the API's own messages next to the
 * field in the visitor's language, the language kept per user, sign-out, and deep links that
 * survive sign-in. Every page visited: no request to another origin, no CSP violation, no console
 * error, every control labelled.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { authenticateSession } from '../../src/app/auth/authenticate.js';
import { resetUserPassword } from '../../src/app/registry/reset-user-credentials.js';
import { LOGIN_MAX_FAILURES } from '../../src/domain/auth/sign-in.policy.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const wrongPassword = (lang: 'id' | 'en', failuresSoFar: number) =>
  errorText(lang, 'auth.invalid_credentials', { lockedUntil: null, attemptsLeft: LOGIN_MAX_FAILURES - failuresSoFar });

/** Fills the Indonesian sign-in form and sends it. */
async function submitPassword(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await submit(page, page.getByRole('button', { name: 'Masuk' }));
}

/** Types into the focused field, as a person at a keyboard does. */
async function type(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
}

describe('web UI: signing in, language, signing out, deep links', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  const open = async () => { const p = await watchedPage(browser, w.origin); pages.push(p); return p; };

  before(async () => {
    w = await openWebApp();
    await w.enrol('andi');
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  /** Password, then the TOTP code, by keyboard only (the fields take the focus themselves). */
  async function signInByKeyboard(wp: WatchedPage, username: string): Promise<void> {
    const { page } = wp;
    assert.equal(await page.evaluate('document.activeElement.id'), 'username');
    await type(page, username);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'password');
    await type(page, PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\/sign-in\/totp/);
    await wp.assertClean();
    assert.equal(await page.evaluate('document.activeElement.id'), 'code');
    await type(page, w.totpCode(username));
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.doesNotMatch(new URL(page.url()).pathname, /^\/sign-in/);
  }

  it('signs in with password and TOTP and shows the dashboard, in Indonesian although the browser asks for English', async () => {
    const wp = await open();
    const { page } = wp;
    const res = await page.goto(`${w.origin}/`);
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'a signed-out visitor is sent to sign in');
    assert.equal(res?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    assert.equal(await page.textContent('h1'), 'Masuk ke Jaga');
    assert.ok(await page.getByLabel('Nama pengguna').isVisible());
    assert.ok(await page.getByLabel('Kata sandi').isVisible());
    assert.equal(await page.evaluate('typeof htmx'), 'object', "htmx runs under the page's CSP");
    await wp.assertClean();

    // A wrong code first: the API's words, next to the code field.
    await submitPassword(page, 'andi', PASSWORD);
    assert.match(page.url(), /\/sign-in\/totp$/);
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill('000000');
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(await page.locator('#code-error').textContent(), errorText('id', 'auth.totp_invalid', {}));
    assert.equal(await page.getAttribute('#code', 'aria-describedby'), 'code-error');
    await wp.assertClean();
    await screenshot(page, 'sign-in-totp-wrong-code');
    // The language switch works halfway through sign-in too, and comes back to the same step.
    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(new URL(page.url()).pathname, '/sign-in/totp');
    assert.equal(await page.textContent('h1'), 'Enter your verification code');
    await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));
    assert.equal(await page.textContent('h1'), 'Masukkan kode verifikasi');
    await wp.assertClean();

    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode('andi'));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/`);
    assert.equal(await page.textContent('h1'), 'Kasus terbuka menurut langkah SOP');
    assert.match(await page.textContent('.topbar') ?? '', /Masuk sebagai andi/);
    assert.equal(await page.locator('.step h2').count(), 6, 'one section per SOP step, B1–B6');
    await wp.assertClean();
  });

  it("shows a wrong password with the API's own message next to the field, in Indonesian, then in English after switching language", async () => {
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/sign-in`);
    await submitPassword(page, 'budi', 'bukan kata sandinya');
    assert.equal(await page.locator('#password-error').textContent(), wrongPassword('id', 1));
    assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#password', 'aria-describedby'), 'password-error');
    assert.equal(await page.inputValue('#username'), 'budi', 'the username stays filled in');
    assert.equal(await page.inputValue('#password'), '', 'the password is never sent back');
    await wp.assertClean();
    await screenshot(page, 'sign-in-wrong-password');

    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(page.url(), `${w.origin}/sign-in`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('h1'), 'Sign in to Jaga');
    await page.getByLabel('Username').fill('budi');
    await page.getByLabel('Password').fill('still not the password');
    await submit(page, page.getByRole('button', { name: 'Sign in' }));
    assert.equal(await page.locator('#password-error').textContent(), wrongPassword('en', 2));
    await wp.assertClean();

    // And back: the switch names the other language in that language.
    await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));
    assert.equal(page.url(), `${w.origin}/sign-in`);
    assert.equal(await page.textContent('h1'), 'Masuk ke Jaga');
    await wp.assertClean();
  });

  it('takes a deep link through sign-in and TOTP back to the page asked for, and follows no link to another site', async () => {
    const id = await w.report('Unggah dokumen penawaran gagal');
    const wp = await open();
    const { page } = wp;
    const deep = `/cases/${id}?dari=tautan`;
    await page.goto(`${w.origin}${deep}`);
    assert.equal(page.url(), `${w.origin}/sign-in?next=${encodeURIComponent(deep)}`);
    assert.match(await page.textContent('main') ?? '', /Setelah masuk, Anda dibawa ke halaman yang Anda minta/);
    // Switching the language on the way keeps the page asked for.
    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));
    assert.equal(page.url(), `${w.origin}/sign-in?next=${encodeURIComponent(deep)}`);
    await signInByKeyboard(wp, 'andi');
    assert.equal(page.url(), `${w.origin}${deep}`);
    assert.equal(await page.textContent('h1'), `Kasus ${id}`);
    await wp.assertClean();

    // A `next` that leaves the origin is dropped: after sign-in, the dashboard.
    const other = await open();
    for (const next of ['https://example.org/', '//example.org/x', '/\\example.org/x']) {
      await other.page.goto(`${w.origin}/sign-in?next=${encodeURIComponent(next)}`);
      assert.equal(await other.page.locator('input[name=next]').count(), 0, next);
    }
    await signInByKeyboard(other, 'andi');
    assert.equal(other.page.url(), `${w.origin}/`);
    await other.assertClean();
  });

  it('signs out: the session is revoked and every page sends the visitor to sign in again', async () => {
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/`);
    await signInByKeyboard(wp, 'andi');
    const session = (await wp.context.cookies()).find((c) => c.name === 'jaga_session');
    assert.ok(session, 'the session cookie');
    assert.ok(await authenticateSession(w.h.t.app, session.value));

    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    assert.equal(page.url(), `${w.origin}/sign-in`);
    assert.equal((await wp.context.cookies()).find((c) => c.name === 'jaga_session'), undefined, 'the cookie is cleared');
    assert.equal(await authenticateSession(w.h.t.app, session.value), undefined, 'and the session revoked on the server');
    await page.goto(`${w.origin}/`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await wp.assertClean();

    // The old cookie, replayed, opens nothing.
    await wp.context.addCookies([{ name: 'jaga_session', value: session.value, url: w.origin }]);
    await page.goto(`${w.origin}/`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await wp.assertClean();
  });

  it('tells a user who must first enrol TOTP, or change a reset password, why they cannot go on (and takes them to that step: web-account.test.ts)', async () => {
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/sign-in`);
    await submitPassword(page, 'dita', PASSWORD);
    assert.equal(await page.textContent('h1'), 'Daftarkan aplikasi autentikator');
    assert.match(await page.textContent('main') ?? '', /harus mendaftarkan TOTP lebih dulu/);
    await wp.assertClean();
    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    assert.equal(page.url(), `${w.origin}/sign-in`);

    const temporary = 'sementara saja 123';
    await resetUserPassword(w.h.t.app, as('super'), { user: 'pelapor', reason: 'lupa kata sandi', password: temporary });
    await submitPassword(page, 'pelapor', temporary);
    assert.match(await page.textContent('main') ?? '', /telah direset dan harus diganti lebih dulu/);
    await page.goto(`${w.origin}/`);
    assert.match(await page.textContent('main') ?? '', /telah direset dan harus diganti lebih dulu/, 'and no page opens until then');
    await wp.assertClean();
  });

  it('keeps the language per user: English chosen while signed in is there again in a new browser', async () => {
    const first = await open();
    await first.page.goto(`${w.origin}/`);
    await signInByKeyboard(first, 'andi');
    await submit(first.page, first.page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(first.page.url(), `${w.origin}/`);
    assert.equal(await first.page.textContent('h1'), 'Open cases by SOP step');
    assert.equal((await w.h.t.app.store.read((r) => r.users.findByUsername('andi')))?.language, 'en', 'stored as the user\'s preference');
    await first.assertClean();

    const second = await open();
    await second.page.goto(`${w.origin}/`);
    assert.equal(await second.page.textContent('h1'), 'Masuk ke Jaga', 'a new browser, not yet signed in: Indonesian');
    await signInByKeyboard(second, 'andi');
    assert.equal(await second.page.getAttribute('html', 'lang'), 'en');
    assert.equal(await second.page.textContent('h1'), 'Open cases by SOP step');
    await second.assertClean();
  });

  // Last: it uses up this address's sign-in attempts for the minute.
  it("counts the pages' sign-ins against the API's per-address limit, and says so next to the password", async () => {
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      const r = await fetch(`${w.origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `tebakan${i}`, password: 'x' }) });
      refused = r.status === 429;
    }
    assert.ok(refused, 'the API refuses first');
    const wp = await open();
    const { page } = wp;
    await page.goto(`${w.origin}/sign-in`);
    await submitPassword(page, 'andi', PASSWORD);
    assert.match(await page.locator('#password-error').textContent() ?? '', /^Terlalu banyak percobaan masuk dari alamat ini; coba lagi dalam \d+ detik\.$/);
    assert.equal((await wp.context.cookies()).find((c) => c.name === 'jaga_session'), undefined, 'no session');
    await wp.assertClean();
  });
});
