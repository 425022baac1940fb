import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FORM_ISSUED } from '../../src/app/report/issue-case-form.js';
import { SOP_DOCUMENT, issueSopDocument } from '../../src/app/report/issue-sop-document.js';
import { DomainError } from '../../src/domain/errors.js';
import type { SopDefinition, SopStep, Text } from '../../src/domain/sop/sop-definition.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import { messageOf, t } from '../../src/messages/catalogue.js';
import { sopActivityColumnsX } from '../../src/presenters/pdf/sop-document.js';
import { sopDocDate, sopRoleLabel, sopTimeText } from '../../src/presenters/sop-text.js';
import { assertFontsEmbedded, run, writeOut } from '../support/pdf-output.js';
import { SEVEN_STEP_COLUMNS, SEVEN_STEP_SOP } from '../support/sop-revision.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * The SOP itself rendered like the signed document (presenters/pdf/sop-document.ts), issued through
 * the use case the CLI, the API and the web page call, and read back with Debian's poppler-utils:
 * pdftotext -layout over one column at a time (a table's columns side by side would interleave),
 * pdffonts, pdfinfo. A later revision (seven steps, four executor columns, steps done by two)
 * renders the same way from the store. The pages are written as PNG under test-output/pdf/.
 */


after(() => stopTestPostgres());

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** Text with every space, line break and invisible break point gone: a cell's text wraps anywhere. */
const squash = (s: string): string => s.replace(/[\s\u200b]+/g, '');

const pageCount = (pdf: string): number => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);

/** pdftotext -layout of the strip [x, x + w) points wide of pages first..last above the footer, squashed (page 1 is portrait, the rest landscape). */
function strip(pdf: string, pages: [number, number], [x, w]: [number, number]): string {
  return squash(run('pdftotext', ['-layout', '-f', String(pages[0]), '-l', String(pages[1]), '-x', String(Math.floor(x - 1)), '-y', '0',
    '-W', String(Math.ceil(w + 2)), '-H', pages[0] === 1 ? '800' : '554', pdf, '-']));
}

/** Each text appears in `haystack`, in this order. */
function inOrder(haystack: string, texts: readonly string[], what: string): void {
  let at = 0;
  for (const text of texts) {
    const i = haystack.indexOf(squash(text), at);
    assert.ok(i >= 0, `${what}: ${text}`);
    at = i + squash(text).length;
  }
}

const PORTRAIT_THIRD = (595.28 - 72) / 3;
/** The header table's two columns and the identity block's cells on a landscape page. */
const LEFT_HALF: [number, number] = [36, 385];
const RIGHT_HALF: [number, number] = [421, 385];

