import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app/app.js';
import { checkFormCode, recordCheckThrottled } from '../../app/report/check-form-code.js';
import { IssueFormInput, issueCaseForm } from '../../app/report/issue-case-form.js';
import { IssueSopDocumentInput, issueSopDocument } from '../../app/report/issue-sop-document.js';
import { DomainError } from '../../domain/errors.js';
import { IssueEvaluationInput, issueSopEvaluation } from '../../app/report/issue-sop-evaluation.js';
import { SetEvaluationNoteInput, setEvaluationNote } from '../../app/report/set-evaluation-note.js';
import { ASSESSMENTS } from '../../domain/report/sop-evaluation.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import { LogbookReportInput, issueLogbookReport } from '../../app/report/issue-logbook-report.js';
import { documentReply, fileSafe, logbookFileName, logbookType } from '../document-reply.js';
import { languageOf } from '../language.js';
import type { HttpRuntime, RouteDef } from '../route.js';
import { route } from '../route.js';
import { IdParams } from './case.routes.js';


/**
 * The per-address limit in front of the public check of a form's code (the API's and the page's):
 * past it, refused with `Retry-After`, and the first refusal of a window logged.
 */
export async function passCheckGate(app: App, options: HttpRuntime, ip: string, reply: FastifyReply, via: 'http' | 'web'): Promise<void> {
  const gate = options.checkLimiter.hit(ip);
  if (gate.allowed) return;
  if (gate.firstRefusal) await recordCheckThrottled(app, ip, gate.retryAfterSeconds, via);
  void reply.header('retry-after', String(gate.retryAfterSeconds));
  throw DomainError.of('forbidden', 'report.check_rate_limited', { retryAfterSeconds: gate.retryAfterSeconds });
}

const CodeParams = z.object({ code: z.string().max(64) }).strict();

const EvaluationNoteSchema = z.object({
  unitId: z.string(), unitCode: z.string(), periodFrom: z.string(), periodTo: z.string(), step: z.enum(STEP_CODES as [string, ...string[]]),
  assessment: z.enum(ASSESSMENTS).nullable(), reason: z.string().nullable(), notes: z.string().nullable(), action: z.string().nullable(),
  assessorId: z.string(), updatedAt: z.string(),
});

