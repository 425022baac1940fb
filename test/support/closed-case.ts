import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { TestApp } from './test-app.js';
import { as } from './test-app.js';

type FaultReport = Parameters<typeof reportFault>[2];

/** The fault report the fixtures file unless given another: pelapor's, for spse, urgency high. */
export const FIXTURE_REPORT = { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Login SPSE error 502', urgency: 'high', channel: 'phone' } as const;

/**
 * A case of the seeded world (see seedWorld) taken through the use cases, on time, to B5 done
 * (root cause recorded, access ended; B6's clock running): reported by pelapor, acknowledged by
 * koor, executed by andi; its id.
 */
export async function rootCausedCase(t: TestApp, report: FaultReport = FIXTURE_REPORT): Promise<string> {
  const c = await reportFault(t.app, as('pelapor'), report);
  await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
  await prepareWorkstation(t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse', sourceIp: '127.0.0.1' });
  await recordAccessStart(t.app, as('andi'), c.id, { sourceIp: '127.0.0.1' });
  t.clock.advanceMinutes(10);
  await recordRestoration(t.app, as('andi'), c.id, { initialFix: 'Restart tomcat' });
  await recordRootCause(t.app, as('andi'), c.id, { rootCause: 'Disk penuh', permanentFix: 'Rotasi log' });
  await recordAccessEnd(t.app, as('andi'), c.id, {});
  return c.id;
}

/** {@link rootCausedCase}, then closed (B6) by andi; its id. */
export async function closedCase(t: TestApp, report: FaultReport = FIXTURE_REPORT): Promise<string> {
  const id = await rootCausedCase(t, report);
  await closeCase(t.app, as('andi'), id, { notes: 'Selesai' });
  return id;
}
