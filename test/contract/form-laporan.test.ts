import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { checkFormCode } from '../../src/app/report/check-form-code.js';
import { FORM_ISSUED, issueCaseForm } from '../../src/app/report/issue-case-form.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { DomainError } from '../../src/domain/errors.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import { messageOf } from '../../src/messages/catalogue.js';
import { formatDate, formatDateTime } from '../../src/presenters/format-time.js';
import type { FormCaseFixture } from '../support/form-case.js';
import { closedCase } from '../support/closed-case.js';
import { LONG_ANALYSIS, approvedFormCase } from '../support/form-case.js';
import { PDF_OUT as OUT, assertFontsEmbedded, run, writeOut } from '../support/pdf-output.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * The Form Laporan Pelaksanaan Perbaikan Secara Remote, end to end: an approved case built
 * through the use cases, issued through the use case the CLI and HTTP call, and the PDF read back
 * with Debian's poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm), as a person's tools read it.
 * The pages are written as PNG under test-output/pdf/ to be looked at.
 */

const WITA = 'Asia/Makassar';

after(() => stopTestPostgres());

/** pdftotext -layout with runs of spaces and line breaks folded, for phrases that fit on one line (and the invisible break points of long runs dropped). */
const flat = (s: string): string => s.replace(/\s+/g, ' ').replace(/\u200b/g, '');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const groups = (hex: string): string[] => hex.match(/.{8}/g) ?? [];

