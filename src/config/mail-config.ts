import { DomainError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/registry/email-address.js';

/** The SMTP server email notifications go through (JAGA_SMTP_URL), taken apart once. */
export interface SmtpServer {
  readonly host: string;
  readonly port: number;
  /** `smtps://`: TLS from the first byte (port 465 by default); `smtp://`: STARTTLS when the server offers it (port 587 by default). */
  readonly secure: boolean;
  readonly user: string | null;
  /** Never printed or logged: {@link describeSmtp} leaves it out. */
  readonly password: string | null;
}

export interface MailConfig {
  /** null: email is not configured (no JAGA_SMTP_URL); the email channel is then not started. */
  readonly smtp: SmtpServer | null;
  /** JAGA_MAIL_FROM: the sender (`jaga@lpse.go.id` or `Jaga <jaga@lpse.go.id>`); null with `smtp`. */
  readonly from: string | null;
}

const SMTP_VAR = 'JAGA_SMTP_URL';
const FROM_VAR = 'JAGA_MAIL_FROM';

/** `smtp://user:pass@host:port` or `smtps://…`; a refusal names the variable and the problem, never the value (it may hold the password). */
function smtpVar(v: string): SmtpServer {
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    throw DomainError.of('invalid', 'config.smtp_url_invalid', { name: SMTP_VAR, problem: 'not_a_url' });
  }
  const refuse = (problem: 'scheme' | 'host' | 'port' | 'path'): never => {
    throw DomainError.of('invalid', 'config.smtp_url_invalid', { name: SMTP_VAR, problem });
  };
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') refuse('scheme');
  if (u.hostname === '') refuse('host');
  if (!['', '/'].includes(u.pathname) || u.search !== '' || u.hash !== '' || /[?#]/.test(v)) refuse('path');
  const secure = u.protocol === 'smtps:';
  const port = u.port === '' ? (secure ? 465 : 587) : Number(u.port);
  if (!(port >= 1 && port <= 65535)) refuse('port');
  const decode = (s: string): string | null => (s === '' ? null : decodeURIComponent(s));
  return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port, secure, user: decode(u.username), password: decode(u.password) };
}

/** One address, alone or as `Name <address>`; kept as given, with the address normalised. */
function fromVar(v: string): string {
  const m = /^\s*(?:([^<>"\r\n]*?)\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(v);
  const address = m?.[2] ?? m?.[3];
  if (!m || address === undefined) throw DomainError.of('invalid', 'config.mail_from_invalid', { name: FROM_VAR });
  let normalised: string;
  try {
    normalised = normaliseEmail(address);
  } catch {
    throw DomainError.of('invalid', 'config.mail_from_invalid', { name: FROM_VAR });
  }
  const label = m[1]?.trim();
  return label ? `${label} <${normalised}>` : normalised;
}

/**
 * JAGA_SMTP_URL and JAGA_MAIL_FROM (issue 13): both or neither. Without them Jaga sends no email
 * (the other channels work as before).
 */
export function loadMailConfig(env: Readonly<Record<string, string | undefined>>): MailConfig {
  const url = env[SMTP_VAR]?.trim() ?? '';
  const from = env[FROM_VAR]?.trim() ?? '';
  if (url === '' && from === '') return Object.freeze({ smtp: null, from: null });
  if (url === '') throw DomainError.of('invalid', 'config.mail_incomplete', { missing: SMTP_VAR });
  if (from === '') throw DomainError.of('invalid', 'config.mail_incomplete', { missing: FROM_VAR });
  return Object.freeze({ smtp: Object.freeze(smtpVar(url)), from: fromVar(from) });
}

/** The SMTP server for messages (`smtps://jaga@mail.lpse.go.id:465`), without its password. */
export function describeSmtp(s: SmtpServer): string {
  const host = s.host.includes(':') ? `[${s.host}]` : s.host;
  return `${s.secure ? 'smtps' : 'smtp'}://${s.user === null ? '' : `${encodeURIComponent(s.user)}@`}${host}:${s.port}`;
}
