import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseViewData } from '../../src/app/case/get-case-view.js';
import type { LogbookReportData } from '../../src/app/report/logbook-report-data.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { logbookPeriod, periodBounds } from '../../src/domain/report/logbook-period.js';
import { logbookReportCsv } from '../../src/presenters/logbook-report-csv.js';
import { presentLogbookReport } from '../../src/presenters/view-models/logbook-report-view.js';
import { parseCsv } from '../support/csv.js';
import { SOP, VIEW_RECORDS, caseAt, caseViewData, refusal } from './factories.js';

const RECORDS = { ...VIEW_RECORDS, target: null };
const view = (c: RepairCase): CaseViewData => caseViewData(c, '2026-11-29T00:00:00.000Z', RECORDS);

/** The CSV of these cases (gorontalo, 28–28 November 2026), parsed back. */
function csvOf(cases: RepairCase[], lang: 'id' | 'en' = 'id'): { text: string; rows: string[][] } {
  const data: LogbookReportData = { period: logbookPeriod('2026-11-28', '2026-11-28'), unit: RECORDS.unit, sops: [SOP], cases: cases.map(view) };
  const text = logbookReportCsv(presentLogbookReport(data), lang);
  return { text, rows: parseCsv(text) };
}

/** An approved case whose B4 and B5 texts are `texts`. */
function withTexts(texts: { initialFix?: string; rootCause?: string; permanentFix?: string }, id = 'case-1'): RepairCase {
  const c = caseAt('approved');
  return {
    ...c, id,
    restoration: c.restoration && { ...c.restoration, initialFix: texts.initialFix ?? c.restoration.initialFix },
    rootCause: c.rootCause && { ...c.rootCause, rootCause: texts.rootCause ?? c.rootCause.rootCause, permanentFix: texts.permanentFix ?? c.rootCause.permanentFix },
  };
}

describe(logbookReportCsv.name, () => {
  it('writes a header row in the chosen language, then one row per case, CRLF line ends (RFC 4180)', () => {
    const id = csvOf([withTexts({}, 'case-1'), withTexts({}, 'case-2')]);
    assert.ok(id.text.endsWith('\r\n'));
    assert.doesNotMatch(id.text.replace(/\r\n/g, ''), /\n/, 'no bare line feed');
    assert.equal(id.rows[0]?.[0], 'Nomor kasus');
    assert.deepEqual(id.rows.slice(1).map((r) => r[0]), ['case-1', 'case-2']);
    const en = csvOf([withTexts({})], 'en');
    assert.deepEqual(en.rows[0]?.slice(0, 4), ['Case number', 'Unit', 'Repair location', 'Networks used']);
  });

  it('resolves names and words times in the unit zone with its abbreviation', () => {
    const [, row] = csvOf([withTexts({})], 'en').rows;
    assert.ok(row);
    assert.equal(row[1], 'LPSE Provinsi Gorontalo (gorontalo)');
    assert.equal(row[3], 'kantor-lpse (intranet)');
    assert.match(row[5] ?? '', /^28 November 2026 at 09:\d{2} WITA$/);
    assert.equal(row[10], 'Andi Saputra (andi)');
    assert.equal(row[12], 'Fri Bilakonga (koor)');
    assert.equal(row[13], '28 November 2026');
    assert.equal(row[14], 'approved');
  });

  it('quotes commas, quotes and line breaks, and keeps each text whole in its cell', () => {
    const text = 'Layanan "tomcat9", nginx\r\ndan cron dimulai ulang\nbaris ketiga';
    const { rows } = csvOf([withTexts({ initialFix: text })]);
    assert.equal(rows[1]?.[7], text);
    assert.equal(rows[1]?.length, 15);
  });

  it('defuses what a spreadsheet would run as a formula (= + - @, tab, CR) with a leading quote', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const { rows } = csvOf([withTexts({ rootCause: `${start}SUM(A1:A9)`, permanentFix: `${start}cmd|' /C calc'!A0` })]);
      assert.equal(rows[1]?.[8], `'${start}SUM(A1:A9)`, JSON.stringify(start));
      assert.equal(rows[1]?.[9], `'${start}cmd|' /C calc'!A0`);
    }
  });

  it('holds one value per cell: no JSON', () => {
    const { rows } = csvOf([withTexts({})]);
    for (const cell of rows[1] ?? []) assert.doesNotMatch(cell, /^\s*[{[]/);
  });
});

describe(logbookPeriod.name, () => {
  it('takes real days, from not after to, at most 366 days, and bounds them in the unit zone', () => {
    assert.deepEqual(logbookPeriod('2028-01-01', '2028-12-31'), { from: '2028-01-01', to: '2028-12-31', days: 366 });
    assert.equal(refusal(() => logbookPeriod('2027-01-01', '2028-01-02')).code, 'report.period_too_long');
    assert.equal(refusal(() => logbookPeriod('2026-11-30', '2026-11-29')).code, 'report.period_reversed');
    assert.deepEqual(refusal(() => logbookPeriod('2026-02-29', '2026-03-01')).params, { field: 'from', value: '2026-02-29' });
    assert.deepEqual(refusal(() => logbookPeriod('2026-03-01', '1/4/2026')).params, { field: 'to', value: '1/4/2026' });
    const p = logbookPeriod('2026-11-29', '2026-11-30');
    assert.deepEqual(periodBounds(p, 'Asia/Makassar'), { start: '2026-11-28T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
    assert.deepEqual(periodBounds(p, 'Asia/Jayapura'), { start: '2026-11-28T15:00:00.000Z', end: '2026-11-30T15:00:00.000Z' });
    // A zone that changes its offset within the period: each end at its own local midnight.
    assert.deepEqual(periodBounds(logbookPeriod('2026-03-28', '2026-03-29'), 'Europe/Berlin'), { start: '2026-03-27T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
  });
});
