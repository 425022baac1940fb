import { z } from 'zod';
import { a2Record } from '../../domain/case/a2-documentation.js';
import { close } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const CloseInput = z.object({ notes: longText().optional() }).strict();

/** B6: completes the repair in the logbook, with the full A2 record in the entry. */
export function closeCase(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'close', CloseInput, raw, ({ ctx, c, sop, input, by }) => {
    const next = close(sop, c, { at: ctx.now, by, notes: input.notes ?? null });
    return { next, type: 'case.closed', data: { a2: { ...a2Record(next) }, notes: input.notes ?? null,
      explanations: Object.fromEntries(Object.entries(next.explanations).map(([k, v]) => [k, v?.text ?? null])) } };
  });
}
