import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CaseVisibility } from '../../src/domain/auth/case.policy.js';
import { canOnCase, caseVisibility } from '../../src/domain/auth/case.policy.js';
import { ROLES } from '../../src/domain/auth/role.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { NOW, OTHER_TARGET, OTHER_UNIT, TARGET, UNIT, buildActor, buildCase, buildGrant, buildUser } from './factories.js';

/** What a store does with a CaseVisibility (mirrors the SQL in case.repository.ts). */
function admits(v: CaseVisibility, c: RepairCase): boolean {
  if (v.all) return true;
  return v.unitIds.includes(c.unitId) || v.unitTargets.some((ut) => ut.unitId === c.unitId && ut.targetId === c.targetId)
    || (v.executorId !== '' && c.acknowledgement?.executorId === v.executorId);
}

const units = fc.constantFrom(UNIT, OTHER_UNIT);
const targets = fc.constantFrom(TARGET, OTHER_TARGET, null);

describe(caseVisibility.name, () => {
  it('admits exactly the cases canOnCase(…, "view") allows, for any role, unit, grants and assignment', () => {
    fc.assert(fc.property(
      fc.constantFrom(...ROLES), fc.option(units, { nil: null }), fc.boolean(),
      fc.array(fc.record({ unitId: units, targetId: targets, expired: fc.boolean() }), { maxLength: 3 }),
      units, targets, fc.option(fc.constantFrom('user-1', 'someone-else'), { nil: null }),
      (role, unitId, active, grants, caseUnit, caseTarget, executorId) => {
        const user = buildUser({ role, unitId, active });
        const actor = buildActor(user, grants.map((g, i) => buildGrant({ id: `g${i}`, unitId: g.unitId, targetId: g.targetId,
          validUntil: g.expired ? '2026-01-01T00:00:00.000Z' : null })), NOW);
        const c = buildCase({ unitId: caseUnit, targetId: caseTarget,
          acknowledgement: executorId ? { at: NOW, by: 'k', classification: 'x', impact: 'y', executorId } : null });
        assert.equal(admits(caseVisibility(actor), c), canOnCase(actor, 'view', c), JSON.stringify({ role, unitId, active, grants, caseUnit, caseTarget, executorId }));
      },
    ), { numRuns: 2000 });
  });
});
