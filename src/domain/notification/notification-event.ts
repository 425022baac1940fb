/**
 * What Jaga tells people about (issue 13). A notification is written to the outbox in the same
 * transaction as the case action or logbook event that causes it, and delivered later by a worker
 * (email to users who subscribe, JSON to webhook endpoints). Pure data: no words here — the words
 * of each event are in `src/messages/`, rendered in the recipient's language.
 */
export const NOTIFICATION_EVENTS = [
  /** B1: an urgent fault report arrived (by a person or an Alertmanager integration). */
  'fault.urgent_reported',
  /** B1 acknowledged: the case has its executor (tells the executor). */
  'case.assigned',
  /** A time standard (B1, B2 or B6) reached a threshold (default 50 %, 75 %, 100 %). */
  'standard.threshold',
  /** Weekly digest of the open deviations of a unit. */
  'standard.weekly_digest',
  /** The SSH gateway refused access. */
  'gateway.access_refused',
  /** A gateway session opened on a target (for the koordinator). */
  'gateway.session_opened',
  /** B6 closed: the case waits for approval. */
  'case.awaiting_approval',
  'case.approved',
  /** Returned for correction (Kembalikan). */
  'case.returned',
  /** Logbook verification, or a checkpoint witness, failed. */
  'logbook.verification_failed',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

/** One notification as the outbox holds it: what happened, where, and the values its words need (names, never only ids). */
export interface NotificationRecord {
  readonly id: string;
  readonly type: NotificationEventType;
  readonly occurredAt: string;
  readonly unitId: string | null;
  readonly caseId: string | null;
  /** Flat values for the message and the webhook body: strings, numbers, booleans or null. */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}
