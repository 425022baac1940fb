import type { StepClock } from '../case/time-standard.js';
import { localDate } from '../report/sop-evaluation.js';
import type { StepCode } from '../sop/sop-definition.js';

/** The steps whose time standard is watched and notified at thresholds: B1 (acknowledge), B2 (prepare), B6 (close). */
export const THRESHOLD_STEPS: readonly StepCode[] = ['B1', 'B2', 'B6'];

/** The thresholds (percent of the standard) the running clock has reached, ascending. */
export function thresholdsReached(clock: StepClock, thresholds: readonly number[]): number[] {
  if (!THRESHOLD_STEPS.includes(clock.step)) return [];
  // Compared in whole milliseconds, so 100 % is reached exactly at the deadline (no float error).
  const elapsedMs = Math.round(clock.used * clock.standardMinutes * 60_000);
  return thresholds.filter((pct) => elapsedMs * 100 >= pct * clock.standardMinutes * 60_000);
}

/** Each threshold of each step of each case is notified once. */
export const thresholdDedupeKey = (caseId: string, step: StepCode, percent: number): string => `threshold:${caseId}:${step}:${percent}`;

/** The weekly digest is due from Monday 08:00 in the unit's zone. */
export const DIGEST_DAY_START_HOURS = 8;

/**
 * The ISO week (`2026-W49`) whose digest is due at `now` in `timeZone`: the week of the last
 * Monday 08:00 local that has passed (Monday 07:59 is still the previous week's).
 */
export function digestWeek(now: string, timeZone: string): string {
  const ymd = localDate(new Date(Date.parse(now) - DIGEST_DAY_START_HOURS * 3_600_000).toISOString(), timeZone);
  return isoWeek(ymd);
}

/** ISO-8601 week of a calendar date `YYYY-MM-DD`: `YYYY-Www` (the week with the year's first Thursday is week 1). */
export function isoWeek(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const day = Date.UTC(y, m - 1, d);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const digestDedupeKey = (unitId: string, week: string): string => `digest:${unitId}:${week}`;

/** Seconds to wait after failed attempt `attempt` (1-based): `base`, doubled each time, at most `cap`. */
export function backoffSeconds(attempt: number, base: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}
