import { z } from 'zod';
import { approve } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const ApproveInput = z.object({ notes: longText().optional() }).strict();

/** Menyetujui: the koordinator approves the closed record. */
export function approveCase(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'approve', ApproveInput, raw, ({ ctx, c, input, by }) => ({
    next: approve(c, { at: ctx.now, by, notes: input.notes ?? null }),
    type: 'case.approved', data: { notes: input.notes ?? null },
  }));
}
