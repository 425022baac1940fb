/**
 * Issue 11, the case page, in a real browser against a real Jaga server: a case carried through
 * B1–B6 by its users (the set-up through the use cases, the return, correction, re-close and
 * approval through the page's forms); each user offered only the moves the case policy gives
 * them; the API's own message next to a refused field; user text and a recording's escape
 * sequences rendered as text; the transcript searchable without JavaScript. Writes the case
 * page's screenshots at 1280×800 and 390×844 (test-output/screenshots/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { logGatewayEvent } from '../../src/app/access/gateway-session.js';
import { errorText } from '../../src/messages/catalogue.js';
import type { WatchedPage } from '../support/browser.js';
import { SCREENSHOT_DIR, launchBrowser, screenshot, submit, until, watchedPage } from '../support/browser.js';
import { insertSessionRow } from '../support/session-fixtures.js';
import { PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const HOSTILE = '<script>alert(1)</script><img src=x>';
const ESC = '\u001b';
/** Elements that stick out of the viewport to the right (a page that scrolls sideways on a phone). */
const WIDER_THAN_SCREEN = `[...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right)).slice(0, 10)`;
/** Issue 11's policy, directive by directive. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const directives = (policy: string | null | undefined): string[] => (policy ?? '').split(';').map((d) => d.trim()).filter(Boolean);

/** An asciicast v2 recording as the gateway writes one: colours, a window title (OSC), HTML in the output, one typed command. */
function recording(startSeconds: number): string {
  const events: [number, 'o' | 'i', string][] = [
    [0.2, 'o', `${ESC}]0;pwned-title\u0007${ESC}[1;31m<b>merah</b>${ESC}[0m spseadm@spse:~$ `],
    [1.5, 'i', 'df -h /var\r'],
    [1.6, 'o', `df -h /var\r\n/dev/sda1  20G  20G  0 100% /var\r\n${ESC}[2J${ESC}[Hspseadm@spse:~$ `],
  ];
  return [JSON.stringify({ version: 2, width: 80, height: 24, timestamp: startSeconds }), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

describe('web UI: the case page', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  const dialogs: string[] = [];
  let caseId = '';
  let sessionId = '';

  async function signedIn(username: string, viewport?: { width: number; height: number }, id = caseId): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin, viewport ? { viewport } : {});
    pages.push(wp);
    wp.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await wp.page.goto(`${w.origin}/cases/${id}`);
    await wp.page.getByLabel('Nama pengguna').fill(username);
    await wp.page.getByLabel('Kata sandi').fill(PASSWORD);
    await submit(wp.page, wp.page.getByRole('button', { name: 'Masuk' }));
    await wp.page.getByLabel('Kode 6 digit atau kode pemulihan').fill(w.totpCode(username));
    await submit(wp.page, wp.page.getByRole('button', { name: 'Verifikasi' }));
    assert.equal(wp.page.url(), `${w.origin}/cases/${id}`, 'the deep link survives sign-in');
    return wp;
  }
  const actionHeadings = (wp: WatchedPage) => wp.page.locator('#actions section.action h3').allTextContents();

  before(async () => {
    w = await openWebApp();
    for (const u of ['koor', 'andi', 'pelapor']) await w.enrol(u);
    const app = w.h.t.app;
    caseId = await w.report(`${HOSTILE}\nLogin SPSE gagal (HTTP 502); penyedia tidak dapat mengunggah dokumen.`, { system: 'SPSE produksi <i>4.5</i>' });
    w.h.t.clock.advanceMinutes(5);
    await acknowledgeReport(app, as('koor'), caseId, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
    w.h.t.clock.advanceMinutes(10);
    await prepareWorkstation(app, as('andi'), caseId, { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse', sourceIp: '127.0.0.1' });
    await recordAccessStart(app, as('andi'), caseId, { sourceIp: '127.0.0.1' });
    const started = w.h.t.clock.now();
    w.h.t.clock.advanceMinutes(10);
    await recordRestoration(app, as('andi'), caseId, { initialFix: 'Restart tomcat' });
    await recordRootCause(app, as('andi'), caseId, { rootCause: 'Disk /var penuh', permanentFix: 'Rotasi log harian' });
    await recordAccessEnd(app, as('andi'), caseId, {});
    await closeCase(app, as('andi'), caseId, { notes: 'Selesai' });
    // A gateway session of the case with one recorded channel, written through the RecordingStore as the gateway does.
    const file = `web-case-${Date.now()}-0.cast`;
    const writer = await app.recordings.create(file);
    await writer.append(new TextEncoder().encode(recording(Math.floor(started.getTime() / 1000))));
    const digest = await writer.finish();
    const session = await insertSessionRow(app, caseId, { startedAt: started.toISOString(), recordings: [{ channel: 0, file, sha256: digest.sha256, bytes: digest.bytes }] });
    sessionId = session.id;
    // A file the executor fetched over SFTP in that session, as the gateway's observer logs it.
    await logGatewayEvent(app, session, 'gateway.file_transfer', { channel: 1, protocol: 'sftp', op: 'download', path: `/var/log/tomcat/catalina.out\u202egol.exe`,
      bytes: 2048, sha256: 'ab'.repeat(32), status: 'ok' });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const wp of pages) await wp.context.close();
    await browser?.close();
    await w?.close();
  });

  it('shows the koordinator the SOP timeline, A1, A2 and the session, and offers Setujui and Kembalikan only', async () => {
    const koor = await signedIn('koor');
    const { page } = koor;
    assert.equal(await page.textContent('h1'), `Kasus ${caseId}`);
    assert.deepEqual(await actionHeadings(koor), ['Setujui', 'Kembalikan']);
    assert.equal(await page.locator('#actions form').count(), 2);
    const steps = page.locator('ol.timeline > li');
    assert.equal(await steps.count(), 6);
    assert.match(await steps.nth(0).textContent() ?? '', /^B1/);
    assert.match(await steps.nth(1).textContent() ?? '', /mutu baku 60 menit/);
    assert.match(await steps.nth(1).textContent() ?? '', /Olehandi/);
    assert.match(await steps.nth(0).textContent() ?? '', /pukul \d\d\.\d\d WITA/, "times in the unit's zone");
    assert.equal(await page.locator('.check').count(), 5, 'A1 a–e');
    assert.equal(await page.locator('.check-failed').count(), 0);
    assert.equal(await page.locator('.a2-missing').count(), 0, 'A2 complete');
    assert.match(await page.locator('.session').textContent() ?? '', new RegExp(sessionId));
    assert.match(await page.locator('.session').textContent() ?? '', /127\.0\.0\.1 · kantor-lpse · LPSE-NB-001/);
    assert.equal((await page.locator('.session .hash').textContent())?.length, 64);
    const transfer = page.locator('.transfer');
    assert.equal(await transfer.count(), 1);
    assert.match(await transfer.textContent() ?? '', /^unduh \(sftp\) · 28 November 2026 pukul \d\d\.\d\d WITA · berhasil/);
    assert.match(await transfer.textContent() ?? '', /2048 bita · (ab){32}/);
    assert.ok(!(await transfer.locator('.transfer-path').textContent() ?? '').includes('\u202e'), 'a bidi override in a path is shown as a stand-in');
    await koor.assertClean();
    const shots = await screenshot(page, 'case-page');
    assert.ok(shots.every((p) => existsSync(p)));
  });

  it("renders the case's description and system as text: no script runs, no element is made of them", async () => {
    const { page } = pages[0] as WatchedPage;
    assert.equal(await page.locator('.case-summary .case-description').textContent(),
      `${HOSTILE}\nLogin SPSE gagal (HTTP 502); penyedia tidak dapat mengunggah dokumen.`);
    assert.equal(await page.locator('.case-system').textContent(), 'SPSE produksi <i>4.5</i>');
    assert.equal(await page.locator('main script, main img, main i').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('shows a recording as a transcript with its times and the typed command, its escape sequences as nothing but text; searchable without JavaScript', async () => {
    const koor = pages[0] as WatchedPage;
    const { page } = koor;
    await submit(page, page.getByRole('link', { name: 'Tampilkan transkrip' }));
    const lines = page.locator('ol.transcript > li');
    assert.ok(await lines.count() >= 3);
    const text = await page.locator('ol.transcript').textContent() ?? '';
    assert.match(text, /diketikdf -h \/var/, 'the typed command, marked as typed');
    assert.match(text, /<b>merah<\/b> spseadm@spse:~\$/, 'HTML in the output is text');
    assert.doesNotMatch(text, /pwned-title|\[1;31m/, 'escape sequences are consumed');
    assert.ok(!text.includes(ESC), 'no ESC reaches the page');
    assert.match(await lines.first().locator('time').textContent() ?? '', /^\d\d\.\d\d\.\d\d$/);
    assert.equal(await page.locator('ol.transcript b').count(), 0);
    await page.getByLabel('Cari dalam transkrip').fill('DF -H');
    await submit(page, page.getByRole('button', { name: 'Cari' }));
    assert.match(page.url(), /\?rec=.*&q=DF\+-H#transcript$/);
    assert.equal(await page.locator('.transcript-matches').textContent(), '2 baris memuat “DF -H”.');
    assert.equal(await page.locator('.tl-match').count(), 2);
    assert.deepEqual(await page.locator('.tl-match mark').allTextContents(), ['df -h', 'df -h']);
    await koor.assertClean();
    await screenshot(page, 'case-page-transcript');
    // The whole page once, for a person to read through (the sized shots show what fits a screen).
    await page.screenshot({ path: `${SCREENSHOT_DIR}case-page-full-1280.png`, fullPage: true, animations: 'disabled' });
  });

  it('plays the recording in the page (asciinema-player, up to 16×, seek from a transcript line) under the CSP with WebAssembly allowed on this page only', async () => {
    const koor = pages[0] as WatchedPage;
    const { page } = koor;
    const cookie = (await koor.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const policy = async (path: string) => directives((await fetch(`${w.origin}${path}`, { headers: { cookie } })).headers.get('content-security-policy'));
    assert.deepEqual(await policy(`/cases/${caseId}`), directives(CSP), 'no WebAssembly without a recording shown');
    assert.deepEqual(await policy(`/cases/${caseId}?rec=${encodeURIComponent(`${sessionId}:0`)}`), directives(CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")));
    await page.goto(`${w.origin}/cases/${caseId}?rec=${encodeURIComponent(`${sessionId}:0`)}#transcript`);
    await page.locator('#player .ap-player').waitFor();
    assert.equal(await page.locator('#player-controls').isVisible(), true);
    await page.getByLabel('Kecepatan putar').selectOption('16');
    await page.locator('#player .ap-player').waitFor();
    const seek = page.locator('.tl-seek').nth(2);
    assert.equal(await seek.isVisible(), true);
    await seek.click();
    // The player's clock has moved off 00:00: it played from the line's time.
    assert.ok(await until(page, "/[1-9]/.test(document.querySelector('#player .ap-timer')?.textContent ?? '')"), 'the player played from the line');
    assert.equal(await page.locator('#player b').count(), 0, 'the player shows the HTML in the output as text too');
    await koor.assertClean();
    await screenshot(page, 'case-page-player');
    await page.setViewportSize({ width: 390, height: 844 });
    // The player fits itself to its box again after the resize (bounded wait), then nothing sticks out.
    await until(page, `(${WIDER_THAN_SCREEN}).length === 0`);
    assert.deepEqual(await page.evaluate<string[]>(WIDER_THAN_SCREEN), [], 'nothing wider than a phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('refuses a blank alasan with the API\'s message next to the field, then returns the case (Kembalikan)', async () => {
    const koor = pages[0] as WatchedPage;
    const { page } = koor;
    await page.goto(`${w.origin}/cases/${caseId}`);
    await page.getByLabel('Alasan pengembalian (wajib)').fill('   ');
    await submit(page, page.getByRole('button', { name: 'Kembalikan' }));
    assert.equal(await page.locator('#return-reason-error').textContent(), errorText('id', 'case.return_reason_required', {}));
    assert.equal(await page.getByLabel('Alasan pengembalian (wajib)').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await actionHeadings(koor), ['Setujui', 'Kembalikan'], 'still closed');
    await koor.assertClean();
    await page.getByLabel('Alasan pengembalian (wajib)').fill('Lampirkan <em>log</em> tomcat pada analisa');
    await submit(page, page.getByRole('button', { name: 'Kembalikan' }));
    assert.equal(page.url(), `${w.origin}/cases/${caseId}#notice`);
    assert.equal(await page.textContent('#notice'), 'Kasus dikembalikan ke pelaksana untuk diperbaiki.');
    assert.deepEqual(await actionHeadings(koor), [], 'nothing for the koordinator while the executor corrects');
    await page.reload();
    assert.equal(await page.locator('#notice').count(), 0, 'the notice is said once');
    await page.goto(`${w.origin}/cases/${caseId}?done=approve`);
    assert.equal(await page.locator('#notice').count(), 0, 'a link cannot make the page say a move was made');
    assert.match(await page.locator('.trail-return').textContent() ?? '', /Lampirkan <em>log<\/em> tomcat pada analisa/);
    assert.equal(await page.locator('main em').count(), 0);
    await koor.assertClean();
  });

  it('offers the executor the correction and the close, and takes both', async () => {
    const andi = await signedIn('andi');
    const { page } = andi;
    assert.deepEqual(await actionHeadings(andi), ['Tutup di Logbook (B6)', 'Koreksi dokumentasi']);
    assert.match(await page.locator('.case-status').textContent() ?? '', /dikembalikan, menunggu perbaikan pelaksana/);
    await page.locator('#correct-rootCause').fill('Disk /var penuh oleh log tomcat (catalina.out 18 GB)');
    await submit(page, page.getByRole('button', { name: 'Koreksi dokumentasi' }));
    assert.equal(await page.textContent('#notice'), 'Koreksi dicatat.');
    assert.match(await page.locator('.correction').textContent() ?? '', /catalina\.out 18 GB.*sebelumnya: Disk \/var penuh/s);
    await page.locator('#close-notes').fill('Dikoreksi sesuai alasan');
    await submit(page, page.getByRole('button', { name: 'Tutup di Logbook (B6)' }));
    assert.equal(await page.textContent('#notice'), 'Kasus ditutup di Logbook; menunggu persetujuan koordinator.');
    assert.deepEqual(await actionHeadings(andi), [], 'the executor does not approve their own case');
    await andi.assertClean();
  });

  it('lets the koordinator approve the re-closed case; the trail keeps the return', async () => {
    const koor = pages[0] as WatchedPage;
    const { page } = koor;
    await page.goto(`${w.origin}/cases/${caseId}`);
    assert.deepEqual(await actionHeadings(koor), ['Setujui', 'Kembalikan']);
    await submit(page, page.getByRole('button', { name: 'Setujui' }));
    assert.equal(await page.textContent('#notice'), 'Kasus disetujui.');
    assert.match(await page.locator('.case-status').textContent() ?? '', /disetujui/);
    assert.match(await page.locator('.trail-approval').textContent() ?? '', /Menyetujui.*oleh koor/);
    assert.equal(await page.locator('.trail-return').count(), 1);
    assert.equal(await page.locator('#actions form').count(), 0);
    assert.equal(await page.textContent('#actions .muted'), 'Tidak ada tindakan yang dapat Anda lakukan pada kasus ini sekarang.');
    await koor.assertClean();
  });

  it('offers a pelapor nothing, and no recording to play', async () => {
    const pelapor = await signedIn('pelapor', { width: 390, height: 844 });
    const { page } = pelapor;
    assert.equal(await page.locator('#actions form').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Tampilkan transkrip' }).count(), 0);
    assert.equal(await page.locator('.transfers').count(), 0, 'what crossed in a session is its content: not for a pelapor');
    await page.goto(`${w.origin}/cases/${caseId}?rec=${encodeURIComponent(`${sessionId}:0`)}`);
    assert.equal(await page.locator('#transcript .alert').textContent(), errorText('id', 'gateway_session.forbidden.recording', { username: 'pelapor', role: 'pelapor' }));
    assert.equal(await page.locator('ol.transcript').count(), 0);
    await pelapor.assertClean();
    await submit(page, page.getByRole('button', { name: 'English' }));
    assert.equal(page.url(), `${w.origin}/cases/${caseId}`, 'the switch comes back to the case page');
    assert.equal(await page.textContent('#actions-h'), 'Next actions');
    assert.equal(await page.textContent('#actions .muted'), 'There is nothing you can do on this case now.');
    assert.match(await page.locator('ol.timeline > li').first().textContent() ?? '', /28 November 2026 at \d\d:\d\d WITA/);
    await page.goto(`${w.origin}/cases/${caseId}?rec=${encodeURIComponent(`${sessionId}:0`)}`);
    assert.equal(await page.locator('#transcript .alert').textContent(), errorText('en', 'gateway_session.forbidden.recording', { username: 'pelapor', role: 'pelapor' }));
    await pelapor.assertClean();
  });

  it('takes a new case from B1 to B6 through the page\'s own forms: acknowledge, a refused B2 with its A1 reasons, B2, B4, B5, close', async () => {
    const fresh = await w.report('Upload dokumen penawaran gagal', { system: 'SPSE produksi' });
    const koor = pages[0] as WatchedPage;
    await koor.page.goto(`${w.origin}/cases/${fresh}`);
    assert.deepEqual(await actionHeadings(koor), ['Akui laporan (B1)', 'Batalkan kasus']);
    assert.equal(await koor.page.locator('ol.timeline > li[aria-current="step"] .clock').count(), 1, "the running step's deadline");
    await koor.page.getByLabel('Klasifikasi').fill('aplikasi');
    await koor.page.getByLabel('Pelaksana (nama pengguna)').fill('andi');
    await submit(koor.page, koor.page.getByRole('button', { name: 'Akui laporan (B1)' }));
    assert.equal(await koor.page.locator('#acknowledge-impact').getAttribute('aria-invalid'), 'true', 'a blank impact, refused next to its field');
    assert.ok((await koor.page.locator('#acknowledge-impact-error').textContent() ?? '').length > 0);
    assert.equal(await koor.page.getByLabel('Klasifikasi').inputValue(), 'aplikasi', 'what was typed is kept');
    await koor.assertClean();
    await koor.page.getByLabel('Dampak').fill('Penyedia tidak dapat mengunggah');
    await submit(koor.page, koor.page.getByRole('button', { name: 'Akui laporan (B1)' }));
    assert.equal(await koor.page.textContent('#notice'), 'Laporan diakui dan pelaksana ditugaskan.');

    const andi = pages[1] as WatchedPage;
    const { page } = andi;
    await page.goto(`${w.origin}/cases/${fresh}`);
    assert.deepEqual(await actionHeadings(andi), ['Siapkan workstation (B2)', 'Batalkan kasus']);
    const prepare = async (workstation: string) => {
      await page.getByLabel('Workstation (nomor aset)').fill(workstation);
      await page.getByLabel('Lokasi').fill('Kantor LPSE');
      await page.getByLabel('Jaringan (nama)').fill('kantor-lpse');
      await page.getByLabel('Alamat sumber (tidak wajib)').fill('127.0.0.1');
      await submit(page, page.getByRole('button', { name: 'Siapkan workstation (B2)' }));
    };
    await prepare('PRIVATE-01');
    assert.match(await page.textContent('#notice') ?? '', /pemeriksaan A1 GAGAL/);
    assert.match(await page.locator('#a1-h').textContent() ?? '', /GAGAL/);
    assert.ok(await page.locator('.check-failed').count() >= 1);
    assert.match(await page.locator('.check-failed').first().textContent() ?? '', /A1a.*GAGAL.*PRIVATE-01/s);
    assert.equal(await page.locator('.notice', { hasText: 'B3: hubungkan melalui gateway' }).count(), 0, 'no access offered after a failed A1');
    await andi.assertClean();
    await screenshot(page, 'case-page-a1-failed');
    await prepare('LPSE-NB-001');
    assert.equal(await page.textContent('#notice'), 'Persiapan B2 dicatat dengan hasil pemeriksaan A1.');
    assert.equal(await page.locator('.check-failed').count(), 0);
    assert.equal(await page.locator('.notice', { hasText: 'B3: hubungkan melalui gateway' }).count(), 1, 'B3 is the gateway\'s: the page says how');
    assert.ok((await page.locator('.a2-missing').count()) > 0, 'A2 still incomplete, highlighted');

    await recordAccessStart(w.h.t.app, as('andi'), fresh, { sourceIp: '127.0.0.1' });
    await page.reload();
    await page.getByLabel('Tindakan yang dilakukan').fill('Restart tomcat');
    await submit(page, page.getByRole('button', { name: 'Catat layanan pulih (B4)' }));
    assert.equal(await page.textContent('#notice'), 'Pemulihan layanan (B4) dicatat.');
    await page.getByLabel('Akar masalah', { exact: true }).fill('Kuota unggah penuh');
    await page.getByLabel('Perbaikan permanen').fill('Kuota dinaikkan dan dipantau');
    await submit(page, page.getByRole('button', { name: 'Catat akar masalah (B5)' }));
    assert.equal(await page.textContent('#notice'), 'Akar masalah dan perbaikan permanen (B5) dicatat.');
    await submit(page, page.getByRole('button', { name: 'Tutup di Logbook (B6)' }));
    assert.match(await page.locator('#actions .alert, #actions .field-error').first().textContent() ?? '', /.+/, 'closing with the access still open is refused in words');
    await andi.assertClean();
    await recordAccessEnd(w.h.t.app, as('andi'), fresh, {});
    await page.goto(`${w.origin}/cases/${fresh}`);
    await submit(page, page.getByRole('button', { name: 'Tutup di Logbook (B6)' }));
    assert.equal(await page.textContent('#notice'), 'Kasus ditutup di Logbook; menunggu persetujuan koordinator.');
    assert.equal(await page.locator('.a2-missing').count(), 0);
    await andi.assertClean();
  });

  it('refuses a form without its token and a move the policy refuses, in words', async () => {
    const pelapor = pages[pages.length - 1] as WatchedPage;
    const cookie = (await pelapor.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await fetch(`${w.origin}/cases/${caseId}/approve`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: w.origin }, body: 'notes=x' });
    assert.equal(res.status, 403);
    const token = await pelapor.page.locator('form[action="/sign-out"] input[name="_csrf"]').getAttribute('value') ?? '';
    const refused = await fetch(`${w.origin}/cases/${caseId}/approve`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: w.origin },
      body: new URLSearchParams({ _csrf: token }).toString() });
    assert.equal(refused.status, 403);
    // In the pelapor's language (English since the switch above), as the API words it.
    const html = (await refused.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.ok(html.includes(errorText('en', 'case.forbidden.approve', { username: 'pelapor', role: 'pelapor', action: 'approve' })), html);
  });
  it("shows the running step's deadline amber then red in the dashboard's words, and takes the executor's explanation of the deviation", async () => {
    const late = await w.report('Sertifikat TLS kedaluwarsa', { system: 'SPSE latihan' });
    // The test clock moves past the sessions' idle limit: each user signs in again, straight to this case.
    w.h.t.clock.advanceMinutes(50);
    const koor = await signedIn('koor', undefined, late);
    const running = koor.page.locator('ol.timeline > li[aria-current="step"]');
    assert.equal(await koor.page.locator('.case-summary .clock-level').textContent(), 'waktu hampir habis');
    assert.equal(await running.locator('.clock-level').textContent(), 'waktu hampir habis');
    w.h.t.clock.advanceMinutes(20);
    await koor.page.reload();
    if (koor.page.url().includes('/sign-in')) throw new Error('signed out by the clock');
    assert.equal(await running.locator('.clock-level').textContent(), 'lewat batas');
    assert.match(await running.locator('.deviation').textContent() ?? '', /lewat batas \d+ menit \(masih berjalan\).*BELUM DIJELASKAN/);
    await koor.assertClean();
    await acknowledgeReport(w.h.t.app, as('koor'), late, { classification: 'infrastruktur', impact: 'Peringatan di peramban', executor: 'andi' });

    const andi = await signedIn('andi', undefined, late);
    const { page } = andi;
    assert.deepEqual(await actionHeadings(andi), ['Siapkan workstation (B2)', 'Jelaskan penyimpangan', 'Batalkan kasus']);
    assert.deepEqual(await page.locator('#explain_deviation-step option').allTextContents(), ['B1 Menerima laporan gangguan']);
    await page.getByLabel('Penjelasan', { exact: true }).fill('Laporan masuk di luar jam kerja');
    await submit(page, page.getByRole('button', { name: 'Jelaskan penyimpangan' }));
    assert.equal(await page.textContent('#notice'), 'Penjelasan penyimpangan dicatat.');
    const b1 = page.locator('ol.timeline > li').first();
    assert.match(await b1.textContent() ?? '', /penyimpangan mutu baku: terlambat \d+ menit/);
    assert.match(await b1.locator('.explanation').textContent() ?? '', /penjelasan \(oleh andi, .*\): Laporan masuk di luar jam kerja/);
    await andi.assertClean();
  });
});
