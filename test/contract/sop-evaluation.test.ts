import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { getSopEvaluation, issueSopEvaluation } from '../../src/app/report/issue-sop-evaluation.js';
import type { SopEvaluationData } from '../../src/app/report/sop-evaluation-data.js';
import { setEvaluationNote } from '../../src/app/report/set-evaluation-note.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { EvaluationFixture } from '../support/evaluation-cases.js';
import { evaluationCases } from '../support/evaluation-cases.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * The SOP evaluation's numbers against a hand computation over the fixture of
 * test/support/evaluation-cases.ts (December 2026, unit gorontalo; minutes per step):
 *
 *   case   B1   B2   B3   B4   B5   B6    status      restore (→B4)  root cause (→B5)
 *   a      30   20    0   10   15   20    closed          60              75
 *   b      75   40    0   20   30   90    closed         135             165
 *   c      50    —    —    —    —    —    cancelled
 *   d      10    —    —    —    —    —    in B2
 *   (november: 20 10 0 30 60 10 — trend of November only: restore 60, root cause 120)
 *
 * B1: 4 cases, met 3 (75 is over 60) = 75 %; mean 165/4 = 41.25 → 41.3; p90 = ⌈0.9·4⌉ = 4th of
 *     10, 30, 50, 75 = 75. B2: 2 cases, met 2; mean 30; p90 = ⌈1.8⌉ = 2nd of 20, 40 = 40.
 * B3: 2 cases, no standard; 0 and 0. B4: mean 15, p90 20. B5: mean 22.5, p90 30.
 * B6: 2 cases, met 1 (90 > 60) = 50 %; mean 55; p90 90.
 * Deviations: b B1 15 minutes, b B6 30 minutes, both explained by andi.
 * Tabel 7 at the default 80 %: B1 tidak baik (75 %), B2 baik (100 %), B6 tidak baik (50 %), B3–B5 none.
 * Trend December: restore mean (60 + 135)/2 = 97.5, p90 135; root cause mean 120, p90 165.
 */

after(() => stopTestPostgres());

const refusal = (code: string) => (e: unknown): boolean => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code, messageOf(e, 'en'));
  return true;
};

