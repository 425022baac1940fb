import type { Lang } from '../messages/catalogue.js';
import { t } from '../messages/catalogue.js';
import type { UiKey } from '../messages/ui-messages.js';
import { wordDate, wordDateTime } from './format-time.js';
import type { CaseViewModel, NetworkRef, PersonRef, UnitRef } from './view-models/case-view.js';

/**
 * The columns of the Logbook document, one row per closed case: what the PDF and the CSV both
 * show, worded once here (plain text: each medium escapes it its own way).
 */
export const LOGBOOK_COLUMNS = [
  'case', 'unit', 'location', 'networks', 'date', 'access_start', 'access_end', 'b4', 'b5_root_cause', 'b5_permanent_fix',
  'executor', 'closed_at', 'approver', 'approved_at', 'status',
] as const;
export type LogbookColumn = (typeof LOGBOOK_COLUMNS)[number];

/** The column's heading in `lang`. */
export const logbookColumnTitle = (col: LogbookColumn, lang: Lang): string => t(lang, `report.logbook.col.${col}` as UiKey & `report.logbook.col.${LogbookColumn}`);

/** A person by name and username (`Andi Saputra (andi)`); the id only when the record is gone. */
export function personText(p: PersonRef | null | undefined): string {
  if (!p) return '—';
  if (p.username === null) return p.id;
  return p.name && p.name !== p.username ? `${p.name} (${p.username})` : p.username;
}

export const unitText = (u: UnitRef): string => `${u.name ?? u.id}${u.code ? ` (${u.code})` : ''}`;

/** A network by name with whether it is an intranet (the id only when the record is gone). */
export function networkText(n: NetworkRef, lang: Lang): string {
  const kind = n.intranet === null ? '' : ` (${t(lang, n.intranet ? 'report.form.network_intranet' : 'report.form.network_not_intranet')})`;
  return `${n.name ?? n.id}${kind}`;
}

/** What a Logbook row shows of a case view. */
export type LogbookCase = Pick<CaseViewModel, 'id' | 'status' | 'unit' | 'a2' | 'restoration' | 'rootCause' | 'acknowledgement' | 'closure' | 'approval'>;

/** Every column of one case's row, as text in `lang`; times in the case's unit's zone with its abbreviation. */
export function logbookCells(c: LogbookCase, lang: Lang): Readonly<Record<LogbookColumn, string>> {
  const a2 = c.a2;
  return {
    case: c.id,
    unit: unitText(c.unit),
    location: a2.location ?? '—',
    networks: a2.networks.length === 0 ? '—' : a2.networks.map((n) => networkText(n, lang)).join('; '),
    date: wordDate(a2.accessStart, lang),
    access_start: wordDateTime(a2.accessStart, lang),
    access_end: wordDateTime(a2.accessEnd, lang),
    b4: c.restoration?.initialFix ?? '—',
    b5_root_cause: c.rootCause?.rootCause ?? '—',
    b5_permanent_fix: c.rootCause?.permanentFix ?? '—',
    executor: personText(c.acknowledgement?.executor ?? c.closure?.by),
    closed_at: wordDateTime(c.closure?.at ?? null, lang),
    approver: c.approval ? personText(c.approval.by) : t(lang, 'report.logbook.not_approved'),
    approved_at: c.approval ? wordDate(c.approval.at, lang) : '—',
    status: t(lang, `case.status.${c.status}`),
  };
}
