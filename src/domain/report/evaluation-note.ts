import type { StepCode } from '../sop/sop-definition.js';
import type { Assessment } from './sop-evaluation.js';

/**
 * What the assessor wrote in one row of Tabel 7 (one unit, one period, one step): the catatan
 * hasil penilaian, the tindakan yang harus diambil, and an assessment that overrides the one the
 * data proposes (with its reason). The assessor's name is the row's paraf.
 */
export interface EvaluationNote {
  readonly unitId: string;
  /** The period, `YYYY-MM-DD` both ends included. */
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly step: StepCode;
  /** null: the proposed assessment stands. */
  readonly assessment: Assessment | null;
  readonly reason: string | null;
  readonly notes: string | null;
  readonly action: string | null;
  readonly assessorId: string;
  readonly updatedAt: string;
}