export const reportRoutes: RouteDef[] = [
  route({
    method: 'GET', path: '/api/v1/cases/{id}/report/form', summary: 'The Form Laporan Pelaksanaan Perbaikan Secara Remote of a closed case (PDF)',
    description: 'A4 PDF of a closed or approved case, for whoever may view the case: the SOP identity block, the A2 fields, the A1 checks, the '
      + 'step table with deviations, the gateway sessions with their recordings\' SHA-256, file transfers, returns for correction, the '
      + 'logbook entries of the closing and the approval, the three signatures (known, prepared, approved by), and a check code with its QR '
      + 'code. The same case gives the same bytes. Each issue is logged (`report.form_issued`) with the PDF\'s SHA-256 (also in '
      + '`X-Content-SHA256`) and the check code (`X-Check-Code`). `lang` defaults to the request\'s language. A case that is not closed: 409.',
    tag: 'reports', access: 'user', params: IdParams, query: IssueFormInput, response: null, produces: 'application/pdf',
    async handle({ app, inv, params, query, request, reply }) {
      const q = (query ?? {}) as Record<string, unknown>;
      const form = await issueCaseForm(app, inv, params['id'] as string, { ...q, lang: q['lang'] ?? languageOf(request) });
      void documentReply(reply, { type: 'application/pdf', filename: `form-laporan-${fileSafe(form.caseId)}-${form.lang}.pdf`, sha256: form.sha256 })
        .header('x-check-code', form.checkCode);
      return Buffer.from(form.bytes);
    },
  }),
  route({
    method: 'GET', path: '/api/v1/sop/document', summary: 'The SOP itself as the signed document (PDF)',
    description: 'A4 PDF of SOP-01 (the version in force, or `version`), for whoever is signed in: a portrait approval sheet with the three '
      + 'signatures, then in landscape the identity block (Nomor SOP, dates, who ratified it), the header table (Dasar Hukum, '
      + 'Kualifikasi Pelaksana, Peralatan/Perlengkapan, Peringatan, Pencatatan, Keterkaitan, Definisi …) and the activity table with the '
      + 'executor columns drawn as the PermenPAN-RB 35/2012 flowchart and the mutu baku beside it. The same version and language give the '
      + 'same bytes. Each issue is logged (`report.form_issued`, `document: "sop"`) with the PDF\'s SHA-256 (also in `X-Content-SHA256`). '
      + '`lang` defaults to the request\'s language. An unknown version: 404.',
    tag: 'reports', access: 'user', query: IssueSopDocumentInput, response: null, produces: 'application/pdf',
    async handle({ app, inv, query, request, reply }) {
      const q = (query ?? {}) as Record<string, unknown>;
      const doc = await issueSopDocument(app, inv, { ...q, lang: q['lang'] ?? languageOf(request) });
      void documentReply(reply, { type: 'application/pdf', filename: `${fileSafe(doc.code)}-${fileSafe(doc.version)}-${doc.lang}.pdf`, sha256: doc.sha256 });
      return Buffer.from(doc.bytes);
    },
  }),
  route({
    method: 'GET', path: '/api/v1/reports/check/{code}', summary: 'Whether a check code printed on a Form Laporan matches a form this installation issued',
    description: 'Public (no sign-in): answers only that the code matches and the case it was issued for; a code that matches none is '
      + '404 (`report.check_code_unknown`), one that cannot be a code 400; each such refusal is logged. At most '
      + '30 checks per client address and minute (then 403 with `Retry-After`). The same check as `jaga report check` and the page `/verify`.',
    tag: 'reports', access: 'public', params: CodeParams, response: z.object({ matches: z.literal(true), checkCode: z.string(), caseId: z.string() }),
    async handle({ app, inv, params, request, reply, options }) {
      await passCheckGate(app, options, request.ip, reply, 'http');
      const r = await checkFormCode(app, inv, params['code'] as string);
      return { matches: true as const, checkCode: r.checkCode, caseId: r.caseId };
    },
  }),
  route({
    method: 'GET', path: '/api/v1/reports/evaluation', summary: 'The SOP monitoring and evaluation of a period (Tabel 7, per-step statistics, deviations, monthly trends), PDF or JSON',
    description: 'For a unit (default: the caller\'s; the superadmin and national auditors may leave it out for all units) and a period (`month` YYYY-MM, '
      + 'default this month, or `from`/`to` YYYY-MM-DD, both included): per SOP step the cases, how many met the time standard (count and share), the '
      + 'mean and p90 (nearest rank) of the actual time, the deviations with their explanations, Tabel 7 of PermenPAN-RB 35/2012 with the assessment '
      + 'proposed from the data (JAGA_EVALUATION_THRESHOLD) and the assessor\'s notes, and the monthly time to restore (report → B4) and to root cause '
      + '(report → B5). `format=pdf` (default: A4 landscape, charts as vector graphics) or `json` (the same data, for the dashboard). Each issue is logged '
      + '(`report.form_issued`, `document: sop_evaluation`) with the SHA-256 of the answer (also in `X-Content-SHA256`).',
    tag: 'reports', access: 'user', query: IssueEvaluationInput, response: null, produces: ['application/pdf', 'application/json'],
    async handle({ app, inv, query, request, reply }) {
      const q = (query ?? {}) as Record<string, unknown>;
      const issued = await issueSopEvaluation(app, inv, { ...q, lang: q['lang'] ?? languageOf(request) });
      const name = `evaluasi-sop-${fileSafe(issued.data.unit?.code ?? 'semua')}-${issued.data.period.from}-${issued.data.period.to}-${issued.lang}`;
      void documentReply(reply, { type: issued.format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8', filename: `${name}.${issued.format}`,
        sha256: issued.sha256, inline: issued.format !== 'pdf' });
      return Buffer.from(issued.bytes);
    },
  }),
  route({
    method: 'PUT', path: '/api/v1/reports/evaluation/notes', summary: 'Set one row of Tabel 7 of a unit\'s SOP evaluation (koordinator of the unit, superadmin)',
    description: 'The notes on the assessment, the action to be taken and optionally an assessment overriding the proposed one (`baik`, `tidak_baik`; '
      + '`proposed` removes the override), with a reason. A field left out keeps its value; an empty text clears it. Who sets it is the row\'s paraf. '
      + 'Logged (`report.evaluation_note_set`) with what it replaced.',
    tag: 'reports', access: 'user', body: SetEvaluationNoteInput, response: EvaluationNoteSchema,
    handle: ({ app, inv, body }) => setEvaluationNote(app, inv, body),
  }),
  route({
    method: 'GET', path: '/api/v1/reports/logbook', summary: 'The Logbook of a period for a unit, as PDF or CSV',
    description: 'One row per case closed (B6) in the period (its latest close between the start of `from` and the end of `to`, in the unit\'s '
      + 'zone; closed or approved now): case number, the A2 fields (repair location, every network used, date, access start and end, the B4 '
      + 'initial repair and the B5 root cause and permanent repair), executor, approving koordinator and approval date, status; names, '
      + 'never ids; times in the unit\'s zone with its abbreviation. `format=pdf` (default): A4 landscape with the SOP identity line and page '
      + 'numbers; `format=csv`: RFC 4180 with a header row in `lang`, a cell a spreadsheet would run as a formula prefixed with `\'`. Without '
      + '`unit`: every unit (superadmin, national auditor). A unit\'s koordinator, auditor and LPSE admin: only their own unit (403 otherwise). '
      + 'At most 366 days. The same request gives the same bytes; each issue is logged (`report.form_issued`, `document: logbook`) with '
      + 'the SHA-256 (also in `X-Content-SHA256`). `lang` defaults to the request\'s language.',
    tag: 'reports', access: 'user', query: LogbookReportInput, response: null, produces: ['application/pdf', 'text/csv'],
    async handle({ app, inv, query, request, reply }) {
      const q = (query ?? {}) as Record<string, unknown>;
      const r = await issueLogbookReport(app, inv, { ...q, lang: q['lang'] ?? languageOf(request) });
      void documentReply(reply, { type: logbookType(r.format), filename: logbookFileName(r), sha256: r.sha256 });
      return Buffer.from(r.bytes);
    },
  }),
];
