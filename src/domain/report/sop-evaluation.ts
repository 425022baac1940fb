import type { RepairCase } from '../case/repair-case.js';
import { DomainError } from '../errors.js';
import type { SopDefinition, StepCode } from '../sop/sop-definition.js';
import { STEP_CODES, sopStep } from '../sop/sop-definition.js';
import type { CaseTiming, TimedDeviation } from './case-timing.js';
import { caseTiming, timedStart } from './case-timing.js';

/*
 * The SOP monitoring and evaluation (PermenPAN-RB 35/2012): per step of the SOP, how often its time
 * standard was met over the cases of a period, the mean and p90 of the actual time, the deviations
 * with their explanations, and the monthly trend of time to restore (report → B4 done) and time to
 * root cause (report → B5 done). Pure: cases in, numbers out.
 *
 * Statistics:
 * - A step's actual time is from its clock's start (the previous step's completion; B1: the report)
 *   to its completion, in minutes (exact, not rounded); only cases that completed the step count.
 * - The standard is met when the step ran late by 0 whole minutes (`minutesOver`, the same rule that
 *   records a deviation: one second late is one minute late), against the case's own SOP version.
 * - Mean: the arithmetic mean. p90: the nearest-rank 90th percentile, the smallest actual time
 *   that at least 90 % of the cases did not exceed (sorted ascending, the ⌈0.9·n⌉-th value); with
 *   one case it is that case. Both are rounded to a tenth of a minute only at the end.
 * - A case belongs to the period when its report's local date (in the case's own zone, as A2 c
 *   reads it) lies in the period. Cancelled cases count for the steps they completed.
 */

/** A period of whole local days, both ends included (`YYYY-MM-DD`). */
export interface EvaluationPeriod { readonly from: string; readonly to: string }

export interface StepStatistics {
  readonly step: StepCode;
  /** The standard of the SOP version the evaluation is shown in (null: the step has none). */
  readonly standardMinutes: number | null;
  /** Cases of the period that completed the step. */
  readonly cases: number;
  /** Of those with a standard, how many met it; null for a step without a standard. */
  readonly met: number | null;
  /** `met / cases` (0…1), null without a standard or without cases. */
  readonly metShare: number | null;
  readonly meanMinutes: number | null;
  readonly p90Minutes: number | null;
  /** Recorded deviations of this step, and how many of them were explained. */
  readonly deviations: number;
  readonly explained: number;
}

/** One recorded deviation, with its explanation (user ids: the app resolves names). */
export interface EvaluationDeviation extends TimedDeviation {
  readonly caseId: string;
  readonly unitId: string;
  readonly reportedAt: string;
}

/** One month of the trend: how long until restored (B4) and until the root cause (B5), from the report. */
export interface TrendMonth {
  /** `YYYY-MM`, by the report's local date. */
  readonly month: string;
  readonly restored: number;
  readonly restoreMeanMinutes: number | null;
  readonly restoreP90Minutes: number | null;
  readonly rootCaused: number;
  readonly rootCauseMeanMinutes: number | null;
  readonly rootCauseP90Minutes: number | null;
}

export interface SopEvaluation {
  readonly period: EvaluationPeriod;
  /** Cases reported in the period, of them cancelled, and of them closed or approved. */
  readonly cases: number;
  readonly cancelled: number;
  readonly closed: number;
  readonly steps: readonly StepStatistics[];
  /** Oldest report first, then by step. */
  readonly deviations: readonly EvaluationDeviation[];
  /** Every month of `trendMonths`, empty ones included. */
  readonly trend: readonly TrendMonth[];
}

const MINUTE = 60_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** How many months the trend charts show, ending with the period's last month (more when the period is longer). */
export const TREND_MONTHS = 12;

const isRealDay = (d: string): boolean => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * The period asked for: a month (`YYYY-MM`), or `from`…`to` (`YYYY-MM-DD`, both included), or
 * without either the month of `today`. Bad input is an `invalid` refusal naming the problem.
 */
