import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getSopEvaluation } from '../app/report/issue-sop-evaluation.js';
import { setEvaluationNote } from '../app/report/set-evaluation-note.js';
import { maySetEvaluationNotes } from '../domain/auth/evaluation.policy.js';
import { DomainError } from '../domain/errors.js';
import { statusOf } from '../http/http-errors.js';
import { formErrors } from './form-errors.js';
import { queryOf } from './list-routes.js';
import type { EvaluationFilterField, NoteForm } from './pages/sop-evaluation-page.js';
import { EVALUATION_FILTER_FIELDS, NOTE_FIELDS, SopEvaluationPage } from './pages/sop-evaluation-page.js';
import { PAGE_HELMET } from './web-csp.js';
import type { SignedIn } from './web-visitor.js';
import { checkForm, invocationOf } from './web-visitor.js';
import type { PageKit } from './work-routes.js';

const PATH = '/reports/evaluation';
const STEP = /^B[1-6]$/;

/**
 * The SOP monitoring and evaluation page (`GET /reports/evaluation`: the use case of
 * `GET /api/v1/reports/evaluation`, nothing issued until a download) and Tabel 7's note form
 * (`POST /reports/evaluation/notes`: the use case of `PUT /api/v1/reports/evaluation/notes`; a
 * refusal re-renders the page with the message next to its field).
 */
export function registerSopEvaluationPages(web: FastifyInstance, kit: PageKit): void {
  const { app } = kit;

  async function show(v: SignedIn, req: FastifyRequest, reply: FastifyReply, filters: Partial<Record<EvaluationFilterField, string>>,
    extra: { noteForm?: NoteForm; saved?: string } = {}, status = 200): Promise<FastifyReply> {
    try {
      const data = await getSopEvaluation(app, invocationOf(v, req), filters);
      const mayEdit = data.unit !== null && maySetEvaluationNotes(v.principal.user, data.unit.id);
      return await kit.sendPage(reply, SopEvaluationPage({ visitor: v, filters, data, mayEdit, ...extra }), status);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const period = e.code === 'report.period_invalid' ? (filters.month !== undefined ? 'month' : filters.from !== undefined && filters.to === undefined ? 'to' : 'from') : 'form';
      const errors = formErrors<EvaluationFilterField>(e, v.lang, EVALUATION_FILTER_FIELDS, { 'unit.not_found': 'unit', 'report.evaluation_forbidden': 'unit',
        'report.period_invalid': period as EvaluationFilterField });
      return kit.sendPage(reply, SopEvaluationPage({ visitor: v, filters, errors }), statusOf(e));
    }
  }

  web.get(PATH, { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const saved = queryOf(req, ['saved']).saved;
    return show(v, req, reply, queryOf(req, EVALUATION_FILTER_FIELDS), saved !== undefined && STEP.test(saved) ? { saved } : {});
  });

  web.post(`${PATH}/notes`, { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const filters = Object.fromEntries(EVALUATION_FILTER_FIELDS.map((k) => [k, str(k)?.trim() || undefined]).filter(([, x]) => x !== undefined)) as Partial<Record<EvaluationFilterField, string>>;
    const step = str('step') ?? '';
    const values = Object.fromEntries(NOTE_FIELDS.map((k) => [k, str(k)]).filter(([, x]) => x !== undefined)) as NoteForm['values'];
    const input = { ...filters, step, ...values };
    try {
      await setEvaluationNote(app, invocationOf(v, req), input);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors(e, v.lang, NOTE_FIELDS, { 'report.override_reason_required': 'reason' });
      return show(v, req, reply, filters, { noteForm: { step, values, errors } }, statusOf(e));
    }
    const q = new URLSearchParams({ ...filters, saved: step });
    return kit.redirect(reply, `${PATH}?${q.toString()}#row-${step}`);
  });
}
