import { z } from 'zod';
import type { InputIssue } from '../domain/error-codes.js';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/validate.js';

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const name = () => text(LIMITS.name);
export const shortText = () => text(LIMITS.shortText);
export const longText = () => text(LIMITS.longText);
export const isoTime = () => z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString());

function issueOf(issue: z.core.$ZodIssue): InputIssue {
  const field = issue.path.length ? issue.path.join('.') : 'input';
  switch (issue.code) {
    case 'too_big': return { kind: 'too_big', field, maximum: String(issue.maximum) };
    case 'too_small': return { kind: 'too_small', field, minimum: String(issue.minimum) };
    case 'invalid_type':
      return issue.input === undefined ? { kind: 'missing', field } : { kind: 'wrong_type', field, expected: issue.expected };
    case 'invalid_value': return { kind: 'not_one_of', field, values: issue.values.map(String) };
    case 'unrecognized_keys': return { kind: 'unknown_fields', keys: issue.keys };
    // A pattern's own description says more than 'regex'.
    case 'invalid_format': return { kind: 'bad_format', field, format: issue.format === 'regex' ? issue.message : issue.format };
    default: return { kind: 'other', field, detail: issue.message };
  }
}

/** Validates input at the use-case boundary, so every transport refuses the same things the same way. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  // reportInput: tells a wrongly typed field from a missing one.
  const r = schema.safeParse(raw, { reportInput: true });
  if (r.success) return r.data;
  throw DomainError.of('invalid', 'input.invalid', { issues: r.error.issues.slice(0, 5).map(issueOf) },
    { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) });
}
