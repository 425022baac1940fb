import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseLine, caseText } from '../../src/presenters/case-text.js';
import { formatDateTime, zoneAbbreviation } from '../../src/presenters/format-time.js';
import { presentCaseList } from '../../src/presenters/view-models/case-list-view.js';
import { presentCase } from '../../src/presenters/view-models/case-view.js';
import {
  EXECUTOR_ID, KOORDINATOR_ID, REPORTER_ID, SOP, UNIT, VIEW_RECORDS, accessAt, ackAt, at, buildCase, caseAt, caseViewData, closeAt, explainAt,
  failingChecks, prepareAt, returnAt,
} from './factories.js';

// eslint-disable-next-line no-control-regex -- what must never reach the terminal
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const RECORDS = VIEW_RECORDS;
/** What getCaseView returns for `c`, at `now`. */
const data = caseViewData;

describe(presentCase.name, () => {
  it('resolves every id to a name and every time to the unit zone', () => {
    const c = caseAt('approved');
    const v = presentCase(data(c, '2026-11-28T03:00:00.000Z'));
    assert.deepEqual(v.unit, { id: UNIT, code: 'gorontalo', name: 'LPSE Provinsi Gorontalo', timeZone: 'Asia/Makassar', zone: 'WITA' });
    assert.equal(v.target?.name, 'spse-prod');
    assert.deepEqual(v.report.reporter, { id: REPORTER_ID, username: 'pelapor', name: 'Siti Pelapor', role: 'pelapor' });
    assert.equal(v.acknowledgement?.executor.username, 'andi');
    assert.equal(v.preparation?.workstation.assetTag, 'LPSE-NB-001');
    assert.equal(v.preparation?.network.name, 'kantor-lpse');
    assert.equal(v.accesses[0]?.network?.name, 'kantor-lpse');
    assert.equal(v.approval?.by.username, 'koor');
    // T0 is 01:00 UTC: 09:00 in Makassar.
    assert.deepEqual(v.report.at, { utc: '2026-11-28T01:00:00.000Z', timeZone: 'Asia/Makassar', zone: 'WITA', date: '2026-11-28', time: '09:00' });
    assert.deepEqual(v.timeline.map((r) => [r.step, r.state, r.standardMinutes]),
      [['B1', 'done', 60], ['B2', 'done', 60], ['B3', 'done', null], ['B4', 'done', null], ['B5', 'done', null], ['B6', 'done', 60]]);
    assert.deepEqual(v.a2.missing, []);
    assert.equal(v.a2.date, '2026-11-28');
  });

  it('keeps an id that no longer has a record, as itself', () => {
    const v = presentCase(data(caseAt('acknowledged'), '2026-11-28T03:00:00.000Z', { ...RECORDS, users: [] }));
    assert.deepEqual(v.report.reporter, { id: REPORTER_ID, username: null, name: null, role: null });
    assert.match(caseText(v, 'en'), new RegExp(`by ${REPORTER_ID}`));
  });

  it('shows a recorded deviation with its explanation, and one still running on the step in progress', () => {
    const late = explainAt(ackAt(buildCase(), 95), 'B1', 100);
    const v = presentCase(data(late, '2026-11-28T04:30:00.000Z'));
    const b1 = v.timeline[0];
    assert.equal(b1?.deviation?.overMinutes, 35);
    assert.equal(b1?.deviation?.recorded, true);
    assert.equal(b1?.deviation?.explanation?.by.username, 'andi');
    assert.equal(b1?.deviation?.explanation?.text, 'Laporan diterima di luar jam kerja');
    const b2 = v.timeline[1];
    assert.equal(b2?.state, 'in_progress');
    assert.deepEqual({ over: b2?.deviation?.overMinutes, recorded: b2?.deviation?.recorded }, { over: 55, recorded: false });
    const en = caseText(v, 'en');
    assert.match(en, /B1 +Receive the fault report — time standard 60 min/);
    assert.match(en, /deviation: 35 min over the time standard\n/);
    assert.match(en, /explanation \(by Andi Saputra \(andi\), 28 November 2026 at 10:40 WITA\): Laporan diterima di luar jam kerja/);
    assert.match(en, /B2\* Prepare the workstation[\s\S]*55 min past the deadline \(still running\) — NOT YET EXPLAINED/);
    const id = caseText(v, 'id');
    assert.match(id, /penyimpangan mutu baku: terlambat 35 menit/);
    assert.match(id, /lewat batas 55 menit \(masih berjalan\) — BELUM DIJELASKAN/);
  });

  it('shows the A1 results with the failed check and the A2 fields still missing', () => {
    const c = prepareAt(ackAt(buildCase(), 10), 20, failingChecks('b'));
    const v = presentCase(data(c, '2026-11-28T01:30:00.000Z'));
    assert.equal(v.preparation?.ready, false);
    assert.deepEqual(v.preparation?.checks.map((ch) => [ch.code, ch.passed]), [['a', true], ['b', false], ['c', true], ['d', true], ['e', true]]);
    assert.equal(v.preparation?.checks[1]?.provision?.id, SOP.provisions.a1.items[1]?.text.id);
    assert.deepEqual(v.a2.missing, ['location', 'network', 'date', 'accessStart', 'accessEnd', 'analysis', 'repair']);
    const en = caseText(v, 'en');
    assert.match(en, /A1 workstation checks: FAILED/);
    assert.match(en, /A1b FAILED A1b failed/);
    assert.match(en, /A2 documentation: incomplete \(Repair location, Network used, Date, access start, access end, Fault analysis, Repair\)/);
  });

  it('renders B3 accesses with their network and who recorded them', () => {
    const c = accessAt(prepareAt(ackAt(buildCase(), 10), 20), 30);
    const en = caseText(presentCase(data(c, '2026-11-28T01:40:00.000Z')), 'en');
    assert.match(en, /B3 accesses\n {4}28 November 2026 at 09:30 WITA – still open; through the gateway; Network kantor-lpse; source address 10\.10\.1\.15; by Andi Saputra \(andi\)/);
  });

  it('shows the sessions with sealed input, a flagged one marked, and nothing when there is none', () => {
    const c = accessAt(prepareAt(ackAt(buildCase(), 10), 20), 30);
    const masked = [{ sessionId: 'gs-1', lines: 5, flagged: true, threshold: 3 }, { sessionId: 'gs-2\u001b[2J', lines: 1, flagged: false, threshold: null }];
    const v = presentCase(data(c, '2026-11-28T01:40:00.000Z', RECORDS, masked));
    assert.deepEqual(v.maskedInput, masked);
    const en = caseText(v, 'en');
    assert.match(en, /Sealed input \(typed at password prompts\)\n {4}⚑ session gs-1: 5 sealed line\(s\) — FLAGGED: over the threshold of 3 line\(s\)/);
    assert.match(caseText(v, 'id'), /⚑ sesi gs-1: 5 baris tersegel — DITANDAI: melebihi ambang 3 baris/);
    assert.ok(!en.includes('\u001b'), 'a session id is shown terminal-safe');
    assert.doesNotMatch(caseText(presentCase(data(c, '2026-11-28T01:40:00.000Z')), 'en'), /Sealed input/);
  });
});

