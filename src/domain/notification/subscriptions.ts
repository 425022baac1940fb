import type { Role } from '../auth/role.js';
import { ROLES, isExecutorRole } from '../auth/role.js';
import { DomainError } from '../errors.js';
import type { User } from '../registry/user.js';
import type { NotificationEventType, NotificationRecord } from './notification-event.js';
import { NOTIFICATION_EVENTS } from './notification-event.js';

/**
 * Whether a role takes an event by default, and how firmly. `mandatory`: nobody of the role may mute
 * it and no override turns it off (`'always'`), or only from a time standard's threshold on
 * (`{ fromThreshold }`: below it, the event is an ordinary one). `minThreshold`: of the time-standard
 * thresholds, only those at or above this percentage (a koordinator hears of missed standards, not of
 * each warning).
 */
export interface SubscriptionRule {
  readonly on: boolean;
  readonly mandatory?: 'always' | { readonly fromThreshold: number };
  readonly minThreshold?: number;
}

type RoleDefaults = Readonly<Partial<Record<NotificationEventType, SubscriptionRule>>>;

/** The executor's own work: their assignment and a missed standard on their case are not theirs to silence. */
const EXECUTOR_DEFAULTS: RoleDefaults = {
  'case.assigned': { on: true, mandatory: 'always' },
  'standard.threshold': { on: true, mandatory: { fromThreshold: 100 } },
  'case.returned': { on: true },
  'case.approved': { on: true },
};

/**
 * The default subscriptions per role (issue 13): the data a unit's overrides (per unit, role and
 * event, on/off) and each user's mutes start from. Roles and events not listed are off.
 */
export const SUBSCRIPTION_DEFAULTS: Readonly<Record<Role, RoleDefaults>> = {
  pelapor: {},
  // The LPSE's own administrator also hears of an urgent fault in their unit: they are the ones who acknowledge it.
  admin_lpse: { ...EXECUTOR_DEFAULTS, 'fault.urgent_reported': { on: true } },
  dit_eproc: EXECUTOR_DEFAULTS,
  pihak_berwenang: EXECUTOR_DEFAULTS,
  koordinator: {
    'fault.urgent_reported': { on: true },
    'case.awaiting_approval': { on: true },
    'standard.threshold': { on: true, minThreshold: 100 },
    'standard.weekly_digest': { on: true },
    'gateway.session_opened': { on: true },
    'gateway.access_refused': { on: true },
  },
  auditor: {
    'logbook.verification_failed': { on: true, mandatory: 'always' },
    'standard.weekly_digest': { on: true },
  },
  superadmin: {
    'logbook.verification_failed': { on: true, mandatory: 'always' },
    'gateway.access_refused': { on: true },
  },
};

/** Events about one case's work: an executor role takes them only for the cases they execute. */
export const OWN_CASE_EVENTS: readonly NotificationEventType[] = ['case.assigned', 'standard.threshold', 'case.returned', 'case.approved', 'case.awaiting_approval'];

export const ruleOf = (role: Role, event: NotificationEventType): SubscriptionRule | undefined => SUBSCRIPTION_DEFAULTS[role][event];

/** The threshold (percent) a `standard.threshold` notification reached (`data.percent`, or `data.threshold`); null for other events. */
export function thresholdOf(n: Pick<NotificationRecord, 'type' | 'data'>): number | null {
  const v = n.data['percent'] ?? n.data['threshold'];
  return n.type === 'standard.threshold' && typeof v === 'number' ? v : null;
}

/** Whether this notification is mandatory for the role (nobody of it may miss it). */
export function isMandatoryFor(role: Role, n: Pick<NotificationRecord, 'type' | 'data'>): boolean {
  const m = ruleOf(role, n.type)?.mandatory;
  if (m === undefined) return false;
  if (m === 'always') return true;
  const reached = thresholdOf(n);
  return reached !== null && reached >= m.fromThreshold;
}

/** An event nobody of the role may mute or have turned off (partly mandatory events may: what stays mandatory still comes). */
export const isAlwaysMandatory = (role: Role, event: NotificationEventType): boolean => ruleOf(role, event)?.mandatory === 'always';

