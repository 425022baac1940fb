import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { FORM_ISSUED } from '../../src/app/report/issue-case-form.js';
import { issueLogbookReport } from '../../src/app/report/issue-logbook-report.js';
import { DomainError } from '../../src/domain/errors.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import { messageOf } from '../../src/messages/catalogue.js';
import { formatDate, formatDateTime } from '../../src/presenters/format-time.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import type { LogbookFixture } from '../support/logbook-cases.js';
import { FORMULA_FIX, logbookCases } from '../support/logbook-cases.js';
import { LONG_ANALYSIS } from '../support/form-case.js';
import { parseCsv } from '../support/csv.js';
import { assertFontsEmbedded, run, writeOut } from '../support/pdf-output.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';
import { jagaIn } from '../support/jaga-cli.js';

/*
 * The Logbook of a period (issue 12), issued through the use case the CLI and HTTP call, and read
 * back with Debian's poppler-utils as a person's tools read it: gorontalo's three cases closed in
 * the period are there with every field, the case closed the day before and manado's are not.
 * Pages are written as PNG under test-output/pdf/ to be looked at.
 */

const WITA = 'Asia/Makassar';

after(() => stopTestPostgres());

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** Text with all white space (and the PDF's invisible break points) dropped: a cell's lines joined, wherever the column wrapped them. */
const squash = (s: string): string => s.replace(/[\s\u200b]+/g, '');
const flat = (s: string): string => s.replace(/\s+/g, ' ');

/** A gorontalo case closed now whose B5 root cause is `rootCause`. */
async function longCase(t: TestApp, rootCause: string): Promise<string> {
  const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Lambat sekali', urgency: 'low', channel: 'web' });
  await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Lambat', executor: 'andi' });
  await prepareWorkstation(t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse', sourceIp: '127.0.0.1' });
  await recordAccessStart(t.app, as('andi'), c.id, { sourceIp: '127.0.0.1' });
  await recordRestoration(t.app, as('andi'), c.id, { initialFix: 'Restart tomcat' });
  await recordRootCause(t.app, as('andi'), c.id, { rootCause, permanentFix: 'Rotasi log' });
  await recordAccessEnd(t.app, as('andi'), c.id, {});
  await closeCase(t.app, as('andi'), c.id, {});
  return c.id;
}

/**
 * The words of the analysis column (from the left edge of its first label, `Perbaikan awal (B4)`, 200 pt on), page by page and
 * line by line, squashed: what a reader reads down the column, whatever the other columns hold beside it.
 */
function analysisColumn(bbox: string): string {
  const pages = bbox.split('<page ').slice(1).map((p) => [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)]
    .map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: (m[3] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') })));
  const label = pages[0]?.find((w, i, all) => w.text === 'Perbaikan' && all[i + 1]?.text === 'awal');
  assert.ok(label, 'the B4 label');
  return pages.map((words) => words.filter((w) => w.x >= label.x - 0.5 && w.x < label.x + 200)
    .sort((a, b) => a.y - b.y || a.x - b.x).map((w) => w.text).join('')).join('').replace(/[\s\u200b]+/g, '');
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try { await p; } catch (err) { if (err instanceof DomainError) return err; throw err; }
  assert.fail('not refused');
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `Logbook of a period (${dialect})`, () => {
    let t: TestApp;
    let fx: LogbookFixture;
    let bytes: Uint8Array;
    let pdf: string;
    let layout: string;
    let raw: string;
    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      fx = await logbookCases(t);
      const r = await issueLogbookReport(t.app, as('koor'), { unit: 'gorontalo', from: fx.from, to: fx.to });
      assert.deepEqual([r.format, r.lang, r.unit, r.cases], ['pdf', 'id', 'gorontalo', 3]);
      bytes = r.bytes;
      pdf = writeOut(`logbook-${dialect}-id`, bytes);
      layout = run('pdftotext', ['-layout', pdf, '-']);
      raw = run('pdftotext', ['-raw', pdf, '-']);
    });
    after(() => t.close());

    it('heads the document with the SOP identity line, the unit, the period and the zone', () => {
      const f = flat(layout);
      assert.ok(f.includes('LOGBOOK PERBAIKAN SECARA REMOTE'));
      assert.ok(f.includes(`Nomor SOP ${SOP_01_2019.identity.number}`), 'nomor SOP');
      assert.ok(f.includes(SOP_01_2019.identity.title.id), 'SOP title');
      assert.ok(f.includes('Unit: LPSE Provinsi Gorontalo (gorontalo)'));
      assert.ok(f.includes('Periode: 29 November 2026 s.d. 30 November 2026 (2 hari)'));
      assert.ok(f.includes('Waktu dalam WITA (Asia/Makassar)'));
      assert.ok(f.includes('3 kasus ditutup (B6) dalam periode ini'));
      assert.match(layout, /Halaman 1 dari \d/);
    });

    it('has a row with every field for each case closed in the period, names not ids, times in WITA', async () => {
      const s = squash(raw);
      for (const id of fx.inPeriod) {
        const c = await t.app.store.read((tx) => tx.cases.findById(id));
        assert.ok(c?.closure && c.restoration && c.rootCause && c.preparation);
        const starts = c.accesses.map((a) => a.startedAt).sort();
        const ends = c.accesses.map((a) => a.endedAt ?? '').sort();
        for (const [what, value] of [
          ['nomor kasus', id], ['lokasi perbaikan', c.preparation.location],
          ['tanggal', formatDate(starts[0] ?? null, WITA)], ['waktu mulai akses', formatDateTime(starts[0] ?? null, WITA)],
          ['waktu selesai', formatDateTime(ends.at(-1) ?? null, WITA)],
          ['B4', c.restoration.initialFix], ['B5 akar masalah', c.rootCause.rootCause], ['B5 perbaikan permanen', c.rootCause.permanentFix],
          ['ditutup', formatDateTime(c.closure.at, WITA)],
        ] as const) assert.ok(s.includes(squash(value)), `${id}: ${what} (${value})`);
        assert.match(formatDateTime(starts[0] ?? null, WITA), /^29 November 2026 pukul \d{2}\.\d{2} WITA$/);
      }
      assert.ok(s.includes(squash('kantor-lpse (intranet) vpn-lkpp (bukan intranet)')), 'every network the accesses used');
      assert.ok(s.includes('andi') && !s.includes(squash((await t.app.store.read((tx) => tx.users.findByIdOrUsername('andi')))?.id ?? 'x')), 'names, never ids');
      assert.ok(s.includes(squash('koor')) && s.includes('disetujui'), 'the approver and the approval date');
      assert.ok(s.includes('belumdisetujui'), 'a case closed and not yet approved');
      for (const label of ['Perbaikan awal (B4)', 'Akar masalah (B5)', 'Perbaikan permanen (B5)', 'Pelaksana', 'Koordinator (menyetujui)']) {
        assert.ok(s.includes(squash(label)), label);
      }
    });

    it('leaves out the case closed before the period and another unit\'s', () => {
      const s = squash(raw);
      assert.ok(!s.includes(squash(fx.before)), 'closed the day before');
      assert.ok(!s.includes(squash(fx.otherUnit)), 'manado');
      assert.ok(!s.includes('MANADO-ONLY'));
    });

    it('wraps the long Indonesian analysis inside the page', () => {
      assert.ok(squash(raw).includes(squash(LONG_ANALYSIS)), 'every character of the analysis');
      const boxes = run('pdftotext', ['-bbox', pdf, '-']);
      const xMax = [...boxes.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
      assert.ok(xMax.length > 300);
      assert.ok(Math.max(...xMax) <= 841.89 - 30 + 1, `a word ends at x=${Math.max(...xMax)}`);
    });

    it('embeds every font and is A4 landscape', () => {
      assertFontsEmbedded(pdf);
      assert.match(run('pdfinfo', [pdf]), /Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    });

    it('gives the same bytes for the same request, later too, and logs each issue with its SHA-256', async () => {
      t.clock.advanceMinutes(3 * 24 * 60);
      const again = await issueLogbookReport(t.app, as('super'), { unit: 'gorontalo', from: fx.from, to: fx.to, format: 'pdf', lang: 'id' });
      assert.equal(Buffer.compare(Buffer.from(again.bytes), Buffer.from(bytes)), 0, 'byte-identical');
      const issued = await t.app.store.read((tx) => tx.logbook.listOfType(FORM_ISSUED, { afterSeq: 0, limit: 100 }));
      const logbooks = issued.map((e) => ({ e, d: JSON.parse(e.data) as Record<string, unknown> })).filter((x) => x.d['document'] === 'logbook');
      assert.equal(logbooks.length, 2);
      const unit = await t.app.store.read((tx) => tx.units.findByCode('gorontalo'));
      for (const { e, d } of logbooks) {
        assert.deepEqual([d['sha256'], d['format'], d['lang'], d['unit'], d['period'], d['cases'], e.unitId, e.caseId],
          [sha256(bytes), 'pdf', 'id', 'gorontalo', { from: fx.from, to: fx.to }, 3, unit?.id, null]);
      }
    });

    it('gives every unit\'s cases to a national auditor, each in its unit, and the CSV rows parse back', async () => {
      const r = await issueLogbookReport(t.app, as('audit'), { from: fx.from, to: fx.to, format: 'csv', lang: 'en' });
      assert.equal(r.unit, null);
      const rows = parseCsv(Buffer.from(r.bytes).toString('utf8'));
      assert.deepEqual(rows[0], ['Case number', 'Unit', 'Repair location', 'Networks used', 'Date', 'Access start', 'Access end', 'Initial repair (B4)',
        'Root cause (B5)', 'Permanent repair (B5)', 'Executor', 'Closed (B6)', 'Coordinator (approver)', 'Approval date', 'Status']);
      assert.deepEqual(rows.slice(1).map((x) => x[0]).sort(), [...fx.inPeriod, fx.otherUnit].sort());
      const two = rows.find((x) => x[0] === fx.twoNetworks.caseId);
      assert.ok(two);
      assert.equal(two[2], fx.twoNetworks.location);
      assert.equal(two[3], 'kantor-lpse (intranet); vpn-lkpp (not intranet)');
      assert.equal(two[7], `'${FORMULA_FIX}`, 'a formula is not run, and the text is kept whole');
      assert.equal(two[9], `'${fx.twoNetworks.permanentFix}`);
      assert.equal(two[12], 'not approved yet');
      assert.match(two[5] ?? '', /^29 November 2026 at \d{2}:\d{2} WITA$/);
      const manado = rows.find((x) => x[0] === fx.otherUnit);
      assert.equal(manado?.[1], 'LPSE Kota Manado (manado)');
      assert.equal(manado?.[10], 'budi');
      const form = rows.find((x) => x[0] === fx.form.caseId);
      assert.deepEqual([form?.[10], form?.[12], form?.[14]], ['andi', 'koor', 'approved']);
      for (const x of rows) assert.equal(x.length, 15);
      for (const x of rows.slice(1)) for (const cell of x) assert.doesNotMatch(cell, /^[{[]/, 'no JSON inside a cell');
    });

    it('words the PDF of every unit in English, each case with its unit, the manado case included', async () => {
      const r = await issueLogbookReport(t.app, as('audit'), { from: fx.from, to: fx.to, lang: 'en' });
      const file = writeOut(`logbook-${dialect}-all-en`, r.bytes);
      const f = flat(run('pdftotext', ['-layout', file, '-']));
      for (const phrase of ['REMOTE REPAIR LOGBOOK', 'Unit: every LPSE unit', 'Period: 29 November 2026 to 30 November 2026 (2 days)',
        'Times in each case\'s unit zone', '4 case(s) closed (B6) in this period', `SOP number ${SOP_01_2019.identity.number}`, 'Page 1 of']) {
        assert.ok(f.includes(phrase), phrase);
      }
      const s = squash(run('pdftotext', ['-raw', file, '-']));
      for (const id of [...fx.inPeriod, fx.otherUnit]) assert.ok(s.includes(squash(id)), id);
      assert.ok(s.includes(squash('LPSE Kota Manado (manado)')) && s.includes(squash('Initial repair (B4)')) && s.includes('notapprovedyet'));
      assert.ok(!s.includes(squash(fx.before)));
    });

    it('refuses, with words in both languages and a logged refusal: another unit, every unit, a reporter, bad periods, units and formats', async () => {
      const cases: [string, unknown, string, string][] = [
        ['koor', { unit: 'manado', from: fx.from, to: fx.to }, 'forbidden', 'report.logbook_unit_forbidden'],
        ['koor', { from: fx.from, to: fx.to }, 'forbidden', 'report.logbook_unit_forbidden'],
        ['pelapor', { unit: 'gorontalo', from: fx.from, to: fx.to }, 'forbidden', 'logbook.forbidden'],
        ['koor', { unit: 'atlantis', from: fx.from, to: fx.to }, 'invalid', 'report.unit_unknown'],
        ['koor', { unit: 'gorontalo', from: '2026-11-30', to: '2026-11-29' }, 'invalid', 'report.period_reversed'],
        ['koor', { unit: 'gorontalo', from: '2026-02-30', to: '2026-11-29' }, 'invalid', 'report.date_invalid'],
        ['koor', { unit: 'gorontalo', from: '2026-11-01', to: '30/11/2026' }, 'invalid', 'report.date_invalid'],
        ['koor', { unit: 'gorontalo', from: '2025-01-01', to: '2026-01-02' }, 'invalid', 'report.period_too_long'],
        ['koor', { unit: 'gorontalo', from: fx.from, to: fx.to, format: 'docx' }, 'invalid', 'input.invalid'],
      ];
      for (const [who, input, kind, code] of cases) {
        const err = await refusal(issueLogbookReport(t.app, as(who), input));
        assert.deepEqual([err.kind, err.code], [kind, code], JSON.stringify(input));
        assert.ok(messageOf(err, 'id').length > 10 && messageOf(err, 'en').length > 10 && messageOf(err, 'id') !== messageOf(err, 'en'), code);
      }
      assert.ok(await issueLogbookReport(t.app, as('andi'), { unit: 'gorontalo', from: fx.from, to: fx.to }), 'an LPSE admin, for their own unit');
      const refusals = await t.app.store.read(async (tx) => {
        const out: string[] = [];
        for await (const page of tx.logbook.range({})) for (const e of page) if (e.type === 'refusal') out.push(String((JSON.parse(e.data) as Record<string, unknown>)['code']));
        return out;
      });
      for (const [, , , code] of cases) assert.ok(refusals.includes(code), `logged: ${code}`);
    });

    it('breaks a row longer than a page across pages under a repeated header, and cuts nothing', async () => {
      // Ten days on, a day with one case, whose B5 analysis alone fills more than a page.
      t.clock.advanceMinutes(10 * 24 * 60);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: WITA }).format(t.clock.now());
      const huge = Array.from({ length: 70 }, (_, i) => `Paragraf ${i + 1}: ${LONG_ANALYSIS.slice(0, 120)}`).join(' ');
      const id = await longCase(t, huge);
      const r = await issueLogbookReport(t.app, as('koor'), { unit: 'gorontalo', from: day, to: day });
      assert.equal(r.cases, 1);
      const file = writeOut(`logbook-${dialect}-long`, r.bytes);
      const text = run('pdftotext', ['-raw', file, '-']);
      // The analysis column read page by page, top to bottom (its words by position, from pdftotext -bbox), without its header: the text whole.
      const column = analysisColumn(run('pdftotext', ['-bbox', file, '-'])).split(squash('Analisa gangguan dan perbaikan')).join('');
      assert.ok(column.includes(squash(huge)), 'every character of the long analysis');
      assert.ok(squash(text).includes(squash(id)));
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]);
      assert.ok(pages >= 2, `${pages} page(s)`);
      assert.equal(text.split('Analisa gangguan dan perbaikan').length - 1, pages, 'the header row on every page');
    });
  });
}

