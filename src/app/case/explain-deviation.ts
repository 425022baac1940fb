import { z } from 'zod';
import { explainDeviation as explain } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const ExplainDeviationInput = z.object({
  step: z.enum(STEP_CODES as ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']),
  explanation: longText(),
}).strict();

/** The executor answers for a missed time standard (SOP Peringatan 2). */
export function explainDeviation(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'explain_deviation', ExplainDeviationInput, raw, ({ ctx, c, sop, input, by }) => ({
    next: explain(sop, c, { step: input.step, text: input.explanation, by, at: ctx.now }),
    type: 'case.deviation_explained', data: { deviationStep: input.step, explanation: input.explanation },
  }));
}
