/**
 * Issue 11's acceptance in one story, in a real browser against a real Jaga server and a real SSH
 * gateway in front of a real OpenSSH sshd: three people carry one case from the report to the
 * approval.
 * - the pelapor reports the fault on /report (B1);
 * - the koordinator acknowledges it on the case page and assigns andi;
 * - andi prepares the workstation (B2, the A1 checks), opens a real `ssh` session through the
 *   gateway and types a command (B3), then records B4 and B5 and closes the case (B6) on the page;
 * - the koordinator, on a 390×844 phone, opens the case, plays the session's recording in the page,
 *   finds the typed command in the transcript, and approves it from the approval screen.
 * Every page on the way: nothing from another origin, no CSP violation, no console error, every
 * control labelled, and no serious or critical axe-core violation. The web server keeps real time,
 * as the gateway does, so the case's steps and the session sit on one time line.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { cancelCase } from '../../src/app/case/cancel-case.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { HttpServer } from '../../src/http/server.js';
import { buildHttpServer } from '../../src/http/server.js';
import type { WatchedPage } from '../support/browser.js';
import { assertCleanAndAccessible, launchBrowser, screenshot, signInAt, submit, until, watchedPage } from '../support/browser.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, settled, startGatewayWorld, unusedTotpCode } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { PASSWORD, as } from '../support/test-app.js';
import { enrolTotp } from '../support/totp.js';

const PHONE = { width: 390, height: 844 } as const;
const realClock = { now: () => new Date() };

describe('web UI: one case from the pelapor\'s report to the koordinator\'s approval, by three people, with a real gateway session', () => {
  let w: GatewayWorld;
  let server: HttpServer;
  let browser: Browser;
  let origin = '';
  const pages: WatchedPage[] = [];
  const secrets = new Map<string, string>();

  /** A page signed in as `username` (password, then a TOTP code of a step their account has not used), at `path`. */
  async function signedIn(username: string, path: string, opts: { viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
    const wp = await watchedPage(browser, origin, opts);
    pages.push(wp);
    const userId = (await w.t.app.store.read((r) => r.users.findByUsername(username)))?.id as string;
    const code = await unusedTotpCode(w.t, userId, secrets.get(username) as string, realClock);
    await signInAt(wp.page, origin, path, username, PASSWORD, () => code);
    assert.equal(wp.page.url(), `${origin}${path}`, `${username} lands where the link led`);
    return wp;
  }

  before(async () => {
    w = await startGatewayWorld();
    // The world's own case would compete for andi's access: this test's case is the only one open.
    await cancelCase(w.t.app, as('koor'), w.caseId, { reason: 'Diganti laporan dari peramban' });
    for (const u of ['pelapor', 'koor']) secrets.set(u, await enrolTotp(w.t, u));
    secrets.set('andi', w.totpSecret);
    server = await buildHttpServer({ ...w.t.app, clock: realClock }, { cookieSecure: false, trustProxy: [], bodyLimit: 64 * 1024, logLevel: 'silent' });
    await server.fastify.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(server.fastify.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close().catch(() => {});
    await browser?.close();
    await server?.fastify.close();
    await w?.close();
  });

  it('B1 to approval: report, acknowledge, B2 with A1, a real ssh session, B4, B5, close, playback and transcript, approval on a phone', async () => {
    // The pelapor: a report in plain words, the target picked from the list.
    const pelapor = await signedIn('pelapor', '/report');
    await pelapor.page.getByLabel('Sistem yang bermasalah').fill('SPSE produksi');
    await pelapor.page.getByLabel('Apa yang salah?').fill('Halaman login SPSE menampilkan <b>502</b> sejak pukul 08.00.');
    await pelapor.page.getByLabel('Layanan berhenti total').check();
    await pelapor.page.getByLabel('Server yang terdampak (bila tahu)').selectOption({ label: TARGET });
    await assertCleanAndAccessible(pelapor);
    await submit(pelapor.page, pelapor.page.getByRole('button', { name: 'Kirim laporan' }));
    const caseId = /\/report\/sent\/([^/?]+)$/.exec(pelapor.page.url())?.[1] ?? '';
    assert.ok(caseId, pelapor.page.url());
    await assertCleanAndAccessible(pelapor);

    // The koordinator acknowledges on the case page and assigns andi.
    const koor = await signedIn('koor', `/cases/${caseId}`);
    assert.equal(await koor.page.locator('main b', { hasText: '502' }).count(), 0, 'the description is text, not markup');
    await koor.page.getByLabel('Klasifikasi').fill('aplikasi');
    await koor.page.getByLabel('Dampak').fill('Penyedia tidak dapat masuk');
    await koor.page.getByLabel('Pelaksana (nama pengguna)').fill('andi');
    await submit(koor.page, koor.page.getByRole('button', { name: 'Akui laporan (B1)' }));
    assert.equal(await koor.page.textContent('#notice'), 'Laporan diakui dan pelaksana ditugaskan.');
    await assertCleanAndAccessible(koor);

    // andi: B2 with its A1 checks; B3 is the gateway's.
    const andi = await signedIn('andi', `/cases/${caseId}`);
    const { page } = andi;
    await page.getByLabel('Workstation (nomor aset)').fill('LPSE-NB-002');
    await page.getByLabel('Lokasi').fill('Kantor LPSE');
    await page.getByLabel('Jaringan (nama)').fill('kantor-lpse');
    await page.getByLabel('Alamat sumber (tidak wajib)').fill('127.0.0.1');
    await submit(page, page.getByRole('button', { name: 'Siapkan workstation (B2)' }));
    assert.equal(await page.textContent('#notice'), 'Persiapan B2 dicatat dengan hasil pemeriksaan A1.');
    assert.equal(await page.locator('.check-failed').count(), 0);
    assert.equal(await page.locator('.notice', { hasText: 'B3: hubungkan melalui gateway' }).count(), 1);
    await assertCleanAndAccessible(andi);

    const shell = await runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      { wait: '\\$ ' },
      { send: 'echo pulih-$((40+2))\r' }, { wait: 'pulih-42' }, { wait: '\\$ ' },
      { send: 'exit\r' },
    ]);
    assert.equal(shell.status, 0, shell.output.toString());
    await settled(w);
    const sessions = await w.t.app.store.read((r) => r.gatewaySessions.listForCase(caseId));
    const session = sessions.find((s) => s.recordings.length > 0);
    assert.ok(session, 'the gateway recorded the shell under this case');

    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByLabel('Tindakan yang dilakukan').fill('Restart tomcat melalui gateway');
    await submit(page, page.getByRole('button', { name: 'Catat layanan pulih (B4)' }));
    assert.equal(await page.textContent('#notice'), 'Pemulihan layanan (B4) dicatat.');
    await page.getByLabel('Akar masalah', { exact: true }).fill('Memori JVM habis karena batas heap terlalu kecil');
    await page.getByLabel('Perbaikan permanen').fill('Batas heap dinaikkan dan pemantauan memori dipasang');
    await submit(page, page.getByRole('button', { name: 'Catat akar masalah (B5)' }));
    assert.equal(await page.textContent('#notice'), 'Akar masalah dan perbaikan permanen (B5) dicatat.');
    await submit(page, page.getByRole('button', { name: 'Tutup di Logbook (B6)' }));
    assert.equal(await page.textContent('#notice'), 'Kasus ditutup di Logbook; menunggu persetujuan koordinator.');
    assert.equal(await page.locator('.a2-missing').count(), 0, 'A2 complete');
    await assertCleanAndAccessible(andi);

    // The koordinator, on a phone: the recording plays in the page, the transcript has the command.
    const phone = await signedIn('koor', `/cases/${caseId}`, { viewport: PHONE });
    const item = phone.page.locator('li.session', { hasText: session.id });
    assert.equal(await item.locator('.hash').first().textContent(), session.recordings[0]?.sha256);
    await submit(phone.page, item.getByRole('link', { name: 'Tampilkan transkrip' }).first());
    const transcript = await phone.page.locator('ol.transcript').textContent() ?? '';
    assert.match(transcript, /diketikecho pulih-\$\(\(40\+2\)\)/, 'the typed command');
    assert.match(transcript, /pulih-42/, 'and what the screen showed');
    await phone.page.locator('#player .ap-player').waitFor();
    await phone.page.getByLabel('Kecepatan putar').selectOption('16');
    await phone.page.locator('.tl-seek').first().click();
    assert.ok(await until(phone.page, "(document.querySelector('#player .ap-term')?.textContent ?? '').includes('pulih-42')"),
      'the player played the session: its terminal shows the output');
    await assertCleanAndAccessible(phone);
    await screenshot(phone.page, 'full-case-playback', { at: phone.page.locator('#player') });

    await phone.page.goto(`${origin}/approvals/${caseId}`);
    await phone.page.getByLabel('Catatan (tidak wajib)').fill('Rekaman dan transkrip diperiksa');
    await assertCleanAndAccessible(phone);
    await submit(phone.page, phone.page.getByRole('button', { name: 'Setujui' }));
    assert.equal(phone.page.url(), `${origin}/approvals/${caseId}?done=approved`);
    await assertCleanAndAccessible(phone);
    const approved = await w.t.app.store.read((r) => r.cases.findById(caseId));
    assert.equal(approved?.status, 'approved');
    const actors = await w.t.app.store.read(async (r) => {
      const entries = await r.logbook.listForCase(caseId, ['case.reported', 'case.acknowledged', 'case.prepared', 'case.access_started', 'case.closed', 'case.approved']);
      const names = new Map<string, string>();
      for (const e of entries) if (e.actorId) names.set(e.type, (await r.users.findById(e.actorId))?.username ?? '?');
      return Object.fromEntries(names);
    });
    assert.deepEqual(actors, { 'case.reported': 'pelapor', 'case.acknowledged': 'koor', 'case.prepared': 'andi', 'case.access_started': 'andi', 'case.closed': 'andi', 'case.approved': 'koor' },
      'three people, each step by whom the SOP names');

    // The paperwork from the page: the Form Laporan (issued and logged) and, for the koordinator, the evidence bundle.
    await phone.page.goto(`${origin}/cases/${caseId}`);
    const docs = phone.page.getByRole('region', { name: 'Dokumen' });
    const [dl] = await Promise.all([phone.page.waitForEvent('download'), docs.getByRole('link', { name: 'Form Laporan (PDF, Bahasa Indonesia)' }).click()]);
    const pdf = readFileSync(await dl.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const issued = await w.t.app.store.read((r) => r.logbook.listForCase(caseId, ['report.form_issued']));
    assert.equal((JSON.parse(issued.at(-1)?.data ?? '{}') as { sha256?: string }).sha256, createHash('sha256').update(pdf).digest('hex'), 'the download is the logged form');
    const [bundle] = await Promise.all([phone.page.waitForEvent('download'), docs.getByRole('link', { name: 'Bundel bukti untuk auditor (.tar)' }).click()]);
    assert.ok(readFileSync(await bundle.path()).length > 1024);
    await assertCleanAndAccessible(phone);
    await pelapor.page.goto(`${origin}/cases/${caseId}`);
    const theirs = pelapor.page.getByRole('region', { name: 'Dokumen' });
    assert.deepEqual(await theirs.getByRole('link').allTextContents(), ['Form Laporan (PDF, Bahasa Indonesia)', 'Form Laporan (PDF, bahasa Inggris)'], 'no bundle for a pelapor');
    await assertCleanAndAccessible(pelapor);
  });

  it('B3 after a failed A1 check: the gateway refuses the login naming the case and why, and the case page shows that refusal with its reason', async () => {
    const caseId = (await reportFault(w.t.app, as('pelapor'), { unit: 'gorontalo', target: TARGET, system: 'SPSE', description: 'SPSE lambat', urgency: 'high', channel: 'web' })).id;
    await acknowledgeReport(w.t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'lambat', executor: 'andi' });
    const andi = pages[2] as WatchedPage; // pelapor, koor, andi, the koordinator's phone: signed in by the first test
    const { page } = andi;
    await page.goto(`${origin}/cases/${caseId}`);
    // B2 from a workstation that is not the organisation's: A1a fails, and the page says so.
    await page.getByLabel('Workstation (nomor aset)').fill('PRIVATE-01');
    await page.getByLabel('Lokasi').fill('Rumah');
    await page.getByLabel('Jaringan (nama)').fill('kantor-lpse');
    await submit(page, page.getByRole('button', { name: 'Siapkan workstation (B2)' }));
    assert.match(await page.textContent('#notice') ?? '', /pemeriksaan A1 GAGAL/);
    assert.match(await page.locator('.check-failed').first().textContent() ?? '', /A1a.*GAGAL.*PRIVATE-01/s);

    // B3 anyway, through the gateway: refused, with the case and the reason in the client's words.
    const r = await w.ssh('true');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`Kasus ${caseId} untuk ${TARGET} belum boleh B3: pemeriksaan A1 pada persiapan B2 gagal`), r.stderr);
    const sessions = await w.t.app.store.read((x) => x.gatewaySessions.listForCase(caseId));
    assert.deepEqual(sessions, [], 'no session was opened');

    // The refusal is logged under the case, and the case page shows it with its reason.
    for (const viewer of [andi, pages[1] as WatchedPage]) {
      await viewer.page.goto(`${origin}/cases/${caseId}`);
      const refusals = viewer.page.getByRole('region', { name: 'Penolakan tercatat' });
      const first = refusals.locator('li.refusal').first();
      assert.match(await first.locator('.refusal-head').textContent() ?? '', /andi · 127\.0\.0\.1 · gateway\.A1d/);
      assert.match(await first.locator('.refusal-reason').textContent() ?? '', /pemeriksaan A1 pada persiapan B2 gagal/);
      await assertCleanAndAccessible(viewer);
    }
    await screenshot(andi.page, 'case-refusal', { at: andi.page.getByRole('region', { name: 'Penolakan tercatat' }) });
    // The pelapor sees no refusals (who tried what from where is not theirs to read).
    const pelapor = pages[0] as WatchedPage;
    await pelapor.page.goto(`${origin}/cases/${caseId}`);
    assert.equal(await pelapor.page.getByRole('region', { name: 'Penolakan tercatat' }).count(), 0);
  });
});
