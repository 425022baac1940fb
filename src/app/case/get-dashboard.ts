import { caseVisibility } from '../../domain/auth/case.policy.js';
import type { CaseStatus, RepairCase } from '../../domain/case/repair-case.js';
import type { StepClock } from '../../domain/case/time-standard.js';
import { runningClock } from '../../domain/case/time-standard.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from './case-access.js';
import type { CaseListRecords } from './list-cases.js';
import { findEach, personRecord } from './get-case-view.js';

/** Cases in B1–B5, being worked on. */
export const WORKING_STATUSES: readonly CaseStatus[] = ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused'];
/** At most this many open cases are loaded for a dashboard (oldest reports first: the most overdue). */
export const DASHBOARD_CASE_LIMIT = 500;
/** At most this many of this month's cases are counted for its deviations. */
const MONTH_CASE_LIMIT = 10_000;

/** An open case as the dashboard shows it: the case and the clock of its running step's time standard. */
export interface DashboardCase {
  readonly c: RepairCase;
  readonly clock: StepClock | null;
}

/** What the dashboard shows the actor, from cases they may see, at one instant. */
export interface DashboardData {
  readonly now: string;
  /** The zone the actor's month is counted in (their unit's; the default zone without a unit). */
  readonly timeZone: string;
  /** Cases in B1–B5, oldest report first. */
  readonly working: readonly DashboardCase[];
  /** Closed cases waiting for a koordinator's approval (B6 done), oldest report first. */
  readonly awaitingApproval: readonly DashboardCase[];
  /** Of `working`, the ids of the cases the actor is the executor of. */
  readonly assignedToActor: readonly string[];
  /** Cases reported since the first of this month (in `timeZone`) and the time standards they missed. */
  readonly thisMonth: { readonly since: string; readonly cases: number; readonly casesWithDeviations: number; readonly deviations: number };
  /** More open cases (or cases this month) than the dashboard loads: the lists are the first ones only. */
  readonly truncated: boolean;
  readonly records: CaseListRecords;
}

/** Midnight of the first of `now`'s month, in `timeZone`, as an ISO instant. */
export function monthStart(now: string, timeZone: string): string {
  const at = new Date(now);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .formatToParts(at).map((p) => [p.type, p.value]));
  const localMidnight = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, 1);
  // The zone's offset at that instant (Indonesia's zones have none that changes; others may).
  const offsetOf = (t: number): number => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second'])) - t;
  };
  const guess = localMidnight - offsetOf(localMidnight);
  return new Date(localMidnight - offsetOf(guess)).toISOString();
}

async function withClocks(ctx: UseCaseContext, cases: readonly RepairCase[]): Promise<DashboardCase[]> {
  const sops = new Map<string, SopDefinition | undefined>();
  const out: DashboardCase[] = [];
  for (const c of cases) {
    const key = `${c.sopCode} ${c.sopVersion}`;
    if (!sops.has(key)) sops.set(key, await ctx.tx.sops.findByVersion(c.sopCode, c.sopVersion));
    const sop = sops.get(key);
    out.push({ c, clock: sop ? runningClock(sop, c, ctx.now) : null });
  }
  return out;
}

/**
 * The dashboard: every open case the actor may see with its running clock, the closed ones waiting
 * for approval, the actor's own assignments and this month's missed time standards, in one read.
 * Read-only, as the case list (same visibility rule).
 */
export function getDashboard(deps: AppDeps, inv: Invocation): Promise<DashboardData> {
  return runUseCase(deps, inv, 'case.dashboard', async (ctx) => {
    const actor = actorOf(ctx);
    const visibility = caseVisibility(actor);
    const unit = actor.user.unitId === null ? undefined : await ctx.tx.units.findById(actor.user.unitId);
    const timeZone = unit?.timeZone ?? DEFAULT_TIME_ZONE;
    const since = monthStart(ctx.now, timeZone);
    const open = { visibility, sort: 'reported_at' as const, order: 'asc' as const, offset: 0 };
    const [working, closed, month] = [
      await ctx.tx.cases.list({ ...open, statuses: WORKING_STATUSES, limit: DASHBOARD_CASE_LIMIT + 1 }),
      await ctx.tx.cases.list({ ...open, statuses: ['closed'], limit: DASHBOARD_CASE_LIMIT + 1 }),
      await ctx.tx.cases.summaries({ visibility, reportedFrom: since, sort: 'reported_at', order: 'asc', offset: 0, limit: MONTH_CASE_LIMIT + 1 }),
    ];
    const truncated = working.length > DASHBOARD_CASE_LIMIT || closed.length > DASHBOARD_CASE_LIMIT || month.length > MONTH_CASE_LIMIT;
    const shown = [...working.slice(0, DASHBOARD_CASE_LIMIT), ...closed.slice(0, DASHBOARD_CASE_LIMIT)];
    const counted = month.slice(0, MONTH_CASE_LIMIT);
    const [units, targets, users] = await Promise.all([
      findEach(shown.map((c) => c.unitId), (id) => ctx.tx.units.findById(id)),
      findEach(shown.map((c) => c.targetId), (id) => ctx.tx.targets.findById(id)),
      findEach(shown.map((c) => c.acknowledgement?.executorId), (id) => ctx.tx.users.findById(id)),
    ]);
    const workingCases = await withClocks(ctx, working.slice(0, DASHBOARD_CASE_LIMIT));
    return {
      now: ctx.now, timeZone, truncated,
      working: workingCases,
      awaitingApproval: await withClocks(ctx, closed.slice(0, DASHBOARD_CASE_LIMIT)),
      assignedToActor: workingCases.filter((d) => d.c.acknowledgement?.executorId === actor.user.id).map((d) => d.c.id),
      thisMonth: {
        since, cases: counted.length,
        casesWithDeviations: counted.filter((c) => c.deviations > 0).length,
        deviations: counted.reduce((n, c) => n + c.deviations, 0),
      },
      records: {
        units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, timeZone: u.timeZone })),
        targets: targets.map((t) => ({ id: t.id, name: t.name })),
        users: users.map(personRecord),
      },
    };
  }, { readOnly: true });
}
