import type { Invocation } from '../../app/app-deps.js';
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

export function json(ctx: CommandContext, value: unknown): void {
  ctx.io.out(JSON.stringify(value, null, 2));
}

export function intOption(ctx: CommandContext, k: string): number | undefined {
  const v = str(ctx, k);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--${k} harus bilangan bulat positif`, `--${k} must be a positive whole number`);
  return Number(v);
}
