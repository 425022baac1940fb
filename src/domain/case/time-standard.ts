import type { SopDefinition, StepCode } from '../sop/sop-definition.js';
import { STEP_CODES, sopStep } from '../sop/sop-definition.js';
import type { Deviation, RepairCase } from './repair-case.js';
import { currentStep } from './repair-case.js';

/** When a step was completed, from the case's own records. */
export function stepCompletedAt(c: RepairCase, step: StepCode): string | null {
  switch (step) {
    case 'B1': return c.acknowledgement?.at ?? null;
    case 'B2': return c.preparation?.ready ? c.preparation.firstReadyAt : null;
    case 'B3': return c.accesses[0]?.startedAt ?? null;
    case 'B4': return c.restoration?.at ?? null;
    case 'B5': return c.rootCause?.at ?? null;
    // A returned case's B6 was completed at its first close (see standardJudged).
    case 'B6': return c.closure ? (c.returns[0]?.closure.at ?? c.closure.at) : null;
  }
}

/**
 * Whether a step's time standard was already judged at an earlier completion, so doing the step
 * again neither measures it anew nor runs late: B6 of a case the koordinator returned for
 * correction was judged at its first close (as B2 is at its first completion).
 */
export function standardJudged(c: Pick<RepairCase, 'returns'>, step: StepCode): boolean {
  return step === 'B6' && c.returns.length > 0;
}

/** A step's clock starts when the previous step completes; B1's when the fault report arrives. */
export function stepStartedAt(c: RepairCase, step: StepCode): string | null {
  const i = STEP_CODES.indexOf(step);
  if (i === 0) return c.report.reportedAt;
  return stepCompletedAt(c, STEP_CODES[i - 1] as StepCode);
}

const MINUTE = 60_000;

/** Minutes past the standard, rounded up; 0 when on time. */
export function minutesOver(startedAt: string, endAt: string, standardMinutes: number): number {
  const overMs = Date.parse(endAt) - Date.parse(startedAt) - standardMinutes * MINUTE;
  return overMs > 0 ? Math.ceil(overMs / MINUTE) : 0;
}

/** The deviation a step completing at `completedAt` incurs, or null when on time or without a standard. */
export function deviationOnCompletion(sop: SopDefinition, c: RepairCase, step: StepCode, completedAt: string): Deviation | null {
  const standard = sopStep(sop, step).timeStandardMinutes;
  const startedAt = stepStartedAt(c, step);
  if (standard === null || startedAt === null) return null;
  const over = minutesOver(startedAt, completedAt, standard);
  return over > 0 ? { step, standardMinutes: standard, startedAt, completedAt, overMinutes: over } : null;
}

export interface TimelineRow {
  readonly step: StepCode;
  readonly standardMinutes: number | null;
  readonly startedAt: string | null;
  readonly deadline: string | null;
  readonly completedAt: string | null;
  /** Recorded deviation, or for the step in progress how far past its deadline it is now. */
  readonly overMinutes: number;
  readonly inProgress: boolean;
  readonly explained: boolean;
}

/** The SOP step table of a case: standard vs actual times (for the API, reports and CLI). */
export function timeline(sop: SopDefinition, c: RepairCase, now: string): TimelineRow[] {
  const inProgress = currentStep(c);
  return STEP_CODES.map((step) => {
    const standard = sopStep(sop, step).timeStandardMinutes;
    const startedAt = stepStartedAt(c, step);
    const completedAt = stepCompletedAt(c, step);
    const recorded = c.deviations.find((d) => d.step === step);
    const live = step === inProgress && !standardJudged(c, step) && standard !== null && startedAt !== null ? minutesOver(startedAt, now, standard) : 0;
    return {
      step,
      standardMinutes: standard,
      startedAt,
      deadline: standard !== null && startedAt !== null ? new Date(Date.parse(startedAt) + standard * MINUTE).toISOString() : null,
      completedAt,
      overMinutes: recorded?.overMinutes ?? live,
      inProgress: step === inProgress,
      explained: c.explanations[step] !== undefined,
    };
  });
}

/**
 * The marks of a running time standard that people are told about: half of it used, three
 * quarters (the dashboard turns amber, a reminder goes out), all of it (missed: red, escalated).
 */
export const TIME_STANDARD_MARKS = [0.5, 0.75, 1] as const;
export type TimeStandardMark = 0 | (typeof TIME_STANDARD_MARKS)[number];

/** How much of the running step's time standard is used at `now`. */
export interface StepClock {
  readonly step: StepCode;
  readonly standardMinutes: number;
  readonly startedAt: string;
  readonly deadline: string;
  /** Elapsed ÷ standard (1 at the deadline, more past it; 0 before the start). */
  readonly used: number;
  /** The highest mark reached (0: under half). */
  readonly mark: TimeStandardMark;
}

/**
 * The clock of the step in progress, or null when no step with a time standard is running (a case
 * done, cancelled, a step without one, or B6 of a returned case: judged at its first close).
 */
export function runningClock(sop: SopDefinition, c: RepairCase, now: string): StepClock | null {
  const row = timeline(sop, c, now).find((r) => r.inProgress);
  if (!row || standardJudged(c, row.step) || row.standardMinutes === null || row.startedAt === null || row.deadline === null || row.standardMinutes <= 0) return null;
  const used = Math.max(0, (Date.parse(now) - Date.parse(row.startedAt)) / (row.standardMinutes * MINUTE));
  const mark = [...TIME_STANDARD_MARKS].reverse().find((m) => used >= m) ?? 0;
  return { step: row.step, standardMinutes: row.standardMinutes, startedAt: row.startedAt, deadline: row.deadline, used, mark };
}
