import type { ParseArgsConfig } from 'node:util';
import type { App } from '../app/app.js';
import type { Lang } from '../messages/catalogue.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { readonly help: string; readonly value?: string; readonly required?: boolean };

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
  /** Asks a yes/no question on the terminal; absent when standard input is not a terminal (scripts). */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CommandContext {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  readonly io: CliIo;
  /**
   * The language chosen once for this invocation (`--lang`, else `$JAGA_LANG`); undefined when
   * neither is set, and then messages keep both languages.
   */
  readonly lang: Lang | undefined;
  /** Opens (and after the command, closes) the app over the configured store. */
  app(): Promise<App>;
}

export interface Command {
  /** Words after `jaga`, e.g. `case report`. */
  readonly name: string;
  readonly summary: string;
  /** Positional arguments, e.g. `<case-id>`. */
  readonly args?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Requires `--as USER` (the acting user; policies apply to them). */
  readonly needsActor?: boolean;
  run(ctx: CommandContext): Promise<number | void>;
}
