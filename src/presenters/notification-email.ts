import type { NotificationRecord } from '../domain/notification/notification-event.js';
import { thresholdOf } from '../domain/notification/subscriptions.js';
import type { Lang } from '../messages/catalogue.js';
import { t } from '../messages/catalogue.js';
import type { NotifyWords } from '../messages/ui-messages.js';
import type { EmailRecipient } from '../app/notification/email-channel.js';
import type { EmailMessage } from '../ports/notification-channels.js';
import { formatDateTime } from './format-time.js';

const html = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0) ?? 0};`);

/** A header value on one line: a notification's text (a reason, a system name) may hold line breaks. */
const oneLine = (s: string): string => s.replace(/\p{Cc}+/gu, ' ').trim();

/**
 * The page an email leads to: the case, else the Logbook for the logbook's and the gateway's own
 * events, else the dashboard (a weekly digest).
 */
export function notificationLink(publicUrl: string, n: Pick<NotificationRecord, 'type' | 'caseId'>): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (n.caseId !== null) return `${base}/cases/${encodeURIComponent(n.caseId)}`;
  if (n.type === 'logbook.verification_failed' || n.type === 'gateway.access_refused') return `${base}/logbook`;
  return `${base}/`;
}

/** What failed in the logbook: a witness that did not take a checkpoint, or the chain at an entry (`data.source`, `code`, `seq`, `witness`). */
function verificationWords(n: NotificationRecord, lang: Lang): string {
  const d = n.data;
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '—');
  return d['source'] === 'witness'
    ? t(lang, 'notify.email.verification.witness', { witness: text(d['witness']), seq: text(d['seq']), code: text(d['code']) })
    : t(lang, 'notify.email.verification.chain', { seq: text(d['seq']), code: text(d['code']) });
}

function words(n: NotificationRecord, lang: Lang): NotifyWords {
  const d = n.data;
  const s = (...keys: string[]): string => {
    for (const k of keys) {
      const v = d[k];
      if (typeof v === 'string' && v.trim() !== '') return v;
      if (typeof v === 'number') return String(v);
    }
    return '—';
  };
  const threshold = thresholdOf(n);
  return {
    system: s('system'), unit: s('unitName', 'unitCode'), target: s('targetName'), step: s('step'),
    threshold: threshold === null ? '—' : String(threshold), missed: threshold !== null && threshold >= 100,
    executor: s('executorName', 'executorUsername'), actor: s('username', 'actorName', 'actorUsername'),
    reason: n.type === 'logbook.verification_failed' ? verificationWords(n, lang) : lang === 'id' ? s('reasonId', 'reason', 'problem') : s('reasonEn', 'reason', 'problem'),
    count: s('deviations', 'count'),
  };
}

/**
 * One notification as an email in the recipient's language: subject, plain text and simple HTML
 * (inline styles, no remote images, every value escaped), with a link to the page it is about.
 * Words from the catalogue (`notify.email.*`).
 */
export function renderNotificationEmail(n: NotificationRecord, to: EmailRecipient, publicUrl: string): EmailMessage {
  const { lang } = to;
  const w = words(n, lang);
  const subject = oneLine(`[${t(lang, 'notify.email.subject_prefix')}] ${t(lang, `notify.email.subject.${n.type}`, w)}`);
  const link = notificationLink(publicUrl, n);
  const settings = `${publicUrl.replace(/\/+$/, '')}/account/notifications`;
  const paragraphs = [
    t(lang, 'notify.email.greeting', { name: to.displayName }),
    t(lang, `notify.email.body.${n.type}`, w),
    t(lang, 'notify.email.when', { when: formatDateTime(n.occurredAt, to.timeZone, lang) }),
  ];
  const footer = [t(lang, 'notify.email.why', { url: settings }), ...(to.mandatory ? [t(lang, 'notify.email.mandatory')] : [])];
  const text = [...paragraphs, `${t(lang, 'notify.email.open')}: ${link}`, '', '--', ...footer].join('\n\n').replace(/\n\n--\n\n/, '\n\n-- \n');
  const p = (s: string) => `<p style="margin:0 0 12px 0">${html(s)}</p>`;
  const body = [
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${html(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;background:#ffffff;margin:0;padding:16px">',
    '<div style="max-width:600px">',
    ...paragraphs.map(p),
    `<p style="margin:16px 0"><a href="${html(link)}" style="display:inline-block;padding:8px 16px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px">${html(t(lang, 'notify.email.open'))}</a></p>`,
    `<p style="margin:0 0 12px 0;font-size:13px;color:#555555">${html(link)}</p>`,
    '<hr style="border:none;border-top:1px solid #dddddd;margin:16px 0">',
    ...footer.map((f) => `<p style="margin:0 0 8px 0;font-size:13px;color:#555555">${html(f)}</p>`),
    '</div></body></html>',
  ].join('\n');
  return { to: to.email, subject, text, html: body };
}
