import { createHttpWebhookPoster } from '../adapters/webhook/http-webhook-poster.js';
import type { NotificationChannel } from '../app/notification/notification-channel.js';
import { createWebhookChannel } from '../app/notification/webhook-channel.js';
import type { Config } from '../config/config.js';

/**
 * The webhook channel as `jaga serve` runs it (issue 13): Node's own http/https poster, the links
 * to JAGA_PUBLIC_URL, the timeout of JAGA_WEBHOOK_TIMEOUT. Handed to the outbox worker with the
 * other channels.
 */
export function openWebhookChannel(config: Config): NotificationChannel {
  return createWebhookChannel(createHttpWebhookPoster(), { publicUrl: config.http.publicUrl, timeoutMs: config.webhooks.timeoutMs });
}
