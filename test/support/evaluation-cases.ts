import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { cancelCase } from '../../src/app/case/cancel-case.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { explainDeviation } from '../../src/app/case/explain-deviation.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { TestApp } from './test-app.js';
import { as } from './test-app.js';

/** What the evaluation fixture built: its case ids, and the explanations it gave. */
export interface EvaluationFixture {
  readonly november: string;
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly january: string;
  readonly explanations: { readonly b1: string; readonly b6: string };
}

const report = async (t: TestApp, system: string): Promise<string> => (await reportFault(t.app, as('pelapor'), {
  unit: 'gorontalo', target: 'spse', system, description: `Gangguan ${system}`, urgency: 'high', channel: 'phone' })).id;

/** One case through B1…B6 with the minutes each step takes (B3 is the access start, at B2's end). */
async function run(t: TestApp, id: string, m: { b1: number; b2: number; b4: number; b5: number; b6: number }, explain: { b1?: string; b6?: string } = {}): Promise<void> {
  t.clock.advanceMinutes(m.b1);
  await acknowledgeReport(t.app, as('koor'), id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
  if (explain.b1) await explainDeviation(t.app, as('andi'), id, { step: 'B1', explanation: explain.b1 });
  t.clock.advanceMinutes(m.b2);
  await prepareWorkstation(t.app, as('andi'), id, { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse', sourceIp: '127.0.0.1' });
  await recordAccessStart(t.app, as('andi'), id, { sourceIp: '127.0.0.1' });
  t.clock.advanceMinutes(m.b4);
  await recordRestoration(t.app, as('andi'), id, { initialFix: 'Restart tomcat' });
  t.clock.advanceMinutes(m.b5);
  await recordRootCause(t.app, as('andi'), id, { rootCause: 'Disk penuh', permanentFix: 'Rotasi log' });
  await recordAccessEnd(t.app, as('andi'), id, {});
  t.clock.advanceMinutes(m.b6);
  if (explain.b6) await explainDeviation(t.app, as('andi'), id, { step: 'B6', explanation: explain.b6 });
  await closeCase(t.app, as('andi'), id, { notes: 'Selesai' });
}

/**
 * Cases of the seeded world (seedWorld, unit gorontalo, WITA = UTC+8) with known times, through the
 * real use cases on the test clock (it starts at 2026-11-28T01:00Z). The hand computation is in
 * test/contract/sop-evaluation.test.ts.
 * - november (28 Nov): B1 20, B2 10, B4 30, B5 60, B6 10 minutes — in the trend only.
 * - a (reported 2026-11-30T16:30Z = 1 Dec 00:30 WITA: December by the unit's date): B1 30, B2 20, B4 10, B5 15, B6 20.
 * - b: B1 75 (15 late, explained), B2 40, B4 20, B5 30, B6 90 (30 late, explained).
 * - c: B1 50, then cancelled.   - d: B1 10, then left in B2.   - january (2 Jan 2027): reported only.
 */
export async function evaluationCases(t: TestApp): Promise<EvaluationFixture> {
  const explanations = {
    b1: 'Laporan masuk di luar jam piket; koordinator baru menerima informasi gangguan setelah rapat.',
    b6: 'Menunggu konfirmasi penyedia bahwa unggah penawaran berhasil sebelum menutup Logbook.',
  };
  const november = await report(t, 'SPSE November');
  await run(t, november, { b1: 20, b2: 10, b4: 30, b5: 60, b6: 10 });
  t.clock.advanceMinutes((Date.parse('2026-11-30T16:30:00Z') - t.clock.now().getTime()) / 60_000);
  const a = await report(t, 'SPSE A');
  await run(t, a, { b1: 30, b2: 20, b4: 10, b5: 15, b6: 20 });
  const b = await report(t, 'SPSE B');
  await run(t, b, { b1: 75, b2: 40, b4: 20, b5: 30, b6: 90 }, explanations);
  const c = await report(t, 'SPSE C');
  t.clock.advanceMinutes(50);
  await acknowledgeReport(t.app, as('koor'), c, { classification: 'aplikasi', impact: 'Lambat', executor: 'andi' });
  await cancelCase(t.app, as('koor'), c, { reason: 'Laporan ganda' });
  const d = await report(t, 'SPSE D');
  t.clock.advanceMinutes(10);
  await acknowledgeReport(t.app, as('koor'), d, { classification: 'aplikasi', impact: 'Lambat', executor: 'andi' });
  t.clock.advanceMinutes((Date.parse('2027-01-02T02:00:00Z') - t.clock.now().getTime()) / 60_000);
  const january = await report(t, 'SPSE Januari');
  return { november, a, b, c, d, january, explanations };
}
