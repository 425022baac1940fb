import { z } from 'zod';
import { cancel } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const CancelInput = z.object({ reason: longText() }).strict();

/** Cancels a case before any access (B3), with the reason. */
export function cancelCase(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'cancel', CancelInput, raw, ({ ctx, c, input, by }) => ({
    next: cancel(c, { at: ctx.now, by, reason: input.reason }),
    type: 'case.cancelled', data: { reason: input.reason },
  }));
}
