import type { ErrorCode, ErrorParams, NotFoundEntity } from './error-codes.js';
import type { Text } from './sop/sop-definition.js';

export type { ErrorCode, ErrorParams, NotFoundEntity } from './error-codes.js';

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

/**
 * A refusal the domain can explain. It carries a typed code and the values its message needs;
 * the words come from the message catalogue (`src/messages/`), in the language the edge chose.
 */
export class DomainError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine code, e.g. `case.wrong_step`. */
  readonly code: string;
  /** The values the catalogue message for `code` needs. */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * @deprecated transitional: bilingual text written at the throw site. Every new error uses
   * {@link DomainError.of} and the catalogue; this goes when the last legacy site is converted.
   */
  readonly text: Text | undefined;
  /** Machine-readable data for clients (HTTP `details`), never words. */
  readonly details: Readonly<Record<string, unknown>>;

  /** @deprecated transitional constructor; use {@link DomainError.of}. */
  constructor(kind: ErrorKind, code: string, text: Text | undefined, details: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
    super(text ? text.en : code);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.text = text;
    this.details = details;
    this.params = params;
  }

  /** An error whose words come from the catalogue entry for `code`. */
  static of<C extends ErrorCode>(kind: ErrorKind, code: C, params: ErrorParams[C], details: Record<string, unknown> = {}): DomainError {
    const e = new DomainError(kind, code, undefined, details, params as Record<string, unknown>);
    return e;
  }
}

/** `<entity>.not_found`, naming the key that was looked up (also in `details`, for clients). */
export const notFound = (entity: NotFoundEntity, key: string): DomainError =>
  DomainError.of('not_found', `${entity}.not_found`, { key }, { key });

/** @deprecated transitional: words written at the throw site; use {@link DomainError.of}. */
export const invalid = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('invalid', code, { id, en }, details);
/** @deprecated transitional: use {@link DomainError.of}. */
export const forbidden = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('forbidden', code, { id, en }, details);
/** @deprecated transitional: use {@link DomainError.of}. */
export const conflict = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('conflict', code, { id, en }, details);
/** @deprecated transitional: use {@link DomainError.of}. */
export const precondition = (code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('precondition', code, { id, en }, details);
