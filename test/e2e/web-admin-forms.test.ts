/**
 * Issue 11, the administration's create and edit forms in a real browser against a real Jaga
 * server: the superadmin registers a unit, a user, a workstation with a pasted key (its fingerprint
 * listed) and a key for another, and a target whose host key is read from a real sshd and confirmed;
 * edits a network and a target; re-pins a target's host key (old and new fingerprint shown, the
 * reason required, logged as `jaga target scan-host-key` logs it). Each refusal is the API's message
 * next to its field, in Indonesian and in English; a koordinator gets no form and a refusal when
 * posting anyway. Every page clean and axe-clean; the unit form by keyboard alone; screenshots
 * `admin-forms-*`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { DomainError } from '../../src/domain/errors.js';
import { parseSshPublicKeyLine } from '../../src/domain/registry/workstation.js';
import { errorText, messageOf } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { logbook as allEntries } from '../support/gateway-world.js';
import { assertCleanAndAccessible, launchBrowser, screenshot, signInAt, submit, watchedPage } from '../support/browser.js';
import type { TestSshd } from '../support/sshd.js';
import { startSshd } from '../support/sshd.js';
import { HOST_KEY_FP, PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const BLANK_REASON = (lang: 'id' | 'en') => errorText(lang, 'input.invalid', { issues: [{ kind: 'too_small', field: 'reason', minimum: '1' }] });
const NEW_PASSWORD = 'kata-sandi-awal-budi-2026';
const ADMIN_PAGES = ['/admin/units', '/admin/users', '/admin/networks', '/admin/workstations', '/admin/targets', '/admin/grants'];
/** The refusal a domain rule throws for this input (what the use case then refuses with). */
function refusalOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('web UI: administration create and edit forms', () => {
  let w: WebApp;
  let sshd: TestSshd;
  let browser: Browser;
  const pages: WatchedPage[] = [];

  async function signedIn(username: string, path: string, viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin, viewport ? { viewport } : {});
    pages.push(wp);
    wp.page.on('dialog', (d) => { throw new Error(`a dialog opened: ${d.message()}`); });
    await signInAt(wp.page, w.origin, path, username, PASSWORD, () => w.totpCode(username));
    assert.equal(wp.page.url(), `${w.origin}${path}`, 'the deep link survives sign-in');
    return wp;
  }
  const entry = (page: Page, name: string): Locator =>
    page.locator('li.reg-entry', { has: page.locator('h2', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`) }) });
  /** Opens a folded form (a "new" panel or an entry's actions) by its summary's words. */
  async function unfold(scope: Page | Locator, summary: string): Promise<void> {
    const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : scope as Page;
    const details = scope.locator('details', { has: page.locator('summary', { hasText: summary }) }).first();
    if (await details.getAttribute('open') === null) await details.locator('summary').first().click();
  }
  /** Submits by a button; the answer's status (303 after a change, 200 for a page answering in place, 4xx for a refusal). */
  async function send(page: Page, button: Locator): Promise<number> {
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), submit(page, button)]);
    return res.status();
  }
  /** The data of each logbook entry of this type, oldest first. */
  const logbook = async (type: string) => (await allEntries(w.h.t)).filter((e) => e.type === type).map((e) => e.d);

  before(async () => {
    sshd = await startSshd();
    w = await openWebApp();
    for (const u of ['super', 'koor']) await w.enrol(u);
    // A target whose pinned key is not the one its server presents (the server was reinstalled).
    await registerTarget(w.h.t.app, as('super'), { name: 'spse-baru', unit: 'gorontalo', host: sshd.host, port: sshd.port, loginAccount: sshd.user, hostKeyFingerprint: HOST_KEY_FP });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
    await sshd?.stop();
  });

  it('registers a unit; a refused one gets the API\'s message next to its field, in Indonesian and in English', async () => {
    const wp = await signedIn('super', '/admin/units');
    const { page } = wp;
    const form = () => page.locator('form[action="/admin/units"]');
    await unfold(page, 'Daftarkan unit');
    await assertCleanAndAccessible(wp);
    await form().getByLabel('Kode unit').fill('gorontalo');
    await form().getByLabel('Nama', { exact: true }).fill('LPSE Kabupaten Gorontalo');
    assert.equal(await send(page, form().getByRole('button', { name: 'Daftarkan unit' })), 409);
    assert.equal(await page.locator('#code-error').textContent(), errorText('id', 'registry.duplicate', { entity: 'unit', key: 'gorontalo' }));
    assert.equal(await form().getByLabel('Nama', { exact: true }).inputValue(), 'LPSE Kabupaten Gorontalo', 'what was typed stays');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'admin-forms-unit-refused');

    await submit(page, page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    await unfold(page, 'Register a unit');
    await form().getByLabel('Unit code').fill('gorontalo');
    await form().getByLabel('Name', { exact: true }).fill('LPSE Kabupaten Gorontalo');
    assert.equal(await send(page, form().getByRole('button', { name: 'Register a unit' })), 409);
    assert.equal(await page.locator('#code-error').textContent(), errorText('en', 'registry.duplicate', { entity: 'unit', key: 'gorontalo' }));
    await assertCleanAndAccessible(wp);
    await form().getByLabel('Unit code').fill('kab-gorontalo');
    await form().getByLabel('Time zone').fill('Asia/Gorontalo-Baru');
    assert.equal(await send(page, form().getByRole('button', { name: 'Register a unit' })), 400);
    assert.equal(await page.locator('#timeZone-error').textContent(), errorText('en', 'unit.time_zone_invalid', { zone: 'Asia/Gorontalo-Baru' }));
    await form().getByLabel('Time zone').fill('Asia/Makassar');
    assert.equal(await send(page, form().getByRole('button', { name: 'Register a unit' })), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Unit kab-gorontalo was registered.');
    assert.match(await entry(page, 'kab-gorontalo').textContent() ?? '', /LPSE Kabupaten Gorontalo.*Asia\/Makassar/);
    assert.deepEqual((await logbook('registry.unit.created')).map((d) => d['code']).slice(-1), ['kab-gorontalo']);
    await assertCleanAndAccessible(wp);
    await submit(page, page.getByRole('button', { name: 'Switch the language to Bahasa Indonesia' }));
  });

  it('registers a unit by keyboard alone', async () => {
    const wp = await signedIn('super', '/admin/units');
    const { page } = wp;
    await page.locator('summary', { hasText: 'Daftarkan unit' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'code', 'the first field follows the opened summary');
    await page.keyboard.type('kota-bitung');
    await page.keyboard.press('Tab');
    await page.keyboard.type('LPSE Kota Bitung');
    await Promise.all([page.waitForURL(/\/admin\/units#notice$/), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('#notice').textContent(), 'Unit kota-bitung didaftarkan.');
    await assertCleanAndAccessible(wp);
  });

  it('adds a user with an initial password that is never shown back nor logged', async () => {
    const wp = await signedIn('super', '/admin/users');
    const { page } = wp;
    const form = () => page.locator('form[action="/admin/users"]');
    await unfold(page, 'Tambah pengguna');
    await form().getByLabel('Nama pengguna').fill('rina');
    await form().getByLabel('Nama lengkap (tidak wajib)').fill('Rina Mokodompit');
    await form().getByLabel('Peran').selectOption('koordinator');
    await form().getByLabel('Kata sandi awal').fill(NEW_PASSWORD);
    assert.equal(await send(page, form().getByRole('button', { name: 'Tambah pengguna' })), 400);
    assert.equal(await page.locator('#unit-error').textContent(), errorText('id', 'user.unit_required', { role: 'koordinator' }), 'a koordinator needs a unit');
    assert.equal(await form().getByLabel('Peran').inputValue(), 'koordinator', 'what was chosen stays');
    assert.equal(await form().getByLabel('Kata sandi awal').inputValue(), '', 'the password is not given back');
    assert.ok(!(await page.content()).includes(NEW_PASSWORD), 'nor anywhere in the page');
    await assertCleanAndAccessible(wp);

    await form().getByLabel('Unit').selectOption('manado');
    await form().getByLabel('NIP (tidak wajib)').fill('1980');
    await form().getByLabel('Kata sandi awal').fill(NEW_PASSWORD);
    assert.equal(await send(page, form().getByRole('button', { name: 'Tambah pengguna' })), 400);
    assert.equal(await page.locator('#nip-error').textContent(), errorText('id', 'user.nip_invalid', {}));
    await form().getByLabel('NIP (tidak wajib)').fill('198001012005012001');
    await form().getByLabel('Kata sandi awal').fill(NEW_PASSWORD);
    assert.equal(await send(page, form().getByRole('button', { name: 'Tambah pengguna' })), 303);
    assert.match(await page.locator('#notice').textContent() ?? '', /^Pengguna rina ditambahkan\. Terbitkan kode pendaftaran TOTP-nya/);
    assert.match(await entry(page, 'rina').textContent() ?? '', /Rina Mokodompit.*Koordinator.*manado.*198001012005012001/);
    const created = await logbook('registry.user.created');
    assert.ok(created.some((d) => d['username'] === 'rina') && !JSON.stringify(created).includes(NEW_PASSWORD), 'created, the password never logged');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'admin-forms-users');

    const rina = await watchedPage(browser, w.origin);
    pages.push(rina);
    await rina.page.goto(`${w.origin}/`);
    await rina.page.getByLabel('Nama pengguna').fill('rina');
    await rina.page.getByLabel('Kata sandi').fill(NEW_PASSWORD);
    await submit(rina.page, rina.page.getByRole('button', { name: 'Masuk' }));
    assert.equal(await rina.page.locator('.field-error').count(), 0, 'the initial password signs in (TOTP enrolment next)');
    const stored = await w.h.t.app.store.read((r) => r.users.findByUsername('rina'));
    assert.equal(stored?.passwordChangeRequired, true, 'and must be changed at the first sign-in: only rina knows her password then');
  });

  it('registers a workstation with a pasted key and adds a key to another, each fingerprint listed', async () => {
    const wp = await signedIn('super', '/admin/workstations');
    const { page } = wp;
    const form = () => page.locator('form[action="/admin/workstations"]');
    const fingerprint = w.h.t.app.fingerprint(sshd.clientKey.publicKey.split(' ')[1] ?? '');
    await unfold(page, 'Daftarkan workstation');
    await form().getByLabel('Nomor aset').fill('LPSE-NB-002');
    await form().getByLabel('Nomor seri').fill('SN-002');
    await form().getByLabel('Unit').selectOption('gorontalo');
    await form().getByLabel('Pemakai').selectOption('andi');
    await form().getByLabel('Kunci publik SSH (tidak wajib)').fill('ssh-ed25519 bukan-base64');
    assert.equal(await send(page, form().getByRole('button', { name: 'Daftarkan workstation' })), 400);
    assert.equal(await page.locator('#sshKeys-error').textContent(), messageOf(refusalOf(() => parseSshPublicKeyLine('ssh-ed25519 bukan-base64')), 'id'),
      "the API's message next to the keys");
    await assertCleanAndAccessible(wp);
    await form().getByLabel('Kunci publik SSH (tidak wajib)').fill(`${sshd.clientKey.publicKey}\n`);
    assert.equal(await send(page, form().getByRole('button', { name: 'Daftarkan workstation' })), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Workstation LPSE-NB-002 didaftarkan.');
    assert.match(await entry(page, 'LPSE-NB-002').locator('.reg-keys').textContent() ?? '', new RegExp(`${fingerprint.replace(/[+/]/g, '\\$&')}\\s*aktif`));
    await assertCleanAndAccessible(wp);

    // The same key on a second workstation is refused by the use case, next to the key.
    const other = entry(page, 'PRIVATE-01');
    await unfold(other, 'Tindakan untuk PRIVATE-01');
    await other.getByLabel('Kunci publik SSH baru untuk PRIVATE-01').fill(sshd.clientKey.publicKey);
    assert.equal(await send(page, other.getByRole('button', { name: 'Tambah kunci' })), 409);
    assert.equal(await entry(page, 'PRIVATE-01').locator('.field-error').textContent(),
      errorText('id', 'registry.duplicate', { entity: 'ssh_key', key: fingerprint }));
    await assertCleanAndAccessible(wp);
    const fresh = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtGgXtZ0b8jA5nmYQ1HkbqZqYyLr2Kx6aQyXm3vJ1cN pribadi@ws';
    await entry(page, 'PRIVATE-01').getByLabel('Kunci publik SSH baru untuk PRIVATE-01').fill(fresh);
    assert.equal(await send(page, entry(page, 'PRIVATE-01').getByRole('button', { name: 'Tambah kunci' })), 303);
    const added = w.h.t.app.fingerprint(fresh.split(' ')[1] ?? '');
    assert.equal(await page.locator('#notice').textContent(), `Kunci ditambahkan: PRIVATE-01, ${added}.`);
    assert.match(await entry(page, 'PRIVATE-01').locator('.reg-keys').textContent() ?? '', new RegExp(added.replace(/[+/]/g, '\\$&')));
    assert.deepEqual((await logbook('registry.workstation.key_added')).map((d) => [d['assetTag'], d['fingerprint']]), [['PRIVATE-01', added]]);
    await assertCleanAndAccessible(wp);
  });

  it('registers a target with the host key read from its server, shown for confirmation', async () => {
    const wp = await signedIn('super', '/admin/targets');
    const { page } = wp;
    const form = () => page.locator('form[action="/admin/targets"]').first();
    await unfold(page, 'Daftarkan server target');
    await form().getByLabel('Nama', { exact: true }).fill('spse-manado');
    await form().getByLabel('Unit').selectOption('manado');
    await form().getByLabel('Host (nama atau alamat)').fill(sshd.host);
    await form().getByLabel('Port SSH').fill(String(sshd.port));
    await form().getByLabel('Akun login di target').fill('root');
    await form().getByLabel('Sidik jari host key (tidak wajib)').fill(sshd.hostKeyFingerprint);
    assert.equal(await send(page, form().getByRole('button', { name: 'Lanjut: periksa host key' })), 422);
    assert.equal(await page.locator('#loginAccount-error').textContent(), errorText('id', 'access.root_account', { account: 'root' }), 'never root (A1c)');
    await assertCleanAndAccessible(wp);

    await form().getByLabel('Akun login di target').fill(sshd.user);
    await form().getByLabel('Sidik jari host key (tidak wajib)').fill('');
    assert.equal(await send(page, form().getByRole('button', { name: 'Lanjut: periksa host key' })), 200);
    const panel = page.locator('#scan');
    assert.equal(await panel.locator('h2').textContent(), `Host key ${sshd.host}:${sshd.port} untuk target baru spse-manado`);
    assert.match(await panel.textContent() ?? '', new RegExp(`Disajikan server sekarang \\(ssh-ed25519\\)\\s*${sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}`));
    assert.equal((await w.h.t.app.store.read((r) => r.targets.findByIdOrName('spse-manado'))), undefined, 'nothing registered before the confirmation');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'admin-forms-target-scan');
    assert.equal(await send(page, panel.getByRole('button', { name: 'Daftarkan dengan host key ini' })), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Target spse-manado didaftarkan.');
    assert.match(await entry(page, 'spse-manado').textContent() ?? '', new RegExp(`${sshd.user}@${sshd.host}:${sshd.port}.*${sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}`));
    assert.deepEqual((await logbook('registry.target.created')).map((d) => [d['name'], d['hostKeyFingerprint']]).slice(-1), [['spse-manado', sshd.hostKeyFingerprint]]);
    await assertCleanAndAccessible(wp);

    // Nothing listens there: the scan's refusal is said next to the host, nothing registered.
    await unfold(page, 'Daftarkan server target');
    await form().getByLabel('Nama', { exact: true }).fill('spse-mati');
    await form().getByLabel('Host (nama atau alamat)').fill('127.0.0.1');
    await form().getByLabel('Port SSH').fill('9');
    await form().getByLabel('Akun login di target').fill('spseadm');
    assert.equal(await send(page, form().getByRole('button', { name: 'Lanjut: periksa host key' })), 422);
    assert.match(await page.locator('#host-error').textContent() ?? '', /127\.0\.0\.1/);
    await assertCleanAndAccessible(wp);
  });

  it('edits a network and a target, each change with its reason in the logbook', async () => {
    const wp = await signedIn('super', '/admin/networks');
    const { page } = wp;
    const vpn = () => entry(page, 'vpn-lkpp');
    await unfold(vpn(), 'Tindakan untuk vpn-lkpp');
    await vpn().getByLabel('Rentang CIDR').fill('10.8.0.0/16\n10.9.0.0/33');
    await vpn().getByLabel('Ubah jaringan: alasan (dicatat di logbook)').fill('Rentang VPN baru');
    assert.equal(await send(page, vpn().getByRole('button', { name: 'Ubah jaringan', exact: true })), 400);
    assert.equal(await vpn().locator('.field-error').textContent(), errorText('id', 'network.cidr_invalid', { text: '10.9.0.0/33', problem: 'prefix_too_long', bits: 32 }));
    assert.equal(await vpn().locator('details').getAttribute('open'), '', 'the refused form stays open');
    assert.equal(await page.locator('#cidrs-error').count(), 0, 'not next to the new network form');
    await assertCleanAndAccessible(wp);
    await vpn().locator('.field-error').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-forms-network-edit-refused');
    await vpn().getByLabel('Rentang CIDR').fill('10.8.0.0/16\n10.9.0.0/16');
    await vpn().getByLabel('Ubah jaringan: alasan (dicatat di logbook)').fill('   ');
    assert.equal(await send(page, vpn().getByRole('button', { name: 'Ubah jaringan', exact: true })), 400);
    assert.equal(await vpn().locator('.field-error').textContent(), BLANK_REASON('id'));
    await vpn().getByLabel('Ubah jaringan: alasan (dicatat di logbook)').fill('Rentang VPN baru');
    assert.equal(await send(page, vpn().getByRole('button', { name: 'Ubah jaringan', exact: true })), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Jaringan vpn-lkpp diubah.');
    assert.match(await vpn().textContent() ?? '', /10\.8\.0\.0\/16, 10\.9\.0\.0\/16/);
    const edited = await logbook('registry.network.edited');
    assert.deepEqual(edited.map((d) => [d['name'], d['reason'], (d['after'] as { cidrs: string[] }).cidrs]), [['vpn-lkpp', 'Rentang VPN baru', ['10.8.0.0/16', '10.9.0.0/16']]]);
    assert.equal((edited[0]?.['after'] as { kind: string }).kind, 'vpn', 'only what the form changed');
    await assertCleanAndAccessible(wp);

    await page.goto(`${w.origin}/admin/targets`);
    const spse = () => entry(page, 'spse');
    await unfold(spse(), 'Tindakan untuk spse');
    await spse().getByLabel('Port SSH').fill('2222');
    await spse().getByLabel('Ubah target: alasan (dicatat di logbook)').fill('Port SSH dipindah');
    assert.equal(await send(page, spse().getByRole('button', { name: 'Ubah target', exact: true })), 303);
    assert.match(await page.locator('#notice').textContent() ?? '', /^Target spse diubah\./);
    assert.match(await spse().textContent() ?? '', /spseadm@127\.0\.0\.1:2222/);
    assert.deepEqual((await logbook('registry.target.edited')).map((d) => [(d['before'] as { port: number }).port, (d['after'] as { port: number }).port, d['reason']]),
      [[22, 2222, 'Port SSH dipindah']]);
    await assertCleanAndAccessible(wp);
    await unfold(spse(), 'Tindakan untuk spse');
    await spse().getByLabel('Akun login di target').fill('root');
    await spse().getByLabel('Ubah target: alasan (dicatat di logbook)').fill('Coba root');
    assert.equal(await send(page, spse().getByRole('button', { name: 'Ubah target', exact: true })), 422);
    assert.equal(await spse().locator('.field-error').textContent(), errorText('id', 'access.root_account', { account: 'root' }));
    await assertCleanAndAccessible(wp);
  });

  it("re-pins a target's host key: the old and the new fingerprint shown, the reason required, logged as a scan", async () => {
    const wp = await signedIn('super', '/admin/targets');
    const { page } = wp;
    const target = () => entry(page, 'spse-baru');
    await unfold(target(), 'Tindakan untuk spse-baru');
    assert.equal(await send(page, target().getByRole('button', { name: 'Baca ulang host key' })), 200);
    const panel = page.locator('#scan');
    assert.equal(await panel.locator('h2').textContent(), `Host key target spse-baru (${sshd.host}:${sshd.port})`);
    assert.match(await panel.textContent() ?? '', new RegExp(`Disematkan sekarang\\s*${HOST_KEY_FP}`));
    assert.match(await panel.textContent() ?? '', new RegExp(`Disajikan server sekarang \\(ssh-ed25519\\)\\s*${sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}`));
    assert.match(await target().textContent() ?? '', new RegExp(HOST_KEY_FP), 'nothing pinned yet');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'admin-forms-repin');

    await panel.getByLabel('Sematkan host key baru: alasan (dicatat di logbook)').fill('   ');
    assert.equal(await send(page, panel.getByRole('button', { name: 'Sematkan host key baru' })), 400);
    assert.match(await page.locator('#scan').textContent() ?? '', new RegExp(`Disematkan sekarang\\s*${HOST_KEY_FP}`));
    assert.equal(await page.locator('#scan .field-error').textContent(), BLANK_REASON('id'), "the API's message next to the reason, the fingerprints still shown");
    await assertCleanAndAccessible(wp);
    await page.locator('#scan').getByLabel('Sematkan host key baru: alasan (dicatat di logbook)').fill('Server dipasang ulang, dikonfirmasi administrator server');
    assert.equal(await send(page, page.locator('#scan').getByRole('button', { name: 'Sematkan host key baru' })), 303);
    assert.equal(await page.locator('#notice').textContent(), 'Host key target spse-baru disematkan ulang.');
    assert.match(await target().textContent() ?? '', new RegExp(sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')));
    assert.deepEqual((await logbook('registry.target.host_key_repinned')).map((d) => [d['name'], d['before'], d['after'], d['source'], d['reason']]),
      [['spse-baru', HOST_KEY_FP, sshd.hostKeyFingerprint, 'scan', 'Server dipasang ulang, dikonfirmasi administrator server']]);
    await assertCleanAndAccessible(wp);

    // Read again: the server presents what is pinned, and nothing is offered.
    await unfold(target(), 'Tindakan untuk spse-baru');
    assert.equal(await send(page, target().getByRole('button', { name: 'Baca ulang host key' })), 200);
    assert.match(await page.locator('#scan').textContent() ?? '', /tidak ada yang perlu disematkan ulang/);
    assert.equal(await page.locator('#scan form').count(), 0);
    await assertCleanAndAccessible(wp);
  });

  it('gives a koordinator no create or edit form, and refuses one posted anyway (logged)', async () => {
    const wp = await signedIn('koor', '/admin/targets');
    const { page } = wp;
    for (const path of ['/admin', ...ADMIN_PAGES]) {
      await page.goto(`${w.origin}${path}`);
      assert.equal(await page.locator('details.admin-new, form[action$="/edit"], form[action$="/keys"], form[action$="/scan-host-key"]').count(), 0, path);
      await assertCleanAndAccessible(wp);
    }
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const tries: [string, Record<string, string>, string][] = [
      ['/admin/units', { code: 'unit-koor', name: 'Unit koordinator' }, 'unit'],
      ['/admin/users', { username: 'teman', role: 'pelapor', unit: 'gorontalo', password: NEW_PASSWORD }, 'user'],
      ['/admin/targets/spse/edit', { port: '2200', reason: 'coba' }, 'target'],
      ['/admin/targets/spse-baru/scan-host-key', {}, 'target'],
    ];
    for (const [path, form, what] of tries) {
      const res = await page.request.post(`${w.origin}${path}`, { form: { _csrf: token, ...form }, headers: { accept: 'text/html' } });
      assert.equal(res.status(), 403, path);
      assert.match(await res.text(), new RegExp(errorText('id', 'registry.forbidden', { what: what as 'unit' })), path);
    }
    const refusals = (await logbook('refusal')).filter((d) => d['code'] === 'registry.forbidden');
    assert.ok(['registry.unit.create', 'registry.user.create', 'registry.target.edit', 'registry.target.scan_host_key'].every((a) => refusals.some((d) => d['action'] === a)),
      'each refusal in the logbook');
    assert.equal(await w.h.t.app.store.read((r) => r.units.findByIdOrCode('unit-koor')), undefined);
  });

  it('lays the forms out for a phone, every administration page clean with its forms open', async () => {
    const wp = await signedIn('super', '/admin/targets', { width: 390, height: 844 });
    const { page } = wp;
    for (const path of ['/admin', ...ADMIN_PAGES]) {
      await page.goto(`${w.origin}${path}`);
      for (const summary of await page.locator('main summary').all()) await summary.click();
      assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), `${path}: nothing wider than the phone`);
      await assertCleanAndAccessible(wp);
    }
    await page.goto(`${w.origin}/admin/targets`);
    await unfold(page, 'Daftarkan server target');
    await unfold(entry(page, 'spse-manado'), 'Tindakan untuk spse-manado');
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'nothing wider than the phone');
    await assertCleanAndAccessible(wp);
    await screenshot(page, 'admin-forms-targets');
  });
});
