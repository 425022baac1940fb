import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intakeListScope, mayManageIntake } from '../../src/domain/auth/intake.policy.js';
import type { Actor } from '../../src/domain/auth/case.policy.js';
import type { Role } from '../../src/domain/auth/role.js';
import {
  DEFAULT_LABEL_MAPPING, sameDigest, systemOf, targetCandidates, targetLabelOf, urgencyOf,
} from '../../src/domain/intake/intake-integration.js';

const m = DEFAULT_LABEL_MAPPING;

describe('Alertmanager label mapping', () => {
  it('offers each target label\'s value and its host part, in the mapping\'s order', () => {
    assert.deepEqual(targetCandidates(m, { instance: 'spse:9100', target: 'spse-db' }), ['spse-db', 'spse:9100', 'spse']);
    assert.deepEqual(targetCandidates(m, { instance: '[2001:db8::1]:9100' }), ['[2001:db8::1]:9100', '2001:db8::1']);
    assert.deepEqual(targetCandidates(m, { instance: '  ', job: 'spse' }), []);
    assert.deepEqual(targetLabelOf(m, { instance: 'x:1' }), { label: 'instance', value: 'x:1' });
    assert.equal(targetLabelOf(m, { job: 'x' }), null);
  });

  it('maps the urgency label through its table, case-insensitively, else the default', () => {
    assert.equal(urgencyOf(m, { severity: 'Critical' }), 'critical');
    assert.equal(urgencyOf(m, { severity: 'warning' }), 'medium');
    assert.equal(urgencyOf(m, { severity: 'sangat-parah' }), 'medium');
    assert.equal(urgencyOf({ ...m, urgencyLabel: 'prio', urgencies: { p1: 'critical' }, defaultUrgency: 'low' }, { severity: 'critical' }), 'low');
  });

  it('names the system by the first system label present', () => {
    assert.equal(systemOf(m, { alertname: 'Down', job: 'spse' }), 'spse');
    assert.equal(systemOf(m, { alertname: 'Down' }), 'Down');
    assert.equal(systemOf(m, {}), null);
  });

  it('compares digests whole', () => {
    assert.equal(sameDigest('ab'.repeat(32), 'ab'.repeat(32)), true);
    assert.equal(sameDigest('ab'.repeat(32), `${'ab'.repeat(31)}ac`), false);
    assert.equal(sameDigest('ab', 'abab'), false);
  });
});

describe('intake policy', () => {
  const actor = (role: Role, unitId: string | null, active = true): Actor => ({
    user: { id: 'u', username: 'u', displayName: 'u', role, unitId, nip: null, active, createdAt: '', language: null }, grants: [], now: '',
  });
  it('lets the superadmin manage every unit\'s integrations and a koordinator their own unit\'s, nobody else', () => {
    assert.equal(mayManageIntake(actor('superadmin', null), 'gto'), true);
    assert.equal(mayManageIntake(actor('koordinator', 'gto'), 'gto'), true);
    assert.equal(mayManageIntake(actor('koordinator', 'mdo'), 'gto'), false);
    assert.equal(mayManageIntake(actor('koordinator', 'gto', false), 'gto'), false);
    for (const role of ['pelapor', 'admin_lpse', 'dit_eproc', 'pihak_berwenang', 'auditor'] as const) assert.equal(mayManageIntake(actor(role, 'gto'), 'gto'), false, role);
    assert.equal(intakeListScope(actor('superadmin', null)), 'all');
    assert.deepEqual(intakeListScope(actor('koordinator', 'gto')), { unitId: 'gto' });
    assert.throws(() => intakeListScope(actor('auditor', null)), /intake\.forbidden/);
  });
});
