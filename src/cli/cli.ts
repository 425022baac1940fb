import { parseArgs } from 'node:util';
import type { App } from '../app/app.js';
import type { Lang } from '../messages/catalogue.js';
import { parseLang, t } from '../messages/catalogue.js';
import type { CliIo, Command, OptionSpec } from './command.js';
import { COMMANDS } from './commands/index.js';
import { migrateCommand } from './commands/setup.commands.js';
import { EXIT_CODES, UsageError, presentError } from './error-presenter.js';
import { terminalSafeLines } from '../presenters/terminal-safe.js';

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  'data-dir': { type: 'string', help: 'data directory (default: $JAGA_DATA_DIR or ./data)', value: 'DIR' },
  lang: { type: 'string', help: 'id | en: language of messages and output (default: $JAGA_LANG; without either, errors in both)', value: 'LANG' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};
const ACTOR_OPTION: Record<string, OptionSpec> = {
  as: { type: 'string', help: 'acting user (username); the policies of their role apply (default: $JAGA_ACTOR)', value: 'USER' },
};

function optionLines(opts: Record<string, OptionSpec>, lang: Lang | undefined): string[] {
  const required = lang ? t(lang, 'cli.help.required') : `${t('id', 'cli.help.required')}/${t('en', 'cli.help.required')}`;
  return Object.entries(opts).map(([k, o]) => {
    const flag = `--${k}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}${o.short ? `, -${o.short}` : ''}`;
    const help = k === 'lang' && o === GLOBAL_OPTIONS['lang'] && lang ? t(lang, 'cli.help.lang') : o.help;
    return `  ${flag.padEnd(34)} ${help}${o.multiple ? ' (repeatable)' : ''}${o.required ? ` [${required}]` : ''}`;
  });
}

/** A command's own options first; a global one it declares itself (`sop show --lang both`) is its own. */
function globalOptionsFor(c: Command): Record<string, OptionSpec> {
  return Object.fromEntries(Object.entries(GLOBAL_OPTIONS).filter(([k]) => !(k in c.options)));
}

function commandHelp(c: Command, lang: Lang | undefined): string {
  const opts = { ...c.options, ...(c.needsActor ? ACTOR_OPTION : {}), ...globalOptionsFor(c) };
  return [`Usage: jaga ${c.name}${c.args ? ` ${c.args}` : ''} [options]`, '', c.summary, '', 'Options:', ...optionLines(opts, lang)].join('\n');
}

/** `--lang X` / `--lang=X` anywhere on the line (the last wins, as in parseArgs). */
function langArgument(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') value = argv[i + 1] ?? '';
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
  });
  return value;
}

/**
 * The one language of this invocation: `--lang`, else `$JAGA_LANG`, else none (messages in both).
 * A value that is neither language is refused, never silently replaced. A command with a `lang`
 * option of its own (`sop show --lang both`) checks its other values itself.
 */
function chooseLang(argv: readonly string[], env: CliIo['env'], command: Command | undefined): Lang | undefined {
  const flag = langArgument(argv);
  if (flag !== undefined) {
    const lang = parseLang(flag);
    if (lang || (command && 'lang' in command.options)) return lang;
    throw UsageError.of('cli.lang_invalid', { value: flag, source: '--lang' });
  }
  const fromEnv = env['JAGA_LANG'];
  if (fromEnv === undefined || fromEnv === '') return undefined;
  const lang = parseLang(fromEnv);
  if (!lang) throw UsageError.of('cli.lang_invalid', { value: fromEnv, source: 'JAGA_LANG' });
  return lang;
}

function overview(commands: readonly Command[], prefix: string): string {
  const list = commands.filter((c) => c.name.startsWith(prefix));
  const w = Math.max(...list.map((c) => c.name.length + (c.args ? c.args.length + 1 : 0)));
  return [
    'Jaga — SOP-01 Prosedur Perbaikan Secara Remote: enforce, record, document.', '',
    `Usage: jaga ${prefix || '<command>'}${prefix ? ' <verb>' : ''} [options]`, '', 'Commands:',
    ...list.map((c) => `  ${`${c.name}${c.args ? ` ${c.args}` : ''}`.padEnd(w + 2)} ${c.summary}`), '',
    'Every command takes --data-dir DIR (or $JAGA_DATA_DIR) and --help. JAGA_DATABASE_URL=postgres://… selects PostgreSQL.',
    'Exit status: 0 ok, 2 invalid input, 3 not found, 4 forbidden, 5 conflict, 6 refused by an SOP rule, 1 internal error.',
  ].join('\n');
}

