import type { CaseStatus, RepairCase } from '../case/repair-case.js';
import { stepCompletedAt } from '../case/time-standard.js';
import type { StepCode } from '../sop/sop-definition.js';
import { STEP_CODES } from '../sop/sop-definition.js';

/** A recorded deviation as the evaluation lists it, with its explanation (user id of who gave it). */
export interface TimedDeviation {
  readonly step: StepCode;
  readonly standardMinutes: number;
  readonly overMinutes: number;
  readonly explanation: string | null;
  readonly explainedBy: string | null;
  readonly explainedAt: string | null;
}

/**
 * What the SOP evaluation needs of a case: when it was reported and each step completed, and its
 * deviations. Small, so a report over a period reads this instead of every case's whole document
 * (the store keeps it next to the document: `cases.timing`, migration 0009).
 */
export interface CaseTiming {
  readonly id: string;
  readonly unitId: string;
  readonly timeZone: string;
  readonly status: CaseStatus;
  readonly sopCode: string;
  readonly sopVersion: string;
  readonly reportedAt: string;
  /** When B1…B6 were completed (`stepCompletedAt`), in step order; null: not (yet). */
  readonly completed: readonly (string | null)[];
  readonly deviations: readonly TimedDeviation[];
}

export function caseTiming(c: RepairCase): CaseTiming {
  return {
    id: c.id, unitId: c.unitId, timeZone: c.timeZone, status: c.status, sopCode: c.sopCode, sopVersion: c.sopVersion, reportedAt: c.report.reportedAt,
    completed: STEP_CODES.map((s) => stepCompletedAt(c, s)),
    deviations: c.deviations.map((d) => {
      const e = c.explanations[d.step];
      return { step: d.step, standardMinutes: d.standardMinutes, overMinutes: d.overMinutes, explanation: e?.text ?? null, explainedBy: e?.by ?? null, explainedAt: e?.at ?? null };
    }),
  };
}

/** When a step's clock started: the previous step's completion; B1's, the report (as `stepStartedAt`). */
export function timedStart(t: CaseTiming, index: number): string | null {
  return index === 0 ? t.reportedAt : t.completed[index - 1] ?? null;
}