for (const dialect of DIALECTS) {
  describeOn(dialect, `SOP evaluation (${dialect})`, () => {
    let t: TestApp;
    let fx: EvaluationFixture;
    let dec: SopEvaluationData;
    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      fx = await evaluationCases(t);
      dec = await getSopEvaluation(t.app, as('koor'), { month: '2026-12' });
    });
    after(() => t.close());

    it('counts per step the cases, the standard met, the mean and p90 as computed by hand', () => {
      assert.deepEqual(dec.period, { from: '2026-12-01', to: '2026-12-31' });
      assert.deepEqual([dec.evaluation.cases, dec.evaluation.closed, dec.evaluation.cancelled], [4, 2, 1]);
      assert.deepEqual(dec.evaluation.steps.map((s) => [s.step, s.standardMinutes, s.cases, s.met, s.metShare, s.meanMinutes, s.p90Minutes, s.deviations, s.explained]), [
        ['B1', 60, 4, 3, 0.75, 41.3, 75, 1, 1],
        ['B2', 60, 2, 2, 1, 30, 40, 0, 0],
        ['B3', null, 2, null, null, 0, 0, 0, 0],
        ['B4', null, 2, null, null, 15, 20, 0, 0],
        ['B5', null, 2, null, null, 22.5, 30, 0, 0],
        ['B6', 60, 2, 1, 0.5, 55, 90, 1, 1],
      ]);
    });

    it('lists the deviations with case, step, minutes over, explanation and who', () => {
      assert.deepEqual(dec.evaluation.deviations.map((d) => [d.caseId, d.step, d.overMinutes, d.explanation, d.explainedBy?.username]), [
        [fx.b, 'B1', 15, fx.explanations.b1, 'andi'],
        [fx.b, 'B6', 30, fx.explanations.b6, 'andi'],
      ]);
    });

    it('gives the monthly trend of time to restore and to root cause, twelve months ending with the period', () => {
      assert.equal(dec.trendMonths.length, 12);
      assert.deepEqual([dec.trendMonths[0], dec.trendMonths[11]], ['2026-01', '2026-12']);
      const byMonth = new Map(dec.evaluation.trend.map((m) => [m.month, m]));
      assert.deepEqual(byMonth.get('2026-12'), { month: '2026-12', restored: 2, restoreMeanMinutes: 97.5, restoreP90Minutes: 135, rootCaused: 2, rootCauseMeanMinutes: 120, rootCauseP90Minutes: 165 });
      assert.deepEqual(byMonth.get('2026-11'), { month: '2026-11', restored: 1, restoreMeanMinutes: 60, restoreP90Minutes: 60, rootCaused: 1, rootCauseMeanMinutes: 120, rootCauseP90Minutes: 120 });
      assert.equal(byMonth.get('2026-10')?.restored, 0);
      assert.equal(byMonth.get('2026-10')?.restoreMeanMinutes, null);
    });

    it('proposes Tabel 7\'s assessment from the share meeting the standard (default 80 %)', () => {
      assert.equal(dec.thresholdPercent, 80);
      assert.deepEqual(dec.table.map((r) => [r.step, r.proposed, r.assessment, r.overridden]), [
        ['B1', 'tidak_baik', 'tidak_baik', false], ['B2', 'baik', 'baik', false], ['B3', null, null, false],
        ['B4', null, null, false], ['B5', null, null, false], ['B6', 'tidak_baik', 'tidak_baik', false],
      ]);
      assert.match(dec.table[0]?.procedure.id ?? '', /menerima laporan/);
    });

    it('a period by dates: a case counts by the unit\'s local date of its report', async () => {
      // a was reported 2026-11-30T16:30Z: 1 December at 00.30 WITA.
      const nov30 = await getSopEvaluation(t.app, as('koor'), { from: '2026-11-30', to: '2026-11-30' });
      assert.equal(nov30.evaluation.cases, 0);
      const dec1 = await getSopEvaluation(t.app, as('koor'), { from: '2026-12-01', to: '2026-12-01' });
      assert.equal(dec1.evaluation.cases, 4);
      const nov = await getSopEvaluation(t.app, as('super'), { unit: 'gorontalo', month: '2026-11' });
      assert.deepEqual([nov.evaluation.cases, nov.evaluation.steps[0]?.meanMinutes], [1, 20]);
    });

    it('sets Tabel 7\'s notes and an override with its reason, logged with what it replaced; the setter is the paraf', async () => {
      await assert.rejects(setEvaluationNote(t.app, as('koor'), { month: '2026-12', step: 'B1', assessment: 'baik' }), refusal('report.override_reason_required'));
      await setEvaluationNote(t.app, as('koor'), { month: '2026-12', step: 'B1', notes: 'Laporan di luar jam piket terlambat diterima.', action: 'Jadwal piket malam ditambah.' });
      await setEvaluationNote(t.app, as('super'), { unit: 'gorontalo', month: '2026-12', step: 'B6', assessment: 'baik', reason: 'Satu kasus menunggu konfirmasi penyedia, bukan kelalaian.' });
      const after = await getSopEvaluation(t.app, as('koor'), { month: '2026-12' });
      const b1 = after.table[0];
      assert.deepEqual([b1?.assessment, b1?.overridden, b1?.notes, b1?.action, b1?.assessor?.username],
        ['tidak_baik', false, 'Laporan di luar jam piket terlambat diterima.', 'Jadwal piket malam ditambah.', 'koor']);
      const b6 = after.table[5];
      assert.deepEqual([b6?.proposed, b6?.assessment, b6?.overridden, b6?.reason, b6?.assessor?.username], ['tidak_baik', 'baik', true, 'Satu kasus menunggu konfirmasi penyedia, bukan kelalaian.', 'super']);
      // Notes belong to their exact period: November's table has none.
      assert.equal((await getSopEvaluation(t.app, as('koor'), { month: '2026-11' })).table[0]?.notes, null);
      // Clearing: an empty text, and `proposed` removes the override.
      await setEvaluationNote(t.app, as('koor'), { month: '2026-12', step: 'B6', assessment: 'proposed', action: '' });
      assert.deepEqual([(await getSopEvaluation(t.app, as('koor'), { month: '2026-12' })).table[5]?.assessment], ['tidak_baik']);
      const entries = await t.app.store.read(async (tx) => {
        const out = [];
        for await (const page of tx.logbook.range({})) out.push(...page.filter((e) => e.type === 'report.evaluation_note_set'));
        return out;
      });
      assert.equal(entries.length, 3);
      const last = JSON.parse(entries[2]?.data ?? '{}') as { step: string; before: { assessment: string }; after: { assessment: null } };
      assert.deepEqual([last.step, last.before.assessment, last.after.assessment], ['B6', 'baik', null]);
    });

    it('refuses who may not read or set it, a bad period and an unknown unit, each refusal logged', async () => {
      await assert.rejects(getSopEvaluation(t.app, as('pelapor'), { month: '2026-12' }), refusal('report.evaluation_forbidden'));
      await assert.rejects(getSopEvaluation(t.app, as('koor'), { unit: 'manado', month: '2026-12' }), refusal('report.evaluation_forbidden'));
      await assert.rejects(getSopEvaluation(t.app, as('budi'), { unit: 'gorontalo' }), refusal('report.evaluation_forbidden'));
      await assert.rejects(setEvaluationNote(t.app, as('andi'), { month: '2026-12', step: 'B1', notes: 'x' }), refusal('report.evaluation_notes_forbidden'));
      await assert.rejects(setEvaluationNote(t.app, as('audit'), { unit: 'gorontalo', month: '2026-12', step: 'B1', notes: 'x' }), refusal('report.evaluation_notes_forbidden'));
      await assert.rejects(setEvaluationNote(t.app, as('super'), { month: '2026-12', step: 'B1', notes: 'x' }), refusal('report.evaluation_unit_required'));
      await assert.rejects(getSopEvaluation(t.app, as('koor'), { month: '2026-13' }), refusal('report.period_invalid'));
      await assert.rejects(getSopEvaluation(t.app, as('koor'), { from: '2026-12-31', to: '2026-12-01' }), refusal('report.period_invalid'));
      await assert.rejects(getSopEvaluation(t.app, as('koor'), { from: '2026-02-30', to: '2026-03-01' }), refusal('report.period_invalid'));
      await assert.rejects(getSopEvaluation(t.app, as('koor'), { from: '2026-12-01' }), refusal('report.period_invalid'));
      await assert.rejects(getSopEvaluation(t.app, as('koor'), { month: '2026-12', from: '2026-12-01', to: '2026-12-02' }), refusal('report.period_invalid'));
      await assert.rejects(getSopEvaluation(t.app, as('super'), { unit: 'atlantis' }), refusal('unit.not_found'));
      await assert.rejects(issueSopEvaluation(t.app, as('koor'), { format: 'docx' }), refusal('input.invalid'));
      const refusals = await t.app.store.read(async (tx) => {
        const out = [];
        for await (const page of tx.logbook.range({})) out.push(...page.filter((e) => e.type === 'refusal' && (JSON.parse(e.data) as { action: string }).action.startsWith('report.evaluation')));
        return out;
      });
      assert.ok(refusals.length >= 13, String(refusals.length));
      const m = messageOf(DomainError.of('invalid', 'report.period_invalid', { problem: 'reversed', value: '2026-12-31 > 2026-12-01' }), 'id');
      assert.match(m, /Periode terbalik/);
    });

    it('all units for the superadmin and the national auditor; a unit\'s admin reads their own', async () => {
      const all = await getSopEvaluation(t.app, as('audit'), { month: '2026-12' });
      assert.deepEqual([all.unit, all.evaluation.cases, all.table[0]?.notes], [null, 4, null]);
      const own = await getSopEvaluation(t.app, as('andi'), { month: '2026-12' });
      assert.equal(own.unit?.code, 'gorontalo');
    });

    it('issues JSON and PDF, each logged as report.form_issued of document sop_evaluation with its SHA-256', async () => {
      const json = await issueSopEvaluation(t.app, as('koor'), { month: '2026-12', format: 'json' });
      const parsed = JSON.parse(new TextDecoder().decode(json.bytes)) as SopEvaluationData;
      assert.deepEqual(parsed.evaluation.steps, dec.evaluation.steps);
      const pdf = await issueSopEvaluation(t.app, as('koor'), { month: '2026-12', lang: 'en' });
      assert.equal(new TextDecoder().decode(pdf.bytes.subarray(0, 5)), '%PDF-');
      const issued = await t.app.store.read(async (tx) => {
        const out = [];
        for await (const page of tx.logbook.range({})) out.push(...page.filter((e) => e.type === 'report.form_issued'));
        return out.map((e) => JSON.parse(e.data) as Record<string, unknown>);
      });
      assert.deepEqual(issued.map((d) => [d['document'], d['format'], d['sha256'], d['from'], d['to'], d['unit'], d['cases']]), [
        ['sop_evaluation', 'json', json.sha256, '2026-12-01', '2026-12-31', 'gorontalo', 4],
        ['sop_evaluation', 'pdf', pdf.sha256, '2026-12-01', '2026-12-31', 'gorontalo', 4],
      ]);
    });
  });
}
