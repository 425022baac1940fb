import type { ErrorCode, ErrorParams, NotFoundEntity } from './error-codes.js';

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
  readonly code: ErrorCode;
  /** The values the catalogue message for `code` needs. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Machine-readable data for clients (HTTP `details`), never words. */
  readonly details: Readonly<Record<string, unknown>>;

  private constructor(kind: ErrorKind, code: ErrorCode, params: Record<string, unknown>, details: Record<string, unknown>) {
    // The message is the code: words are chosen by the edge, in its language, from the catalogue.
    super(code);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.params = params;
    this.details = details;
  }

  /** An error whose words come from the catalogue entry for `code`. */
  static of<C extends ErrorCode>(kind: ErrorKind, code: C, params: ErrorParams[C], details: Record<string, unknown> = {}): DomainError {
    return new DomainError(kind, code, params as Record<string, unknown>, details);
  }
}

/** `<entity>.not_found`, naming the key that was looked up (also in `details`, for clients). */
export const notFound = (entity: NotFoundEntity, key: string): DomainError =>
  DomainError.of('not_found', `${entity}.not_found`, { key }, { key });
