import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listCaseViews } from '../app/case/list-cases.js';
import { browseLogbook } from '../app/logbook/browse-logbook.js';
import { verifyLogbookAs } from '../app/logbook/read-logbook.js';
import { DomainError } from '../domain/errors.js';
import { REMOTE_REPAIR_SOP_CODE } from '../domain/sop/builtin-sops.js';
import { DEFAULT_TIME_ZONE } from '../domain/registry/unit.js';
import { chainProblemText } from '../messages/chain-problem-messages.js';
import { presentCaseList } from '../presenters/view-models/case-list-view.js';
import { zoneAbbreviation } from '../presenters/format-time.js';
import { statusOf } from '../http/http-errors.js';
import type { PageKit } from './work-routes.js';
import { dateFilter } from './date-filter.js';
import { formErrors } from './form-errors.js';
import type { CaseFilterField } from './pages/case-list-page.js';
import { CASE_FILTER_FIELDS, CaseListPage } from './pages/case-list-page.js';
import type { LogbookFilterField, Verification } from './pages/logbook-page.js';
import { LOGBOOK_FILTER_FIELDS, LogbookPage } from './pages/logbook-page.js';
import { SopPage } from './pages/sop-page.js';
import { logbookDownloadForm } from './logbook-report-routes.js';
import { PAGE_HELMET } from './web-csp.js';
import type { SignedIn } from './web-visitor.js';
import { invocationOf } from './web-visitor.js';

/** Rows on one page of a list. */
const PAGE_SIZE = 25;

/** The query's text fields as typed (a repeated one: its first), trimmed; only the names given. */
export function queryOf<F extends string>(req: FastifyRequest, fields: readonly F[]): Partial<Record<F | 'offset', string>> {
  const q = req.query as Record<string, unknown>;
  const out: Partial<Record<F | 'offset', string>> = {};
  for (const f of [...fields, 'offset' as const]) {
    const raw = Array.isArray(q[f]) ? (q[f] as unknown[])[0] : q[f];
    if (typeof raw === 'string' && raw.trim() !== '') out[f] = raw.trim().slice(0, 300);
  }
  return out;
}

/** The zone a visitor's dates are read in: their unit's, or the installation's default. */
export async function zoneOf(kit: PageKit, v: SignedIn): Promise<string> {
  const unitId = v.principal.user.unitId;
  const unit = unitId === null ? undefined : await kit.app.store.read((r) => r.units.findById(unitId));
  return unit?.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * The list pages: the case list (`GET /cases`, the use case of `GET /api/v1/cases`), the logbook
 * (`GET /logbook`, newest first, with the chain's verification and the API's CSV export), and the
 * SOP in force (`GET /sop`, as `jaga sop show` and `GET /api/v1/sops/{id}` read it). Filters are
 * plain GET forms; a refused filter re-renders the page with the use case's message next to its field.
 */
export function registerListPages(web: FastifyInstance, kit: PageKit): void {
  const { app } = kit;

  web.get('/cases', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const typed = queryOf(req, CASE_FILTER_FIELDS);
    const zone = await zoneOf(kit, v);
    const input = { ...typed, from: dateFilter(typed.from, zone), to: dateFilter(typed.to, zone, true), limit: PAGE_SIZE };
    try {
      const view = presentCaseList(await listCaseViews(app, invocationOf(v, req), input));
      return await kit.sendPage(reply, CaseListPage({ visitor: v, filters: typed, zone: zoneAbbreviation(zone), view }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors<CaseFilterField | 'offset'>(e, v.lang, [...CASE_FILTER_FIELDS, 'offset'], { 'unit.not_found': 'unit' });
      return kit.sendPage(reply, CaseListPage({ visitor: v, filters: typed, zone: zoneAbbreviation(zone), errors }), statusOf(e));
    }
  });

  web.get('/logbook', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const inv = invocationOf(v, req);
    const typed = queryOf(req, LOGBOOK_FILTER_FIELDS);
    const zone = await zoneOf(kit, v);
    const period = { from: dateFilter(typed.from, zone), to: dateFilter(typed.to, zone, true) };
    // Refused to those the policy does not let read the logbook (the error page says why).
    const report = await verifyLogbookAs(app, inv);
    const verification: Verification = report.problem
      ? { ok: false, seq: report.problem.seq, problem: chainProblemText(report.problem, v.lang) }
      : { ok: true, seq: report.lastSeq, checkpoints: report.checkpointsChecked };
    const common = { visitor: v, filters: typed, zone, verification, period, download: await logbookDownloadForm(kit, v) };
    try {
      const page = await browseLogbook(app, inv, { case: typed.case, ...period, offset: typed.offset, limit: PAGE_SIZE });
      return await kit.sendPage(reply, LogbookPage({ ...common, page }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors<LogbookFilterField | 'offset'>(e, v.lang, [...LOGBOOK_FILTER_FIELDS, 'offset']);
      return kit.sendPage(reply, LogbookPage({ ...common, errors }), statusOf(e));
    }
  });

  web.get('/sop', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const sop = await app.store.read((r) => r.sops.findCurrent(REMOTE_REPAIR_SOP_CODE));
    if (!sop) throw DomainError.of('not_found', 'sop.not_found', { key: REMOTE_REPAIR_SOP_CODE }, { key: REMOTE_REPAIR_SOP_CODE });
    return kit.sendPage(reply, SopPage({ visitor: v, sop }));
  });
}
