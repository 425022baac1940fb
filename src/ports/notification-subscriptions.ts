import type { Role } from '../domain/auth/role.js';
import type { NotificationEventType } from '../domain/notification/notification-event.js';

/** A unit's override of a role's default subscription to one event. */
export interface SubscriptionOverride {
  readonly unitId: string;
  readonly role: Role;
  readonly event: NotificationEventType;
  readonly enabled: boolean;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** Overrides per unit, role and event, and each user's mutes (issue 13). The defaults are domain data, not rows. */
export interface NotificationSubscriptionRepository {
  /** A unit's overrides, every role and event (for one event only, with `event`). */
  listOverrides(unitId: string, event?: NotificationEventType): Promise<SubscriptionOverride[]>;
  /** Inserts or replaces the override of its unit, role and event. */
  setOverride(o: SubscriptionOverride): Promise<void>;
  /** Removes an override (the default holds again); false when there was none. */
  clearOverride(unitId: string, role: Role, event: NotificationEventType): Promise<boolean>;
  /** The events a user muted. */
  listMutes(userId: string): Promise<NotificationEventType[]>;
  /** The users who muted an event. */
  mutedBy(event: NotificationEventType): Promise<string[]>;
  /** Mutes (true) or unmutes an event for a user; false when nothing changed. */
  setMuted(userId: string, event: NotificationEventType, muted: boolean, at: string): Promise<boolean>;
}
