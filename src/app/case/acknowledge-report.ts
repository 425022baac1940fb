import { z } from 'zod';
import { isEligibleExecutor } from '../../domain/auth/case.policy.js';
import { acknowledge } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText, name, shortText } from '../input.js';
import { runCaseAction } from './case-access.js';

export const AcknowledgeInput = z.object({
  classification: shortText().describe('klasifikasi gangguan, e.g. "aplikasi", "jaringan", "server"'),
  impact: longText().describe('dampak gangguan'),
  executor: name().describe('username or id of the executor who will handle B2–B6'),
}).strict();

/** B1: the report is acknowledged as informasi gangguan and an executor is assigned. */
export function acknowledgeReport(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'acknowledge', AcknowledgeInput, raw, async ({ ctx, c, sop, input, by }) => {
    const executor = await ctx.tx.users.findByIdOrUsername(input.executor);
    if (!executor) throw notFound('user', input.executor);
    const grants = await ctx.tx.grants.listForUser(executor.id);
    if (!isEligibleExecutor(executor, c.unitId, c.targetId, grants, ctx.now)) {
      throw DomainError.of('precondition', 'case.executor_not_eligible', { username: executor.username, role: executor.role });
    }
    const next = acknowledge(sop, c, { at: ctx.now, by, classification: input.classification, impact: input.impact, executorId: executor.id });
    return { next, type: 'case.acknowledged', data: { classification: input.classification, impact: input.impact, executor: executor.username, executorId: executor.id } };
  });
}
