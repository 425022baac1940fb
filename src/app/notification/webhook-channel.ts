import type { NotificationRecord } from '../../domain/notification/notification-event.js';
import { endpointTakes } from '../../domain/notification/webhook-endpoint.js';
import type { WebhookPoster } from '../../ports/notification-channels.js';
import type { AppDeps } from '../app-deps.js';
import type { NotificationChannel } from './notification-channel.js';

/** What the webhook channel needs of the configuration. */
export interface WebhookChannelConfig {
  /** JAGA_PUBLIC_URL: the installation's address for people; the body's `caseUrl` leads there (null: not set, no link). */
  readonly publicUrl: string | null;
  /** How long one POST may take (JAGA_WEBHOOK_TIMEOUT). */
  readonly timeoutMs: number;
}

/** The body's `data`: the notification as the outbox holds it, and the link to its case page. */
export interface WebhookPayloadData extends NotificationRecord {
  readonly caseUrl: string | null;
}

/** The JSON body of a webhook (Standard Webhooks' `{type, timestamp, data}`), as documented in docs/webhooks.md. */
export interface WebhookPayload {
  readonly type: NotificationRecord['type'];
  /** When it happened (ISO-8601 UTC): the notification's time, the same on every retry. */
  readonly timestamp: string;
  readonly data: WebhookPayloadData;
}

/** The body a notification is sent as; the exact string is what is signed. */
export function webhookBody(n: NotificationRecord, publicUrl: string | null): string {
  const caseUrl = publicUrl === null || n.caseId === null ? null : `${publicUrl}/cases/${encodeURIComponent(n.caseId)}`;
  const payload: WebhookPayload = { type: n.type, timestamp: n.occurredAt, data: { ...n, caseUrl } };
  return JSON.stringify(payload);
}

/** A failed webhook delivery, worded for the delivery log (no secret, no part of the URL). */
export class WebhookDeliveryError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

/** The longest piece of a receiver's answer the delivery log keeps in a failure's message. */
const EXCERPT_IN_MESSAGE = 200;

/**
 * The webhook channel (kind `webhook`): the recipients of a notification are the endpoints in
 * service of its unit and the LKPP-wide ones that take its event; `deliver` signs the JSON body
 * with the endpoint's unsealed secret and POSTs it through `poster`. A 2xx is delivered (`HTTP
 * 204`); any other status, a network error or the timeout throws, so the outbox worker retries.
 * An endpoint retired since the notification was queued is not sent to (resolves `skipped: …`).
 *
 * Wiring: `openWebhookChannel(config)` in src/main/webhook-channel.ts (`createWebhookChannel(createHttpWebhookPoster(), { publicUrl: config.http.publicUrl,
 * timeoutMs: config.webhooks.timeoutMs })`), handed to the outbox worker with the other channels.
 */
export function createWebhookChannel(poster: WebhookPoster, config: WebhookChannelConfig): NotificationChannel {
  return {
    kind: 'webhook',
    async recipients(tx, notification) {
      const endpoints = await tx.webhookEndpoints.listActiveFor(notification.unitId);
      return endpoints.filter((e) => endpointTakes(e, notification.type, notification.unitId)).map((e) => e.id);
    },
    async deliver(deps: AppDeps, recipient, notification, delivery) {
      const stored = await deps.store.read((r) => r.webhookEndpoints.findById(recipient));
      if (!stored) throw new WebhookDeliveryError(`webhook endpoint ${recipient} not found`, null);
      if (stored.endpoint.retiredAt !== null) return `skipped: endpoint retired ${stored.endpoint.retiredAt}`;
      let secret: string;
      try {
        secret = deps.secretBox.open(stored.sealedSecret);
      } catch {
        throw new WebhookDeliveryError('the signing secret cannot be unsealed with this installation\'s data key; rotate the secret', null);
      }
      const body = webhookBody(notification, config.publicUrl);
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      const res = await poster.post({ url: stored.endpoint.url, secret, id: delivery.id, timestamp, body }, config.timeoutMs);
      if (res.status >= 200 && res.status < 300) return `HTTP ${res.status}`;
      const excerpt = res.excerpt.trim().slice(0, EXCERPT_IN_MESSAGE);
      throw new WebhookDeliveryError(`HTTP ${res.status}${excerpt === '' ? '' : `: ${excerpt}`}`, res.status);
    },
  };
}
