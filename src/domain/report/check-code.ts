import { DomainError } from '../errors.js';

/**
 * The check code printed on an issued document (with its QR code): 12 characters of Crockford's
 * base32 (no I, L, O, U: nothing a reader confuses) taken from a SHA-256 the app computes over what
 * the document shows, so the same record always gets the same code and a different record another.
 * 60 bits: guessing one that matches some issued form is hopeless at any number of forms a unit issues.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CHECK_CODE_LENGTH = 12;

/** The code from a SHA-256 hex digest (its first 60 bits), grouped `XXXX-XXXX-XXXX` for reading aloud. */
export function checkCodeFromSha256(hex: string): string {
  let bits = '';
  for (const c of hex.slice(0, 16)) bits += parseInt(c, 16).toString(2).padStart(4, '0');
  let code = '';
  for (let i = 0; i < CHECK_CODE_LENGTH; i++) code += ALPHABET[parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * What a person typed (any case, spaces or dashes, O for 0, I/L for 1 as Crockford reads them) as
 * the grouped code; refused as `report.check_code_invalid` when it cannot be one.
 */
export function normaliseCheckCode(typed: string): string {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (raw.length !== CHECK_CODE_LENGTH || [...raw].some((c) => !ALPHABET.includes(c))) {
    throw DomainError.of('invalid', 'report.check_code_invalid', { code: typed.slice(0, 40) });
  }
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}
