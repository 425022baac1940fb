import { z } from 'zod';
import type { A1PreparationFacts, A1ProvisionOutcome } from '../../domain/access/a1-checks.js';
import { runA1Checks } from '../../domain/access/a1-checks.js';
import { requireIp } from '../../domain/access/cidr.js';
import { prepare } from '../../domain/case/case-lifecycle.js';
import type { A1CheckResult, RepairCase } from '../../domain/case/repair-case.js';
import { notFound } from '../../domain/errors.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import { errorText } from '../../messages/catalogue.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, shortText } from '../input.js';
import { actorOf, runCaseAction } from './case-access.js';

export const PrepareInput = z.object({
  workstation: name().describe('asset tag or id of a registered workstation'),
  location: shortText().describe('where the repairer is (A2a)'),
  network: name().describe('name or id of the registered network used (A2b)'),
  sourceIp: z.string().trim().max(64).optional().describe('the address the executor will connect from'),
}).strict();

/** B2: records workstation, location and network, and runs every A1 check with its reason. */
export function prepareWorkstation(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'prepare', PrepareInput, raw, async ({ ctx, c, sop, input, by }) => {
    const source = input.sourceIp === undefined ? null : requireIp(input.sourceIp);
    const workstation = await ctx.tx.workstations.findByIdOrAssetTag(input.workstation);
    if (!workstation) throw notFound('workstation', input.workstation);
    const network = await ctx.tx.networks.findByIdOrName(input.network);
    if (!network) throw notFound('network', input.network);
    const target = c.targetId === null ? null : (await ctx.tx.targets.findById(c.targetId)) ?? null;
    const actor = actorOf(ctx);
    const networkUnit = (await ctx.tx.units.findById(network.unitId)) ?? null;
    const outcomes = runA1Checks(sop, { executor: actor.user, unitId: c.unitId, target, workstation, network, networkUnit, source, grants: actor.grants, now: ctx.now });
    const checks = outcomes.map(checkResult);
    const next = prepare(sop, c, {
      at: ctx.now, by, workstationId: workstation.id, location: input.location, networkId: network.id, networkName: network.name,
      sourceIp: input.sourceIp ?? null, checks,
    });
    return { next, type: next.preparation?.ready ? 'case.prepared' : 'case.preparation_failed', data: {
      workstation: workstation.assetTag, workstationId: workstation.id, location: input.location, network: network.name, networkId: network.id, sourceIp: input.sourceIp ?? null,
      checks: checks.map((ch, i) => ({ code: `A1${ch.code}`, passed: ch.passed, mandatory: ch.mandatory, reason: ch.reason.en,
        // Every rule of the table behind the provision's verdict, with the code of each refusal.
        rules: outcomes[i]?.rules.map((r) => (r.passed ? { rule: r.rule, passed: true } : { rule: r.rule, passed: false, code: r.refusal.code })) ?? [] })),
    } };
  });
}

/**
 * The A1 checks as the case keeps them: each provision's finding rendered in both languages, so
 * the case and the logbook hold the words that were shown even if the catalogue changes later.
 */
export function a1CheckResults(sop: SopDefinition, facts: A1PreparationFacts): A1CheckResult[] {
  return runA1Checks(sop, facts).map(checkResult);
}

function checkResult({ code, passed, mandatory, finding }: A1ProvisionOutcome): A1CheckResult {
  return { code, passed, mandatory, reason: { id: errorText('id', finding.code, finding.params), en: errorText('en', finding.code, finding.params) } };
}
