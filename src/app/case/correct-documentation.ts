import { z } from 'zod';
import { correctDocumentation as correctStep } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const CorrectInput = z.object({
  initialFix: longText().optional().describe('B4: what was done (A2d repair)'),
  rootCause: longText().optional().describe('B5: analisa, the root cause (A2d analysis)'),
  permanentFix: longText().optional().describe('B5: the permanent fix (A2d repair)'),
}).strict();

/**
 * After a return for correction: the executor corrects the B4/B5 texts A2d is made of; logged
 * with each change and what it replaced.
 */
export function correctDocumentation(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'correct', CorrectInput, raw, ({ ctx, c, input, by }) => {
    const next = correctStep(c, { at: ctx.now, by, changes: input });
    const corrections = next.corrections.slice(c.corrections.length).map(({ field, before, after }) => ({ field, before, after }));
    return { next, type: 'case.corrected', data: { corrections } };
  });
}
