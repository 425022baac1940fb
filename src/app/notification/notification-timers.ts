import type { RepairCase } from '../../domain/case/repair-case.js';
import { currentStep, statusWhileIn } from '../../domain/case/repair-case.js';
import { runningClock, timeline } from '../../domain/case/time-standard.js';
import { factValues } from '../../domain/notification/notification-cause.js';
import { THRESHOLD_STEPS, digestDedupeKey, digestWeek, thresholdDedupeKey, thresholdsReached } from '../../domain/notification/notification-schedule.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { Repositories } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';
import { caseFacts } from './write-notifications.js';

/** Statuses in which a watched step's clock runs (B1 reported, B2 acknowledged, B6 root caused). */
const WATCHED_STATUSES = THRESHOLD_STEPS.map(statusWhileIn);
const OPEN_STATUSES = ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused', 'closed'];
const PAGE = 500;

/**
 * What the timer leader does on each tick: every threshold reached by a running B1, B2 or B6
 * clock, and each unit's weekly digest once due, written to the outbox once (dedupe keys: a
 * tick that runs twice, or on two nodes, adds nothing). Returns how many notifications were new.
 */
export async function runNotificationTimers(deps: AppDeps, thresholds: readonly number[]): Promise<number> {
  const now = deps.clock.now().toISOString();
  return deps.store.transaction(async (tx) => (await thresholdNotifications(tx, deps, now, thresholds)) + (await weeklyDigests(tx, deps, now)));
}

async function* openCases(tx: Repositories, statuses: readonly string[]): AsyncIterable<RepairCase> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await tx.cases.list({ visibility: { all: true }, statuses, sort: 'reported_at', order: 'asc', offset, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
  }
}

function sopOf(tx: Repositories, cache: Map<string, Promise<SopDefinition | undefined>>, c: RepairCase): Promise<SopDefinition | undefined> {
  const key = `${c.sopCode} ${c.sopVersion}`;
  let p = cache.get(key);
  if (!p) cache.set(key, (p = tx.sops.findByVersion(c.sopCode, c.sopVersion)));
  return p;
}

async function thresholdNotifications(tx: Repositories, deps: AppDeps, now: string, thresholds: readonly number[]): Promise<number> {
  const sops = new Map<string, Promise<SopDefinition | undefined>>();
  let added = 0;
  for await (const c of openCases(tx, WATCHED_STATUSES)) {
    const sop = await sopOf(tx, sops, c);
    const clock = sop && runningClock(sop, c, now);
    if (!clock) continue;
    const reached = thresholdsReached(clock, thresholds);
    if (reached.length === 0) continue;
    // Most ticks find every reached threshold written already: one read, and nothing built.
    const taken = await tx.notifications.existingKeys(reached.map((p) => thresholdDedupeKey(c.id, clock.step, p)));
    const missing = reached.filter((p) => !taken.has(thresholdDedupeKey(c.id, clock.step, p)));
    if (missing.length === 0) continue;
    const names = factValues(await caseFacts(tx, c, c.unitId, null));
    for (const percent of missing) {
      const isNew = await tx.notifications.insert({
        id: deps.ids.newId(), type: 'standard.threshold', occurredAt: now, unitId: c.unitId, caseId: c.id,
        dedupeKey: thresholdDedupeKey(c.id, clock.step, percent),
        data: { ...names, step: clock.step, percent, standardMinutes: clock.standardMinutes, startedAt: clock.startedAt, deadline: clock.deadline,
          missed: percent >= 100 },
      });
      if (isNew) added++;
    }
  }
  return added;
}

/** Each unit's open deviations: recorded on a case not yet approved, or a running step past its deadline. */
async function weeklyDigests(tx: Repositories, deps: AppDeps, now: string): Promise<number> {
  const units = await tx.units.list();
  const all = units.map((u) => ({ unit: u, week: digestWeek(now, u.timeZone) }));
  // Almost every tick finds each unit's digest of the week written: one read, no scan of the cases.
  const taken = await tx.notifications.existingKeys(all.map(({ unit, week }) => digestDedupeKey(unit.id, week)));
  const due = all.filter((d) => !taken.has(digestDedupeKey(d.unit.id, d.week)));
  if (due.length === 0) return 0;
  const counts = new Map(units.map((u) => [u.id, { cases: 0, deviations: 0, unexplained: 0, overdue: 0 }]));
  const sops = new Map<string, Promise<SopDefinition | undefined>>();
  for await (const c of openCases(tx, OPEN_STATUSES)) {
    const n = counts.get(c.unitId);
    const sop = await sopOf(tx, sops, c);
    if (!n || !sop) continue;
    const running = currentStep(c);
    const overdue = timeline(sop, c, now).some((r) => r.step === running && r.inProgress && r.overMinutes > 0 && !c.deviations.some((d) => d.step === r.step));
    if (c.deviations.length === 0 && !overdue) continue;
    n.cases++;
    n.deviations += c.deviations.length;
    n.unexplained += c.deviations.filter((d) => c.explanations[d.step] === undefined).length;
    if (overdue) n.overdue++;
  }
  let added = 0;
  for (const { unit, week } of due) {
    const n = counts.get(unit.id) as { cases: number; deviations: number; unexplained: number; overdue: number };
    const isNew = await tx.notifications.insert({
      id: deps.ids.newId(), type: 'standard.weekly_digest', occurredAt: now, unitId: unit.id, caseId: null, dedupeKey: digestDedupeKey(unit.id, week),
      data: { unitCode: unit.code, unitName: unit.name, week, timeZone: unit.timeZone, casesWithDeviations: n.cases, deviations: n.deviations,
        unexplained: n.unexplained, overdueNow: n.overdue },
    });
    if (isNew) added++;
  }
  return added;
}
