import { a2Record } from '../../domain/case/a2-documentation.js';
import type { A2Record } from '../../domain/case/a2-documentation.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { currentStep } from '../../domain/case/repair-case.js';
import type { TimelineRow } from '../../domain/case/time-standard.js';
import { timeline } from '../../domain/case/time-standard.js';
import type { StepCode } from '../../domain/sop/sop-definition.js';
import type { CaseAlert } from '../../ports/intake-repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { runUseCase } from '../use-case.js';
import { loadCase } from './case-access.js';

export interface CaseView {
  readonly case: RepairCase;
  readonly step: StepCode | null;
  readonly timeline: TimelineRow[];
  readonly a2: A2Record;
  /** Alertmanager alerts that opened the case or were noted on it (issue 13), oldest first; absent where not read. */
  readonly alerts?: readonly CaseAlert[];
}

/** A case with its SOP step timeline (standard vs actual) and A2 record. */
export function getCase(deps: AppDeps, inv: Invocation, caseId: string): Promise<CaseView> {
  return runUseCase(deps, inv, 'case.view', async (ctx) => {
    const { c, sop } = await loadCase(ctx, caseId, 'view');
    return { case: c, step: currentStep(c), timeline: timeline(sop, c, ctx.now), a2: a2Record(c), alerts: await ctx.tx.intake.alertsOfCase(c.id) };
  }, { caseId, readOnly: true });
}
