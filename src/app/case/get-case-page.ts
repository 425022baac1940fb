import { canOnSession } from '../../domain/auth/gateway-session.policy.js';
import { nextCaseActions } from '../../domain/auth/case.policy.js';
import type { CaseStepAction } from '../../domain/case/case-lifecycle.js';
import type { StepClock } from '../../domain/case/time-standard.js';
import { runningClock } from '../../domain/case/time-standard.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import type { GatewaySession } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from './case-access.js';
import type { CaseViewData, PersonRecord } from './get-case-view.js';
import { findEach, personRecord, readCaseView } from './get-case-view.js';

/** A gateway session of the case as the page shows it, and whether the actor may play its recordings. */
export interface CasePageSession extends GatewaySession {
  readonly mayPlay: boolean;
}

/** What the case page shows, read in one transaction: the case view, what the actor may do next, the running clock, the sessions. */
export interface CasePageData extends CaseViewData {
  /** The moves the actor may make now (`nextCaseActions`): the page offers these and nothing else. */
  readonly nextActions: readonly CaseStepAction[];
  /** The running step's time standard now (null: none runs). */
  readonly clock: StepClock | null;
  /** The case's gateway sessions, oldest first (the history every viewer of the case may see). */
  readonly sessions: readonly CasePageSession[];
  /** The workstations and users the sessions name (beyond the case's own records). */
  readonly sessionRecords: { readonly workstations: readonly Pick<Workstation, 'id' | 'assetTag'>[]; readonly users: readonly PersonRecord[] };
}

/**
 * The case page's read: {@link readCaseView} plus the actor's next moves by the case policy, the
 * running clock and the case's gateway sessions (as `listCaseSessions` shows them), each marked
 * with whether the actor may play its recordings (gateway-session policy `recording`).
 */
export function getCasePage(deps: AppDeps, inv: Invocation, caseId: string): Promise<CasePageData> {
  return runUseCase(deps, inv, 'case.view', async (ctx) => {
    const view = await readCaseView(ctx, caseId);
    const actor = actorOf(ctx);
    const c = view.case;
    const rows = [...await ctx.tx.gatewaySessions.listForCase(c.id)].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
    const [workstations, users] = await Promise.all([
      findEach(rows.map((s) => s.workstationId), (id) => ctx.tx.workstations.findById(id)),
      findEach(rows.map((s) => s.userId), (id) => ctx.tx.users.findById(id)),
    ]);
    return {
      ...view,
      nextActions: nextCaseActions(actor, c),
      clock: runningClock(view.sop, c, ctx.now),
      sessions: rows.map((s) => ({ ...s, mayPlay: canOnSession(actor, 'recording', c, s.userId === actor.user.id) })),
      sessionRecords: { workstations: workstations.map((w) => ({ id: w.id, assetTag: w.assetTag })), users: users.map(personRecord) },
    };
  }, { caseId, readOnly: true });
}
