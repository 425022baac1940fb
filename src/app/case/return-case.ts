import { z } from 'zod';
import { returnForCorrection } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { LIMITS } from '../../domain/validate.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { runCaseAction } from './case-access.js';

// A blank reason is the domain's to refuse, with words that say what a return needs.
export const ReturnInput = z.object({
  reason: z.string().trim().max(LIMITS.longText).describe('alasan: what the executor must correct (required, not blank)'),
}).strict();

/**
 * Kembalikan: the koordinator returns the closed record to the executor for correction, with the
 * reason; logged with the actor, the reason and the close it sent back.
 */
export function returnCase(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'return', ReturnInput, raw, ({ ctx, c, input, by }) => {
    const next = returnForCorrection(c, { at: ctx.now, by, reason: input.reason });
    return { next, type: 'case.returned', data: { reason: next.returns[next.returns.length - 1]?.reason, closedAt: c.closure?.at ?? null } };
  });
}
