import { DomainError } from '../domain/errors.js';

/** The notification outbox's settings (issue 13), from the environment; every bad value refused, naming its variable. */
export interface NotifyConfig {
  /** JAGA_NOTIFY_MAX_ATTEMPTS (default 8): a delivery failing this many times is dead-lettered. */
  readonly maxAttempts: number;
  /** JAGA_NOTIFY_BACKOFF_BASE (seconds, default 30): the wait after the first failure; doubled after each further one… */
  readonly backoffBaseSeconds: number;
  /** JAGA_NOTIFY_BACKOFF_CAP (seconds, default 3600): …up to this. */
  readonly backoffCapSeconds: number;
  /** JAGA_NOTIFY_TIMEOUT (seconds, default 10): a delivery not done by then has failed. */
  readonly timeoutSeconds: number;
  /** JAGA_NOTIFY_POLL (seconds, default 2): how often the worker looks for work. */
  readonly pollSeconds: number;
  /** JAGA_NOTIFY_THRESHOLDS (percent of a time standard, default `50,75,100`), ascending. */
  readonly thresholds: readonly number[];
}

type Env = Readonly<Record<string, string | undefined>>;

function wholeVar(env: Env, name: string, fallback: number, min: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = /^\s*\d{1,7}\s*$/.test(v) ? Number(v) : NaN;
  if (!(n >= min)) throw DomainError.of('invalid', 'config.count_invalid', { name, value: v.slice(0, 40) });
  return n;
}

function thresholdsVar(env: Env): readonly number[] {
  const v = env['JAGA_NOTIFY_THRESHOLDS'];
  if (v === undefined || v === '') return [50, 75, 100];
  const parts = v.split(',').map((p) => p.trim());
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  const ascending = nums.every((n, i) => n >= 1 && n <= 1000 && (i === 0 || n > (nums[i - 1] as number)));
  if (!ascending) throw DomainError.of('invalid', 'config.notify_thresholds_invalid', { value: v.slice(0, 80) });
  return Object.freeze(nums);
}

export function notifyConfig(env: Env): NotifyConfig {
  const base = wholeVar(env, 'JAGA_NOTIFY_BACKOFF_BASE', 30, 1);
  return Object.freeze({
    maxAttempts: wholeVar(env, 'JAGA_NOTIFY_MAX_ATTEMPTS', 8, 1), backoffBaseSeconds: base,
    backoffCapSeconds: Math.max(base, wholeVar(env, 'JAGA_NOTIFY_BACKOFF_CAP', 3600, 1)),
    timeoutSeconds: wholeVar(env, 'JAGA_NOTIFY_TIMEOUT', 10, 1), pollSeconds: wholeVar(env, 'JAGA_NOTIFY_POLL', 2, 1),
    thresholds: thresholdsVar(env),
  });
}
