import { z } from 'zod';
import { assertCanOnCase } from '../../domain/auth/case.policy.js';
import { openCase } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { CHANNELS, URGENCIES } from '../../domain/case/repair-case.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../domain/sop/builtin-sops.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { longText, name, parseInput } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from './case-access.js';

export const ReportFaultInput = z.object({
  unit: name().describe('LPSE unit id or code'),
  target: name().optional().describe('registered target id or name, when known'),
  system: name().describe('the affected system as the reporter names it'),
  description: longText(),
  urgency: z.enum(URGENCIES),
  channel: z.enum(CHANNELS),
}).strict();
export type ReportFaultInput = z.infer<typeof ReportFaultInput>;

/** B1 input: a fault report opens a repair case under the SOP version in force. */
export function reportFault(deps: AppDeps, inv: Invocation, raw: unknown): Promise<RepairCase> {
  return runUseCase(deps, inv, 'case.report', (ctx) => openFaultCase(ctx, parseInput(ReportFaultInput, raw)));
}

/**
 * The body of {@link reportFault} in the caller's transaction: the Alertmanager intake opens its
 * cases through it, in the same transaction as the alerts it records (`caseId`: the id the alert's row names).
 */
export async function openFaultCase(ctx: UseCaseContext, input: ReportFaultInput, caseId = ctx.deps.ids.newId()): Promise<RepairCase> {
  const unit = await ctx.tx.units.findByIdOrCode(input.unit);
  if (!unit) throw notFound('unit', input.unit);
  const target = input.target === undefined ? undefined : await ctx.tx.targets.findByIdOrName(input.target);
  if (input.target !== undefined && !target) throw notFound('target', input.target);
  if (target && target.unitId !== unit.id) {
    throw DomainError.of('precondition', 'case.target_other_unit', { target: target.name, unit: unit.code });
  }
  const actor = actorOf(ctx);
  assertCanOnCase(actor, 'report', { unitId: unit.id, targetId: target?.id ?? null });
  const sop = await ctx.tx.sops.findCurrent(REMOTE_REPAIR_SOP_CODE);
  if (!sop) throw notFound('sop', REMOTE_REPAIR_SOP_CODE);
  const c = openCase(sop, {
    id: caseId, unitId: unit.id, targetId: target?.id ?? null, timeZone: unit.timeZone,
    report: { reportedAt: ctx.now, reporterId: actor.user.id, channel: input.channel, system: input.system,
      description: input.description, urgency: input.urgency },
  });
  await ctx.tx.cases.insert(c);
  ctx.log({ type: 'case.reported', unitId: c.unitId, caseId: c.id, data: {
    sop: `${c.sopCode} ${c.sopVersion}`, target: target?.name ?? null, targetId: c.targetId, timeZone: c.timeZone, system: input.system, description: input.description,
    urgency: input.urgency, channel: input.channel, status: c.status, step: 'B1' } });
  return c;
}
