import assert from 'node:assert/strict';
import { messageOf } from '../../src/messages/catalogue.js';
import { after, afterEach, beforeEach, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { approveCase } from '../../src/app/case/approve-case.js';
import { cancelCase } from '../../src/app/case/cancel-case.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { explainDeviation } from '../../src/app/case/explain-deviation.js';
import { getCase } from '../../src/app/case/get-case.js';
import { listCases } from '../../src/app/case/list-cases.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { DomainError } from '../../src/domain/errors.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

/** Asserts the promise is refused with this code, and returns the error. */
async function refused(p: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${messageOf(e, 'en')}`);
    assert.ok(messageOf(e, 'id').length > 0 && messageOf(e, 'en').length > 0);
    return e;
  }
  assert.fail(`expected refusal ${code}`);
}

async function logTypes(t: TestApp): Promise<{ type: string; caseId: string | null; data: Record<string, unknown> }[]> {
  const out: { type: string; caseId: string | null; data: Record<string, unknown> }[] = [];
  await t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) for (const e of page) out.push({ type: e.type, caseId: e.caseId, data: JSON.parse(e.data) as Record<string, unknown> });
  });
  return out;
}

const REPORT = { unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Login SPSE gagal (HTTP 502)', urgency: 'critical', channel: 'phone' };
const PREPARE = { workstation: 'LPSE-NB-001', location: 'Kantor LPSE Gorontalo', network: 'kantor-lpse', sourceIp: '127.0.0.1' };

for (const dialect of DIALECTS) {
  describeOn(dialect, `repair case use cases (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); await seedWorld(t); });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    /** B1 → B3 on time, as `andi`. */
    async function toAccess(): Promise<RepairCase> {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
      await prepareWorkstation(t.app, as('andi'), c.id, PREPARE);
      return recordAccessStart(t.app, as('andi'), c.id, { sourceIp: '127.0.0.1' });
    }

    it('takes a case from fault report to approval and writes every step to a verifiable logbook', async () => {
      const c0 = await toAccess();
      assert.equal(c0.status, 'in_repair');
      t.clock.advanceMinutes(20);
      await recordRestoration(t.app, as('andi'), c0.id, { initialFix: 'Restart tomcat' });
      await recordRootCause(t.app, as('andi'), c0.id, { rootCause: 'Disk penuh', permanentFix: 'Rotasi log' });
      await recordAccessEnd(t.app, as('andi'), c0.id, {});
      const closed = await closeCase(t.app, as('andi'), c0.id, {});
      assert.equal(closed.status, 'closed');
      const approved = await approveCase(t.app, as('koor'), c0.id, {});
      assert.equal(approved.status, 'approved');
      const view = await getCase(t.app, as('audit'), c0.id);
      assert.deepEqual(view.a2, {
        location: 'Kantor LPSE Gorontalo', network: 'kantor-lpse', date: '2026-11-28', accessStart: '2026-11-28T01:00:00.000Z',
        accessEnd: '2026-11-28T01:20:00.000Z', analysis: 'Disk penuh', repair: 'Restart tomcat\nRotasi log',
      });
      const types = (await logTypes(t)).filter((e) => e.caseId === c0.id).map((e) => e.type);
      assert.deepEqual(types, ['case.reported', 'case.acknowledged', 'case.prepared', 'case.access_started', 'case.restored',
        'case.root_caused', 'case.access_ended', 'case.closed', 'case.approved']);
      assert.equal((await verifyLogbook(t.app)).ok, true);
    });

    it('records a deviation of the right size when B1 misses its standard, and refuses to close until it is explained', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      t.clock.advanceMinutes(95);
      const acked = await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'tinggi', executor: 'andi' });
      assert.deepEqual(acked.deviations.map((d) => [d.step, d.overMinutes, d.standardMinutes]), [['B1', 35, 60]]);
      await prepareWorkstation(t.app, as('andi'), c.id, PREPARE);
      await recordAccessStart(t.app, as('andi'), c.id, {});
      await recordRestoration(t.app, as('andi'), c.id, { initialFix: 'Restart' });
      await recordRootCause(t.app, as('andi'), c.id, { rootCause: 'Disk', permanentFix: 'Rotasi' });
      await recordAccessEnd(t.app, as('andi'), c.id, {});
      const e = await refused(closeCase(t.app, as('andi'), c.id, {}), 'case.deviation_unexplained');
      assert.deepEqual(e.details['deviations'], [{ step: 'B1', overMinutes: 35 }]);
      await explainDeviation(t.app, as('andi'), c.id, { step: 'B1', explanation: 'Laporan masuk di luar jam kerja' });
      assert.equal((await closeCase(t.app, as('andi'), c.id, {})).status, 'closed');
    });

    it('measures B2 from B1 and B6 from B5, and lets B6 be explained while it is overdue', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'tinggi', executor: 'andi' });
      t.clock.advanceMinutes(61);
      const prepared = await prepareWorkstation(t.app, as('andi'), c.id, PREPARE);
      assert.deepEqual(prepared.deviations.map((d) => [d.step, d.overMinutes]), [['B2', 1]]);
      await recordAccessStart(t.app, as('andi'), c.id, {});
      await recordRestoration(t.app, as('andi'), c.id, { initialFix: 'Restart' });
      await recordRootCause(t.app, as('andi'), c.id, { rootCause: 'Disk', permanentFix: 'Rotasi' });
      await recordAccessEnd(t.app, as('andi'), c.id, {});
      await explainDeviation(t.app, as('andi'), c.id, { step: 'B2', explanation: 'Menunggu VPN' });
      t.clock.advanceMinutes(120);
      await refused(closeCase(t.app, as('andi'), c.id, {}), 'case.deviation_unexplained');
      await explainDeviation(t.app, as('andi'), c.id, { step: 'B6', explanation: 'Listrik padam' });
      const closed = await closeCase(t.app, as('andi'), c.id, {});
      assert.deepEqual(closed.deviations.map((d) => [d.step, d.overMinutes]), [['B2', 1], ['B6', 60]]);
    });

    it('refuses B3 after a failed A1 check, keeps the failed checks as evidence, and logs the refusal', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'tinggi', executor: 'andi' });
      const p = await prepareWorkstation(t.app, as('andi'), c.id, { ...PREPARE, workstation: 'PRIVATE-01', network: 'warkop', sourceIp: '192.0.2.7' });
      assert.equal(p.status, 'acknowledged');
      assert.deepEqual(p.preparation?.checks.filter((x) => !x.passed).map((x) => x.code), ['a', 'b', 'e']);
      const e = await refused(recordAccessStart(t.app, as('andi'), c.id, {}), 'access.a1_failed');
      assert.deepEqual(e.details['failed'], ['a', 'b', 'e']);
      const log = await logTypes(t);
      assert.ok(log.some((x) => x.type === 'case.preparation_failed' && x.caseId === c.id));
      const refusal = log.find((x) => x.type === 'refusal' && x.caseId === c.id);
      assert.equal(refusal?.data['code'], 'access.a1_failed');
      // A passing preparation unblocks B3.
      await prepareWorkstation(t.app, as('andi'), c.id, PREPARE);
      assert.equal((await recordAccessStart(t.app, as('andi'), c.id, {})).status, 'in_repair');
    });

    it('B2 keeps each provision\'s words as shown, and the logbook every A1 rule\'s verdict with the code of each refusal', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'tinggi', executor: 'andi' });
      const p = await prepareWorkstation(t.app, as('andi'), c.id, { ...PREPARE, workstation: 'PRIVATE-01', network: 'warkop', sourceIp: '192.0.2.7' });
      assert.deepEqual(p.preparation?.checks.find((x) => x.code === 'a')?.reason,
        { id: 'Workstation PRIVATE-01 bukan milik LKPP/LPSE.', en: 'Workstation PRIVATE-01 is not owned by LKPP/LPSE.' });
      const entry = (await logTypes(t)).find((x) => x.type === 'case.preparation_failed' && x.caseId === c.id);
      const checks = entry?.data['checks'] as { code: string; rules: { rule: string; passed: boolean; code?: string }[] }[];
      assert.deepEqual(checks.map((ch) => [ch.code, ch.rules]), [
        ['A1a', [{ rule: 'workstation_owned', passed: false, code: 'access.workstation_not_owned' }, { rule: 'workstation_in_service', passed: true },
          { rule: 'workstation_assigned', passed: true }]],
        ['A1b', [{ rule: 'network_allowed', passed: false, code: 'access.network_public' }, { rule: 'network_in_service', passed: true },
          { rule: 'source_in_network', passed: true }, { rule: 'network_unit', passed: true }]],
        ['A1c', [{ rule: 'target_not_root', passed: true }]],
        ['A1d', [{ rule: 'target_in_service', passed: true }, { rule: 'user_active', passed: true }, { rule: 'executor_authorised', passed: true }]],
        ['A1e', [{ rule: 'network_protected', passed: false, code: 'access.network_insecure' }]],
      ]);
    });

    it('refuses a source address outside the network and, in B5, a network that is not intranet', async () => {
      const c = await toAccess();
      await refused(recordAccessStart(t.app, as('andi'), c.id, { sourceIp: '10.9.9.9' }), 'access.source_outside_network');
      await recordRestoration(t.app, as('andi'), c.id, { initialFix: 'Restart' });
      await refused(recordAccessStart(t.app, as('andi'), c.id, { network: 'vpn-lkpp', sourceIp: '10.8.1.1' }), 'access.b5_requires_intranet');
      await refused(recordAccessStart(t.app, as('andi'), c.id, { network: 'warkop' }), 'access.network_public');
      assert.equal((await recordAccessStart(t.app, as('andi'), c.id, { network: 'kantor-lpse', sourceIp: '::1' })).accesses.length, 2);
      // Only the gateway names its own session ids.
      await refused(recordAccessStart(t.app, as('andi'), c.id, { accessId: 'forged' }), 'access.id_reserved');
    });

    it('refuses to close while any A2 field is missing', async () => {
      const c = await toAccess();
      await recordRestoration(t.app, as('andi'), c.id, { initialFix: 'Restart' });
      await recordRootCause(t.app, as('andi'), c.id, { rootCause: 'Disk', permanentFix: 'Rotasi' });
      const e = await refused(closeCase(t.app, as('andi'), c.id, {}), 'case.a2_incomplete');
      assert.deepEqual(e.details['missing'], ['accessEnd']);
    });

    it('refuses steps out of order and cancelling after B3', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      await refused(recordRestoration(t.app, as('andi'), c.id, { initialFix: 'x' }), 'case.wrong_step');
      await refused(closeCase(t.app, as('andi'), c.id, {}), 'case.wrong_step');
      await refused(approveCase(t.app, as('koor'), c.id, {}), 'case.wrong_step');
      const c2 = await toAccess();
      await refused(cancelCase(t.app, as('koor'), c2.id, { reason: 'salah lapor' }), 'case.wrong_step');
      const cancelled = await cancelCase(t.app, as('koor'), c.id, { reason: 'Laporan ganda' });
      assert.equal(cancelled.status, 'cancelled');
      await refused(prepareWorkstation(t.app, as('andi'), c.id, PREPARE), 'case.wrong_step');
    });

    it('refuses an executor step on a case still in B1 as a conflict naming the state and the next step; a wrong role stays forbidden', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      for (const step of [
        () => prepareWorkstation(t.app, as('andi'), c.id, PREPARE),
        () => recordAccessStart(t.app, as('andi'), c.id, { network: 'kantor-lpse', sourceIp: '::1' }),
        () => recordRestoration(t.app, as('andi'), c.id, { initialFix: 'x' }),
        () => closeCase(t.app, as('dita'), c.id, {}), // dit_eproc with a grant for the unit: could be the executor too
      ]) {
        const e = await refused(step(), 'case.wrong_step');
        assert.equal(e.kind, 'conflict');
        assert.match(messageOf(e, 'id'), /kasus masih di B1: akui laporan dahulu/);
        assert.match(messageOf(e, 'en'), /the case is still in B1: acknowledge it first/);
        assert.deepEqual([e.details['status'], e.details['step']], ['reported', 'B1']);
      }
      // Roles that never execute are refused by the policy, whatever the step.
      for (const who of ['pelapor', 'koor']) {
        const e = await refused(prepareWorkstation(t.app, as(who), c.id, PREPARE), 'case.forbidden.prepare');
        assert.equal(e.kind, 'forbidden');
      }
      const refusals = (await logTypes(t)).filter((e) => e.type === 'refusal' && e.caseId === c.id).map((e) => [e.data['code'], e.data['kind']]);
      assert.deepEqual(refusals.slice(0, 4), Array(4).fill(['case.wrong_step', 'conflict']), 'each refusal is logged with its reason');
      assert.equal((await getCase(t.app, as('koor'), c.id)).case.status, 'reported', 'nothing moved');
    });

    it('scopes cases to their unit and role', async () => {
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await refused(getCase(t.app, as('budi'), c.id), 'case.not_found'); // admin of another unit
      await refused(getCase(t.app, as('vendor'), c.id), 'case.not_found'); // pihak_berwenang without grant
      await refused(acknowledgeReport(t.app, as('audit'), c.id, { classification: 'x', impact: 'x', executor: 'andi' }), 'case.forbidden.acknowledge');
      await refused(acknowledgeReport(t.app, as('koor'), c.id, { classification: 'x', impact: 'x', executor: 'budi' }), 'case.executor_not_eligible');
      await refused(reportFault(t.app, as('budi'), REPORT), 'case.forbidden.report');
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'x', impact: 'x', executor: 'dita' });
      await refused(prepareWorkstation(t.app, as('andi'), c.id, PREPARE), 'case.forbidden.prepare'); // not the assigned executor
      assert.equal((await getCase(t.app, as('dita'), c.id)).case.id, c.id);
      assert.equal((await listCases(t.app, as('budi'), {})).total, 0);
      assert.equal((await listCases(t.app, as('audit'), {})).total, 1);
    });

    it('refuses bad input with coded errors and writes nothing for it but the refusal', async () => {
      const before = (await logTypes(t)).length;
      const e = await refused(reportFault(t.app, as('pelapor'), { ...REPORT, description: 'x'.repeat(10_001) }), 'input.invalid');
      assert.match(messageOf(e, 'en'), /description/);
      await refused(reportFault(t.app, as('pelapor'), { ...REPORT, urgency: 'urgent' }), 'input.invalid');
      await refused(reportFault(t.app, as('pelapor'), { ...REPORT, extra: 1 }), 'input.invalid');
      await refused(reportFault(t.app, as('pelapor'), { ...REPORT, unit: 'nowhere' }), 'unit.not_found');
      await refused(reportFault(t.app, as('nobody'), REPORT), 'auth.unknown_actor');
      const after_ = await logTypes(t);
      assert.equal(after_.length, before + 5);
      assert.ok(after_.slice(before).every((x) => x.type === 'refusal'));
      assert.equal((await listCases(t.app, as('super'), {})).total, 0);
    });
  });
}
