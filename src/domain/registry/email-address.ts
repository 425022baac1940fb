import { DomainError } from '../errors.js';

/** Why an email address was refused (`user.email_invalid`). */
export type EmailProblem = 'format' | 'too_long' | 'local_part' | 'domain';

/** RFC 5321's limits: 64 octets before the `@`, 254 in all (what fits a forward path). */
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;
/** RFC 5322 dot-atom characters; quoted local parts and address literals are refused (no mail system here needs them). */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const refuse = (email: string, problem: EmailProblem): never => {
  throw DomainError.of('invalid', 'user.email_invalid', { email: email.slice(0, 80), problem }, { problem });
};

/**
 * A user's email address, normalised: trimmed, the domain in lower case (the local part keeps its
 * case: it is the receiving server's to interpret). One `@`, a dot-atom local part, a domain of at
 * least two ASCII labels (an internationalised domain is written in its `xn--` form).
 */
export function normaliseEmail(raw: string): string {
  const email = raw.trim();
  if (email.length > MAX_TOTAL) refuse(email, 'too_long');
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1 || email.indexOf('@') !== at) refuse(email, 'format');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  if (local.length > MAX_LOCAL || !local.split('.').every((part) => ATOM.test(part))) refuse(email, 'local_part');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1] as string)) refuse(email, 'domain');
  return `${local}@${domain}`;
}
