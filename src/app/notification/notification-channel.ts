import type { NotificationRecord } from '../../domain/notification/notification-event.js';
import type { Repositories } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';

/**
 * A way a notification is delivered (email, webhook). The outbox worker asks each channel who
 * receives a notification, writes one delivery per recipient, and calls `deliver` for each one
 * until it succeeds or is dead-lettered. Channels are the only code that knows their recipients.
 */
export interface NotificationChannel {
  readonly kind: 'email' | 'webhook';
  /** The recipient keys (a user id, a webhook endpoint id) for this notification, read in the worker's transaction. */
  recipients(tx: Repositories, notification: NotificationRecord): Promise<readonly string[]>;
  /**
   * Delivers once. Resolves with a short detail for the delivery log (e.g. `250 accepted`, `HTTP 204`);
   * throws on failure, with a message fit for the delivery log (never a secret). Called outside any
   * store transaction; `delivery.id` is stable across retries (a webhook's `webhook-id`).
   */
  deliver(deps: AppDeps, recipient: string, notification: NotificationRecord, delivery: { readonly id: string; readonly attempt: number }): Promise<string>;
}