export function evaluationPeriod(input: { month?: string; from?: string; to?: string }, today: string): EvaluationPeriod {
  const { month, from, to } = input;
  if (month !== undefined && (from !== undefined || to !== undefined)) throw DomainError.of('invalid', 'report.period_invalid', { problem: 'month_and_range', value: month });
  if (month !== undefined || (from === undefined && to === undefined)) {
    const m = MONTH.exec(month ?? today.slice(0, 7));
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw DomainError.of('invalid', 'report.period_invalid', { problem: 'month', value: month ?? '' });
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` };
  }
  if (from === undefined || to === undefined) throw DomainError.of('invalid', 'report.period_invalid', { problem: 'range_incomplete', value: from ?? to ?? '' });
  for (const d of [from, to]) if (!isRealDay(d)) throw DomainError.of('invalid', 'report.period_invalid', { problem: 'day', value: d });
  if (from > to) throw DomainError.of('invalid', 'report.period_invalid', { problem: 'reversed', value: `${from} > ${to}` });
  return { from, to };
}

/** The months of the trend: `TREND_MONTHS` ending with the period's last, or all of the period's when it spans more. */
export function trendMonths(p: EvaluationPeriod): string[] {
  const [ty, tm] = p.to.split('-').map(Number) as [number, number];
  const [fy, fm] = p.from.split('-').map(Number) as [number, number];
  const span = (ty - fy) * 12 + (tm - fm) + 1;
  const n = Math.max(TREND_MONTHS, span);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(ty, tm - 1 - (n - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/**
 * The instants to read cases between so that every case whose local report date is in
 * `from`…`to` is among them, in any zone (UTC−12…UTC+14): the caller filters by local date.
 */
export function readWindow(from: string, to: string): { readonly from: string; readonly to: string } {
  const start = Date.parse(`${from}T00:00:00Z`) - 14 * 3600_000;
  const end = Date.parse(`${to}T00:00:00Z`) + 24 * 3600_000 + 12 * 3600_000;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
const QUARTER_HOUR = 15 * 60_000;
/**
 * Local dates by zone and quarter hour: every zone's offset is a whole number of quarter hours, so
 * an instant has its quarter hour's date; a period's cases fall in a few thousand of them, and
 * Intl's formatting is the costly part of reading a case.
 */
const DATE_CACHE = new Map<string, string>();

/** `YYYY-MM-DD` of an instant in a zone. */
export function localDate(iso: string, timeZone: string): string {
  const bucket = Math.floor(Date.parse(iso) / QUARTER_HOUR);
  const key = `${timeZone} ${bucket}`;
  let d = DATE_CACHE.get(key);
  if (d === undefined) {
    let f = DATE_FORMATS.get(timeZone);
    if (!f) DATE_FORMATS.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
    d = f.format(new Date(bucket * QUARTER_HOUR));
    if (DATE_CACHE.size > 100_000) DATE_CACHE.clear();
    DATE_CACHE.set(key, d);
  }
  return d;
}

const tenth = (x: number): number => Math.round(x * 10) / 10;

/** The arithmetic mean, to a tenth; null for none. */
export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : tenth(xs.reduce((a, b) => a + b, 0) / xs.length);
}

/** The nearest-rank 90th percentile (see the head of this file), to a tenth; null for none. */
export function p90(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return tenth(sorted[Math.ceil(0.9 * sorted.length) - 1] as number);
}

const minutesBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / MINUTE;

/**
 * Evaluates the cases of `period` (`cases` may hold more: those outside the period and the trend's
 * months are left out). `sop` gives the standards shown; `sopOf` the version each case ran under
 * (its standard decides whether the case met it).
 */
export function evaluateSop(sop: SopDefinition, sopOf: (c: RepairCase) => SopDefinition, cases: Iterable<RepairCase>, period: EvaluationPeriod): SopEvaluation {
  const e = new SopEvaluator(sop, period);
  for (const c of cases) e.add(caseTiming(c), sopOf(c));
  return e.result();
}

/** `evaluateSop` a case at a time, so a period's cases can be read page by page and let go. */
export class SopEvaluator {
  private readonly months: readonly string[];
  private readonly trendFrom: string;
  private readonly actual = new Map<StepCode, number[]>(STEP_CODES.map((s) => [s, []]));
  private readonly met = new Map<StepCode, number>(STEP_CODES.map((s) => [s, 0]));
  private readonly withStandard = new Map<StepCode, number>(STEP_CODES.map((s) => [s, 0]));
  private readonly deviations: EvaluationDeviation[] = [];
  private readonly restore: Map<string, number[]>;
  private readonly rootCause: Map<string, number[]>;
  private count = 0;
  private cancelled = 0;
  private closed = 0;

  constructor(private readonly sop: SopDefinition, private readonly period: EvaluationPeriod) {
    this.months = trendMonths(period);
    this.trendFrom = `${this.months[0] as string}-01`;
    this.restore = new Map(this.months.map((m) => [m, []]));
    this.rootCause = new Map(this.months.map((m) => [m, []]));
  }

  /** Counts one case (ignored outside the period and the trend's months), judged by its own SOP version `own`. */
  add(c: CaseTiming, own: SopDefinition): void {
    const day = localDate(c.reportedAt, c.timeZone);
    if (day < this.trendFrom || day > this.period.to) return;
    const month = day.slice(0, 7);
    const restoredAt = c.completed[3];
    if (restoredAt) this.restore.get(month)?.push(minutesBetween(c.reportedAt, restoredAt));
    const rootCausedAt = c.completed[4];
    if (rootCausedAt) this.rootCause.get(month)?.push(minutesBetween(c.reportedAt, rootCausedAt));
    if (day < this.period.from) return;
    this.count++;
    if (c.status === 'cancelled') this.cancelled++;
    if (c.status === 'closed' || c.status === 'approved') this.closed++;
    STEP_CODES.forEach((step, i) => {
      const start = timedStart(c, i);
      const end = c.completed[i] ?? null;
      if (start === null || end === null) return;
      const minutes = minutesBetween(start, end);
      this.actual.get(step)?.push(minutes);
      const standard = sopStep(own, step).timeStandardMinutes;
      if (standard === null) return;
      this.withStandard.set(step, (this.withStandard.get(step) ?? 0) + 1);
      // Met: not a single whole minute late (minutesOver's rounding up), as a deviation is recorded.
      if (Math.ceil(minutes - standard) <= 0) this.met.set(step, (this.met.get(step) ?? 0) + 1);
    });
    for (const d of c.deviations) this.deviations.push({ caseId: c.id, unitId: c.unitId, reportedAt: c.reportedAt, ...d });
  }

  result(): SopEvaluation {
    const deviations = [...this.deviations].sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.caseId.localeCompare(b.caseId) || a.step.localeCompare(b.step));
    return {
      period: this.period, cases: this.count, cancelled: this.cancelled, closed: this.closed, deviations,
      steps: STEP_CODES.map((step): StepStatistics => {
        const xs = this.actual.get(step) ?? [];
        const standard = sopStep(this.sop, step).timeStandardMinutes;
        const judged = this.withStandard.get(step) ?? 0;
        const metCount = standard === null ? null : this.met.get(step) ?? 0;
        const devs = deviations.filter((d) => d.step === step);
        return {
          step, standardMinutes: standard, cases: xs.length, met: metCount,
          metShare: metCount === null || judged === 0 ? null : metCount / judged,
          meanMinutes: mean(xs), p90Minutes: p90(xs), deviations: devs.length, explained: devs.filter((d) => d.explanation !== null).length,
        };
      }),
      trend: this.months.map((month): TrendMonth => {
        const r = this.restore.get(month) ?? [];
        const rc = this.rootCause.get(month) ?? [];
        return { month, restored: r.length, restoreMeanMinutes: mean(r), restoreP90Minutes: p90(r),
          rootCaused: rc.length, rootCauseMeanMinutes: mean(rc), rootCauseP90Minutes: p90(rc) };
      }),
    };
  }
}

/** Tabel 7's judgement of how a procedure is applied. */
export const ASSESSMENTS = ['baik', 'tidak_baik'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

/**
 * The assessment the data proposes for a step: *berjalan dengan baik* when the share of cases that
 * met its standard is at least `threshold` (0…1), else *tidak berjalan dengan baik*; none for a
 * step without a time standard or without cases (the assessor judges those).
 */
export function proposedAssessment(s: Pick<StepStatistics, 'metShare'>, threshold: number): Assessment | null {
  if (s.metShare === null) return null;
  return s.metShare >= threshold ? 'baik' : 'tidak_baik';
}
