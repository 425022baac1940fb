import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import { closedCase } from './closed-case.js';
import type { FormCaseFixture } from './form-case.js';
import { approvedFormCase } from './form-case.js';
import type { TestApp } from './test-app.js';
import { as } from './test-app.js';

/** What the Logbook fixture wrote: the cases in the period (gorontalo), the one before it, another unit's, and the period. */
export interface LogbookFixture {
  readonly from: string;
  readonly to: string;
  /** Gorontalo's cases closed in the period, in order of closing: approved (Form Laporan's), closed, closed from two networks. */
  readonly inPeriod: readonly string[];
  readonly form: FormCaseFixture;
  readonly twoNetworks: { readonly caseId: string; readonly location: string; readonly initialFix: string; readonly rootCause: string; readonly permanentFix: string };
  /** Gorontalo's case closed the day before the period. */
  readonly before: string;
  /** Manado's case closed in the period. */
  readonly otherUnit: string;
}

/** Text a spreadsheet would run (`=…`), with a comma, quotes and a line break: what CSV must carry as written. */
export const FORMULA_FIX = '=HYPERLINK("http://example.invalid/x","klik"), lalu layanan "tomcat9" dimulai ulang\nbaris kedua';

/**
 * Over the seeded world (seedWorld): gorontalo's case closed on 28 November (WITA), then on 29
 * November the Form Laporan's approved case, a closed case, and a case whose accesses came from
 * two networks (the office intranet, then LKPP's VPN), and manado's case closed the same day.
 * The period is 29–30 November 2026.
 */
export async function logbookCases(t: TestApp): Promise<LogbookFixture> {
  const { app, clock } = t;
  const su = as('super');
  await createNetwork(app, su, { name: 'kantor-manado', unit: 'manado', kind: 'office_lpse', cidrs: ['10.20.0.0/24'], intranet: true });
  await registerWorkstation(app, su, { assetTag: 'MDO-NB-001', serialNumber: 'SN-M1', ownerUnit: 'manado', assignedUser: 'budi', organisationOwned: true });

  const before = await closedCase(t);
  clock.advanceMinutes(24 * 60);
  const form = await approvedFormCase(t);
  clock.advanceMinutes(10);
  const plain = await closedCase(t);
  clock.advanceMinutes(10);

  const twoNetworks = {
    location: 'Rumah dinas Administrator Sistem, Jl. Nani Wartabone No. 7, Kota Gorontalo',
    initialFix: FORMULA_FIX,
    rootCause: 'Sertifikat TLS proksi balik kedaluwarsa; pembaruan otomatis gagal karena port 80 ditutup oleh firewall baru.',
    permanentFix: '+Membuka port 80 untuk tantangan ACME dan memasang pemantauan masa berlaku sertifikat.',
  };
  const c = await reportFault(app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Sertifikat kedaluwarsa', urgency: 'medium', channel: 'web' });
  await acknowledgeReport(app, as('koor'), c.id, { classification: 'jaringan', impact: 'Peramban menolak situs SPSE', executor: 'andi' });
  await prepareWorkstation(app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: twoNetworks.location, network: 'kantor-lpse', sourceIp: '127.0.0.1' });
  await recordAccessStart(app, as('andi'), c.id, { sourceIp: '127.0.0.1' });
  clock.advanceMinutes(5);
  await recordAccessEnd(app, as('andi'), c.id, {});
  await recordAccessStart(app, as('andi'), c.id, { network: 'vpn-lkpp', sourceIp: '10.8.0.9' });
  clock.advanceMinutes(15);
  await recordRestoration(app, as('andi'), c.id, { initialFix: twoNetworks.initialFix });
  await recordAccessEnd(app, as('andi'), c.id, {});
  await recordRootCause(app, as('andi'), c.id, { rootCause: twoNetworks.rootCause, permanentFix: twoNetworks.permanentFix });
  await closeCase(app, as('andi'), c.id, {});
  clock.advanceMinutes(10);

  const m = await reportFault(app, as('budi'), { unit: 'manado', system: 'SPSE Manado', description: 'Lambat', urgency: 'low', channel: 'web' });
  await acknowledgeReport(app, as('budi'), m.id, { classification: 'aplikasi', impact: 'Halaman lambat', executor: 'budi' });
  await prepareWorkstation(app, as('budi'), m.id, { workstation: 'MDO-NB-001', location: 'Kantor LPSE Kota Manado', network: 'kantor-manado', sourceIp: '10.20.0.5' });
  await recordAccessStart(app, as('budi'), m.id, { sourceIp: '10.20.0.5' });
  clock.advanceMinutes(10);
  await recordRestoration(app, as('budi'), m.id, { initialFix: 'Cache MANADO-ONLY dibersihkan' });
  await recordRootCause(app, as('budi'), m.id, { rootCause: 'Indeks basis data MANADO-ONLY hilang', permanentFix: 'Indeks dibuat ulang' });
  await recordAccessEnd(app, as('budi'), m.id, {});
  await closeCase(app, as('budi'), m.id, {});

  return { from: '2026-11-29', to: '2026-11-30', inPeriod: [form.caseId, plain, c.id], form, twoNetworks: { caseId: c.id, ...twoNetworks }, before, otherUnit: m.id };
}
