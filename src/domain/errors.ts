import type { Text } from './sop/sop-definition.js';

/**
 * How an error is handled at the edges. Each edge maps kinds in one table
 * (HTTP status, CLI exit code, SSH stderr line); the `code` stays stable for clients.
 */
export type ErrorKind =
  | 'invalid' // the input is malformed
  | 'not_found'
  | 'forbidden' // the actor may not do this
  | 'conflict' // clashes with existing data (duplicate, concurrent change)
  | 'precondition'; // the SOP's rules refuse this now (wrong step, failed A1 check …)

/** A refusal the domain can explain, in Indonesian (default) and English. */
export class DomainError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine code, e.g. `case.wrong_step`. */
  readonly code: string;
  readonly text: Text;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(kind: ErrorKind, code: string, text: Text, details: Record<string, unknown> = {}) {
    super(text.en);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.text = text;
    this.details = details;
  }

  messageIn(lang: 'id' | 'en'): string {
    return this.text[lang];
  }
}

export const invalid = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('invalid', code, { id, en }, details);
export const notFound = (what: string, key: string): DomainError =>
  new DomainError('not_found', `${what}.not_found`, {
    id: `${NOUN_ID[what] ?? what} '${key}' tidak ditemukan.`,
    en: `${NOUN_EN[what] ?? what} '${key}' not found.`,
  }, { key });
export const forbidden = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('forbidden', code, { id, en }, details);
export const conflict = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('conflict', code, { id, en }, details);
export const precondition = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('precondition', code, { id, en }, details);

const NOUN_ID: Record<string, string> = {
  case: 'Kasus', unit: 'Unit LPSE', user: 'Pengguna', network: 'Jaringan', workstation: 'Workstation',
  target: 'Target', grant: 'Hak akses', sop: 'SOP', gateway_session: 'Sesi gateway', recording: 'Rekaman',
};
const NOUN_EN: Record<string, string> = {
  case: 'Case', unit: 'LPSE unit', user: 'User', network: 'Network', workstation: 'Workstation',
  target: 'Target', grant: 'Grant', sop: 'SOP', gateway_session: 'Gateway session', recording: 'Recording',
};
