import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/validate.js';

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const name = () => text(LIMITS.name);
export const shortText = () => text(LIMITS.shortText);
export const longText = () => text(LIMITS.longText);
export const isoTime = () => z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString());

function describe(issue: z.core.$ZodIssue): { id: string; en: string } {
  const field = issue.path.length ? issue.path.join('.') : 'input';
  switch (issue.code) {
    case 'too_big':
      return { id: `'${field}' terlalu panjang/besar (maksimal ${String(issue.maximum)})`, en: `'${field}' is too long/large (at most ${String(issue.maximum)})` };
    case 'too_small':
      return { id: `'${field}' wajib diisi atau terlalu kecil (minimal ${String(issue.minimum)})`, en: `'${field}' is required or too small (at least ${String(issue.minimum)})` };
    case 'invalid_type':
      return issue.input === undefined
        ? { id: `'${field}' wajib diisi`, en: `'${field}' is required` }
        : { id: `'${field}' harus bertipe ${issue.expected}`, en: `'${field}' must be of type ${issue.expected}` };
    case 'invalid_value':
      return { id: `'${field}' harus salah satu dari: ${issue.values.map(String).join(', ')}`, en: `'${field}' must be one of: ${issue.values.map(String).join(', ')}` };
    case 'unrecognized_keys':
      return { id: `kolom tidak dikenal: ${issue.keys.join(', ')}`, en: `unknown field(s): ${issue.keys.join(', ')}` };
    case 'invalid_format':
      if (issue.format === 'regex') return { id: `'${field}' formatnya tidak valid (${issue.message})`, en: `'${field}' has an invalid format (${issue.message})` };
      return { id: `'${field}' formatnya tidak valid (${issue.format})`, en: `'${field}' has an invalid format (${issue.format})` };
    default:
      return { id: `'${field}' tidak valid`, en: `'${field}' is invalid: ${issue.message}` };
  }
}

/** Validates input at the use-case boundary, so every transport refuses the same things the same way. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  // reportInput: tells a wrongly typed field from a missing one.
  const r = schema.safeParse(raw, { reportInput: true });
  if (r.success) return r.data;
  const parts = r.error.issues.slice(0, 5).map(describe);
  throw new DomainError('invalid', 'input.invalid', {
    id: `Masukan tidak valid: ${parts.map((p) => p.id).join('; ')}.`,
    en: `Invalid input: ${parts.map((p) => p.en).join('; ')}.`,
  }, { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) });
}
