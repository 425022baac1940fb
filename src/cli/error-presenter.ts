import { DomainError } from '../domain/errors.js';
import type { ErrorCode, ErrorKind, ErrorParams } from '../domain/errors.js';
import type { Lang } from '../messages/catalogue.js';
import { errorText, messageOf, t } from '../messages/catalogue.js';
import { terminalSafe, terminalSafeLines } from '../presenters/terminal-safe.js';

/** Exit status for each error kind: the CLI's one mapping table. */
export const EXIT_CODES: Record<ErrorKind | 'usage' | 'internal', number> = {
  internal: 1, usage: 2, invalid: 2, not_found: 3, forbidden: 4, conflict: 5, precondition: 6,
};

/** A command line the CLI cannot run (unknown command, missing option …): exit 2 and a pointer to --help. */
export class UsageError extends Error {
  private constructor(readonly code: ErrorCode, readonly params: Readonly<Record<string, unknown>>) {
    super(code);
    this.name = 'UsageError';
  }

  /** A usage error whose words come from the catalogue entry for `code`. */
  static of<C extends ErrorCode>(code: C, params: ErrorParams[C]): UsageError {
    return new UsageError(code, params as Record<string, unknown>);
  }

  text(lang: Lang): string {
    return errorText(lang, this.code, this.params as ErrorParams[ErrorCode]);
  }
}

/**
 * Writes an error for a person: in the chosen language, or without one Indonesian first and then
 * English; the code for scripts; never a stack trace for known errors. Messages quote input (names,
 * file names, a pelapor's words), so every line is escaped for the terminal.
 */
export function presentError(err: unknown, errLine: (s: string) => void, debug: boolean, lang?: Lang): number {
  const langs: readonly Lang[] = lang ? [lang] : ['id', 'en'];
  const prefix = (l: Lang): string => t(l, 'cli.error.prefix');
  if (err instanceof DomainError) {
    // Without a chosen language the code goes on the English line, as scripts have always read it.
    for (const l of langs) errLine(`${prefix(l)}: ${terminalSafe(messageOf(err, l))}${l === 'en' || lang ? ` [${terminalSafe(err.code)}]` : ''}`);
    return EXIT_CODES[err.kind];
  }
  if (err instanceof UsageError) {
    for (const l of langs) errLine(`${prefix(l)}: ${terminalSafe(err.text(l))}`);
    errLine(`(jaga --help)`);
    return EXIT_CODES.usage;
  }
  const e = err as Error;
  errLine(langs.map((l) => `${prefix(l)}: ${t(l, 'cli.error.internal')}`).join(' / '));
  errLine(debug ? terminalSafeLines(String(e?.stack ?? e)) : terminalSafe(`${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`));
  return EXIT_CODES.internal;
}
