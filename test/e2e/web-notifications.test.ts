/**
 * Issue 13, the account's email and notifications page in a real browser (Debian's Chromium through
 * playwright-core) against a real Jaga server: an executor sets their address (a malformed one
 * refused with the API's words next to the field), mutes what is not mandatory (their assignment is
 * ticked and cannot be cleared), and the store holds exactly that. The admin's new-user form takes
 * an address. Every page: no request to another origin, no CSP violation, no console error, every
 * control labelled, no serious or critical axe-core violation. Screenshot `account-notifications`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { WatchedPage } from '../support/browser.js';
import { assertCleanAndAccessible, launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { PASSWORD } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

describe('web UI: the account\'s email address and notification mutes', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];

  async function signedIn(username: string): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin);
    pages.push(wp);
    const { page } = wp;
    await page.goto(`${w.origin}/account/notifications`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: 'Masuk' }));
    await page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode(username));
    await submit(page, page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(page.url(), `${w.origin}/account/notifications`);
    return wp;
  }
  const stored = async (username: string) => w.h.t.app.store.read(async (tx) => {
    const u = await tx.users.findByUsername(username);
    return { email: u?.email ?? null, muted: u ? await tx.notificationSubscriptions.listMutes(u.id) : [] };
  });
  const box = (page: Page, name: RegExp) => page.getByRole('checkbox', { name });

  before(async () => {
    w = await openWebApp();
    for (const u of ['andi', 'super']) await w.enrol(u);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('lets an executor set their address and mute what is not mandatory; their assignment stays ticked', async () => {
    const wp = await signedIn('andi');
    const { page } = wp;
    assert.equal(await page.textContent('h1'), 'Email dan pemberitahuan');
    assert.match(await page.textContent('main') ?? '', /Belum ada alamat email/);
    const assigned = box(page, /Kasus ditugaskan kepada saya/);
    assert.ok(await assigned.isChecked() && await assigned.isDisabled(), 'mandatory: ticked, cannot be cleared');
    assert.match(await page.textContent('#mutes') ?? '', /Waktu standar hampir habis atau terlampaui \(wajib mulai 100 %\)/);
    await assertCleanAndAccessible(wp);

    // The browser's own check of type=email lets this through; the server's refuses it, worded as the API words it.
    await page.getByLabel('Alamat email').fill('andi@lpse');
    await submit(page, page.getByRole('button', { name: 'Simpan alamat email' }));
    assert.match(await page.textContent('#email-error') ?? '', /Alamat email 'andi@lpse' tidak valid: domain harus nama seperti lpse\.go\.id/);
    assert.equal(await page.getByLabel('Alamat email').inputValue(), 'andi@lpse', 'what was typed stays');
    assert.equal((await stored('andi')).email, null);
    await assertCleanAndAccessible(wp);

    await page.getByLabel('Alamat email').fill(' Andi@LPSE.Gorontalo.GO.ID ');
    await submit(page, page.getByRole('button', { name: 'Simpan alamat email' }));
    assert.match(await page.textContent('[role=status]') ?? '', /Alamat email disimpan/);
    assert.equal(await page.getByLabel('Alamat email').inputValue(), 'Andi@lpse.gorontalo.go.id');
    assert.equal((await stored('andi')).email, 'Andi@lpse.gorontalo.go.id');

    await box(page, /Kasus disetujui/).uncheck();
    await box(page, /Waktu standar hampir habis/).uncheck();
    await submit(page, page.getByRole('button', { name: 'Simpan pilihan pemberitahuan' }));
    assert.match(await page.textContent('[role=status]') ?? '', /Pilihan pemberitahuan disimpan/);
    assert.deepEqual((await stored('andi')).muted, ['case.approved', 'standard.threshold']);
    assert.equal(await box(page, /Kasus disetujui/).isChecked(), false);
    assert.equal(await box(page, /Kasus dikembalikan/).isChecked(), true);
    assert.ok(await box(page, /Kasus ditugaskan kepada saya/).isChecked());
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'account-notifications', { at: page.locator('#mutes') });

    await box(page, /Kasus disetujui/).check();
    await submit(page, page.getByRole('button', { name: 'Simpan pilihan pemberitahuan' }));
    assert.deepEqual((await stored('andi')).muted, ['standard.threshold']);
  });

  it('takes an address on the administration\'s new-user form, and a user\'s address from their actions', async () => {
    const wp = await signedIn('super');
    const { page } = wp;
    await page.goto(`${w.origin}/admin/users`);
    await page.locator('summary', { hasText: 'Tambah pengguna' }).click();
    await page.getByLabel('Nama pengguna').fill('rina');
    await page.locator('#user-form select[name=role], select[name=role]').first().selectOption('auditor');
    await page.getByLabel('Email (opsional)').fill('Rina@Inspektorat.GO.ID');
    await page.getByLabel('Kata sandi awal').fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: 'Tambah pengguna' }));
    assert.equal((await stored('rina')).email, 'Rina@inspektorat.go.id');
    await assertCleanAndAccessible(wp);

    // A user's address, set by the superadmin from the user's actions.
    await page.locator('summary', { hasText: 'koor' }).first().click();
    await page.locator('#email-koor').fill('koor@lpse');
    await submit(page, page.locator('form[action="/admin/users/koor/email"] button'));
    assert.match(await page.textContent('#email-koor-error') ?? '', /tidak valid/);
    assert.equal((await stored('koor')).email, null);
    await page.locator('#email-koor').fill('Koor@LPSE.go.id');
    await submit(page, page.locator('form[action="/admin/users/koor/email"] button'));
    assert.match(await page.textContent('main') ?? '', /Alamat email koor disimpan/);
    assert.match(await page.textContent('main') ?? '', /Koor@lpse\.go\.id/);
    assert.equal((await stored('koor')).email, 'Koor@lpse.go.id');
    await assertCleanAndAccessible(wp);
  });
});
