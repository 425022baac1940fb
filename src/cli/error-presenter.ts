import { DomainError } from '../domain/errors.js';
import type { ErrorKind } from '../domain/errors.js';
import { messageOf } from '../messages/catalogue.js';

/** Exit status for each error kind: the CLI's one mapping table. */
export const EXIT_CODES: Record<ErrorKind | 'usage' | 'internal', number> = {
  internal: 1, usage: 2, invalid: 2, not_found: 3, forbidden: 4, conflict: 5, precondition: 6,
};

export class UsageError extends Error {
  constructor(readonly id: string, readonly en: string) { super(en); }
}

/** Both languages, Indonesian first; the code for scripts; never a stack trace for known errors. */
export function presentError(err: unknown, errLine: (s: string) => void, debug: boolean): number {
  if (err instanceof DomainError) {
    errLine(`galat: ${messageOf(err, 'id')}`);
    errLine(`error: ${messageOf(err, 'en')} [${err.code}]`);
    return EXIT_CODES[err.kind];
  }
  if (err instanceof UsageError) {
    errLine(`galat: ${err.id}`);
    errLine(`error: ${err.en}`);
    errLine(`(jaga --help)`);
    return EXIT_CODES.usage;
  }
  const e = err as Error;
  errLine('galat: kesalahan internal; lihat detail di bawah / error: internal error; details below');
  errLine(debug ? String(e?.stack ?? e) : `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`);
  return EXIT_CODES.internal;
}
