import { z } from 'zod';
import { recordRootCause as rootCauseStep } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const RootCauseInput = z.object({
  rootCause: longText().describe('analisa: the root cause of the fault (B5, A2d)'),
  permanentFix: longText().describe('the permanent fix so the fault does not recur'),
}).strict();

/** B5: root cause and permanent fix, recorded apart from B4. */
export function recordRootCause(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'root_cause', RootCauseInput, raw, ({ ctx, c, sop, input, by }) => ({
    next: rootCauseStep(sop, c, { at: ctx.now, by, rootCause: input.rootCause, permanentFix: input.permanentFix }),
    type: 'case.root_caused', data: { rootCause: input.rootCause, permanentFix: input.permanentFix },
  }));
}