function findCommand(commands: readonly Command[], argv: string[]): { command: Command | undefined; rest: string[]; words: string[] } {
  const words: string[] = [];
  for (const a of argv) { if (a.startsWith('-')) break; words.push(a); if (words.length === 2) break; }
  for (const n of [2, 1]) {
    if (words.length < n) continue;
    const name = words.slice(0, n).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) {
      const idx = argv.indexOf(words[n - 1] as string);
      return { command, rest: [...argv.slice(0, idx).filter((a) => !words.includes(a)), ...argv.slice(idx + 1)], words };
    }
  }
  return { command: undefined, rest: argv, words };
}

/** Runs one `jaga` invocation; returns the exit status. */
/** How the CLI gets an app: supplied by the composition root (main/jaga.ts). */
export type AppOpener = (flags: { dataDir?: string }) => App;

/**
 * Every line the CLI writes goes through the terminal escaping: a safety net behind each renderer's
 * own (which also keeps single-line fields on one line), for lines no presenter shaped.
 */
const terminalIo = (io: CliIo): CliIo => ({ ...io, out: (l) => io.out(terminalSafeLines(l)), err: (l) => io.err(terminalSafeLines(l)) });

export async function runCli(argv: string[], rawIo: CliIo, openApp: AppOpener, extra: readonly Command[] = []): Promise<number> {
  const io = terminalIo(rawIo);
  const commands = [...COMMANDS, ...extra];
  const debug = io.env['JAGA_DEBUG'] === '1';
  let app: App | undefined;
  let lang: Lang | undefined;
  try {
    const { command, rest, words } = findCommand(commands, argv);
    lang = chooseLang(argv, io.env, command);
    if (!command) {
      const prefix = words[0] && commands.some((c) => c.name.startsWith(`${words[0]} `)) ? words[0] : '';
      if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || (prefix && words.length === 1)) {
        io.out(overview(commands, prefix));
        return argv.length === 0 || (prefix && !argv.includes('--help') && !argv.includes('-h')) ? EXIT_CODES.usage : 0;
      }
      throw UsageError.of('cli.unknown_command', { command: words.join(' ') });
    }
    const options = { ...command.options, ...(command.needsActor ? ACTOR_OPTION : {}), ...globalOptionsFor(command) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: stripHelp(options), allowPositionals: true, strict: true });
    } catch (e) {
      const msg = (e as Error).message;
      throw UsageError.of('cli.bad_arguments', { command: command.name, message: msg });
    }
    if (parsed.values['help']) { io.out(commandHelp(command, lang)); return 0; }
    for (const [k, o] of Object.entries(options)) {
      if (o.required && parsed.values[k] === undefined) throw UsageError.of('cli.option_required', { option: k });
    }
    const expected = (command.args ?? '').split(' ').filter((a) => a.startsWith('<')).length;
    if (parsed.positionals.length !== expected) {
      throw UsageError.of('cli.argument_count', { command: command.name, expected, args: command.args ?? null, given: parsed.positionals.length });
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    // Every command that takes --as (required or, like `admin create`, optional) defaults it from $JAGA_ACTOR.
    if ('as' in options && values['as'] === undefined && io.env['JAGA_ACTOR']) values['as'] = io.env['JAGA_ACTOR'];
    if (command.needsActor && !values['as']) {
      throw UsageError.of('cli.actor_required', {});
    }
    const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
    const status = await command.run({
      values, positionals: parsed.positionals, io, lang,
      app: async () => {
        if (app) return app;
        app = openApp({ dataDir });
        if (command !== migrateCommand) await app.store.assertMigrated();
        return app;
      },
    });
    return status ?? 0;
  } catch (err) {
    return presentError(err, (s) => io.err(s), debug, lang);
  } finally {
    await app?.store.close().catch(() => undefined);
  }
}

function stripHelp(opts: Record<string, OptionSpec>): NonNullable<Parameters<typeof parseArgs>[0]>['options'] {
  return Object.fromEntries(Object.entries(opts).map(([k, o]) => [k, {
    type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}),
  }]));
}
