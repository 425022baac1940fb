import type { DashboardCase, DashboardData } from '../../app/case/get-dashboard.js';
import { currentStep } from '../../domain/case/repair-case.js';
import type { TimeStandardMark } from '../../domain/case/time-standard.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import { STEP_CODES, type StepCode } from '../../domain/sop/sop-definition.js';
import type { LocalTime } from '../format-time.js';
import { localTime, zoneAbbreviation } from '../format-time.js';
import type { CaseRowView } from './case-list-view.js';
import { personResolver } from './case-view.js';

/** How a running time standard is shown: amber from three quarters used, red once missed. */
export type ClockLevel = 'normal' | 'amber' | 'red';

export const clockLevel = (mark: TimeStandardMark): ClockLevel => (mark >= 1 ? 'red' : mark >= 0.75 ? 'amber' : 'normal');

/** The running step's time standard, in the case's unit zone; a page counts down to `deadline.utc` itself. */
export interface ClockView {
  readonly step: StepCode;
  readonly standardMinutes: number;
  readonly startedAt: LocalTime;
  readonly deadline: LocalTime;
  /** Elapsed ÷ standard when the view was made. */
  readonly used: number;
  readonly mark: TimeStandardMark;
  readonly level: ClockLevel;
}

/** One case on the dashboard: its listing row (without the list's bookkeeping) with its clock. */
export interface DashboardRowView extends Omit<CaseRowView, 'updatedAt' | 'sopVersion'> {
  /** The report's description, as the reporter wrote it (user text: renderers escape it). */
  readonly description: string;
  readonly clock: ClockView | null;
  /** The actor is its executor. */
  readonly mine: boolean;
}

export interface DashboardViewModel {
  /** When the figures were taken, in the actor's zone. */
  readonly at: LocalTime;
  /** B1–B6 in order, each with its cases in progress (oldest report first); steps with none are kept (an empty column says "nothing waits here"). */
  readonly byStep: readonly { readonly step: StepCode; readonly cases: readonly DashboardRowView[] }[];
  readonly awaitingApproval: readonly DashboardRowView[];
  readonly mine: readonly DashboardRowView[];
  /** Cases whose clock is amber or red, most used first: what needs someone now. */
  readonly attention: readonly DashboardRowView[];
  readonly thisMonth: { readonly since: LocalTime; readonly cases: number; readonly casesWithDeviations: number; readonly deviations: number };
  readonly truncated: boolean;
}

/** The dashboard view model from what {@link getDashboard} read. Pure. */
export function presentDashboard(d: DashboardData): DashboardViewModel {
  const units = new Map(d.records.units.map((u) => [u.id, u]));
  const targets = new Map(d.records.targets.map((t) => [t.id, t]));
  const person = personResolver(d.records.users);
  const mine = new Set(d.assignedToActor);
  const row = ({ c, clock }: DashboardCase): DashboardRowView => {
    const u = units.get(c.unitId);
    const zone = u?.timeZone ?? c.timeZone;
    const executor = c.acknowledgement?.executorId ?? null;
    return {
      id: c.id, status: c.status, step: currentStep(c),
      unit: { id: c.unitId, code: u?.code ?? null, name: u?.name ?? null, timeZone: zone, zone: zoneAbbreviation(zone) },
      target: c.targetId === null ? null : { id: c.targetId, name: targets.get(c.targetId)?.name ?? null },
      executor: executor === null ? null : person(executor),
      reportedAt: localTime(c.report.reportedAt, zone) as LocalTime,
      system: c.report.system, description: c.report.description, urgency: c.report.urgency, deviations: c.deviations.length,
      clock: clock && {
        step: clock.step, standardMinutes: clock.standardMinutes, used: clock.used, mark: clock.mark, level: clockLevel(clock.mark),
        startedAt: localTime(clock.startedAt, zone) as LocalTime, deadline: localTime(clock.deadline, zone) as LocalTime,
      },
      mine: mine.has(c.id),
    };
  };
  const working = d.working.map(row);
  return {
    at: localTime(d.now, d.timeZone || DEFAULT_TIME_ZONE) as LocalTime,
    byStep: STEP_CODES.map((step) => ({ step, cases: working.filter((r) => r.step === step) })),
    awaitingApproval: d.awaitingApproval.map(row),
    mine: working.filter((r) => r.mine),
    attention: working.filter((r) => r.clock && r.clock.level !== 'normal').sort((a, b) => (b.clock?.used ?? 0) - (a.clock?.used ?? 0)),
    thisMonth: { ...d.thisMonth, since: localTime(d.thisMonth.since, d.timeZone) as LocalTime },
    truncated: d.truncated,
  };
}