/** Refuses muting an event that is always mandatory for the user's role. */
export function assertMayMute(role: Role, event: NotificationEventType): void {
  if (isAlwaysMandatory(role, event)) throw DomainError.of('conflict', 'notification.mandatory', { event, role, change: 'mute' });
}

/** Refuses an override that turns off an event that is always mandatory for the role. */
export function assertMayOverride(role: Role, event: NotificationEventType, enabled: boolean | null): void {
  if (enabled === false && isAlwaysMandatory(role, event)) throw DomainError.of('conflict', 'notification.mandatory', { event, role, change: 'turn_off' });
}

/** What decides one user's share of one notification, read from the store by the email channel. */
export interface RecipientFacts {
  /** The unit's override for the user's role and the event (undefined: none, the default holds). */
  readonly override: boolean | undefined;
  readonly muted: boolean;
  /** The executor of the notification's case (null: no case, or none yet). */
  readonly caseExecutorId: string | null;
  /** Units the user holds a grant in that is valid now (executors outside a unit work where they are granted). */
  readonly grantedUnitIds: readonly string[];
}

/** Whether the user's place covers the notification: their case, their unit, their granted units, or everywhere. */
function inAudience(user: Pick<User, 'id' | 'role' | 'unitId'>, n: NotificationRecord, f: RecipientFacts): boolean {
  if (isExecutorRole(user.role) && OWN_CASE_EVENTS.includes(n.type)) return f.caseExecutorId !== null && f.caseExecutorId === user.id;
  if (n.unitId === null) return true;
  if (user.unitId !== null) return user.unitId === n.unitId;
  if (isExecutorRole(user.role)) return f.grantedUnitIds.includes(n.unitId);
  return true; // the superadmin and an auditor of every unit
}

/**
 * Whether a user takes a notification: the role's default, else the unit's override, minus the
 * user's mute — except what is mandatory for them — and only within their audience (an executor's
 * own case; a unit-bound user's unit; an LKPP executor's granted units; everywhere for the rest).
 */
export function takesNotification(user: Pick<User, 'id' | 'role' | 'unitId'>, n: NotificationRecord, f: RecipientFacts): boolean {
  if (!inAudience(user, n, f)) return false;
  if (isMandatoryFor(user.role, n)) return true;
  const rule = ruleOf(user.role, n.type);
  const on = f.override ?? rule?.on ?? false;
  const threshold = thresholdOf(n);
  const highEnough = rule?.minThreshold === undefined || f.override === true || (threshold !== null && threshold >= rule.minThreshold);
  return on && highEnough && !f.muted;
}

/** One role's subscription to one event, as a list shows it. */
export interface SubscriptionState {
  readonly role: Role;
  readonly event: NotificationEventType;
  readonly byDefault: boolean;
  /** The unit's override (null: none). */
  readonly override: boolean | null;
  readonly on: boolean;
  /** `always`, `from_threshold` (with `fromThreshold`), or `no`. */
  readonly mandatory: 'always' | 'from_threshold' | 'no';
  readonly fromThreshold: number | null;
  readonly minThreshold: number | null;
}

export function subscriptionState(role: Role, event: NotificationEventType, override: boolean | null): SubscriptionState {
  const rule = ruleOf(role, event);
  const m = rule?.mandatory;
  const mandatory = m === undefined ? 'no' : m === 'always' ? 'always' : 'from_threshold';
  const byDefault = rule?.on ?? false;
  return {
    role, event, byDefault, override, on: mandatory === 'always' || (override ?? byDefault), mandatory,
    fromThreshold: typeof m === 'object' ? m.fromThreshold : null, minThreshold: rule?.minThreshold ?? null,
  };
}

/** Every role × event, in the lists' order. */
export const SUBSCRIPTION_GRID: readonly { role: Role; event: NotificationEventType }[] =
  ROLES.flatMap((role) => NOTIFICATION_EVENTS.map((event) => ({ role, event })));

