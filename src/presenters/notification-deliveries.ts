import type { DeliveryWithNotification } from '../ports/notification-outbox.js';

/** One delivery of the log as the API and `--json` show it: the delivery, and what it carries. */
export interface DeliveryView {
  readonly id: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly channel: 'email' | 'webhook';
  readonly recipient: string;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  readonly lastError: string | null;
  readonly detail: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly notification: { readonly id: string; readonly type: string; readonly occurredAt: string; readonly unitId: string | null; readonly caseId: string | null };
}

export function presentDelivery({ delivery: d, notification: n }: DeliveryWithNotification): DeliveryView {
  return {
    id: d.id, status: d.status, channel: d.channel, recipient: d.recipient, attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null, deliveredAt: d.deliveredAt, lastError: d.lastError, detail: d.detail,
    createdAt: d.createdAt, updatedAt: d.updatedAt,
    notification: { id: n.id, type: n.type, occurredAt: n.occurredAt, unitId: n.unitId, caseId: n.caseId },
  };
}

/** The values of the CLI's line for a delivery (`cli.notification.delivery`). */
export function deliveryLine(v: DeliveryView): { id: string; status: DeliveryView['status']; attempts: number; channel: string; recipient: string; type: string; caseId: string | null; when: string; error: string | null } {
  return { id: v.id, status: v.status, attempts: v.attempts, channel: v.channel, recipient: v.recipient, type: v.notification.type,
    caseId: v.notification.caseId, when: v.deliveredAt ?? v.nextAttemptAt ?? v.updatedAt, error: v.lastError };
}