describe('the case text renderer and user text', () => {
  it('escapes control characters in everything people wrote, and keeps multi-line text inside its field', () => {
    const hostile = '\x1b[2J\x1b]52;c;ZXZpbA==\x07\u009b31m\rA1a ok\u202e';
    const c = buildCase({
      report: { ...buildCase().report, description: hostile, system: `SPSE\x1b[8m` },
      acknowledgement: { at: '2026-11-28T01:10:00.000Z', by: KOORDINATOR_ID, classification: 'a\x1b[1Ab', impact: 'line one\nline two\x1b[K', executorId: EXECUTOR_ID },
      status: 'acknowledged',
    });
    const v = presentCase(data(c, '2026-11-28T01:20:00.000Z', { ...RECORDS, users: [...RECORDS.users.slice(1), { id: REPORTER_ID, username: 'evil\x1b[2J', displayName: 'Name\x9b2J', role: 'pelapor' }] }));
    for (const lang of ['id', 'en'] as const) {
      const text = caseText(v, lang);
      assert.doesNotMatch(text, ACTIVE, lang);
      assert.match(text, /␛\[2J␛\]52;c;ZXZpbA==␇\\u009b31m␍A1a ok\\u202e/);
      assert.match(text, /Name\\u009b2J \(evil␛\[2J\)/);
      assert.match(text, /line one\n {6}line two␛\[K/);
    }
    const line = caseLine(presentCaseList({
      items: [{ id: 'case-1', unitId: UNIT, targetId: null, status: 'reported', step: 'B1', revision: 1, reportedAt: '2026-11-28T01:00:00.000Z',
        updatedAt: '2026-11-28T01:00:00.000Z', executorId: null, system: `SPSE\x1b]0;title\x07`, urgency: 'high', deviations: 0, sopVersion: '2019.0' }],
      total: 1, totalCapped: false, offset: 0, limit: 50, records: { units: [], targets: [], users: [] },
    }).items[0] as never, 'en');
    assert.doesNotMatch(line, ACTIVE);
    assert.match(line, /SPSE␛\]0;title␇$/);
  });
});

describe(zoneAbbreviation.name, () => {
  it('names the Indonesian zones WIB, WITA, WIT and any other by its offset', () => {
    assert.equal(zoneAbbreviation('Asia/Jakarta'), 'WIB');
    assert.equal(zoneAbbreviation('Asia/Pontianak'), 'WIB');
    assert.equal(zoneAbbreviation('Asia/Makassar'), 'WITA');
    assert.equal(zoneAbbreviation('Asia/Jayapura'), 'WIT');
    assert.equal(zoneAbbreviation('Asia/Bangkok'), 'UTC+07:00', 'same offset as WIB, but not Indonesia');
    assert.equal(zoneAbbreviation('UTC'), 'UTC');
  });

  it('words a time in Indonesian and English', () => {
    assert.equal(formatDateTime('2019-12-03T01:05:00.000Z', 'Asia/Makassar', 'id'), '3 Desember 2019 pukul 09.05 WITA');
    assert.equal(formatDateTime('2019-12-03T01:05:00.000Z', 'Asia/Jayapura', 'en'), '3 December 2019 at 10:05 WIT');
    assert.equal(formatDateTime('2019-12-03T01:05:00.000Z', 'Asia/Jakarta', 'id'), '3 Desember 2019 pukul 08.05 WIB');
  });
});

describe('presentCase and caseText: the trail of returns for correction (Kembalikan)', () => {
  const returned = returnAt(caseAt('closed'), 24 * 60, 'Analisa kurang\x1b[2J lengkap\nSebutkan penyebab disk penuh');

  it('carries every return with who, when in the unit\'s zone, the alasan and the close it sent back', () => {
    const v = presentCase(data(closeAt(returnAt(closeAt(returned, 25 * 60), 26 * 60, 'Catatan kurang'), 27 * 60), at(28 * 60)));
    assert.deepEqual(v.returns.map((r) => [r.by.username, r.at.time, r.at.zone, r.reason.slice(0, 14), r.closure.by.username, r.closure.at.utc]), [
      ['koor', '09:00', 'WITA', 'Analisa kurang', 'andi', at(60)],
      ['koor', '11:00', 'WITA', 'Catatan kurang', 'andi', at(25 * 60)],
    ]);
    assert.equal(v.closure?.at.utc, at(27 * 60));
    const b6 = v.timeline.find((r) => r.step === 'B6');
    assert.deepEqual([b6?.state, b6?.judged, b6?.completedAt?.utc, b6?.deviation], ['done', true, at(60), null]);
  });

  it('shows a returned case awaiting correction, its B6 judged and not running late, the alasan escaped inside its field', () => {
    const v = presentCase(data(returned, at(30 * 60)));
    const b6 = v.timeline.find((r) => r.step === 'B6');
    assert.deepEqual([b6?.state, b6?.judged, b6?.deviation], ['in_progress', true, null]);
    for (const lang of ['id', 'en'] as const) {
      const text = caseText(v, lang);
      assert.doesNotMatch(text, ACTIVE);
      assert.match(text, lang === 'en' ? /Status: root cause fixed \(step in progress: B6\) — returned, awaiting the executor's correction/
        : /Status: akar masalah diperbaiki \(langkah berjalan: B6\) — dikembalikan, menunggu perbaikan pelaksana/);
      assert.match(text, lang === 'en' ? /Reason: Analisa kurang␛\[2J lengkap\n {6}Sebutkan penyebab disk penuh/ : /Alasan: Analisa kurang␛\[2J lengkap\n {6}Sebutkan/);
      assert.doesNotMatch(text, lang === 'en' ? /due|running late/ : /batas|terlambat/);
    }
  });
});
