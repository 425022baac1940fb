import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessStart } from '../../src/app/case/record-access.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, type TestApp } from '../support/test-app.js';

/*
 * Many writes to one case at once (issue 14: 200 gateway sessions of one case on PostgreSQL, where
 * transactions run side by side): each lost optimistic race (`case.concurrent_change`) is run again
 * on what is stored now, so every write lands, none is refused, and none is lost.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `writes racing on one case (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
    });
    after(() => t.close());

    it('lands twenty concurrent access records on one case, each once, with no refusal logged', async () => {
      const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Login SPSE error 502', urgency: 'high', channel: 'phone' });
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
      await prepareWorkstation(t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse', sourceIp: '127.0.0.1' });
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => recordAccessStart(t.app, as('andi'), c.id, { sourceIp: '127.0.0.1' })));
      assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)), []);
      const stored = await t.app.store.read((r) => r.cases.findById(c.id));
      assert.equal(stored?.accesses.length, 20);
      const refusals = await t.app.store.read(async (r) => {
        const out: string[] = [];
        for await (const page of r.logbook.scan({})) for (const e of page) if (e.type === 'refusal' && e.caseId === c.id) out.push(e.data);
        return out;
      });
      assert.deepEqual(refusals, []);
    });
  });
}
