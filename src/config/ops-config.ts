import { DomainError } from '../domain/errors.js';

/** The levels of `jaga serve`'s JSON log, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Operations (issue 14): how `jaga serve` logs. */
export interface OpsConfig {
  /**
   * JAGA_LOG_LEVEL (or `jaga serve --log-level`, which wins): `error`, `warn` (default: problems
   * only), `info` (adds a line per HTTP request and per gateway session start and end) or `debug`.
   */
  readonly logLevel: LogLevel;
}

/** A log level named by `source`; anything else is refused with both languages' words, never defaulted. */
export function parseLogLevel(value: string, source: 'JAGA_LOG_LEVEL' | '--log-level'): LogLevel {
  const v = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(v)) throw DomainError.of('invalid', 'config.log_level_invalid', { name: source, value: value.slice(0, 40), levels: LOG_LEVELS.join(', ') });
  return v as LogLevel;
}

export function opsConfig(env: Readonly<Record<string, string | undefined>>): OpsConfig {
  const v = env['JAGA_LOG_LEVEL'];
  return Object.freeze({ logLevel: v === undefined || v === '' ? 'warn' : parseLogLevel(v, 'JAGA_LOG_LEVEL') });
}
