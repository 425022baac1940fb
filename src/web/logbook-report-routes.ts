import type { FastifyInstance } from 'fastify';
import { issueLogbookReport } from '../app/report/issue-logbook-report.js';
import { logbookReportScope } from '../domain/auth/report.policy.js';
import { DomainError } from '../domain/errors.js';
import { t } from '../messages/catalogue.js';
import { zoneAbbreviation } from '../presenters/format-time.js';
import { documentReply, logbookFileName, logbookType } from '../http/document-reply.js';
import { statusOf } from '../http/http-errors.js';
import type { PageKit } from './work-routes.js';
import { formErrors } from './form-errors.js';
import { queryOf, zoneOf } from './list-routes.js';
import type { Choice } from './pages/form-controls.js';
import type { LogbookDownloadField, LogbookDownloadProps } from './pages/logbook-download-form.js';
import { LOGBOOK_DOWNLOAD_FIELDS, LogbookDownloadPage } from './pages/logbook-download-form.js';
import { PAGE_HELMET } from './web-csp.js';

const defined = (o: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));
import type { SignedIn } from './web-visitor.js';
import { invocationOf } from './web-visitor.js';

/**
 * What the download form offers the visitor (`logbookReportScope`): every unit and each unit for
 * the superadmin and a national auditor, their own unit for the others it allows; null (no form)
 * for those it refuses. The use case decides again on each download.
 */
export async function logbookDownloadForm(kit: PageKit, v: SignedIn): Promise<Omit<LogbookDownloadProps, 'lang' | 'values' | 'errors'> | null> {
  let scope: ReturnType<typeof logbookReportScope>;
  try {
    scope = logbookReportScope({ user: v.principal.user, grants: [], now: kit.app.clock.now().toISOString() });
  } catch (e) {
    if (e instanceof DomainError) return null;
    throw e;
  }
  const units = (await kit.app.store.read((r) => r.units.list())).filter((u) => scope === 'all' || u.id === scope.unitId);
  const choices: Choice[] = [...(scope === 'all' ? [{ value: '', label: t(v.lang, 'web.logbook_report.every_unit') }] : []),
    ...units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))];
  return { units: choices, zone: zoneAbbreviation(await zoneOf(kit, v)) };
}

/**
 * `GET /logbook/download`: the logbook page's download form (without a query: the form on a page
 * of its own, for an LPSE admin, who issues their unit's Logbook but does not browse the logbook). It calls the use case of
 * `GET /api/v1/reports/logbook` (logged as an issue with its SHA-256) and answers the file; a
 * refusal re-renders the form with the API's message next to its field.
 */
export function registerLogbookReportRoutes(web: FastifyInstance, kit: PageKit): void {
  web.get('/logbook/download', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const typed = queryOf(req, LOGBOOK_DOWNLOAD_FIELDS);
    // Nothing asked yet (an LPSE admin's link: they may issue their unit's Logbook, not browse the logbook): the form alone.
    if (Object.keys(typed).length === 0) {
      const form = await logbookDownloadForm(kit, v);
      if (form) return kit.sendPage(reply, LogbookDownloadPage({ visitor: v, form: { ...form, values: typed, errors: {} } }));
    }
    try {
      // What was left empty is left out (`queryOf` keeps only fields with text), as an API client would.
      const r = await issueLogbookReport(kit.app, invocationOf(v, req), defined({
        unit: typed.unit, from: typed.period_from, to: typed.period_to, format: typed.format, lang: v.lang,
      }));
      return await documentReply(reply, { type: logbookType(r.format), filename: logbookFileName(r), sha256: r.sha256 }).send(Buffer.from(r.bytes));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const byApi = formErrors<'unit' | 'from' | 'to' | 'format'>(e, v.lang, ['unit', 'from', 'to', 'format'], {
        'report.unit_unknown': 'unit', 'report.logbook_unit_forbidden': 'unit', 'report.period_too_long': 'to',
      });
      const errors: Partial<Record<LogbookDownloadField | 'form', string>> = {
        unit: byApi.unit, period_from: byApi.from, period_to: byApi.to, format: byApi.format, form: byApi.form,
      };
      const form = await logbookDownloadForm(kit, v);
      // Who may not issue the Logbook at all gets the error page (as /logbook gives them).
      if (!form) throw e;
      return kit.sendPage(reply, LogbookDownloadPage({ visitor: v, form: { ...form, values: typed, errors } }), statusOf(e));
    }
  });
}
