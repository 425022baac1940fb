import type { Invocation } from '../../app/app-deps.js';
import type { Lang } from '../../messages/catalogue.js';
import { DEFAULT_LANG, t } from '../../messages/catalogue.js';
import type { UiKey, UiParams } from '../../messages/ui-messages.js';
import { jsonTerminalSafe } from '../../presenters/terminal-safe.js';
import type { CommandContext } from '../command.js';
import { UsageError } from '../error-presenter.js';

export const str = (ctx: CommandContext, k: string): string | undefined => {
  const v = ctx.values[k];
  return typeof v === 'string' ? v : undefined;
};
export const list = (ctx: CommandContext, k: string): string[] => {
  const v = ctx.values[k];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};
export const flag = (ctx: CommandContext, k: string): boolean => ctx.values[k] === true;
/** The acting user (`--as`), and the OS account that ran the command, recorded with every entry. */
export const actor = (ctx: CommandContext): Invocation => {
  const operator = ctx.io.env['SUDO_USER'] ?? ctx.io.env['USER'] ?? ctx.io.env['LOGNAME'];
  return { actor: str(ctx, 'as') ?? null, via: 'cli', ...(operator ? { operator: operator.slice(0, 64) } : {}) };
};
export const arg = (ctx: CommandContext, i = 0): string => ctx.positionals[i] as string;

/** Drops undefined fields so schemas report "required" for what is missing, not a type error. */
export const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** JSON on standard output, with the controls JSON.stringify leaves raw written as `\uXXXX` (the same value). */
export function json(ctx: CommandContext, value: unknown): void {
  ctx.io.out(jsonTerminalSafe(JSON.stringify(value, null, 2)));
}

type Params<K extends UiKey> = keyof UiParams<K> extends never ? [] : [UiParams<K>];

/** The language views are rendered in: the chosen one, else the product's default (Indonesian). */
export const viewLang = (ctx: CommandContext): Lang => ctx.lang ?? DEFAULT_LANG;

/** A message in the chosen language; without one, Indonesian / English on one line (as the CLI always wrote). */
export function say<K extends UiKey>(ctx: CommandContext, key: K, ...params: Params<K>): string {
  return ctx.lang ? t(ctx.lang, key, ...params) : `${t('id', key, ...params)} / ${t('en', key, ...params)}`;
}

/** A message in the chosen language; without one, a line in each. */
export function sayLines<K extends UiKey>(ctx: CommandContext, key: K, ...params: Params<K>): string[] {
  return ctx.lang ? [t(ctx.lang, key, ...params)] : [t('id', key, ...params), t('en', key, ...params)];
}

/** A message on standard error: a line in the chosen language, else a line in each (a banner, a notice). */
export function sayLinesErr<K extends UiKey>(ctx: CommandContext, key: K, ...params: Params<K>): void {
  for (const l of sayLines(ctx, key, ...params)) ctx.io.err(l);
}

/** One word in the chosen language; without one, the pair `id/en` (`entri/entries`). */
export function word(ctx: CommandContext, key: UiKey & keyof { [K in UiKey as keyof UiParams<K> extends never ? K : never]: 1 }): string {
  return ctx.lang ? t(ctx.lang, key) : `${t('id', key)}/${t('en', key)}`;
}

export function intOption(ctx: CommandContext, k: string): number | undefined {
  const v = str(ctx, k);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw UsageError.of('cli.positive_integer', { option: k });
  return Number(v);
}
