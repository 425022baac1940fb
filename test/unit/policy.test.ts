import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseAction } from '../../src/domain/auth/case.policy.js';
import { assertCanOnCase, canOnCase, isEligibleExecutor, mayReportSomewhere } from '../../src/domain/auth/case.policy.js';
import { canOnSession, terminatesSessions } from '../../src/domain/auth/gateway-session.policy.js';
import type { Role } from '../../src/domain/auth/role.js';
import { ROLES } from '../../src/domain/auth/role.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import type { Grant } from '../../src/domain/registry/grant.js';
import type { User } from '../../src/domain/registry/user.js';
import {
  NOW, OTHER_TARGET, OTHER_UNIT, TARGET, UNIT, ackAt, buildActor, buildCase, buildGrant, buildUser, refusal,
} from './factories.js';

const ME = 'user-me';
const COMMON: readonly CaseAction[] = ['report', 'view', 'acknowledge', 'approve', 'cancel'];
const EXECUTOR_ONLY: readonly CaseAction[] = ['prepare', 'access', 'restore', 'root_cause', 'explain_deviation', 'close'];
const ALL: readonly CaseAction[] = [...COMMON, ...EXECUTOR_ONLY];

/** A case of UNIT on TARGET, acknowledged with `executorId` as the executor (or not yet acknowledged). */
const caseFor = (executorId: string | null, overrides: Partial<RepairCase> = {}): RepairCase => {
  const c = buildCase(overrides);
  return executorId === null ? c : ackAt(c, 10, undefined, executorId);
};

const me = (role: Role, unitId: string | null, extra: Partial<User> = {}): User => buildUser({ id: ME, role, unitId, ...extra });

function allowed(user: User, c: RepairCase, grants: readonly Grant[] = [], actions: readonly CaseAction[] = ALL): CaseAction[] {
  const actor = buildActor(user, grants);
  return actions.filter((a) => canOnCase(actor, a, c));
}

