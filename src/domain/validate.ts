import { invalid } from './errors.js';

/** Free text limits, shared so every edge refuses the same over-long input. */
export const LIMITS = { name: 200, shortText: 500, longText: 10_000 } as const;

export function requireText(field: string, value: string, max: number): string {
  const v = value.trim();
  if (v.length === 0) {
    throw invalid('input.required', `'${field}' wajib diisi.`, `'${field}' is required.`, { field });
  }
  if (v.length > max) {
    throw invalid('input.too_long', `'${field}' terlalu panjang (${v.length} karakter, maksimal ${max}).`,
      `'${field}' is too long (${v.length} characters, at most ${max}).`, { field, max });
  }
  return v;
}
