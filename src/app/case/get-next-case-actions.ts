import { nextCaseActions } from '../../domain/auth/case.policy.js';
import type { CaseStepAction } from '../../domain/case/case-lifecycle.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { runUseCase } from '../use-case.js';
import { actorOf, loadCase } from './case-access.js';

/**
 * The moves the actor may make on the case now ({@link nextCaseActions}: the policy and the case's
 * state), for pages that offer only what will not be refused for who is asking. Read-only.
 */
export function getNextCaseActions(deps: AppDeps, inv: Invocation, caseId: string): Promise<CaseStepAction[]> {
  return runUseCase(deps, inv, 'case.view', async (ctx) => {
    const { c } = await loadCase(ctx, caseId, 'view');
    return nextCaseActions(actorOf(ctx), c);
  }, { caseId, readOnly: true });
}
