import { DomainError } from './errors.js';

/** Free text limits, shared so every edge refuses the same over-long input. */
export const LIMITS = { name: 200, shortText: 500, longText: 10_000 } as const;

export function requireText(field: string, value: string, max: number): string {
  const v = value.trim();
  if (v.length === 0) {
    throw DomainError.of('invalid', 'input.required', { field }, { field });
  }
  if (v.length > max) {
    throw DomainError.of('invalid', 'input.too_long', { field, length: v.length, max }, { field, max });
  }
  return v;
}
