import { createSmtpTransport } from '../adapters/mail/smtp-mail-transport.js';
import { createEmailChannel } from '../app/notification/email-channel.js';
import type { NotificationChannel } from '../app/notification/notification-channel.js';
import type { Config } from '../config/config.js';
import { renderNotificationEmail } from '../presenters/notification-email.js';

/**
 * The email channel over the configured SMTP server (JAGA_SMTP_URL, JAGA_MAIL_FROM), for the outbox
 * worker's channel list; null when email is not configured. Links lead to JAGA_PUBLIC_URL, else to
 * the HTTP listener's own address. `close` ends the SMTP connections (on SIGTERM, after the worker).
 */
export function openEmailChannel(config: Config): { channel: NotificationChannel; close(): void } | null {
  const { smtp, from } = config.mail;
  if (smtp === null || from === null) return null;
  const publicUrl = config.http.publicUrl ?? `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${config.http.port}`;
  const transport = createSmtpTransport(smtp, from);
  return { channel: createEmailChannel(transport, { publicUrl, render: renderNotificationEmail }), close: () => transport.close() };
}
