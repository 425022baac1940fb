import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../../src/domain/auth/role.js';
import { DomainError } from '../../src/domain/errors.js';
import type { NotificationEventType, NotificationRecord } from '../../src/domain/notification/notification-event.js';
import { NOTIFICATION_EVENTS } from '../../src/domain/notification/notification-event.js';
import type { RecipientFacts } from '../../src/domain/notification/subscriptions.js';
import { SUBSCRIPTION_DEFAULTS, assertMayMute, assertMayOverride, subscriptionState, takesNotification } from '../../src/domain/notification/subscriptions.js';

const n = (type: NotificationEventType, data: NotificationRecord['data'] = {}, unitId: string | null = 'u1'): NotificationRecord =>
  ({ id: 'n1', type, occurredAt: '2026-12-01T00:00:00.000Z', unitId, caseId: 'c1', data });
const facts = (o: Partial<RecipientFacts> = {}): RecipientFacts => ({ override: undefined, muted: false, caseExecutorId: 'andi', grantedUnitIds: [], ...o });
const koor = { id: 'koor', role: 'koordinator' as const, unitId: 'u1' };
const andi = { id: 'andi', role: 'admin_lpse' as const, unitId: 'u1' };
const dita = { id: 'dita', role: 'dit_eproc' as const, unitId: null };

describe('subscription defaults', () => {
  it('cover the roles the issue names, as data', () => {
    assert.deepEqual(Object.keys(SUBSCRIPTION_DEFAULTS).sort(), [...ROLES].sort());
    const on = (role: keyof typeof SUBSCRIPTION_DEFAULTS) => Object.entries(SUBSCRIPTION_DEFAULTS[role]).filter(([, r]) => r.on).map(([e]) => e).sort();
    assert.deepEqual(on('koordinator'), ['case.awaiting_approval', 'fault.urgent_reported', 'gateway.access_refused', 'gateway.session_opened', 'standard.threshold', 'standard.weekly_digest']);
    assert.deepEqual(on('dit_eproc'), ['case.approved', 'case.assigned', 'case.returned', 'standard.threshold']);
    assert.ok(on('superadmin').includes('logbook.verification_failed') && on('auditor').includes('logbook.verification_failed'));
    for (const role of ROLES) for (const event of Object.keys(SUBSCRIPTION_DEFAULTS[role])) assert.ok(NOTIFICATION_EVENTS.includes(event as NotificationEventType));
  });

  it('give the koordinator missed standards (100 %) only, the executor every threshold of their own case', () => {
    assert.equal(takesNotification(koor, n('standard.threshold', { threshold: 75 }), facts()), false);
    assert.equal(takesNotification(koor, n('standard.threshold', { threshold: 100 }), facts()), true);
    assert.equal(takesNotification(andi, n('standard.threshold', { threshold: 50 }), facts()), true);
    assert.equal(takesNotification(andi, n('standard.threshold', { threshold: 50 }), facts({ caseExecutorId: 'budi' })), false, 'not another executor\'s case');
  });

  it('let an override turn an event on or off for a unit, a mute silence what is not mandatory', () => {
    assert.equal(takesNotification(koor, n('fault.urgent_reported'), facts({ override: false })), false);
    assert.equal(takesNotification(koor, n('case.approved'), facts({ override: true })), true);
    assert.equal(takesNotification(koor, n('fault.urgent_reported'), facts({ muted: true })), false);
    assert.equal(takesNotification(andi, n('case.assigned'), facts({ muted: true, override: false })), true, 'mandatory');
    assert.equal(takesNotification(andi, n('standard.threshold', { threshold: 75 }), facts({ muted: true })), false);
    assert.equal(takesNotification(andi, n('standard.threshold', { threshold: 100 }), facts({ muted: true })), true, 'mandatory from 100 %');
  });

  it('keep unit-bound users to their unit and LKPP executors to their grants', () => {
    assert.equal(takesNotification(koor, n('fault.urgent_reported', {}, 'u2'), facts()), false);
    assert.equal(takesNotification(dita, n('gateway.session_opened'), facts({ override: true })), false);
    assert.equal(takesNotification(dita, n('gateway.session_opened'), facts({ override: true, grantedUnitIds: ['u1'] })), true);
    assert.equal(takesNotification({ id: 's', role: 'superadmin', unitId: null }, n('logbook.verification_failed', {}, null), facts()), true);
  });

  it('refuse muting or turning off an event always mandatory for the role', () => {
    assert.throws(() => assertMayMute('admin_lpse', 'case.assigned'), (e: DomainError) => e.code === 'notification.mandatory' && e.params.change === 'mute');
    assert.throws(() => assertMayMute('superadmin', 'logbook.verification_failed'), DomainError);
    assert.doesNotThrow(() => assertMayMute('admin_lpse', 'standard.threshold'));
    assert.throws(() => assertMayOverride('auditor', 'logbook.verification_failed', false), (e: DomainError) => e.params.change === 'turn_off');
    assert.doesNotThrow(() => assertMayOverride('auditor', 'logbook.verification_failed', null));
    assert.deepEqual(subscriptionState('admin_lpse', 'standard.threshold', null),
      { role: 'admin_lpse', event: 'standard.threshold', byDefault: true, override: null, on: true, mandatory: 'from_threshold', fromThreshold: 100, minThreshold: null });
  });
});
