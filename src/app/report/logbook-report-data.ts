import type { LpseUnit } from '../../domain/registry/unit.js';
import type { LogbookPeriod } from '../../domain/report/logbook-period.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { CaseViewData } from '../case/get-case-view.js';

/**
 * What the Logbook document of a period shows: the period, the unit (or every unit), the SOP
 * versions its cases were run under, and each case closed in the period as the case view loads it
 * (names, networks, A2), oldest closing first. Read in one transaction.
 */
export interface LogbookReportData {
  readonly period: LogbookPeriod;
  /** The unit asked for; null: every unit (each case in its own unit's zone). */
  readonly unit: LpseUnit | null;
  /** The SOP versions of the cases (the one in force when there is none), for the identity line. */
  readonly sops: readonly SopDefinition[];
  readonly cases: readonly CaseViewData[];
}

/** The formats the Logbook document is issued in. */
export const LOGBOOK_FORMATS = ['pdf', 'csv'] as const;
export type LogbookFormat = (typeof LOGBOOK_FORMATS)[number];
