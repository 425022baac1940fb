import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { canOnCase, caseVisibility } from '../../src/domain/auth/case.policy.js';
import { ROLES } from '../../src/domain/auth/role.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { NOW, buildActor, buildCase, buildGrant, buildUser } from '../unit/factories.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/**
 * The visibility rule as the store runs it: random cases are written to a real database and
 * `cases.list` / `summaries` / `count` (the SQL of case.repository.ts) must return exactly the
 * cases the domain policy lets the actor view (`canOnCase(…, 'view')`).
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `case visibility in the store's SQL matches the policy (${dialect})`, () => {
    let t: TestApp;
    let ids: { units: string[]; targets: string[]; executors: string[] };
    before(async () => {
      t = await openTestApp(dialect);
      const { unit, other } = await seedWorld(t);
      const second = await registerTarget(t.app, as('super'), {
        name: 'spse-manado', unit: 'manado', host: '127.0.0.2', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP,
      });
      const user = async (name: string) => (await t.app.store.read((r) => r.users.findByUsername(name)))?.id as string;
      const spse = (await t.app.store.read((r) => r.targets.findByName('spse')))?.id as string;
      ids = { units: [unit.id, other.id], targets: [spse, second.id], executors: [await user('andi'), await user('dita')] };
    });
    after(async () => { await t.close(); await stopTestPostgres(); });

    it('lists exactly the cases canOnCase(…, "view") allows, for random cases, roles, units, grants and assignments', async () => {
      let run = 0;
      const pick = <T>(xs: () => readonly T[]) => fc.integer({ min: 0, max: 1 }).map((i) => xs()[i] as T);
      const unitArb = pick(() => ids.units);
      const targetArb = fc.option(pick(() => ids.targets), { nil: null });
      const caseArb = fc.record({ unitId: unitArb, targetId: targetArb, executorId: fc.option(pick(() => ids.executors), { nil: null }) });
      await fc.assert(fc.asyncProperty(
        fc.constantFrom(...ROLES), fc.option(unitArb, { nil: null }), fc.boolean(), pick(() => ids.executors),
        fc.array(fc.record({ unitId: unitArb, targetId: targetArb, expired: fc.boolean() }), { maxLength: 3 }),
        fc.array(caseArb, { minLength: 1, maxLength: 6 }),
        async (role, unitId, active, actorId, grants, specs) => {
          // Each run writes its own cases in its own hour of reports, and reads back only that hour.
          const hour = Date.UTC(2030, 0, 1) + run++ * 3_600_000;
          const window = { reportedFrom: new Date(hour).toISOString(), reportedTo: new Date(hour + 3_600_000).toISOString() };
          const cases: RepairCase[] = specs.map((s, i) => {
            const base = buildCase({ id: `vis-${dialect}-${run}-${i}`, unitId: s.unitId, targetId: s.targetId });
            return { ...base, report: { ...base.report, reportedAt: new Date(hour + i * 1000).toISOString() },
              ...(s.executorId ? { status: 'acknowledged' as const, acknowledgement: { at: NOW, by: 'k', classification: 'x', impact: 'y', executorId: s.executorId } } : {}) };
          });
          await t.app.store.transaction(async (r) => { for (const c of cases) await r.cases.insert(c); });

          const actor = buildActor(buildUser({ id: actorId, role, unitId, active }), grants.map((g, i) => buildGrant({
            id: `g${i}`, userId: actorId, unitId: g.unitId, targetId: g.targetId, validUntil: g.expired ? '2026-01-01T00:00:00.000Z' : null,
          })), NOW);
          const expected = cases.filter((c) => canOnCase(actor, 'view', c)).map((c) => c.id).sort();
          const filter = { visibility: caseVisibility(actor), ...window };
          const [listed, summaries, count] = await t.app.store.read(async (r) =>
            [await r.cases.list(filter), await r.cases.summaries(filter), await r.cases.count(filter)] as const);
          const why = JSON.stringify({ role, unitId, active, actorId, grants, specs });
          assert.deepEqual(listed.map((c) => c.id).sort(), expected, why);
          assert.deepEqual(summaries.map((c) => c.id).sort(), expected, why);
          assert.equal(count, expected.length, why);
        },
      ), { numRuns: 150 });
    });
  });
}