for (const dialect of DIALECTS) {
  describeOn(dialect, `Form Laporan of an approved case (${dialect})`, () => {
    let t: TestApp;
    let fx: FormCaseFixture;
    let pdf: string;
    let bytes: Uint8Array;
    let text: string;
    let checkCode: string;
    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      fx = await approvedFormCase(t);
      const form = await issueCaseForm(t.app, as('koor'), fx.caseId, { lang: 'id' });
      bytes = form.bytes;
      checkCode = form.checkCode;
      pdf = writeOut(`form-laporan-${dialect}-id`, bytes);
      text = run('pdftotext', ['-layout', pdf, '-']);
    });
    after(() => t.close());

    it('shows the SOP identity block, the case number and the check code', () => {
      const f = flat(text);
      assert.ok(f.includes('FORM LAPORAN PELAKSANAAN PERBAIKAN SECARA REMOTE'));
      assert.ok(f.includes(SOP_01_2019.identity.number), 'nomor SOP');
      assert.ok(f.includes(SOP_01_2019.identity.title.id), 'SOP title');
      for (const line of SOP_01_2019.identity.issuer.id.split(' — ')) {
        for (const word of line.split(' ')) assert.ok(f.includes(word), `issuing unit: ${word}`);
      }
      assert.ok(f.includes(`Nomor kasus: ${fx.caseId}`));
      assert.match(checkCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      assert.ok(f.includes(`Kode periksa: ${checkCode}`));
    });

    it('holds every A2 field: location, every network used, date, access start and end, B4 and B5 apart', async () => {
      const f = flat(text);
      const view = await t.app.store.read((tx) => tx.cases.findById(fx.caseId));
      assert.ok(view);
      const start = view.accesses[0]?.startedAt ?? '';
      const end = view.accesses[0]?.endedAt ?? null;
      assert.ok(f.includes(fx.texts.location), 'lokasi perbaikan');
      assert.ok(f.includes('kantor-lpse (intranet)'), 'jaringan yang digunakan');
      assert.ok(f.includes(`c. Tanggal ${formatDate(start, WITA)}`), 'tanggal');
      assert.ok(f.includes(`Waktu mulai akses ${formatDateTime(start, WITA)}`), 'waktu mulai akses');
      assert.ok(f.includes(`Waktu selesai ${formatDateTime(end, WITA)}`), 'waktu selesai');
      assert.match(formatDateTime(start, WITA), /^\d{1,2} November 2026 pukul \d{2}\.\d{2} WITA$/);
      for (const label of ['Perbaikan awal (B4)', 'Akar masalah (B5)', 'Perbaikan permanen (B5)']) assert.ok(f.includes(label), label);
      for (const word of [...fx.texts.initialFix.split(' '), ...fx.texts.permanentFix.split(' ')]) assert.ok(f.includes(word), word);
    });

    it('wraps a long Indonesian analysis: every word is there and nothing runs past the right margin', () => {
      const words = flat(text).split(' ');
      // A run with nothing to break at (the log's error name) is broken at invisible points: its pieces end and start lines.
      const unwrapped = text.replace(/\n\s+/g, '');
      for (const word of LONG_ANALYSIS.split(' ')) assert.ok(words.includes(word) || (word.length > 40 && unwrapped.includes(word)), `missing or cut: ${word}`);
      assert.ok(LONG_ANALYSIS.split(' ').some((word) => word.length > 40 && !words.includes(word)), 'the long run was broken');
      // Every word's box on every page stays inside the page's margins (A4 is 595.28 pt wide; the form's margins are 42 pt).
      const boxes = run('pdftotext', ['-bbox', pdf, '-']);
      const xMax = [...boxes.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
      assert.ok(xMax.length > 500);
      assert.ok(Math.max(...xMax) <= 595.28 - 42 + 1, `a word ends at x=${Math.max(...xMax)}`);
    });

    it('lists the A1 check results and the step table with standard, actual time and the explained deviation', () => {
      const f = flat(text);
      for (const code of ['A1a', 'A1b', 'A1c', 'A1d', 'A1e']) assert.ok(f.includes(code), code);
      for (const step of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']) assert.match(text, new RegExp(`^\\s*${step}\\b`, 'm'), step);
      assert.ok(f.includes('60 menit'), 'time standard');
      assert.ok(f.includes('75 menit'), 'B1 took 75 minutes');
      assert.ok(f.includes('terlambat 15 menit'), 'the deviation');
      for (const word of fx.texts.explanation.split(' ')) assert.ok(f.includes(word), `explanation: ${word}`);
    });

    it('lists the gateway session (source, network, workstation, recording SHA-256) and the file transfer', () => {
      const f = flat(text);
      assert.ok(f.includes('127.0.0.1'));
      assert.ok(f.includes('LPSE-NB-001'));
      for (const g of groups(fx.recordingSha256)) assert.ok(f.includes(g), `recording hash group ${g}`);
      assert.ok(f.includes(fx.transfer.path));
      assert.ok(f.includes('unggah ke server'));
      assert.ok(f.includes('2.048 bita'));
      for (const g of groups(fx.transfer.sha256)) assert.ok(f.includes(g), `transfer hash group ${g}`);
    });

    it('shows the return for correction, the corrected text and what it replaced', () => {
      const f = flat(text);
      assert.ok(f.includes('VII. PENGEMBALIAN UNTUK DIPERBAIKI'));
      for (const word of fx.texts.returnReason.split(' ')) assert.ok(f.includes(word), word);
      assert.ok(f.includes(`sebelumnya: ${fx.texts.rootCauseBefore}`));
    });

    it('cites the logbook entries of the closing and the approval by their hashes', async () => {
      const f = flat(text);
      const [closed, approved] = await t.app.store.read(async (tx) => [
        (await tx.logbook.listForCase(fx.caseId, ['case.closed'])).pop(), (await tx.logbook.listForCase(fx.caseId, ['case.approved'])).pop()]);
      assert.ok(closed && approved);
      assert.ok(f.includes('Catatan persetujuan Disetujui'), "the approval's notes");
      for (const e of [closed, approved]) {
        assert.ok(f.includes(`entri #${e.seq}`));
        for (const g of groups(e.hash)) assert.ok(f.includes(g), `entry hash group ${g}`);
      }
    });

    it('ends with Mengetahui / Dibuat oleh / Menyetujui: names, positions, NIP and the approval date', async () => {
      const f = flat(text);
      for (const label of ['Mengetahui', 'Dibuat oleh', 'Menyetujui']) assert.ok(f.includes(label), label);
      for (const word of SOP_01_2019.identity.signatures[0]?.position.id.split(' ') ?? []) assert.ok(f.includes(word), `Mengetahui's office: ${word}`);
      assert.ok(f.includes('Administrator Sistem LPSE'), "the executor's position");
      assert.ok(f.includes('Koordinator LPSE'), "the approver's position");
      assert.ok(f.includes('NIP. 197001012000031001'), "the koordinator's NIP");
      assert.ok(/\bandi\b/.test(f) && /\bkoor\b/.test(f), 'names');
      const c = await t.app.store.read((tx) => tx.cases.findById(fx.caseId));
      assert.ok(f.includes(`Disetujui ${formatDate(c?.approval?.at ?? null, WITA)}`), 'approval date');
    });

    it('prints a QR code that reads back as the check code', () => {
      // The last page, at a resolution a phone camera gets from paper.
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);
      const png = join(OUT, `qr-${dialect}`);
      run('pdftoppm', ['-png', '-r', '200', '-f', String(pages), '-l', String(pages), '-singlefile', pdf, png]);
      assert.equal(execFileSync('zbarimg', ['-q', '--raw', `${png}.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), checkCode);
    });

    it('embeds every font, and the page is A4', () => {
      assertFontsEmbedded(pdf);
      const info = run('pdfinfo', [pdf]);
      assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      assert.match(info, /Pages:\s+[2-9]/);
    });

    it('gives the same bytes for the same case (and logs each issue with the PDF SHA-256 and check code)', async () => {
      const again = await issueCaseForm(t.app, as('andi'), fx.caseId, { lang: 'id' });
      assert.equal(Buffer.compare(Buffer.from(again.bytes), Buffer.from(bytes)), 0, 'byte-identical');
      assert.equal(again.checkCode, checkCode);
      // The metadata dates are the approval's, not the clock's.
      const c = await t.app.store.read((tx) => tx.cases.findById(fx.caseId));
      const approvedAt = (c?.approval?.at ?? '').replace(/\.\d{3}Z$/, 'Z');
      const info = run('pdfinfo', ['-isodates', pdf]);
      assert.match(info, new RegExp(`CreationDate:\\s+${approvedAt}`));
      assert.match(info, new RegExp(`ModDate:\\s+${approvedAt}`));
      const entries = await t.app.store.read((tx) => tx.logbook.listForCase(fx.caseId, [FORM_ISSUED]));
      assert.equal(entries.length, 2);
      for (const e of entries) {
        const d = JSON.parse(e.data) as Record<string, unknown>;
        assert.equal(d['sha256'], sha256(bytes));
        assert.equal(d['checkCode'], checkCode);
        assert.equal(d['document'], 'form_laporan');
        assert.equal(d['lang'], 'id');
      }
    });

    it('report check matches the good code to its case, and refuses a wrong one in both languages (logged)', async () => {
      assert.deepEqual(await checkFormCode(t.app, { actor: null, via: 'cli' }, checkCode), { checkCode, caseId: fx.caseId });
      assert.deepEqual(await checkFormCode(t.app, { actor: null, via: 'cli' }, checkCode.toLowerCase().replace(/-/g, ' ')), { checkCode, caseId: fx.caseId });
      const wrong = checkCode.startsWith('0') ? `1${checkCode.slice(1)}` : `0${checkCode.slice(1)}`;
      const err = await checkFormCode(t.app, { actor: null, via: 'cli' }, wrong).then(() => null, (e: unknown) => e);
      assert.ok(err instanceof DomainError && err.code === 'report.check_code_unknown');
      assert.match(messageOf(err, 'id'), /^Kode periksa .* tidak cocok dengan Form Laporan mana pun/);
      assert.match(messageOf(err, 'en'), /^Check code .* matches no Form Laporan this installation issued/);
      const bad = await checkFormCode(t.app, { actor: null, via: 'cli' }, 'nonsense').then(() => null, (e: unknown) => e);
      assert.ok(bad instanceof DomainError && bad.code === 'report.check_code_invalid');
      const refusals = await t.app.store.read(async (tx) => {
        const out = [];
        for await (const page of tx.logbook.range({})) out.push(...page.filter((e) => e.type === 'refusal' && e.data.includes('report.check')));
        return out;
      });
      assert.equal(refusals.length, 2);
    });

    it('in English: the same record with English words (and its own bytes and code)', async () => {
      const en = await issueCaseForm(t.app, as('koor'), fx.caseId, { lang: 'en' });
      const enText = flat(run('pdftotext', ['-layout', writeOut(`form-laporan-${dialect}-en`, en.bytes), '-']));
      assert.ok(enText.includes('REMOTE REPAIR EXECUTION REPORT FORM'));
      assert.ok(enText.includes(`Case number: ${fx.caseId}`));
      const c = await t.app.store.read((tx) => tx.cases.findById(fx.caseId));
      assert.ok(enText.includes(`Access start ${formatDateTime(c?.accesses[0]?.startedAt ?? null, WITA, 'en')}`));
      for (const id of ['Lokasi perbaikan', 'Waktu mulai akses', 'Kode periksa', 'Halaman']) assert.ok(!enText.includes(id), `Indonesian label: ${id}`);
      assert.notEqual(en.checkCode, checkCode);
      assert.deepEqual(await checkFormCode(t.app, { actor: null, via: 'cli' }, en.checkCode), { checkCode: en.checkCode, caseId: fx.caseId });
    });
  });
}

describe('Form Laporan of a closed case not approved yet (sqlite)', () => {
  let t: TestApp;
  before(async () => { t = await openTestApp('sqlite'); await seedWorld(t); });
  after(() => t.close());

  it('leaves Menyetujui to be signed, says the record awaits approval, and dates the PDF at the closing', async () => {
    const caseId = await closedCase(t);
    const form = await issueCaseForm(t.app, as('andi'), caseId, {});
    const pdf = writeOut('form-laporan-closed-id', form.bytes);
    const f = flat(run('pdftotext', ['-layout', pdf, '-']));
    assert.ok(f.includes('menunggu persetujuan'));
    assert.ok(f.includes('Persetujuan di Logbook belum disetujui'));
    assert.ok(f.includes('Status catatan ditutup'));
    assert.ok(f.includes('Catatan penutupan Selesai'), "the closing's notes");
    assert.ok(f.includes('Tidak ada sesi gateway pada kasus ini.') && f.includes('1 akses dicatat manual (tanpa gateway).'));
    assert.ok(f.includes('Tidak ada transfer berkas yang tercatat.'));
    assert.ok(!f.includes('VII. PENGEMBALIAN'), 'no returns, no returns section');
    const c = await t.app.store.read((tx) => tx.cases.findById(caseId));
    assert.match(run('pdfinfo', ['-isodates', pdf]), new RegExp(`CreationDate:\\s+${(c?.closure?.at ?? '').replace(/\.\d{3}Z$/, 'Z')}`));
  });
});

describe('Form Laporan refusals (sqlite)', () => {
  let t: TestApp;
  beforeEach(async () => { t = await openTestApp('sqlite'); await seedWorld(t); });
  afterEach(() => t.close());

  it('refuses a case that is not closed yet, and one the actor may not see as not found', async () => {
    const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'Lambat', urgency: 'low', channel: 'web' });
    const early = await issueCaseForm(t.app, as('koor'), c.id, {}).then(() => null, (e: unknown) => e);
    assert.ok(early instanceof DomainError && early.code === 'report.case_not_closed' && early.kind === 'conflict');
    assert.equal(messageOf(early, 'id'), 'Form Laporan dibuat dari catatan yang sudah ditutup (B6); kasus ini berstatus dilaporkan.');
    const hidden = await issueCaseForm(t.app, as('budi'), c.id, {}).then(() => null, (e: unknown) => e);
    assert.ok(hidden instanceof DomainError && hidden.code === 'case.not_found');
    const bad = await issueCaseForm(t.app, as('koor'), c.id, { lang: 'fr' }).then(() => null, (e: unknown) => e);
    assert.ok(bad instanceof DomainError && bad.code === 'input.invalid');
  });
});
