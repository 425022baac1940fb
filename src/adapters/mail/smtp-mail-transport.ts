import nodemailer from 'nodemailer';
import type { SmtpServer } from '../../config/mail-config.js';
import { describeSmtp } from '../../config/mail-config.js';
import type { EmailMessage, MailTransport } from '../../ports/notification-channels.js';

/** A slow or silent server fails a delivery (the outbox retries it) instead of holding it for nodemailer's two-minute default. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/**
 * Sends email through one SMTP server with nodemailer: `smtps://` is TLS from the start, `smtp://`
 * upgrades with STARTTLS when offered. A failure is rethrown with the server's reply and nothing
 * of the password (the delivery log keeps the message).
 */
export function createSmtpTransport(smtp: SmtpServer, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure, ...TIMEOUTS, logger: false, debug: false,
    ...(smtp.user === null ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
  });
  const scrub = (text: string): string => {
    const p = smtp.password;
    if (p === null || p === '') return text;
    return [p, encodeURIComponent(p), Buffer.from(p).toString('base64')].reduce((t, s) => t.split(s).join('***'), text);
  };
  return {
    async send(m: EmailMessage) {
      try {
        // Nothing in a message is fetched from elsewhere: no file, no URL (the HTML is ours, escaped).
        await transporter.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, disableFileAccess: true, disableUrlAccess: true });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        // No `cause`: the original could carry what the scrubbed message leaves out.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(`${describeSmtp(smtp)}: ${scrub(why)}`.slice(0, 500));
      }
    },
    close() {
      transporter.close();
    },
  };
}
