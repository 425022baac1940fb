import type { Actor, CaseAction } from '../../domain/auth/case.policy.js';
import { assertCanOnCase, awaitsEarlierStep, canOnCase } from '../../domain/auth/case.policy.js';
import { assertInOrder } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { currentStep } from '../../domain/case/repair-case.js';
import { notFound } from '../../domain/errors.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { z } from 'zod';
import type { AppDeps, Invocation } from '../app-deps.js';
import { parseInput } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';

/** The acting user; use cases that need one call this after `runUseCase` loaded it. */
export function actorOf(ctx: UseCaseContext): Actor {
  if (!ctx.actor) throw new Error('use case ran without an actor');
  return ctx.actor;
}

/**
 * Loads a case the actor may act on. A case the actor may not even see is reported as
 * not found, so ids of other units' cases leak nothing. A move its executor could make once
 * the case gets there is refused as out of order (`case.wrong_step`, a conflict naming the
 * state and the next step); anyone else is refused by the policy (`case.forbidden.*`).
 */
export async function loadCase(ctx: UseCaseContext, caseId: string, action: CaseAction): Promise<{ c: RepairCase; sop: SopDefinition }> {
  const c = await ctx.tx.cases.findById(caseId);
  const actor = actorOf(ctx);
  if (!c || !canOnCase(actor, 'view', c)) throw notFound('case', caseId);
  if (awaitsEarlierStep(actor, action, c)) assertInOrder(c, action);
  assertCanOnCase(actor, action, c);
  const sop = await ctx.tx.sops.findByVersion(c.sopCode, c.sopVersion);
  if (!sop) throw notFound('sop', `${c.sopCode} ${c.sopVersion}`);
  return { c, sop };
}

/** Stores the next state and logs the event with the step it moved to. */
export async function saveCase(ctx: UseCaseContext, before: RepairCase, after: RepairCase, type: string, data: Record<string, unknown>): Promise<RepairCase> {
  await ctx.tx.cases.update(after);
  const newDeviations = after.deviations.filter((d) => !before.deviations.some((b) => b.step === d.step));
  ctx.log({
    type, unitId: after.unitId, caseId: after.id,
    data: { ...data, status: after.status, step: currentStep(after), revision: after.revision,
      ...(newDeviations.length ? { deviations: newDeviations.map((d) => ({ step: d.step, overMinutes: d.overMinutes, standardMinutes: d.standardMinutes })) } : {}) },
  });
  return after;
}

export interface CaseStepArgs<I> {
  readonly ctx: UseCaseContext;
  readonly c: RepairCase;
  readonly sop: SopDefinition;
  readonly input: I;
  /** Id of the acting user. */
  readonly by: string;
}

export interface CaseStepResult {
  readonly next: RepairCase;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** The common shape of a case action: one transaction, load + authorise, transition, save + log. */
export function runCaseAction<S extends z.ZodType>(
  deps: AppDeps, inv: Invocation, caseId: string, action: CaseAction, schema: S, raw: unknown,
  step: (args: CaseStepArgs<z.infer<S>>) => CaseStepResult | Promise<CaseStepResult>,
): Promise<RepairCase> {
  return runUseCase(deps, inv, `case.${action}`, async (ctx) => {
    // Authorise before validating: whoever may not act learns nothing from the body's errors.
    const { c, sop } = await loadCase(ctx, caseId, action);
    const input = parseInput(schema, raw);
    const r = await step({ ctx, c, sop, input, by: actorOf(ctx).user.id });
    return saveCase(ctx, c, r.next, r.type, r.data);
  }, { caseId });
}
