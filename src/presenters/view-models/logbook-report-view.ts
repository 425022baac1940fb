import type { LogbookReportData } from '../../app/report/logbook-report-data.js';
import type { LogbookPeriod } from '../../domain/report/logbook-period.js';
import type { SopIdentity } from '../../domain/sop/sop-definition.js';
import { zoneAbbreviation } from '../format-time.js';
import type { LogbookCase } from '../logbook-report-cells.js';
import type { UnitRef } from './case-view.js';
import { presentCase } from './case-view.js';

/**
 * The Logbook document of a period: each case closed in it as the case view shows it (names,
 * networks, A2, times in its unit's zone), the unit asked for (null: every unit) and the SOP
 * versions' identity. Codes and values only; the PDF and CSV presenters word it.
 */
export interface LogbookReportViewModel {
  readonly period: LogbookPeriod;
  readonly unit: UnitRef | null;
  readonly sops: readonly (SopIdentity & { readonly code: string; readonly version: string })[];
  readonly cases: readonly LogbookCase[];
  /**
   * The instant the PDF's metadata carries: the latest closing or approval it shows, else the
   * start of the period (UTC), so the same record gives the same bytes whenever it is issued.
   */
  readonly documentDate: string;
}

/** The Logbook's view model from what `issueLogbookReport` loaded. Pure. */
export function presentLogbookReport(d: LogbookReportData): LogbookReportViewModel {
  const cases = d.cases.map(presentCase);
  const times = cases.flatMap((c) => [c.closure?.at.utc, c.approval?.at.utc]).filter((x): x is string => x !== undefined).sort();
  const u = d.unit;
  return {
    period: d.period,
    unit: u && { id: u.id, code: u.code, name: u.name, timeZone: u.timeZone, zone: zoneAbbreviation(u.timeZone) },
    sops: d.sops.map((s) => ({ ...s.identity, code: s.code, version: s.version })),
    cases,
    documentDate: times.at(-1) ?? `${d.period.from}T00:00:00.000Z`,
  };
}
