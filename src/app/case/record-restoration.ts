import { z } from 'zod';
import { restore } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const RestoreInput = z.object({ initialFix: longText().describe('what was done to restore service (B4)') }).strict();

/** B4: service restored by an initial repair. */
export function recordRestoration(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'restore', RestoreInput, raw, ({ ctx, c, sop, input, by }) => ({
    next: restore(sop, c, { at: ctx.now, by, initialFix: input.initialFix }),
    type: 'case.restored', data: { initialFix: input.initialFix },
  }));
}
