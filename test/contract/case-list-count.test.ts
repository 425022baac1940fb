import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CASE_COUNT_CAP, listCases } from '../../src/app/case/list-cases.js';
import { openCase } from '../../src/domain/case/case-lifecycle.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../src/domain/sop/builtin-sops.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, type TestApp } from '../support/test-app.js';

/*
 * A case listing counts its matches no further than CASE_COUNT_CAP (issue 14: the case list at
 * 1 M cases costs what it costs at 10 k; bench/scale.bench.ts): past it, `total` is the cap and
 * `totalCapped` says there are more.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `the case list's count at LKPP's size (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(dialect);
      const { unit } = await seedWorld(t);
      const pelapor = await t.app.store.read((r) => r.users.findByUsername('pelapor'));
      await t.app.store.transaction(async (tx) => {
        const sop = await tx.sops.findCurrent(REMOTE_REPAIR_SOP_CODE);
        assert.ok(sop && pelapor);
        for (let i = 0; i <= CASE_COUNT_CAP; i++) {
          await tx.cases.insert(openCase(sop, {
            id: `count-${String(i).padStart(5, '0')}`, unitId: unit.id, targetId: null, timeZone: unit.timeZone,
            report: { reportedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(), reporterId: pelapor.id, channel: 'phone', system: 'SPSE', description: 'Halaman login tidak dapat dibuka', urgency: 'medium' },
          }));
        }
      });
    });
    after(() => t.close());

    it('counts up to the cap, says that more match, and still pages past it', async () => {
      const first = await listCases(t.app, as('audit'), {});
      assert.deepEqual([first.total, first.totalCapped, first.items.length], [CASE_COUNT_CAP, true, 50]);
      assert.equal(first.items[0]?.id, `count-${String(CASE_COUNT_CAP).padStart(5, '0')}`, 'newest first');
      const past = await listCases(t.app, as('audit'), { offset: CASE_COUNT_CAP - 10, limit: 50 });
      assert.deepEqual([past.items.length, past.totalCapped], [11, true]);
      const few = await listCases(t.app, as('audit'), { from: new Date(Date.UTC(2026, 10, 1) + (CASE_COUNT_CAP - 4) * 60_000).toISOString() });
      assert.deepEqual([few.total, few.totalCapped, few.items.length], [5, false, 5], 'an exact count below the cap');
    });
  });
}
