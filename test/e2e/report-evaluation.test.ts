import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueSopEvaluation } from '../../src/app/report/issue-sop-evaluation.js';
import type { SopEvaluationData } from '../../src/app/report/sop-evaluation-data.js';
import { setEvaluationNote } from '../../src/app/report/set-evaluation-note.js';
import type { EvaluationFixture } from '../support/evaluation-cases.js';
import { evaluationCases } from '../support/evaluation-cases.js';
import { LONG_ANALYSIS } from '../support/form-case.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { jagaIn } from '../support/jaga-cli.js';
import { assertFontsEmbedded, run, writeOut } from '../support/pdf-output.js';
import type { TestApp } from '../support/test-app.js';
import { as, openTestApp, seedWorld } from '../support/test-app.js';

/*
 * The SOP monitoring and evaluation as a person's tools read it (poppler-utils: pdftotext, pdffonts,
 * pdfinfo, pdftoppm; pages as PNG under test-output/pdf/ to be looked at), and over its two edges:
 * GET /api/v1/reports/evaluation, PUT /api/v1/reports/evaluation/notes and `jaga report evaluation`
 * / `jaga report evaluation-note` (the real binary). The numbers are test/contract/sop-evaluation.test.ts's.
 */

const flat = (s: string): string => s.replace(/\s+/g, ' ').replace(/\u200b/g, '');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('SOP evaluation PDF', () => {
  let t: TestApp;
  let fx: EvaluationFixture;
  let bytes: Uint8Array;
  let pdf: string;
  let text: string;
  before(async () => {
    t = await openTestApp('sqlite');
    await seedWorld(t);
    fx = await evaluationCases(t);
    await setEvaluationNote(t.app, as('koor'), { month: '2026-12', step: 'B1', notes: 'Laporan di luar jam piket terlambat diterima oleh koordinator; perlu pembagian piket malam yang jelas.',
      action: 'Menambah jadwal piket malam dan nomor darurat koordinator.' });
    await setEvaluationNote(t.app, as('koor'), { month: '2026-12', step: 'B6', assessment: 'baik', reason: 'Keterlambatan menunggu konfirmasi penyedia' });
    bytes = (await issueSopEvaluation(t.app, as('koor'), { month: '2026-12' })).bytes;
    pdf = writeOut('sop-evaluation-id', bytes);
    text = flat(run('pdftotext', ['-layout', pdf, '-']));
  });
  after(() => t.close());

  it('shows Tabel 7 with its columns, the proposals, the assessor\'s notes, override and paraf', () => {
    for (const phrase of ['MONITORING DAN EVALUASI PENERAPAN SOP', 'TABEL 7', 'Prosedur', 'Penilaian terhadap penerapan', 'Berjalan', 'Tidak berjalan', 'dengan baik',
      'Catatan hasil penilaian', 'Tindakan yang harus diambil', 'Paraf penilai', 'LPSE Provinsi Gorontalo (gorontalo)', '1 Desember 2026 s.d. 31 Desember 2026',
      '4 kasus dilaporkan; 2 ditutup (B6); 1 dibatalkan', 'sedikitnya 80 % kasus', 'Mutu baku 60 menit: 3 dari 4 kasus memenuhi (75 %)',
      'Mutu baku 60 menit: 2 dari 2 kasus memenuhi (100 %)', 'Tanpa mutu baku waktu', 'usulan dari data', '(ditetapkan penilai:', 'konfirmasi penyedia)',
      'Menambah jadwal piket malam', 'koor, 2 Januari 2027', 'belum dinilai']) {
      assert.ok(text.includes(phrase), `missing: ${phrase}`);
    }
  });

  it('shows the evaluation per step with the hand-computed numbers, and the deviations with their explanations', () => {
    // Step | standard | cases | met | % | mean | p90 | deviations (explained)
    assert.match(text, /B1 60 menit 4 3 75 % 41,3 menit 75 menit 1 \(1\)/);
    assert.match(text, /B2 60 menit 2 2 100 % 30 menit 40 menit 0 \(0\)/);
    assert.match(text, /B5 — 2 — — 22,5 menit 30 menit 0 \(0\)/);
    assert.match(text, /B6 60 menit 2 1 50 % 55 menit 90 menit 1 \(1\)/);
    assert.ok(text.includes(fx.b), 'the deviating case\'s number');
    assert.ok(text.includes('15 menit') && text.includes('30 menit'));
    assert.ok(text.includes('Laporan masuk di luar jam piket'), 'B1 explanation');
    assert.ok(text.includes('Menunggu konfirmasi penyedia bahwa unggah penawaran berhasil'), 'B6 explanation');
    assert.ok(text.includes('peringkat terdekat'), 'the p90 definition');
  });

  it('draws the two trends as vectors (text in the PDF, no image), with the months and values', () => {
    assert.ok(text.includes('Waktu pemulihan (laporan → B4 selesai)'));
    assert.ok(text.includes('Waktu akar masalah (laporan → B5 selesai)'));
    assert.ok(text.includes('97,5'), 'December\'s mean time to restore');
    assert.ok(text.includes('Des 26') && text.includes('Nov 26'));
    assert.equal(run('pdfimages', ['-list', pdf]).trim().split('\n').length, 2, 'no raster image (only the header lines of pdfimages -list)');
  });

  it('embeds every font, is A4, and the same data gives the same bytes', async () => {
    assertFontsEmbedded(pdf);
    assert.match(run('pdfinfo', [pdf]), /Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    const again = await issueSopEvaluation(t.app, as('super'), { unit: 'gorontalo', month: '2026-12' });
    assert.equal(Buffer.compare(Buffer.from(again.bytes), Buffer.from(bytes)), 0, 'byte-identical');
  });

  it('a long Indonesian note wraps and goes on over the page, none of it cut', async () => {
    const long = Array.from({ length: 5 }, () => LONG_ANALYSIS).join(' ');
    await setEvaluationNote(t.app, as('koor'), { month: '2026-11', step: 'B4', notes: long, action: long });
    const p = writeOut('sop-evaluation-long', (await issueSopEvaluation(t.app, as('koor'), { month: '2026-11' })).bytes);
    // Columns read one after the other (no -layout; it joins a word hyphenated at a line end), spaces and break points dropped.
    const all = run('pdftotext', [p, '-']).replace(/[\s\u200b]+/g, '');
    assert.equal(all.split('terakhir-penanda.').length - 1, 10, 'every copy of the last word, in the notes and the action');
    // Nothing lies outside the page (A4 landscape, 842 × 595 pt).
    const boxes = [...run('pdftotext', ['-bbox', p, '-']).matchAll(/xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.ok(boxes.length > 0 && boxes.every(([x, y]) => (x as number) <= 842 && (y as number) <= 595.3));
  });

  it('in English, and for all units', async () => {
    const en = flat(run('pdftotext', ['-layout', writeOut('sop-evaluation-en', (await issueSopEvaluation(t.app, as('koor'), { month: '2026-12', lang: 'en' })).bytes), '-']));
    for (const phrase of ['MONITORING AND EVALUATION OF THE SOP', 'Applied well', 'Not applied well', 'Time standard 60 min: 3 of 4 cases met it (75 %)', 'Time to restore']) {
      assert.ok(en.includes(phrase), `missing: ${phrase}`);
    }
    assert.match(en, /B1 60 min 4 3 75 % 41.3 min 75 min 1 \(1\)/);
    const all = flat(run('pdftotext', ['-layout', writeOut('sop-evaluation-all', (await issueSopEvaluation(t.app, as('audit'), { month: '2026-12' })).bytes), '-']));
    assert.ok(all.includes('Semua unit') && all.includes('evaluasi seluruh unit hanya memuat usulan dari data'));
  });
});

describe('GET /api/v1/reports/evaluation, PUT …/notes', () => {
  let h: TestHttp;
  before(async () => {
    h = await openTestHttp('sqlite');
    await evaluationCases(h.t);
  });
  after(() => h.close());

  it('answers JSON for the dashboard and the PDF, each with its SHA-256 as logged', async () => {
    const koor = await h.signIn('koor');
    const res = await koor.request('GET', '/api/v1/reports/evaluation?month=2026-12&format=json');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const data = res.json<SopEvaluationData>();
    assert.deepEqual(data.evaluation.steps.map((s) => s.meanMinutes), [41.3, 30, 0, 15, 22.5, 55]);
    assert.equal(data.evaluation.trend.find((m) => m.month === '2026-12')?.restoreMeanMinutes, 97.5);
    assert.equal(res.headers['x-content-sha256'], sha256(res.rawPayload));
    const p = await koor.request('GET', '/api/v1/reports/evaluation?month=2026-12', undefined, { 'accept-language': 'en' });
    assert.equal(p.statusCode, 200);
    assert.equal(p.headers['content-type'], 'application/pdf');
    assert.match(String(p.headers['content-disposition']), /^attachment; filename="evaluasi-sop-gorontalo-2026-12-01-2026-12-31-en\.pdf"$/);
    const entries = await h.t.app.store.read(async (tx) => {
      const out = [];
      for await (const page of tx.logbook.range({})) out.push(...page.filter((e) => e.type === 'report.form_issued'));
      return out.map((e) => JSON.parse(e.data) as Record<string, unknown>);
    });
    assert.deepEqual(entries.map((d) => [d['document'], d['format'], d['sha256'], d['via']]), [
      ['sop_evaluation', 'json', sha256(res.rawPayload), 'http'], ['sop_evaluation', 'pdf', sha256(p.rawPayload), 'http']]);
  });

  it('sets a note over PUT for the koordinator, refuses the executor, and words bad periods in the request\'s language', async () => {
    const koor = await h.signIn('koor');
    const ok = await koor.request('PUT', '/api/v1/reports/evaluation/notes', { month: '2026-12', step: 'B2', notes: 'Persiapan workstation tepat waktu.' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json<{ step: string; notes: string }>().step, ok.json<{ notes: string }>().notes], ['B2', 'Persiapan workstation tepat waktu.']);
    const noReason = await koor.request('PUT', '/api/v1/reports/evaluation/notes', { month: '2026-12', step: 'B2', assessment: 'tidak_baik' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json<{ error: string }>().error, 'report.override_reason_required');
    const andi = await h.signIn('andi');
    const refused = await andi.request('PUT', '/api/v1/reports/evaluation/notes', { month: '2026-12', step: 'B2', notes: 'x' });
    assert.equal(refused.statusCode, 403);
    const bad = await koor.request('GET', '/api/v1/reports/evaluation?from=2026-12-31&to=2026-12-01', undefined, { 'accept-language': 'en' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<{ message: string }>().message, /The period is reversed/);
    const pelapor = await (await h.signIn('pelapor')).request('GET', '/api/v1/reports/evaluation');
    assert.equal(pelapor.statusCode, 403);
    const fmt = await koor.request('GET', '/api/v1/reports/evaluation?format=docx');
    assert.equal(fmt.statusCode, 400);
  });

  it('is documented in OpenAPI with application/pdf and application/json answers', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, {
      responses: Record<string, { content?: Record<string, unknown> }>; parameters: { name: string; in: string }[]; tags: string[];
    }>> }>();
    const op = doc.paths['/api/v1/reports/evaluation']?.['get'];
    assert.ok(op);
    assert.deepEqual(Object.keys(op.responses['200']?.content ?? {}), ['application/pdf', 'application/json']);
    assert.deepEqual(op.parameters.map((p) => p.name).sort(), ['format', 'from', 'lang', 'month', 'to', 'unit']);
    assert.ok(doc.paths['/api/v1/reports/evaluation/notes']?.['put']);
  });
});

describe('jaga report evaluation / evaluation-note', () => {
  let t: TestApp;
  let out: string;
  const jaga = (args: string[]) => jagaIn(t.config.dataDir, args);
  before(async () => {
    t = await openTestApp('sqlite');
    await seedWorld(t);
    await evaluationCases(t);
    out = mkdtempSync(join(tmpdir(), 'jaga-eval-'));
  });
  after(async () => { await t.close(); rmSync(out, { recursive: true, force: true }); });

  it('sets a note, then writes the PDF and the JSON, the same bytes as in-process', async () => {
    const note = jaga(['report', 'evaluation-note', '--unit', 'gorontalo', '--month', '2026-12', '--step', 'B1', '--notes', 'Perlu piket malam.', '--as', 'koor']);
    assert.equal(note.status, 0, note.stderr);
    assert.match(note.stdout, /Catatan penilaian B1 unit gorontalo periode 2026-12-01 s.d. 2026-12-31 disimpan/);
    const file = join(out, 'eval.pdf');
    const r = jaga(['report', 'evaluation', '--unit', 'gorontalo', '--month', '2026-12', '--out', file, '--as', 'koor', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const issued = JSON.parse(r.stdout) as { sha256: string; cases: number; format: string };
    assert.deepEqual([issued.cases, issued.format, issued.sha256], [4, 'pdf', sha256(readFileSync(file))]);
    assert.equal(sha256((await issueSopEvaluation(t.app, as('koor'), { month: '2026-12' })).bytes), issued.sha256);
    assert.ok(flat(run('pdftotext', ['-layout', file, '-'])).includes('Perlu piket malam.'));
    const jfile = join(out, 'eval.json');
    const j = jaga(['report', 'evaluation', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'json', '--out', jfile, '--as', 'andi', '--lang', 'en']);
    assert.equal(j.status, 0, j.stderr);
    assert.match(j.stdout, /SOP evaluation \(4 cases\) written to/);
    assert.equal((JSON.parse(readFileSync(jfile, 'utf8')) as SopEvaluationData).evaluation.steps[5]?.p90Minutes, 90);
  });

  it('refuses a malformed month, a reversed period and someone else\'s unit with words in both languages', () => {
    const m = jaga(['report', 'evaluation', '--month', '2026-13', '--out', join(out, 'x.pdf'), '--as', 'koor']);
    assert.notEqual(m.status, 0);
    assert.match(m.stderr, /'2026-13' bukan bulan/);
    assert.match(m.stderr, /'2026-13' is not a month/);
    const rev = jaga(['report', 'evaluation', '--from', '2026-12-31', '--to', '2026-12-01', '--out', join(out, 'x.pdf'), '--as', 'koor', '--lang', 'en']);
    assert.match(rev.stderr, /The period is reversed/);
    const other = jaga(['report', 'evaluation', '--unit', 'manado', '--out', join(out, 'x.pdf'), '--as', 'koor']);
    assert.match(other.stderr, /tidak dapat melihat evaluasi SOP unit 'manado'/);
    assert.notEqual(jaga(['report', 'evaluation', '--as', 'koor']).status, 0, 'needs --out');
  });
});
