import { z } from 'zod';
import { assertLogbookReportUnit, logbookReportScope } from '../../domain/auth/report.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import { logbookPeriod, periodBounds } from '../../domain/report/logbook-period.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../domain/sop/builtin-sops.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { Lang } from '../../messages/catalogue.js';
import { DEFAULT_LANG, LANGS } from '../../messages/catalogue.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import type { CaseViewData } from '../case/get-case-view.js';
import { loadCaseView } from '../case/get-case-view.js';
import { actorOf } from '../case/case-access.js';
import { parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { FORM_ISSUED } from './issue-case-form.js';
import type { LogbookFormat, LogbookReportData } from './logbook-report-data.js';
import { LOGBOOK_FORMATS } from './logbook-report-data.js';

/** The document an issued Logbook names in its `report.form_issued` entry. */
export const LOGBOOK_DOCUMENT = 'logbook';

export const LogbookReportInput = z.object({
  unit: z.string().trim().min(1).max(100).optional()
    .describe('the unit\'s code; left out: every unit (the superadmin and a national auditor only)'),
  from: z.string().max(40).describe('the first day, YYYY-MM-DD in the unit\'s zone'),
  to: z.string().max(40).describe('the last day (included), YYYY-MM-DD in the unit\'s zone; at most 366 days after from'),
  format: z.enum(LOGBOOK_FORMATS).optional().describe('pdf (default) or csv'),
  lang: z.enum(LANGS).optional().describe('the language of the document (default: Indonesian; over HTTP, the request\'s language)'),
}).strict();

/**
 * Renders the Logbook document to bytes (PDF: presenter + PDF adapter; CSV: the CSV presenter),
 * wired in src/main. The same data, language and format give the same bytes.
 */
export type LogbookRenderer = (data: LogbookReportData, opts: { readonly lang: Lang; readonly format: LogbookFormat }) => Promise<Uint8Array>;

export interface IssuedLogbook {
  readonly format: LogbookFormat;
  readonly lang: Lang;
  /** The unit's code; null: every unit. */
  readonly unit: string | null;
  readonly from: string;
  readonly to: string;
  readonly cases: number;
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, as logged. */
  readonly sha256: string;
}

const isClosed = (c: RepairCase): boolean => (c.status === 'closed' || c.status === 'approved') && c.closure !== null;

/**
 * Issues the Logbook of a period for a unit (or every unit): one row per case closed in it (its
 * latest B6 close inside the period, in the case's unit's zone; closed or approved now), with the
 * A2 fields, executor and approver. In one transaction: the actor's scope is checked
 * (`logbookReportScope`), the cases are found through their `case.closed` entries in the period,
 * each is read as its case view, the document is rendered and `report.form_issued` is logged with
 * `document: 'logbook'` and the SHA-256.
 */
export function issueLogbookReport(deps: AppDeps & { readonly renderLogbook: LogbookRenderer }, inv: Invocation, raw: unknown): Promise<IssuedLogbook> {
  return runUseCase(deps, inv, 'report.logbook', async (ctx) => {
    const actor = actorOf(ctx);
    // Authorise the role before validating: who may not issue it learns nothing from the input's errors.
    logbookReportScope(actor);
    const input = parseInput(LogbookReportInput, raw ?? {});
    const period = logbookPeriod(input.from, input.to);
    let unit: LpseUnit | null = null;
    if (input.unit !== undefined) {
      unit = (await ctx.tx.units.findByIdOrCode(input.unit)) ?? null;
      if (!unit) throw DomainError.of('invalid', 'report.unit_unknown', { unit: input.unit.slice(0, 100) });
    }
    assertLogbookReportUnit(actor, unit?.id ?? null, unit?.code ?? null);
    const lang = input.lang ?? DEFAULT_LANG;
    const format = input.format ?? 'pdf';

    const units = unit ? [unit] : await ctx.tx.units.list();
    const bounds = new Map(units.map((u) => [u.id, periodBounds(period, u.timeZone)]));
    const all = [...bounds.values()];
    const from = all.map((b) => b.start).sort()[0] ?? periodBounds(period, 'UTC').start;
    const to = all.map((b) => b.end).sort().at(-1) ?? periodBounds(period, 'UTC').end;
    // The closings of the period name the cases (the logbook is read along its `at`, one unit's or all).
    const closed = new Set<string>();
    for await (const page of ctx.tx.logbook.range({ from, to, ...(unit ? { unitId: unit.id } : {}) })) {
      for (const e of page) if (e.type === 'case.closed' && e.caseId !== null) closed.add(e.caseId);
    }
    const cases: CaseViewData[] = [];
    for (const id of closed) {
      const view = await loadCaseView(ctx, id);
      const c = view.case;
      const b = bounds.get(c.unitId);
      // Closed again after the period, or returned since: its latest close is not this period's.
      if (b && isClosed(c) && c.closure && c.closure.at >= b.start && c.closure.at < b.end) cases.push(view);
    }
    cases.sort((a, b) => (a.case.closure?.at ?? '').localeCompare(b.case.closure?.at ?? '') || a.case.id.localeCompare(b.case.id));
    const data: LogbookReportData = { period, unit, sops: await sopsOf(ctx.tx.sops, cases), cases };

    const bytes = await deps.renderLogbook(data, { lang, format });
    const h = deps.sha256Stream();
    h.update(bytes);
    const sha256 = h.hex();
    ctx.log({ type: FORM_ISSUED, unitId: unit?.id ?? null, caseId: null,
      data: { document: LOGBOOK_DOCUMENT, format, lang, sha256, bytes: bytes.length, period: { from: period.from, to: period.to },
        unit: unit?.code ?? null, cases: cases.length } });
    return { format, lang, unit: unit?.code ?? null, from: period.from, to: period.to, cases: cases.length, bytes, sha256 };
  });
}

/** The distinct SOP versions of the cases in order of first use; the one in force when there are none. */
async function sopsOf(sops: { findCurrent(code: string): Promise<SopDefinition | undefined> }, cases: readonly CaseViewData[]): Promise<SopDefinition[]> {
  const seen = new Map<string, SopDefinition>();
  for (const v of cases) seen.set(`${v.sop.code} ${v.sop.version}`, v.sop);
  if (seen.size > 0) return [...seen.values()];
  const current = await sops.findCurrent(REMOTE_REPAIR_SOP_CODE);
  return current ? [current] : [];
}
