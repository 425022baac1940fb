import { canOnCase } from '../../domain/auth/case.policy.js';
import type { Target } from '../../domain/registry/target.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from './case-access.js';

/** What a report form may offer: the units the actor may report for, and their targets in service. */
export interface ReportOptions {
  /** The actor's own unit first, then by name. */
  readonly units: readonly Pick<LpseUnit, 'id' | 'code' | 'name' | 'timeZone'>[];
  readonly targets: readonly Pick<Target, 'id' | 'name' | 'unitId'>[];
}

/**
 * The choices of a B1 report form, as the policy allows them (`report` on the unit, and on each
 * target): a form offers nothing {@link reportFault} would refuse for who is asking. Read-only.
 */
export function getReportOptions(deps: AppDeps, inv: Invocation): Promise<ReportOptions> {
  return runUseCase(deps, inv, 'case.report_options', async (ctx) => {
    const actor = actorOf(ctx);
    const own = actor.user.unitId;
    const units = (await ctx.tx.units.list())
      .filter((u) => canOnCase(actor, 'report', { unitId: u.id, targetId: null }))
      .sort((a, b) => Number(b.id === own) - Number(a.id === own) || a.name.localeCompare(b.name));
    const ids = new Set(units.map((u) => u.id));
    const targets = (await ctx.tx.targets.list())
      .filter((t) => ids.has(t.unitId) && !t.retiredAt && canOnCase(actor, 'report', { unitId: t.unitId, targetId: t.id }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, timeZone: u.timeZone })),
      targets: targets.map((t) => ({ id: t.id, name: t.name, unitId: t.unitId })),
    };
  }, { readOnly: true });
}
