import { z } from 'zod';
import { caseVisibility } from '../../domain/auth/case.policy.js';
import type { CaseStatus, CaseSummary } from '../../domain/case/repair-case.js';
import { CASE_STATUSES, statusWhileIn } from '../../domain/case/repair-case.js';
import { notFound } from '../../domain/errors.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import type { Target } from '../../domain/registry/target.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { isoTime, name, parseInput } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import type { PersonRecord } from './get-case-view.js';
import { findEach, personRecord } from './get-case-view.js';
import { actorOf } from './case-access.js';

export const ListCasesInput = z.object({
  unit: name().optional(),
  status: z.enum(CASE_STATUSES).optional(),
  step: z.enum(STEP_CODES as ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']).optional().describe('the SOP step in progress'),
  executor: name().optional().describe('username or id of the assigned executor'),
  target: name().optional().describe('name or id of the target server'),
  from: isoTime().optional().describe('reported at or after'),
  to: isoTime().optional().describe('reported before'),
  q: z.string().trim().min(1).max(200).optional().describe('text search in the case'),
  sort: z.enum(['reportedAt', '-reportedAt', 'updatedAt', '-updatedAt']).default('-reportedAt'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
}).strict();

/**
 * A page of cases. `total` counts the matching cases up to {@link CASE_COUNT_CAP}; past it `totalCapped`
 * is true and `total` is the cap (there are more): an exact count of a million cases would cost more than the page.
 */
export interface CasePage { items: CaseSummary[]; total: number; totalCapped: boolean; offset: number; limit: number }

/** How far a case listing counts its matches. */
export const CASE_COUNT_CAP = 10_000;

/** The cases the actor may see, filtered, sorted and paged in the store. */
export function listCases(deps: AppDeps, inv: Invocation, raw: unknown): Promise<CasePage> {
  return runUseCase(deps, inv, 'case.list', (ctx) => selectCases(ctx, raw), { readOnly: true });
}

/** What a case listing names by id: units, targets and assigned executors. */
export interface CaseListRecords {
  readonly units: readonly Pick<LpseUnit, 'id' | 'code' | 'name' | 'timeZone'>[];
  readonly targets: readonly Pick<Target, 'id' | 'name'>[];
  readonly users: readonly PersonRecord[];
}

/** {@link listCases} with the records its rows name, in one read, for the list presenters. */
export function listCaseViews(deps: AppDeps, inv: Invocation, raw: unknown): Promise<CasePage & { records: CaseListRecords }> {
  return runUseCase(deps, inv, 'case.list', async (ctx) => {
    const page = await selectCases(ctx, raw);
    const [units, targets, users] = await Promise.all([
      findEach(page.items.map((c) => c.unitId), (id) => ctx.tx.units.findById(id)),
      findEach(page.items.map((c) => c.targetId), (id) => ctx.tx.targets.findById(id)),
      findEach(page.items.map((c) => c.executorId), (id) => ctx.tx.users.findById(id)),
    ]);
    return { ...page, records: {
      units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, timeZone: u.timeZone })),
      targets: targets.map((t) => ({ id: t.id, name: t.name })),
      users: users.map(personRecord),
    } };
  }, { readOnly: true });
}

async function selectCases(ctx: UseCaseContext, raw: unknown): Promise<CasePage> {
  const input = parseInput(ListCasesInput, raw);
  const unit = input.unit === undefined ? undefined : await ctx.tx.units.findByIdOrCode(input.unit);
  if (input.unit !== undefined && !unit) throw notFound('unit', input.unit);
  const executor = input.executor === undefined ? undefined : await ctx.tx.users.findByIdOrUsername(input.executor);
  // An unknown executor selects nothing (a 404 would let any user probe usernames).
  if (input.executor !== undefined && !executor) return { items: [], total: 0, totalCapped: false, offset: input.offset, limit: input.limit };
  const target = input.target === undefined ? undefined : await ctx.tx.targets.findByIdOrName(input.target);
  // Likewise an unknown target: whoever may not see a unit's targets learns nothing of their names.
  if (input.target !== undefined && !target) return { items: [], total: 0, totalCapped: false, offset: input.offset, limit: input.limit };
  const statuses = [input.status, input.step && statusWhileIn(input.step)].filter((s): s is CaseStatus => s !== undefined);
  const filter = {
    visibility: caseVisibility(actorOf(ctx)), unitId: unit?.id, executorId: executor?.id, targetId: target?.id, reportedFrom: input.from, reportedTo: input.to, text: input.q,
    // status and step together must both hold: an impossible pair selects nothing.
    statuses: statuses.length === 0 ? undefined : statuses.length === 2 && statuses[0] !== statuses[1] ? [] : [statuses[0] as string],
    sort: input.sort.endsWith('updatedAt') ? 'updated_at' as const : 'reported_at' as const,
    order: input.sort.startsWith('-') ? 'desc' as const : 'asc' as const,
  };
  const [items, counted] = [await ctx.tx.cases.summaries({ ...filter, offset: input.offset, limit: input.limit }), await ctx.tx.cases.count(filter, CASE_COUNT_CAP + 1)];
  return { items, total: Math.min(counted, CASE_COUNT_CAP), totalCapped: counted > CASE_COUNT_CAP, offset: input.offset, limit: input.limit };
}
