import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notifyConfig } from '../../src/config/notify-config.js';
import { DomainError } from '../../src/domain/errors.js';
import { backoffSeconds, digestWeek, isoWeek, thresholdsReached } from '../../src/domain/notification/notification-schedule.js';
import { notificationCause } from '../../src/domain/notification/notification-cause.js';

const entry = (type: string, data: Record<string, unknown> = {}) => ({ seq: 1, at: '2026-11-28T01:00:00.000Z', type, actorId: null, unitId: null, caseId: null, data });

describe('notification schedule', () => {
  it('numbers ISO weeks across year ends', () => {
    assert.equal(isoWeek('2026-11-30'), '2026-W49');
    assert.equal(isoWeek('2026-11-29'), '2026-W48');
    assert.equal(isoWeek('2027-01-01'), '2026-W53');
    assert.equal(isoWeek('2027-01-04'), '2027-W01');
    assert.equal(isoWeek('2024-12-30'), '2025-W01');
  });

  it('makes a digest due from Monday 08:00 in the unit\'s zone', () => {
    assert.equal(digestWeek('2026-11-29T23:59:59.000Z', 'Asia/Makassar'), '2026-W48');
    assert.equal(digestWeek('2026-11-30T00:00:00.000Z', 'Asia/Makassar'), '2026-W49');
    assert.equal(digestWeek('2026-11-30T00:00:00.000Z', 'Asia/Jakarta'), '2026-W48');
    assert.equal(digestWeek('2026-11-30T01:00:00.000Z', 'Asia/Jakarta'), '2026-W49');
  });

  it('reaches a threshold exactly at its share of the standard, only for B1, B2 and B6', () => {
    const clock = (step: 'B1' | 'B3', minutes: number) => ({ step, standardMinutes: 60, startedAt: '', deadline: '', used: minutes / 60, mark: 0 as const });
    assert.deepEqual(thresholdsReached(clock('B1', 29.99), [50, 75, 100]), []);
    assert.deepEqual(thresholdsReached(clock('B1', 45), [50, 75, 100]), [50, 75]);
    assert.deepEqual(thresholdsReached(clock('B1', 60), [50, 75, 100]), [50, 75, 100]);
    assert.deepEqual(thresholdsReached(clock('B3', 600), [50, 75, 100]), []);
  });

  it('backs off exponentially up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 60].map((n) => backoffSeconds(n, 30, 3600)), [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });

  it('maps only the entries that notify', () => {
    assert.equal(notificationCause(entry('case.reported', { urgency: 'critical' })), 'fault.urgent_reported');
    assert.equal(notificationCause(entry('case.reported', { urgency: 'medium' })), null);
    assert.equal(notificationCause(entry('case.access_started', { via: 'gateway' })), 'gateway.session_opened');
    assert.equal(notificationCause(entry('case.access_started', { via: 'manual' })), null);
    assert.equal(notificationCause(entry('refusal', { via: 'gateway', action: 'gateway.connect' })), 'gateway.access_refused');
    assert.equal(notificationCause(entry('refusal', { via: 'http', action: 'case.report' })), null);
    assert.equal(notificationCause(entry('gateway.refusals_summarised', { via: 'gateway' })), null);
  });
});

describe(notifyConfig.name, () => {
  it('has documented defaults', () => {
    assert.deepEqual(notifyConfig({}), { maxAttempts: 8, backoffBaseSeconds: 30, backoffCapSeconds: 3600, timeoutSeconds: 10, pollSeconds: 2, thresholds: [50, 75, 100] });
    assert.deepEqual(notifyConfig({ JAGA_NOTIFY_THRESHOLDS: '80, 100,120' }).thresholds, [80, 100, 120]);
  });

  it('refuses a bad value naming its variable', () => {
    for (const [name, value, code] of [['JAGA_NOTIFY_THRESHOLDS', '75,50', 'config.notify_thresholds_invalid'], ['JAGA_NOTIFY_THRESHOLDS', '50,,100', 'config.notify_thresholds_invalid'],
      ['JAGA_NOTIFY_MAX_ATTEMPTS', '0', 'config.count_invalid'], ['JAGA_NOTIFY_TIMEOUT', '10s', 'config.count_invalid']] as const) {
      assert.throws(() => notifyConfig({ [name]: value }), (e: unknown) => e instanceof DomainError && e.code === code && (code !== 'config.count_invalid' || e.params['name'] === name), name);
    }
  });
});
