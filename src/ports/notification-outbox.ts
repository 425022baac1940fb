import type { NotificationRecord } from '../domain/notification/notification-event.js';

/** A notification as the outbox is given it: with the key that makes it exist once (`logbook:<seq>:<type>`, `threshold:<case>:<step>:<pct>` …). */
export interface NewNotification extends NotificationRecord {
  readonly dedupeKey: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One notification to one recipient over one channel: the delivery log's row. */
export interface NotificationDelivery {
  readonly id: string;
  readonly notificationId: string;
  readonly channel: 'email' | 'webhook';
  /** The channel's recipient key (a user id, a webhook endpoint id). */
  readonly recipient: string;
  readonly status: DeliveryStatus;
  /** Attempts started so far (a claim counts one). */
  readonly attempts: number;
  readonly nextAttemptAt: string;
  /** The last failure as the channel worded it (never a secret). */
  readonly lastError: string | null;
  /** The channel's detail of the success (`250 accepted`, `HTTP 204`). */
  readonly detail: string | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A delivery with the notification it carries. */
export interface DeliveryWithNotification {
  readonly delivery: NotificationDelivery;
  readonly notification: NotificationRecord;
}

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  readonly caseId?: string;
  /** Only deliveries of notifications of these units (a koordinator's view); undefined: every unit. */
  readonly unitIds?: readonly string[];
  readonly limit: number;
  readonly offset?: number;
}

/** What one attempt came to. `pending`: failed, tried again at `nextAttemptAt`; `dead`: failed for the last time. */
export type AttemptOutcome =
  | { readonly status: 'delivered'; readonly at: string; readonly detail: string }
  | { readonly status: 'pending'; readonly at: string; readonly error: string; readonly nextAttemptAt: string }
  | { readonly status: 'dead'; readonly at: string; readonly error: string };

/**
 * The notification outbox (`tx.notifications`). Written in the transaction of what causes a
 * notification (one insert); read and advanced by the outbox worker, whose claims let several
 * `jaga serve` nodes work on one store without delivering anything twice.
 */
export interface NotificationRepository {
  /** Inserts unless a notification with the same dedupe key exists; true when it was new. */
  insert(n: NewNotification): Promise<boolean>;
  findById(id: string): Promise<NotificationRecord | undefined>;
  /** Which of these dedupe keys are taken (a timer skips what it already wrote without building it again). */
  existingKeys(keys: readonly string[]): Promise<Set<string>>;
  /** Notifications oldest first (tests, `jaga notification list`), optionally of one case or type. */
  list(filter: { readonly caseId?: string; readonly type?: string; readonly limit: number }): Promise<NotificationRecord[]>;
  /**
   * Up to `limit` notifications not yet fanned out, oldest first, locked until the transaction
   * ends (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so another node takes the next ones; SQLite: the
   * transaction holds the write lock).
   */
  claimUnfanned(limit: number): Promise<NotificationRecord[]>;
  /** Writes one pending delivery per recipient (due at `at`; one already there is kept) and marks the notification fanned out. */
  fanOut(notificationId: string, deliveries: readonly { readonly id: string; readonly channel: 'email' | 'webhook'; readonly recipient: string }[], at: string): Promise<void>;
  /**
   * Up to `limit` pending deliveries due at `now` whose claim is free or has lapsed, each claimed
   * for `by` until `until` with its attempt counted (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimDue(opts: { readonly now: string; readonly by: string; readonly until: string; readonly limit: number }): Promise<DeliveryWithNotification[]>;
  /** Records an attempt's outcome and frees the claim, if `by` still holds it; false when it does not (the claim lapsed and another took it). */
  recordAttempt(id: string, by: string, outcome: AttemptOutcome): Promise<boolean>;
  /** The delivery log, newest first. */
  listDeliveries(filter: DeliveryFilter): Promise<DeliveryWithNotification[]>;
  findDelivery(id: string): Promise<DeliveryWithNotification | undefined>;
  /** Makes a delivery pending again, due at `at`, its claim freed (a retry by hand). */
  requeue(id: string, at: string): Promise<void>;
}
