/**
 * Issue 11, the administration pages in a real browser against a real Jaga server: the superadmin
 * deactivates a user with a reason (logged; the user can no longer sign in), reactivates them,
 * resets a password (shown once), issues an enrolment code, adds and revokes a grant, retires a
 * network — each through the API's use case, a blank reason answered with the API's message next
 * to its field; a koordinator reads what the registry policy lets them read and gets no form they
 * may not use; a pelapor gets no link and a refusal at /admin; hostile names render as text.
 * Every page clean; screenshots `admin-users`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { setTargetCredential } from '../../src/app/registry/target-credential.js';
import { errorText, t } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const HOSTILE_NAME = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const HOSTILE_NETWORK = '<b>jaringan</b><script>window.__pwned=3</script>';
const SECRET = 'kata-sandi-target-rahasia';
const BLANK_REASON = errorText('id', 'input.invalid', { issues: [{ kind: 'too_small', field: 'reason', minimum: '1' }] });

describe('web UI: administration (registries and their lifecycle forms)', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];

  async function openAs(username: string, path: string, password = PASSWORD): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin);
    pages.push(wp);
    const { page } = wp;
    page.on('dialog', (d) => { throw new Error(`a dialog opened: ${d.message()}`); });
    await page.goto(`${w.origin}${path}`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    await submit(page, page.getByRole('button', { name: 'Masuk' }));
    return wp;
  }
  async function signedIn(username: string, path: string): Promise<WatchedPage> {
    const wp = await openAs(username, path);
    await wp.page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode(username));
    await submit(wp.page, wp.page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(wp.page.url(), `${w.origin}${path}`, 'the deep link survives sign-in');
    return wp;
  }
  const entry = (page: Page, name: string): Locator =>
    page.locator('li.reg-entry', { has: page.locator('h2', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`) }) });
  /** Opens an entry's actions and sends one of its reason forms; the form's answer's status (303 after a change). */
  async function reasonMove(page: Page, item: Locator, subject: string, label: string, reason: string): Promise<number> {
    const details = item.locator('details', { has: page.locator('summary', { hasText: `Tindakan untuk ${subject}` }) });
    if (await details.getAttribute('open') === null) await details.locator('summary').click();
    await details.getByLabel(`${label}: alasan (dicatat di logbook)`).fill(reason);
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), submit(page, details.getByRole('button', { name: label, exact: true }))]);
    return res.status();
  }
  const logbook = (type: string) => w.h.t.app.store.read(async (r) => {
    const out: Record<string, unknown>[] = [];
    for await (const batch of r.logbook.scan({ fromSeq: 1 })) {
      for (const e of batch) if (e.type === type) out.push(JSON.parse(e.data) as Record<string, unknown>);
    }
    return out;
  });

  before(async () => {
    w = await openWebApp();
    for (const u of ['super', 'koor', 'audit', 'pelapor']) await w.enrol(u);
    await createUser(w.h.t.app, as('super'), { username: 'hostile', displayName: HOSTILE_NAME, role: 'pelapor', unit: 'gorontalo', password: PASSWORD });
    await setTargetCredential(w.h.t.app, as('super'), { target: 'spse', password: SECRET });
    await createNetwork(w.h.t.app, as('super'), { name: HOSTILE_NETWORK, unit: 'gorontalo', kind: 'other_allowed', cidrs: ['10.99.0.0/24'] });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('lets the superadmin deactivate a user with a reason (logged; no more sign-in), then reactivate them', async () => {
    const wp = await signedIn('super', '/admin');
    const { page } = wp;
    assert.equal(await page.textContent('h1'), 'Administrasi');
    assert.equal(await page.getByRole('link', { name: 'Administrasi' }).getAttribute('aria-current'), 'page');
    await wp.assertClean();
    await submit(page, page.getByRole('link', { name: 'Pengguna', exact: true }).first());
    assert.equal(page.url(), `${w.origin}/admin/users`);
    const andi = entry(page, 'andi');
    assert.match(await andi.textContent() ?? '', /Administrator Sistem LPSE/);
    assert.match(await andi.textContent() ?? '', /Didaftarkan\s*\d+ \w+ \d{4} pukul \d\d\.\d\d WITA/, "times in the unit's zone");
    await wp.assertClean();

    assert.equal(await reasonMove(page, andi, 'andi', 'Nonaktifkan', '   '), 400);
    assert.equal(await entry(page, 'andi').locator('.field-error').textContent(), BLANK_REASON, "the API's message next to the reason");
    assert.equal(await entry(page, 'andi').locator('details').getAttribute('open'), '', 'the refused form stays open');
    assert.equal(await entry(page, 'koor').locator('.field-error').count(), 0, 'not next to another user');
    await wp.assertClean();

    assert.equal(await reasonMove(page, entry(page, 'andi'), 'andi', 'Nonaktifkan', 'Laptop dinas hilang'), 303);
    assert.equal(page.url(), `${w.origin}/admin/users#notice`);
    assert.equal(await page.locator('#notice').textContent(), 'Pengguna andi dinonaktifkan.');
    assert.match(await entry(page, 'andi').locator('h2').textContent() ?? '', /NONAKTIF/);
    assert.match(await entry(page, 'andi').textContent() ?? '', /Dinonaktifkan\s*\d+ \w+ \d{4} pukul \d\d\.\d\d WITA/);
    assert.deepEqual((await logbook('registry.user.deactivated')).map((d) => [d['username'], d['reason']]), [['andi', 'Laptop dinas hilang']]);
    await wp.assertClean();
    await page.reload();
    assert.equal(await page.locator('#notice').count(), 0, 'the notice is said once');

    const andiTries = await openAs('andi', '/');
    assert.equal(await andiTries.page.locator('.field-error').first().textContent(), errorText('id', 'auth.actor_deactivated', { username: 'andi' }));
    await andiTries.assertClean();

    assert.equal(await reasonMove(page, entry(page, 'andi'), 'andi', 'Aktifkan kembali', 'Laptop ditemukan'), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Pengguna andi diaktifkan kembali.');
    assert.match(await entry(page, 'andi').locator('h2').textContent() ?? '', /aktif/);
    assert.equal(await entry(page, 'super').locator('form[action$="/deactivate"]').count(), 0, 'no form to deactivate oneself');
    await wp.assertClean();
  });

  it('resets a password and issues an enrolment code, each shown once', async () => {
    const wp = await signedIn('super', '/admin/users');
    const { page } = wp;
    assert.equal(await reasonMove(page, entry(page, 'andi'), 'andi', 'Setel ulang kata sandi', 'Lupa kata sandi'), 200);
    assert.equal(await page.locator('#secret-title').textContent(), 'Kata sandi sementara untuk andi');
    const temporary = await page.locator('.secret-value').textContent() ?? '';
    assert.ok(temporary.length >= 16, 'a long random temporary password');
    assert.match(await entry(page, 'andi').textContent() ?? '', /wajib diganti saat masuk berikutnya/);
    assert.ok(!JSON.stringify(await logbook('registry.user.password_reset')).includes(temporary), 'never logged');
    await wp.assertClean();
    await page.goto(`${w.origin}/admin/users`);
    assert.equal(await page.locator('.secret').count(), 0, 'shown once only');

    const andi = await openAs('andi', '/', temporary);
    assert.equal(await andi.page.locator('.field-error').count(), 0, 'the temporary password is accepted');
    assert.equal(await andi.page.locator('h1').textContent(), t('id', 'web.enrol.heading'), 'and the next step opens: enrolling TOTP');
    await andi.assertClean();

    const budi = entry(page, 'budi');
    await budi.locator('summary').click();
    await submit(page, budi.getByRole('button', { name: 'Terbitkan kode pendaftaran TOTP' }));
    assert.equal(await page.locator('#secret-title').textContent(), 'Kode pendaftaran TOTP untuk budi');
    const code = await page.locator('.secret-value').textContent() ?? '';
    assert.match(code, /^enrol-/);
    assert.match(await page.locator('.secret').textContent() ?? '', /Berlaku sampai\s*\d+ \w+ \d{4} pukul \d\d\.\d\d WITA/);
    const issued = await logbook('auth.enrolment_code_issued');
    assert.ok(issued.some((d) => d['username'] === 'budi') && !JSON.stringify(issued).includes(code), 'issuing logged, the code never');
    await wp.assertClean();
    await screenshot(page, 'admin-users');
  });

  it('adds and revokes a grant, and retires a network, each with the API\'s message on refusal', async () => {
    const wp = await signedIn('super', '/admin/grants');
    const { page } = wp;
    const form = page.locator('form[action="/admin/grants"]');
    await page.locator('summary', { hasText: 'Beri hak akses' }).click();
    await form.getByLabel('Pelaksana').selectOption('andi');
    await form.getByLabel('Unit').selectOption('gorontalo');
    await form.getByLabel('Server target').selectOption('spse');
    await form.getByLabel('Berlaku sampai (tidak wajib)').fill('besok');
    await submit(page, form.getByRole('button', { name: 'Beri hak akses' }));
    assert.match(await page.locator('#validUntil-error').textContent() ?? '', /^Masukan tidak valid: .*validUntil/, "the API's message next to the field");
    assert.equal(await page.locator('form[action="/admin/grants"] #user').inputValue(), 'andi', 'what was chosen stays');
    await wp.assertClean();
    await screenshot(page, 'admin-grants-refused');
    await page.locator('form[action="/admin/grants"]').getByLabel('Berlaku sampai (tidak wajib)').fill('');
    await submit(page, page.locator('form[action="/admin/grants"]').getByRole('button', { name: 'Beri hak akses' }));
    assert.equal(await page.locator('#notice').textContent(), 'Hak akses untuk andi diberikan.');
    const grant = entry(page, 'andi → spse');
    assert.match(await grant.locator('h2').textContent() ?? '', /aktif/);
    await wp.assertClean();

    assert.equal(await reasonMove(page, grant, 'andi → spse', 'Cabut hak akses', 'Pekerjaan selesai'), 303);
    assert.match(await entry(page, 'andi → spse').locator('h2').textContent() ?? '', /DICABUT/);
    assert.match(await entry(page, 'andi → spse').textContent() ?? '', /Dicabut\s*\d+ \w+ \d{4} pukul/);
    assert.deepEqual((await logbook('registry.grant.revoked')).map((d) => [d['user'], d['reason']]), [['andi', 'Pekerjaan selesai']]);
    await wp.assertClean();

    await page.goto(`${w.origin}/admin/networks`);
    assert.equal(await reasonMove(page, entry(page, 'warkop'), 'warkop', 'Pensiunkan jaringan', 'Tidak dipakai lagi'), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Jaringan warkop dipensiunkan.');
    assert.match(await entry(page, 'warkop').locator('h2').textContent() ?? '', /DIPENSIUNKAN/);
    assert.equal(await entry(page, 'warkop').locator('form').count(), 0, 'nothing more to do with a retired network');
    assert.deepEqual((await logbook('registry.network.retired')).map((d) => [d['name'], d['reason']]), [['warkop', 'Tidak dipakai lagi']]);
    await wp.assertClean();

    await page.goto(`${w.origin}/admin/targets`);
    assert.match(await entry(page, 'spse').textContent() ?? '', /SHA256:A{43}/, 'the pinned host key');
    assert.match(await entry(page, 'spse').textContent() ?? '', /Kredensial gateway\s*kata sandi tersimpan, \d+ \w+ \d{4} pukul \d\d\.\d\d WITA/);
    assert.ok(!(await page.content()).includes(SECRET), 'whether a credential is stored, never the credential');
    await page.goto(`${w.origin}/admin/workstations`);
    assert.match(await entry(page, 'LPSE-NB-001').textContent() ?? '', /SHA256:\S+\s*aktif/, 'its key');
    await wp.assertClean();
  });

  it('registers a network, revokes a workstation key and retires a target', async () => {
    const wp = await signedIn('super', '/admin/networks');
    const { page } = wp;
    const form = () => page.locator('form[action="/admin/networks"]');
    await page.locator('summary', { hasText: 'Daftarkan jaringan' }).click();
    await form().getByLabel('Nama').fill('kantor-cabang');
    await form().getByLabel('Unit').selectOption('manado');
    await form().getByLabel('Jenis').selectOption('office_lpse');
    await form().getByLabel('Rentang CIDR').fill('10.30.0.0/33');
    await form().getByLabel('Intranet').check();
    await submit(page, form().getByRole('button', { name: 'Daftarkan jaringan' }));
    assert.equal(await page.locator('#cidrs-error').textContent(), errorText('id', 'network.cidr_invalid', { text: '10.30.0.0/33', problem: 'prefix_too_long', bits: 32 }),
      "the API's message next to the ranges");
    assert.equal(await form().getByLabel('Nama').inputValue(), 'kantor-cabang', 'what was typed stays');
    await wp.assertClean();
    await form().getByLabel('Rentang CIDR').fill('10.30.0.0/24\n10.31.0.0/24');
    await submit(page, form().getByRole('button', { name: 'Daftarkan jaringan' }));
    assert.equal(await page.locator('#notice').textContent(), 'Jaringan kantor-cabang didaftarkan.');
    assert.match(await entry(page, 'kantor-cabang').textContent() ?? '', /Unitmanado.*Intranetya.*10\.30\.0\.0\/24, 10\.31\.0\.0\/24/);
    await wp.assertClean();
    await screenshot(page, 'admin-networks');

    await page.goto(`${w.origin}/admin/workstations`);
    const ws = entry(page, 'LPSE-NB-001');
    const fingerprint = await ws.locator('.reg-keys code').first().textContent() ?? '';
    assert.equal(await reasonMove(page, ws, fingerprint, 'Cabut kunci', 'Kunci bocor'), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Kunci workstation LPSE-NB-001 dicabut.');
    assert.match(await entry(page, 'LPSE-NB-001').locator('.reg-keys li').first().textContent() ?? '', /DICABUT\s*\d+ \w+ \d{4} pukul/);
    assert.deepEqual((await logbook('registry.workstation.key_revoked')).map((d) => d['reason']), ['Kunci bocor']);
    await wp.assertClean();

    await page.goto(`${w.origin}/admin/targets`);
    assert.equal(await reasonMove(page, entry(page, 'spse'), 'spse', 'Pensiunkan target', 'Server diganti'), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Target spse dipensiunkan.');
    assert.match(await entry(page, 'spse').locator('h2').textContent() ?? '', /DIPENSIUNKAN/);
    await wp.assertClean();
  });

  it('shows a koordinator only what the policy lets them read, and no form they may not use', async () => {
    const wp = await signedIn('koor', '/admin/users');
    const { page } = wp;
    const names = await page.locator('li.reg-entry h2').allTextContents();
    assert.deepEqual(names.map((n) => n.split(/\s/)[0]).sort(), ['andi', 'hostile', 'koor', 'pelapor'], "their unit's users only");
    assert.equal(await page.locator('form[action$="/deactivate"], form[action$="/reset-password"], form[action$="/reset-totp"], form[action$="/unlock"]').count(), 0);
    assert.equal(await entry(page, 'pelapor').locator('form[action$="/enrolment-code"]').count(), 1, 'a koordinator issues enrolment codes for their unit');
    await wp.assertClean();
    await page.goto(`${w.origin}/admin/grants`);
    assert.equal(await page.locator('form[action="/admin/grants"], summary').filter({ hasText: 'Beri hak akses' }).count(), 0);
    assert.equal(await page.locator('form[action$="/revoke"]').count(), 0);
    await page.goto(`${w.origin}/admin/networks`);
    assert.equal(await page.locator('form[action$="/retire"], form[action="/admin/networks"]').count(), 0);
    assert.equal(await entry(page, 'vpn-lkpp').count(), 1, "a national unit's network serves every unit");
    await wp.assertClean();

    // A form the page does not offer is refused by the use case all the same, in words.
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const res = await page.request.post(`${w.origin}/admin/users/andi/reset-password`, { form: { _csrf: token, reason: 'coba' }, headers: { accept: 'text/html' } });
    assert.equal(res.status(), 403);
    assert.match(await res.text(), new RegExp(errorText('id', 'registry.forbidden', { what: 'user' })));
  });

  it('shows an auditor every registry read-only, in English after the switch', async () => {
    const wp = await signedIn('audit', '/admin/users');
    const { page } = wp;
    assert.ok((await page.locator('li.reg-entry h2').allTextContents()).some((n) => n.startsWith('budi ')), "every unit's users");
    assert.equal(await page.locator('main form').count(), 0, 'no form at all');
    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(await page.textContent('h1'), 'Users');
    assert.match(await entry(page, 'andi').textContent() ?? '', /Registered\s*\d+ \w+ \d{4} at \d\d:\d\d WITA/);
    await wp.assertClean();
  });

  it('gives a pelapor no link and a refusal at /admin (logged)', async () => {
    const wp = await signedIn('pelapor', '/');
    const { page } = wp;
    assert.equal(await page.getByRole('link', { name: 'Administrasi' }).count(), 0);
    const res = await page.goto(`${w.origin}/admin`);
    assert.equal(res?.status(), 403);
    assert.match(await page.textContent('main') ?? '', new RegExp(errorText('id', 'registry.pages_forbidden', { role: 'pelapor' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const refusals = await logbook('refusal');
    assert.ok(refusals.some((d) => JSON.stringify(d).includes('registry.pages_forbidden')), 'the refusal is in the logbook');
    await wp.assertClean();
  });

  it('renders hostile names in a registry as text', async () => {
    const wp = await signedIn('super', '/admin/users');
    const { page } = wp;
    assert.equal(await entry(page, 'hostile').locator('dd').first().textContent(), HOSTILE_NAME);
    await page.goto(`${w.origin}/admin/networks`);
    assert.match(await page.locator('li.reg-entry h2').filter({ hasText: '<b>jaringan</b>' }).textContent() ?? '', /^<b>jaringan<\/b><script>/);
    assert.equal(await page.locator('main b, main img, main script').count(), 0, 'no element made from a name');
    assert.equal(await page.evaluate('window.__pwned === undefined'), true);
    await wp.assertClean();
  });
});