describe(canOnCase.name, () => {
  describe('without grants, on a case assigned to someone else', () => {
    const c = caseFor('user-other-admin');
    // role, the user's unit, what they may do of report/view/acknowledge/approve/cancel
    const matrix: [Role, 'own unit' | 'other unit' | 'no unit', CaseAction[]][] = [
      ['pelapor', 'own unit', ['report', 'view']],
      ['pelapor', 'other unit', []],
      ['admin_lpse', 'own unit', ['report', 'view', 'acknowledge', 'cancel']],
      ['admin_lpse', 'other unit', []],
      ['dit_eproc', 'no unit', []],
      ['dit_eproc', 'own unit', []],
      ['pihak_berwenang', 'no unit', []],
      ['pihak_berwenang', 'own unit', []],
      ['koordinator', 'own unit', ['report', 'view', 'acknowledge', 'approve', 'cancel']],
      ['koordinator', 'other unit', []],
      ['auditor', 'own unit', ['view']],
      ['auditor', 'other unit', []],
      ['auditor', 'no unit', ['view']],
      ['superadmin', 'no unit', ['view']],
      ['superadmin', 'other unit', ['view']],
    ];
    for (const [role, where, expected] of matrix) {
      it(`${role} of ${where} may ${expected.length ? expected.join(', ') : 'nothing'}`, () => {
        const unitId = where === 'own unit' ? UNIT : where === 'other unit' ? OTHER_UNIT : null;
        assert.deepEqual(allowed(me(role, unitId), c), expected);
      });
    }

    it('covers every role', () => {
      assert.deepEqual(new Set(matrix.map(([r]) => r)), new Set(ROLES));
    });
  });

  describe('executor-only actions (B2–B6)', () => {
    it('are allowed to the assigned executor of the unit', () => {
      assert.deepEqual(allowed(me('admin_lpse', UNIT), caseFor(ME), [], EXECUTOR_ONLY), EXECUTOR_ONLY);
    });

    it('are refused to everyone else, even the koordinator and another admin of the same unit', () => {
      const c = caseFor('user-other-admin');
      for (const role of ROLES) {
        assert.deepEqual(allowed(me(role, UNIT), c, [], EXECUTOR_ONLY), [], role);
      }
    });

    it('are refused while nobody is assigned (the report is not acknowledged yet)', () => {
      assert.deepEqual(allowed(me('admin_lpse', UNIT), caseFor(null), [], EXECUTOR_ONLY), []);
    });

    it('are refused to the assigned executor who is no longer eligible (moved to another unit)', () => {
      assert.deepEqual(allowed(me('admin_lpse', OTHER_UNIT), caseFor(ME), [], EXECUTOR_ONLY), []);
    });

    it('are refused to an assigned role that never executes (koordinator)', () => {
      assert.deepEqual(allowed(me('koordinator', UNIT), caseFor(ME), [], EXECUTOR_ONLY), []);
    });

    it('are allowed to an assigned dit_eproc engineer or vendor only while their grant covers the case', () => {
      for (const role of ['dit_eproc', 'pihak_berwenang'] as const) {
        const grant = buildGrant({ userId: ME, unitId: UNIT, targetId: TARGET });
        assert.deepEqual(allowed(me(role, null), caseFor(ME), [grant], EXECUTOR_ONLY), EXECUTOR_ONLY, role);
        assert.deepEqual(allowed(me(role, null), caseFor(ME), [], EXECUTOR_ONLY), [], `${role} without grant`);
      }
    });
  });

  describe('grants', () => {
    const unitGrant = buildGrant({ userId: ME, unitId: UNIT, targetId: null });
    const targetGrant = buildGrant({ userId: ME, unitId: UNIT, targetId: TARGET });

    it('let a dit_eproc engineer report, view and acknowledge for the granted unit, but not approve or cancel others\' cases', () => {
      assert.deepEqual(allowed(me('dit_eproc', null), caseFor('user-other-admin'), [unitGrant], COMMON), ['report', 'view', 'acknowledge']);
    });

    it('let an admin_lpse act for another unit it is granted', () => {
      assert.deepEqual(allowed(me('admin_lpse', OTHER_UNIT), caseFor('user-other-admin'), [unitGrant], COMMON),
        ['report', 'view', 'acknowledge']);
    });

    it('let an assigned, granted executor cancel their case', () => {
      assert.equal(canOnCase(buildActor(me('dit_eproc', null), [unitGrant]), 'cancel', caseFor(ME)), true);
    });

    it('let a pihak_berwenang only view a case covered by its grant, never report or acknowledge', () => {
      assert.deepEqual(allowed(me('pihak_berwenang', null), caseFor('user-other-admin'), [targetGrant], COMMON), ['view']);
    });

    it('do not let a pihak_berwenang see a case on another target, another unit, or without a registered target', () => {
      const vendor = me('pihak_berwenang', null);
      assert.deepEqual(allowed(vendor, caseFor(null, { targetId: OTHER_TARGET }), [targetGrant]), []);
      assert.deepEqual(allowed(vendor, caseFor(null, { unitId: OTHER_UNIT }), [targetGrant]), []);
      assert.deepEqual(allowed(vendor, caseFor(null, { targetId: null }), [targetGrant]), []);
    });

    it('cover every target of the unit when the grant names no target', () => {
      const vendor = me('pihak_berwenang', null);
      assert.deepEqual(allowed(vendor, caseFor(null, { targetId: OTHER_TARGET }), [unitGrant], ['view']), ['view']);
      assert.deepEqual(allowed(vendor, caseFor(null, { targetId: null }), [unitGrant], ['view']), ['view']);
    });

    it('give nothing once expired (valid until now or earlier)', () => {
      for (const validUntil of [NOW, '2026-11-28T02:59:59.999Z', '2020-01-01T00:00:00.000Z']) {
        const expired = buildGrant({ userId: ME, unitId: UNIT, targetId: null, validUntil });
        for (const role of ['dit_eproc', 'pihak_berwenang'] as const) {
          assert.deepEqual(allowed(me(role, null), caseFor('user-other-admin'), [expired]), [], `${role} ${validUntil}`);
          assert.deepEqual(allowed(me(role, null), caseFor(ME), [expired], EXECUTOR_ONLY), [], `${role} assigned ${validUntil}`);
        }
      }
    });

    it('still work until they expire', () => {
      const later = buildGrant({ userId: ME, unitId: UNIT, targetId: null, validUntil: '2026-11-28T03:00:00.001Z' });
      assert.deepEqual(allowed(me('pihak_berwenang', null), caseFor('user-other-admin'), [later], ['view']), ['view']);
    });

    it('leave a vendor read access to a case it was assigned, after its grant expired (current behaviour)', () => {
      const expired = buildGrant({ userId: ME, unitId: UNIT, targetId: null, validUntil: '2020-01-01T00:00:00.000Z' });
      assert.deepEqual(allowed(me('pihak_berwenang', null), caseFor(ME), [expired]), ['view']);
    });

    it('count only when they are the user\'s own', () => {
      const someoneElses = buildGrant({ userId: 'user-vendor-2', unitId: UNIT, targetId: null });
      assert.deepEqual(allowed(me('pihak_berwenang', null), caseFor('user-other-admin'), [someoneElses]), []);
    });
  });

  describe('an inactive user', () => {
    for (const role of ROLES) {
      it(`gets nothing as ${role}, even when assigned and granted`, () => {
        const grant = buildGrant({ userId: ME, unitId: UNIT, targetId: null });
        assert.deepEqual(allowed(me(role, UNIT, { active: false }), caseFor(ME), [grant]), []);
      });
    }
  });
});

