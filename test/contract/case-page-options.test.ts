import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { getNextCaseActions } from '../../src/app/case/get-next-case-actions.js';
import { getReportOptions } from '../../src/app/case/report-options.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { retireTarget } from '../../src/app/registry/retire-registry-entry.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { closedCase } from '../support/closed-case.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * What pages offer before anyone acts (issue 11): the report form's units and targets, and the
 * moves on a case, as the policy decides them — a page never offers what the use case refuses for
 * who is asking. On both dialects.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `what a page may offer (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      await registerTarget(t.app, as('super'), { name: 'spse-lama', unit: 'gorontalo', host: '127.0.0.2', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP });
      await retireTarget(t.app, as('super'), { target: 'spse-lama', reason: 'Diganti server baru' });
      await registerTarget(t.app, as('super'), { name: 'spse-mdo', unit: 'manado', host: '127.0.0.3', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP });
    });
    after(async () => { await t?.close(); });

    it('offers a report form the units and targets in service the actor may report for, and nothing the use case would refuse', async () => {
      const names = async (who: string) => {
        const o = await getReportOptions(t.app, as(who));
        return { units: o.units.map((u) => u.code), targets: o.targets.map((x) => x.name) };
      };
      assert.deepEqual(await names('pelapor'), { units: ['gorontalo'], targets: ['spse'] }, 'own unit; the retired target left out');
      assert.deepEqual(await names('koor'), { units: ['gorontalo'], targets: ['spse'] });
      assert.deepEqual(await names('budi'), { units: ['manado'], targets: ['spse-mdo'] });
      assert.deepEqual(await names('dita'), { units: ['gorontalo'], targets: ['spse'] }, 'a dit_eproc engineer: the granted unit');
      for (const who of ['vendor', 'audit', 'super']) assert.deepEqual(await names(who), { units: [], targets: [] }, who);
      // Each offered choice is accepted by reportFault.
      const o = await getReportOptions(t.app, as('dita'));
      const c = await reportFault(t.app, as('dita'), { unit: o.units[0]?.id, target: o.targets[0]?.id, system: 'SPSE', description: 'Lambat', urgency: 'low', channel: 'web' });
      assert.equal(c.status, 'reported');
    });

    it('names the moves the actor may make on a case now: approve and return for its koordinator once closed, never for its executor', async () => {
      const id = await closedCase(t);
      assert.deepEqual((await getNextCaseActions(t.app, as('koor'), id)).sort(), ['approve', 'return']);
      // Explaining a deviation stays open to the executor (its use case refuses when there is none); approving never.
      assert.deepEqual(await getNextCaseActions(t.app, as('andi'), id), ['explain_deviation']);
      assert.deepEqual(await getNextCaseActions(t.app, as('pelapor'), id), []);
      const open = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'Galat 500', urgency: 'high', channel: 'web' });
      assert.deepEqual((await getNextCaseActions(t.app, as('koor'), open.id)).sort(), ['acknowledge', 'cancel'], 'a new report: acknowledge or cancel');
      await assert.rejects(getNextCaseActions(t.app, as('budi'), id), (e: Error & { code?: string }) => e.code === 'case.not_found', "another unit's case is not there");
    });
  });
}

after(async () => { await stopTestPostgres(); });
