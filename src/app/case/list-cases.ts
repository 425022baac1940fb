import { z } from 'zod';
import { canOnCase } from '../../domain/auth/case.policy.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { CASE_STATUSES } from '../../domain/case/repair-case.js';
import { notFound } from '../../domain/errors.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from './case-access.js';

export const ListCasesInput = z.object({
  unit: name().optional(),
  status: z.enum(CASE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();

/** The cases the actor may see, newest first. */
export function listCases(deps: AppDeps, inv: Invocation, raw: unknown): Promise<RepairCase[]> {
  return runUseCase(deps, inv, 'case.list', async (ctx) => {
    const input = parseInput(ListCasesInput, raw);
    const unit = input.unit === undefined ? undefined : await ctx.tx.units.find(input.unit);
    if (input.unit !== undefined && !unit) throw notFound('unit', input.unit);
    const rows = await ctx.tx.cases.list({ unitId: unit?.id, status: input.status, limit: input.limit });
    return rows.filter((c) => canOnCase(actorOf(ctx), 'view', c));
  });
}
