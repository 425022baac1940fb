import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { getDashboard, monthStart } from '../../src/app/case/get-dashboard.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { presentDashboard } from '../../src/presenters/view-models/dashboard-view.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

const REPORT = { unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Login SPSE gagal', urgency: 'critical', channel: 'phone' };

it('a month starts at local midnight on the first, in the unit zone', () => {
  assert.equal(monthStart('2026-11-28T01:00:00.000Z', 'Asia/Makassar'), '2026-10-31T16:00:00.000Z');
  assert.equal(monthStart('2026-11-30T17:30:00.000Z', 'Asia/Makassar'), '2026-11-30T16:00:00.000Z', 'already 1 December in WITA');
  assert.equal(monthStart('2026-12-01T03:00:00.000Z', 'Asia/Jayapura'), '2026-11-30T15:00:00.000Z');
  assert.equal(monthStart('2026-07-15T12:00:00.000Z', 'Europe/Amsterdam'), '2026-06-30T22:00:00.000Z', 'a zone with summer time');
  assert.equal(monthStart('2026-01-15T12:00:00.000Z', 'UTC'), '2026-01-01T00:00:00.000Z');
});

for (const dialect of DIALECTS) {
  describeOn(dialect, `dashboard (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); await seedWorld(t); });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    it('shows open cases by step with their clocks turning amber at ¾ and red when missed, the actor\'s own, and the month', async () => {
      const first = await reportFault(t.app, as('pelapor'), REPORT);
      t.clock.advanceMinutes(20);
      const second = await reportFault(t.app, as('pelapor'), { ...REPORT, description: 'Lambat' });
      await acknowledgeReport(t.app, as('koor'), second.id, { classification: 'aplikasi', impact: 'lambat', executor: 'andi' });
      t.clock.advanceMinutes(26); // the first case's B1 at 46 of 60 minutes: amber; the second's B2 just started

      const amber = presentDashboard(await getDashboard(t.app, as('koor')));
      const b1 = amber.byStep.find((s) => s.step === 'B1')?.cases ?? [];
      const b2 = amber.byStep.find((s) => s.step === 'B2')?.cases ?? [];
      assert.deepEqual(amber.byStep.map((s) => s.step), ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
      assert.deepEqual(b1.map((r) => r.id), [first.id]);
      assert.deepEqual(b2.map((r) => r.id), [second.id]);
      assert.equal(b1[0]?.clock?.level, 'amber');
      assert.equal(b1[0]?.clock?.mark, 0.75);
      assert.equal(b1[0]?.clock?.deadline.zone, 'WITA');
      assert.equal(b1[0]?.clock?.deadline.time, '10:00', 'reported 09:00 WITA, B1 standard one hour');
      assert.equal(b2[0]?.clock?.level, 'normal');
      assert.equal(b2[0]?.executor?.username, 'andi');
      assert.deepEqual(amber.attention.map((r) => r.id), [first.id]);
      assert.deepEqual(amber.mine, [], 'the koordinator executes neither');
      assert.deepEqual(amber.thisMonth, { since: amber.thisMonth.since, cases: 2, casesWithDeviations: 0, deviations: 0 });
      assert.equal(amber.thisMonth.since.date, '2026-11-01');

      t.clock.advanceMinutes(15); // 61 minutes: missed
      const andi = presentDashboard(await getDashboard(t.app, as('andi')));
      assert.equal(andi.byStep[0]?.cases[0]?.clock?.level, 'red');
      assert.deepEqual(andi.mine.map((r) => r.id), [second.id], 'andi is the second case\'s executor');
      assert.equal(andi.truncated, false);
    });

    it('shows only the cases the actor may see', async () => {
      await reportFault(t.app, as('pelapor'), REPORT);
      const budi = presentDashboard(await getDashboard(t.app, as('budi'))); // admin of another unit
      assert.deepEqual(budi.byStep.flatMap((s) => s.cases), []);
      assert.equal(budi.thisMonth.cases, 0);
      const audit = presentDashboard(await getDashboard(t.app, as('audit')));
      assert.equal(audit.byStep[0]?.cases.length, 1, 'an auditor sees every unit');
    });
  });
}