/** Every check of one rendered SOP: identity block, header fields, activity table (activities, executors, mutu baku). */
function assertDocument(pdf: string, sop: SopDefinition, columns: readonly string[]): void {
  const pages = pageCount(pdf);
  const lang = 'id';
  const id = sop.identity;
  // The approval sheet: issuer, title, the three signatures in their columns.
  const sheet = strip(pdf, [1, 1], [0, 595]);
  inOrder(sheet, ['LEMBAR PENGESAHAN', 'STANDARD OPERATING PROCEDURES (SOP)', id.series.id.toUpperCase(), id.title.id.toUpperCase(),
    ...id.issuer.id.split(' — ').map((l) => l.toUpperCase())], 'approval sheet');
  id.signatures.forEach((s, i) => {
    const column = strip(pdf, [1, 1], [36 + i * PORTRAIT_THIRD, PORTRAIT_THIRD]);
    inOrder(column, [`${s.label.id.toUpperCase()}:`, s.signedBy ?? '', s.position.id], `signature ${s.key}`);
  });
  // The identity block (page 2): issuer on the left, the numbers on the right.
  inOrder(strip(pdf, [2, 2], [36, 330]), [...id.issuer.id.split(' — ').map((l) => l.toUpperCase()), 'STANDARD OPERATING PROCEDURES (SOP)'], 'identity: issuer');
  inOrder(strip(pdf, [2, 2], [372, 434]), [
    'Nomor SOP', id.number, 'Tanggal Pembuatan', sopDocDate(id.createdOn), 'Tanggal Revisi', sopDocDate(id.revisedOn), 'Nomor Revisi', id.revisionNumber ?? '—',
    'Tanggal Efektif', sopDocDate(id.effectiveOn), 'Disahkan Oleh', id.ratifiedBy.id, 'Nama SOP', id.title.id.toUpperCase(),
  ], 'identity: numbers');
  // The header table: every field, in the signed document's two columns.
  const list = (items: readonly Text[]): string[] => (items.length ? items.map((x) => x.id) : ['—']);
  inOrder(strip(pdf, [2, 2], LEFT_HALF), ['Dasar Hukum :', ...list(sop.legalBasis), 'Penjelasan Singkat :', sop.summary.id, 'Tujuan :', sop.purpose.id,
    'Peringatan :', ...list(sop.warnings), 'Keterkaitan :', ...list(sop.relatedSops)], 'header, left');
  inOrder(strip(pdf, [2, 2], RIGHT_HALF), ['Kualifikasi Pelaksana :', ...list(sop.executorQualifications), 'Peralatan/Perlengkapan :', ...list(sop.equipment),
    'Pencatatan dan Pendataan :', ...list(sop.records), 'Definisi :', ...sop.definitions.flatMap((d) => [d.term.id, d.meaning.id])], 'header, right');
  // The activity table: each column read on its own, every step in order.
  const x = sopActivityColumnsX(columns.length);
  const body: [number, number] = [3, pages];
  const steps = sop.steps;
  inOrder(strip(pdf, body, x.no), ['No.', 'A', 'A1', 'A2', 'B', ...steps.map((s) => s.code)], 'step codes');
  inOrder(strip(pdf, body, x.activity), ['Kegiatan', ...steps.map((s) => s.activity.id)], 'activities');
  const cell = (pick: (s: SopStep) => Text | null, blank: string): string[] => steps.map((s) => pick(s)?.id ?? blank).filter((v) => v !== '');
  inOrder(strip(pdf, body, x.requirement), ['Persyaratan/ Perlengkapan', ...cell((s) => s.requirement, '')], 'requirements');
  inOrder(strip(pdf, body, x.time), ['Waktu', ...steps.map((s) => sopTimeText(s.timeStandardMinutes, lang))], 'time standards');
  inOrder(strip(pdf, body, x.output), ['Output', ...cell((s) => s.output, 'N/A')], 'outputs');
  inOrder(strip(pdf, body, x.note), ['Keterangan', ...steps.flatMap((s) => [s.note?.id ?? '', s.networkRestriction ? `(${t(lang, 'sop.network_only', { network: s.networkRestriction })})` : ''])
    .filter((v) => v !== '')], 'notes');
  // The executor columns: each one's name in its own column; Mulai and Selesai in the terminators.
  const [ex, ew] = x.executors;
  columns.forEach((r, i) => assert.ok(strip(pdf, [3, 3], [ex + (i * ew) / columns.length, ew / columns.length]).includes(squash(sopRoleLabel(r, lang))), `executor ${r}`));
  inOrder(strip(pdf, body, x.executors), ['Pelaksana', 'Mulai', 'Selesai'], 'terminators');
  // Where the chart goes on over a page: an off-page connector, A, B …, at the foot of one page and the top of the next.
  for (let p = 3; p < pages; p++) {
    const letter = String.fromCharCode(65 + p - 3);
    assert.ok(strip(pdf, [p, p], x.executors).endsWith(letter), `page ${p} ends with connector ${letter}`);
    const next = strip(pdf, [p + 1, p + 1], x.executors);
    assert.ok(next.indexOf(letter, next.indexOf(squash(sopRoleLabel(columns[columns.length - 1] ?? '', lang)).slice(-4))) > 0, `page ${p + 1} starts with connector ${letter}`);
  }
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `the SOP as the signed document (${dialect})`, () => {
    let t0: TestApp;
    let pdf: string;
    let bytes: Uint8Array;
    before(async () => {
      t0 = await openTestApp(dialect);
      await seedWorld(t0);
      bytes = (await issueSopDocument(t0.app, as('pelapor'), { lang: 'id' })).bytes;
      pdf = writeOut(`sop-${dialect}-id`, bytes);
    });
    after(() => t0.close());

    it('shows the identity block, every header field, and every step with its executors and mutu baku (SOP-01)', () => {
      assertDocument(pdf, SOP_01_2019, ['admin_lpse', 'dit_eproc', 'pihak_berwenang']);
    });

    it('embeds every font; A4, the approval sheet portrait and the rest landscape', () => {
      assertFontsEmbedded(pdf);
      const pages = pageCount(pdf);
      assert.ok(pages >= 4, 'approval sheet, identity and header, activity table over two pages');
      assert.match(run('pdfinfo', [pdf]), /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      const sizes = run('pdfinfo', ['-f', '1', '-l', String(pages), pdf]);
      assert.match(sizes, /Page\s+1 size:\s+595\.28 x 841\.89 pts \(A4\)/);
      for (let p = 2; p <= pages; p++) assert.match(sizes, new RegExp(`Page\\s+${p} size:\\s+841\\.89 x 595\\.28 pts \\(A4\\)`), `page ${p} landscape`);
    });

    it('gives the same bytes for the same SOP and language, dated by the SOP, and logs each issue as report.form_issued (document sop)', async () => {
      const again = await issueSopDocument(t0.app, as('koor'), { lang: 'id', version: '2019.0' });
      assert.equal(Buffer.compare(Buffer.from(again.bytes), Buffer.from(bytes)), 0, 'byte-identical');
      assert.match(run('pdfinfo', ['-isodates', pdf]), /CreationDate:\s+2019-01-02T00:00:00Z/);
      const en = await issueSopDocument(t0.app, as('koor'), { lang: 'en' });
      assert.notEqual(en.sha256, again.sha256);
      const entries = (await t0.app.store.read((tx) => tx.logbook.page({ afterSeq: 0, limit: 10_000 }))).filter((e) => e.type === FORM_ISSUED);
      assert.deepEqual(entries.map((e) => {
        const d = JSON.parse(e.data) as Record<string, unknown>;
        return [d['document'], d['code'], d['version'], d['lang'], d['sha256'], d['bytes'], e.caseId];
      }), [
        [SOP_DOCUMENT, 'SOP-01', '2019.0', 'id', sha256(bytes), bytes.length, null],
        [SOP_DOCUMENT, 'SOP-01', '2019.0', 'id', sha256(bytes), bytes.length, null],
        [SOP_DOCUMENT, 'SOP-01', '2019.0', 'en', en.sha256, en.bytes.length, null],
      ]);
      const users = await t0.app.store.read(async (tx) => [await tx.users.findByIdOrUsername('pelapor'), await tx.users.findByIdOrUsername('koor')]);
      assert.deepEqual(entries.map((e) => e.actorId), [users[0]?.id, users[1]?.id, users[1]?.id]);
    });

    it('in English: the English rendering, the field names as written with theirs', async () => {
      const en = writeOut(`sop-${dialect}-en`, (await issueSopDocument(t0.app, as('koor'), { lang: 'en' })).bytes);
      inOrder(strip(en, [1, 1], [0, 595]), ['English rendering; the Indonesian original is the authority.', 'APPROVAL SHEET', 'REMOTE REPAIR PROCEDURE'], 'en sheet');
      inOrder(strip(en, [2, 2], LEFT_HALF), ['Dasar Hukum (Legal basis) :', SOP_01_2019.legalBasis[0]?.en ?? ''], 'en header');
      const x = sopActivityColumnsX(3);
      inOrder(strip(en, [3, pageCount(en)], x.activity), ['Activity', ...SOP_01_2019.steps.map((s) => s.activity.en)], 'en activities');
      inOrder(strip(en, [3, pageCount(en)], x.executors), ['Executors', 'Start', 'End'], 'en terminators');
    });

    it('renders a stored revision the same way: seven steps, four executor columns, steps done by two; the revision in force by default', async () => {
      const long = `${'Perbaikan lanjutan dengan penelusuran log aplikasi, basis data dan konfigurasi server secara menyeluruh. '.repeat(4)}`
        + 'IdentitasKonfigurasiTanpaSpasiYangSangatPanjangSekaliUntukDiuji';
      const revision: SopDefinition = {
        ...SEVEN_STEP_SOP,
        steps: SEVEN_STEP_SOP.steps.map((s) => (s.code === 'B6' ? { ...s, activity: { id: `${s.activity.id}. ${long}`, en: s.activity.en } } : s)),
      };
      await t0.app.store.transaction((tx) => tx.sops.ensure(revision, '2027-03-01T00:00:00.000Z'));
      const current = await issueSopDocument(t0.app, as('andi'), { lang: 'id' });
      assert.equal(current.version, '2027.1', 'the revision in force');
      const file = writeOut(`sop-${dialect}-revision-id`, current.bytes);
      assertDocument(file, revision, SEVEN_STEP_COLUMNS);
      // The older version is still issued as it was signed.
      const old = await issueSopDocument(t0.app, as('andi'), { lang: 'id', version: '2019.0' });
      assert.equal(old.sha256, sha256(bytes));
    });

    it('refuses an unknown or malformed version with words in both languages, and logs the refusal', async () => {
      const refusal = async (version: string): Promise<DomainError> => {
        try {
          await issueSopDocument(t0.app, as('koor'), { version });
        } catch (e) {
          if (e instanceof DomainError) return e;
          throw e;
        }
        assert.fail(`version ${version} was issued`);
      };
      const unknown = await refusal('1999.9');
      assert.deepEqual([unknown.kind, unknown.code], ['not_found', 'sop.not_found']);
      assert.match(messageOf(unknown, 'id'), /SOP-01 1999\.9/);
      assert.match(messageOf(unknown, 'en'), /SOP-01 1999\.9/);
      assert.notEqual(messageOf(unknown, 'id'), messageOf(unknown, 'en'));
      const malformed = await refusal('2019 0; drop');
      assert.equal(malformed.code, 'input.invalid');
      const refusals = (await t0.app.store.read((tx) => tx.logbook.page({ afterSeq: 0, limit: 10_000 })))
        .filter((e) => e.type === 'refusal' && (JSON.parse(e.data) as { action?: string }).action === 'report.sop');
      assert.deepEqual(refusals.map((e) => (JSON.parse(e.data) as { code: string }).code), ['sop.not_found', 'input.invalid']);
    });
  });
}

describe('the SOP document without a signed-in actor', () => {
  it('is refused', async () => {
    const t1 = await openTestApp('sqlite');
    try {
      await assert.rejects(issueSopDocument(t1.app, { actor: null, via: 'cli' }, {}), (e: unknown) => e instanceof DomainError && e.code === 'auth.actor_required');
    } finally {
      await t1.close();
    }
  });
});