describe(isEligibleExecutor.name, () => {
  it('holds for an admin of the unit, and for dit_eproc / pihak_berwenang only with a covering grant', () => {
    const grant = buildGrant({ userId: ME, unitId: UNIT });
    assert.equal(isEligibleExecutor(me('admin_lpse', UNIT), UNIT, TARGET, [], NOW), true);
    assert.equal(isEligibleExecutor(me('dit_eproc', null), UNIT, TARGET, [], NOW), false);
    assert.equal(isEligibleExecutor(me('dit_eproc', null), UNIT, TARGET, [grant], NOW), true);
    assert.equal(isEligibleExecutor(me('pihak_berwenang', null), UNIT, TARGET, [grant], NOW), true);
  });

  it('never holds for roles that do not execute, even with a grant', () => {
    const grant = buildGrant({ userId: ME, unitId: UNIT });
    for (const role of ['pelapor', 'koordinator', 'auditor', 'superadmin'] as const) {
      assert.equal(isEligibleExecutor(me(role, UNIT), UNIT, TARGET, [grant], NOW), false, role);
    }
  });
});

describe(assertCanOnCase.name, () => {
  it('refuses with a forbidden error whose code names the action', () => {
    const e = refusal(() => assertCanOnCase(buildActor(me('auditor', UNIT)), 'approve', caseFor(null)));
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.code, 'case.forbidden.approve');
    assert.deepEqual(e.details, { action: 'approve', role: 'auditor' });
  });

  it('passes silently when allowed', () => {
    assert.doesNotThrow(() => assertCanOnCase(buildActor(me('koordinator', UNIT)), 'approve', caseFor(null)));
  });
});

describe(mayReportSomewhere.name, () => {
  it('is true exactly for the roles canOnCase lets report somewhere (own unit, or with a grant)', () => {
    for (const role of ROLES) {
      const user = me(role, UNIT);
      const grants = [buildGrant({ userId: ME, unitId: UNIT, targetId: null })];
      const somewhere = canOnCase(buildActor(user, grants), 'report', caseFor(null)) || canOnCase(buildActor(me(role, null), grants), 'report', caseFor(null));
      assert.equal(mayReportSomewhere(user), somewhere, role);
    }
    assert.equal(mayReportSomewhere(me('pelapor', UNIT, { active: false })), false, 'a deactivated user reports nothing');
  });
});

describe(terminatesSessions.name, () => {
  it('agrees with canOnSession(terminate) on a case the actor may view', () => {
    const c = caseFor('user-other-admin');
    for (const role of ROLES) {
      const actor = buildActor(me(role, UNIT), [buildGrant({ userId: ME, unitId: UNIT, targetId: null })]);
      if (!canOnCase(actor, 'view', c)) continue;
      assert.equal(terminatesSessions(role), canOnSession(actor, 'terminate', c, false), role);
    }
  });
});
