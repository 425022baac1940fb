import type { ErrorCode, InputIssue } from '../domain/error-codes.js';
import { DomainError } from '../domain/errors.js';
import type { Lang } from '../messages/catalogue.js';
import { messageOf } from '../messages/catalogue.js';

/** A refused form's messages: each by the field it is about, and `form` for what no field of the page is. */
export type FormErrors<F extends string> = Partial<Record<F | 'form', string>>;

/**
 * The API's own message for each field a refusal names, in the visitor's language: an invalid
 * input is split into one message per field (each worded as the API words that issue), a refusal
 * naming a field in its details (or listed in `byCode`) goes next to it, anything else above the form.
 */
export function formErrors<F extends string>(e: DomainError, lang: Lang, fields: readonly F[], byCode: Partial<Record<ErrorCode, F>> = {}): FormErrors<F> {
  const known = (f: unknown): f is F => typeof f === 'string' && (fields as readonly string[]).includes(f);
  // An item of a list field (`sshKeys.1`) belongs next to the list's field.
  const fieldOf = (f: string): F | undefined => (known(f) ? f : known(f.split('.')[0]) ? f.split('.')[0] as F : undefined);
  const out: FormErrors<F> = {};
  const put = (key: F | 'form', message: string): void => { out[key] = out[key] === undefined ? message : `${out[key]} ${message}`; };
  if (e.code === 'input.invalid' && 'issues' in e.params) {
    for (const issue of e.params['issues'] as readonly InputIssue[]) {
      const one = messageOf(DomainError.of('invalid', 'input.invalid', { issues: [issue] }), lang);
      put(('field' in issue ? fieldOf(issue.field) : undefined) ?? 'form', one);
    }
    return out;
  }
  const field = byCode[e.code] ?? e.details['field'];
  put(known(field) ? field : 'form', messageOf(e, lang));
  return out;
}
