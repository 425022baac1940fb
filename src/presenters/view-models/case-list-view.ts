import type { CaseListRecords, CasePage } from '../../app/case/list-cases.js';
import type { CaseStatus, Urgency } from '../../domain/case/repair-case.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import type { StepCode } from '../../domain/sop/sop-definition.js';
import type { LocalTime } from '../format-time.js';
import { localTime, zoneAbbreviation } from '../format-time.js';
import type { PersonRef, UnitRef } from './case-view.js';
import { personResolver } from './case-view.js';

/** One case of a listing, names resolved, its report time in its own unit's zone. */
export interface CaseRowView {
  readonly id: string;
  readonly status: CaseStatus;
  readonly step: StepCode | null;
  readonly unit: UnitRef;
  readonly target: { readonly id: string; readonly name: string | null } | null;
  readonly executor: PersonRef | null;
  readonly reportedAt: LocalTime;
  readonly updatedAt: LocalTime;
  readonly system: string;
  readonly urgency: Urgency;
  /** Recorded deviations (missed time standards). */
  readonly deviations: number;
  readonly sopVersion: string;
}

export interface CaseListViewModel {
  readonly items: readonly CaseRowView[];
  readonly total: number;
  /** More than `total` match (the count stopped there). */
  readonly totalCapped: boolean;
  readonly offset: number;
  readonly limit: number;
}

/** The case list view model from what {@link listCaseViews} loaded. Pure. */
export function presentCaseList(page: CasePage & { records: CaseListRecords }): CaseListViewModel {
  const units = new Map(page.records.units.map((u) => [u.id, u]));
  const targets = new Map(page.records.targets.map((t) => [t.id, t]));
  const person = personResolver(page.records.users);
  return {
    total: page.total, totalCapped: page.totalCapped, offset: page.offset, limit: page.limit,
    items: page.items.map((c) => {
      const u = units.get(c.unitId);
      const zone = u?.timeZone ?? DEFAULT_TIME_ZONE;
      return {
        id: c.id, status: c.status, step: c.step,
        unit: { id: c.unitId, code: u?.code ?? null, name: u?.name ?? null, timeZone: zone, zone: zoneAbbreviation(zone) },
        target: c.targetId === null ? null : { id: c.targetId, name: targets.get(c.targetId)?.name ?? null },
        executor: c.executorId === null ? null : person(c.executorId),
        reportedAt: localTime(c.reportedAt, zone) as LocalTime, updatedAt: localTime(c.updatedAt, zone) as LocalTime,
        system: c.system, urgency: c.urgency, deviations: c.deviations, sopVersion: c.sopVersion,
      };
    }),
  };
}
