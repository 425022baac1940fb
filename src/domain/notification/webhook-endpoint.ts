import { cidrContains, parseCidr, parseIp } from '../access/cidr.js';
import { DomainError } from '../errors.js';
import type { NotificationEventType } from './notification-event.js';

/**
 * A receiver of signed JSON notifications (issue 13). It belongs to one unit, or to every unit
 * (LKPP-wide, `unitId` null); it takes the events it lists, or all of them. Its signing secret is
 * sealed at rest and never part of this record. Retired, never deleted: the logbook names it.
 */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** null: every unit's notifications (and those of no unit), LKPP-wide. */
  readonly unitId: string | null;
  readonly events: WebhookEvents;
  readonly createdBy: string;
  readonly createdAt: string;
  /** When the signing secret was last replaced; null: the one made at creation. */
  readonly secretRotatedAt: string | null;
  readonly retiredAt: string | null;
}

/** Which notifications an endpoint takes. */
export type WebhookEvents = 'all' | readonly NotificationEventType[];

/** The longest URL an endpoint may have (what proxies and logs commonly keep whole). */
export const WEBHOOK_URL_MAX = 2000;

/** Whether an endpoint in service takes a notification of `type` for `unitId`. */
export function endpointTakes(e: WebhookEndpoint, type: NotificationEventType, unitId: string | null): boolean {
  if (e.retiredAt !== null) return false;
  if (e.unitId !== null && e.unitId !== unitId) return false;
  return e.events === 'all' || e.events.includes(type);
}

const LOOPBACK = [parseCidr('127.0.0.0/8'), parseCidr('::1/128')];

/** `localhost` or a loopback address: a receiver on this machine, where plain http crosses no network. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const ip = parseIp(host);
  return ip !== undefined && LOOPBACK.some((c) => cidrContains(c, ip));
}

/**
 * An endpoint URL as stored: absolute https (http only to a loopback receiver, or when the
 * installation allows it, `JAGA_WEBHOOK_ALLOW_HTTP=1`), no user name or password in it (a
 * credential there would be shown in every list and log), no fragment (never sent).
 */
export function checkWebhookUrl(text: string, opts: { readonly allowHttp: boolean }): string {
  const url = text.trim();
  const shown = url.slice(0, 200);
  const refuse = (problem: WebhookUrlProblem): DomainError => DomainError.of('invalid', 'webhook.url_invalid', { url: shown, problem }, { problem });
  if (url.length > WEBHOOK_URL_MAX) throw refuse('too_long');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw refuse('not_a_url');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw refuse('scheme');
  if (u.username !== '' || u.password !== '') throw DomainError.of('invalid', 'webhook.url_invalid', { url: redactUserinfo(u), problem: 'credentials' }, { problem: 'credentials' });
  if (u.hash !== '' || url.includes('#')) throw refuse('fragment');
  if (u.protocol === 'http:' && !opts.allowHttp && !isLoopbackHost(u.hostname)) throw refuse('http_not_allowed');
  return u.toString();
}

/** Why an endpoint URL was refused. */
export type WebhookUrlProblem = 'not_a_url' | 'too_long' | 'scheme' | 'credentials' | 'fragment' | 'http_not_allowed';

/** The URL with its user information replaced, so a refusal never repeats a password. */
function redactUserinfo(u: URL): string {
  const copy = new URL(u.toString());
  copy.username = '';
  copy.password = '';
  return copy.toString().slice(0, 200);
}

/**
 * The URL as the logbook keeps it: scheme, host and path. A query string often carries the
 * receiver's own token, and the logbook cannot forget what it once held, so only its presence is kept.
 */
export function webhookUrlForLog(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search === '' ? '' : '?…'}`;
}