describe('jaga report logbook and GET /api/v1/reports/logbook', () => {
  let h: TestHttp;
  let fx: LogbookFixture;
  let out: string;
  const jaga = (args: string[], env: Record<string, string> = {}) => jagaIn(h.t.config.dataDir, args, env);
  before(async () => {
    h = await openTestHttp('sqlite');
    fx = await logbookCases(h.t);
    out = mkdtempSync(join(tmpdir(), 'jaga-logbook-'));
  });
  after(async () => { await h.close(); rmSync(out, { recursive: true, force: true }); });

  it('writes the PDF from the real binary, the same bytes as in-process, and the CSV on --format csv', async () => {
    const file = join(out, 'logbook.pdf');
    const r = jaga(['report', 'logbook', '--unit', 'gorontalo', '--from', fx.from, '--to', fx.to, '--out', file, '--as', 'koor', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const issued = JSON.parse(r.stdout) as Record<string, unknown>;
    const pdf = readFileSync(file);
    assert.deepEqual([issued['sha256'], issued['cases'], issued['format'], issued['unit']], [sha256(pdf), 3, 'pdf', 'gorontalo']);
    const direct = await issueLogbookReport(h.t.app, as('koor'), { unit: 'gorontalo', from: fx.from, to: fx.to });
    assert.equal(sha256(direct.bytes), sha256(pdf), 'another process, another clock: the same bytes');

    const csv = join(out, 'logbook.csv');
    const c = jaga(['report', 'logbook', '--unit', 'gorontalo', '--from', fx.from, '--to', fx.to, '--format', 'csv', '--out', csv, '--as', 'koor', '--lang', 'en']);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /^Logbook written to .*logbook\.csv: 3 case\(s\); SHA-256 [0-9a-f]{64} \(recorded in the Logbook\)\n$/);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    assert.deepEqual(rows.slice(1).map((x) => x[0]), fx.inPeriod);
  });

  it('refuses bad input on the command line in both languages without --lang, never a crash', () => {
    const reversed = jaga(['report', 'logbook', '--unit', 'gorontalo', '--from', '2026-11-30', '--to', '2026-11-01', '--out', join(out, 'x.pdf'), '--as', 'koor']);
    assert.notEqual(reversed.status, 0);
    assert.match(reversed.stderr, /Tanggal awal 2026-11-30 sesudah tanggal akhir 2026-11-01/);
    assert.match(reversed.stderr, /The start date 2026-11-30 is after the end date 2026-11-01/);
    const unknown = jaga(['report', 'logbook', '--unit', 'atlantis', '--from', fx.from, '--to', fx.to, '--out', join(out, 'x.pdf'), '--as', 'koor', '--lang', 'en']);
    assert.match(unknown.stderr, /There is no LPSE unit with the code 'atlantis'/);
    const other = jaga(['report', 'logbook', '--unit', 'manado', '--from', fx.from, '--to', fx.to, '--out', join(out, 'x.pdf'), '--as', 'koor', '--lang', 'en']);
    assert.match(other.stderr, /may not issue the Logbook of unit manado/);
    for (const r of [reversed, unknown, other]) assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('answers PDF or CSV over the API, with the SHA-256 header, and 400/403 with the reason', async () => {
    const koor = await h.signIn('koor');
    const q = `unit=gorontalo&from=${fx.from}&to=${fx.to}`;
    const res = await koor.request('GET', `/api/v1/reports/logbook?${q}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], `attachment; filename="logbook-gorontalo-${fx.from}-${fx.to}-id.pdf"`);
    assert.equal(res.headers['x-content-sha256'], sha256(res.rawPayload));
    const direct = await issueLogbookReport(h.t.app, as('koor'), { unit: 'gorontalo', from: fx.from, to: fx.to, lang: 'id' });
    assert.equal(sha256(direct.bytes), sha256(res.rawPayload));
    const csv = await koor.request('GET', `/api/v1/reports/logbook?${q}&format=csv`, undefined, { 'accept-language': 'en' });
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(parseCsv(csv.body)[0]?.[0], 'Case number');
    for (const [query, status, code] of [
      [`unit=gorontalo&from=${fx.to}&to=${fx.from}`, 400, 'report.period_reversed'],
      [`unit=gorontalo&from=2026-1-1&to=${fx.to}`, 400, 'report.date_invalid'],
      [`unit=atlantis&from=${fx.from}&to=${fx.to}`, 400, 'report.unit_unknown'],
      [`${q}&format=docx`, 400, 'input.invalid'],
      [`unit=gorontalo&from=2024-01-01&to=${fx.to}`, 400, 'report.period_too_long'],
      [`unit=manado&from=${fx.from}&to=${fx.to}`, 403, 'report.logbook_unit_forbidden'],
      [`unit=gorontalo&to=${fx.to}`, 400, 'input.invalid'],
    ] as const) {
      const r = await koor.request('GET', `/api/v1/reports/logbook?${query}`, undefined, { 'accept-language': 'en' });
      assert.equal(r.statusCode, status, `${query}: ${r.body}`);
      const body = r.json<{ error: string; message: string }>();
      assert.equal(body.error, code, query);
      assert.ok(body.message.length > 10);
    }
  });

  it('is documented in OpenAPI with application/pdf and text/csv answers and its query parameters', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, {
      responses: Record<string, { content?: Record<string, unknown> }>; parameters: { name: string; in: string }[]; tags: string[];
    }>> }>();
    const op = doc.paths['/api/v1/reports/logbook']?.['get'];
    assert.ok(op);
    assert.deepEqual(Object.keys(op.responses['200']?.content ?? {}), ['application/pdf', 'text/csv']);
    assert.deepEqual(op.parameters.map((p) => `${p.in}:${p.name}`), ['query:unit', 'query:from', 'query:to', 'query:format', 'query:lang']);
    assert.deepEqual(op.tags, ['reports']);
  });
});
