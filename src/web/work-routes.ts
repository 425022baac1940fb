import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import type { App } from '../app/app.js';
import { listCaseSessions, listLiveSessions, terminateSession } from '../app/access/gateway-session-views.js';
import { approveCase } from '../app/case/approve-case.js';
import { getCaseView } from '../app/case/get-case-view.js';
import { getDashboard } from '../app/case/get-dashboard.js';
import { getNextCaseActions } from '../app/case/get-next-case-actions.js';
import { reportFault } from '../app/case/report-fault.js';
import { getReportOptions } from '../app/case/report-options.js';
import { returnCase } from '../app/case/return-case.js';
import { listUnits } from '../app/registry/list-registry.js';
import { DomainError } from '../domain/errors.js';
import type { LiveSessions } from '../ports/live-sessions.js';
import type { GatewaySession } from '../ports/repositories.js';
import { statusOf } from '../http/http-errors.js';
import { presentCase } from '../presenters/view-models/case-view.js';
import { presentDashboard } from '../presenters/view-models/dashboard-view.js';
import { presentLiveSessions } from '../presenters/view-models/live-session-view.js';
import { formErrors } from './form-errors.js';
import type { ApprovalForms } from './pages/approval-pages.js';
import { ApprovalPage, ApprovalQueuePage } from './pages/approval-pages.js';
import type { LiveSessionsForm } from './pages/live-sessions-page.js';
import { LiveSessionsPage } from './pages/live-sessions-page.js';
import type { ReportField } from './pages/report-page.js';
import { REPORT_FIELDS, ReportPage, ReportSentPage } from './pages/report-page.js';
import { PAGE_HELMET } from './web-csp.js';
import type { SignedIn } from './web-visitor.js';
import { checkForm, invocationOf } from './web-visitor.js';

/** What web-pages.ts lends the pages registered here. */
export interface PageKit {
  readonly app: App;
  /** The signed-in visitor, or undefined with the reply already sending them to sign in first. */
  signedIn(req: FastifyRequest, reply: FastifyReply): Promise<SignedIn | undefined>;
  sendPage(reply: FastifyReply, page: Child, status?: number): Promise<FastifyReply>;
  /** 303 See Other. */
  redirect(reply: FastifyReply, to: string): FastifyReply;
  /** The gateway sessions this process carries. */
  readonly live: LiveSessions;
}

const text = (body: Record<string, unknown>, name: string): string | undefined => (typeof body[name] === 'string' ? body[name] : undefined);
/** An optional field left empty is not sent to the use case (as an API client would leave it out). */
const optional = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);
const idOf = (req: FastifyRequest): string => (req.params as { id: string }).id;

/**
 * The pages of the work around a case that are not the case page: report a fault (B1), and the
 * koordinator's queue and approval screens (Setujui / Kembalikan), the live gateway sessions with
 * terminate-with-a-reason; each calling the API's use cases.
 */
export function registerWorkRoutes(web: FastifyInstance, kit: PageKit): void {
  const { app, signedIn, sendPage, redirect, live } = kit;

  // ── report a fault (B1) ──────────────────────────────────────────────────────────────
  web.get('/report', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    return sendPage(reply, ReportPage({ visitor: v, options: await getReportOptions(app, invocationOf(v, req)), form: { values: {} } }));
  });

  web.post('/report', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const values = Object.fromEntries(REPORT_FIELDS.map((f) => [f, text(body, f)])) as Partial<Record<ReportField, string>>;
    const inv = invocationOf(v, req);
    try {
      const c = await reportFault(app, inv, {
        unit: values.unit, system: values.system, description: values.description, urgency: optional(values.urgency),
        ...(optional(values.target) === undefined ? {} : { target: values.target }), channel: 'web',
      });
      return redirect(reply, `/report/sent/${encodeURIComponent(c.id)}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors(e, v.lang, REPORT_FIELDS, { 'target.not_found': 'target', 'case.target_other_unit': 'target', 'unit.not_found': 'unit' });
      return sendPage(reply, ReportPage({ visitor: v, options: await getReportOptions(app, inv), form: { values, errors } }), statusOf(e));
    }
  });

  web.get('/report/sent/:id', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    return sendPage(reply, ReportSentPage({ visitor: v, view: presentCase(await getCaseView(app, invocationOf(v, req), idOf(req))) }));
  });

  // ── the koordinator's queue and approvals ────────────────────────────────────────────
  web.get('/approvals', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    return sendPage(reply, ApprovalQueuePage({ visitor: v, view: presentDashboard(await getDashboard(app, invocationOf(v, req))) }));
  });

  /** The approval screen of a case, with what the visitor may do on it now. */
  async function approvalScreen(v: SignedIn, req: FastifyRequest, reply: FastifyReply, forms: ApprovalForms, status = 200): Promise<FastifyReply> {
    const inv = invocationOf(v, req);
    const id = idOf(req);
    const view = presentCase(await getCaseView(app, inv, id));
    const actions = await getNextCaseActions(app, inv, id);
    // Someone who may see the case but not its sessions sees no recordings (the use case says who).
    const sessions: GatewaySession[] = await listCaseSessions(app, inv, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.kind === 'forbidden') return [];
      throw e;
    });
    return sendPage(reply, ApprovalPage({ visitor: v, view, actions, sessions, forms }), status);
  }

  web.get('/approvals/:id', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const done = (req.query as Record<string, unknown>)['done'];
    return approvalScreen(v, req, reply, { done: done === 'approved' || done === 'returned' ? done : undefined });
  });

  web.post('/approvals/:id/approve', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const notes = text(checkForm(req, v), 'notes');
    try {
      await approveCase(app, invocationOf(v, req), idOf(req), optional(notes) === undefined ? {} : { notes });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return approvalScreen(v, req, reply, { notes: notes ?? '', errors: formErrors(e, v.lang, ['notes'] as const) }, statusOf(e));
    }
    return redirect(reply, `/approvals/${encodeURIComponent(idOf(req))}?done=approved`);
  });

  web.post('/approvals/:id/return', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const reason = text(checkForm(req, v), 'reason') ?? '';
    try {
      await returnCase(app, invocationOf(v, req), idOf(req), { reason });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return approvalScreen(v, req, reply, { reason, errors: formErrors(e, v.lang, ['reason'] as const) }, statusOf(e));
    }
    return redirect(reply, `/approvals/${encodeURIComponent(idOf(req))}?done=returned`);
  });

  // ── live gateway sessions ────────────────────────────────────────────────────────────
  async function liveScreen(v: SignedIn, req: FastifyRequest, reply: FastifyReply, form: LiveSessionsForm, status = 200): Promise<FastifyReply> {
    const inv = invocationOf(v, req);
    const sessions = presentLiveSessions(await listLiveSessions(app, inv, live), await listUnits(app, inv));
    return sendPage(reply, LiveSessionsPage({ visitor: v, sessions, form }), status);
  }

  web.get('/sessions/live', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    return liveScreen(v, req, reply, {});
  });

  web.post('/sessions/live/:id/terminate', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    // Sent as typed: the use case refuses a blank reason with the API's words.
    const reason = text(checkForm(req, v), 'reason') ?? '';
    try {
      const s = await terminateSession(app, invocationOf(v, req), live, idOf(req), { reason });
      // Answered in place, not redirected: the session is gone, and a link saying so could be forged.
      return liveScreen(v, req, reply, { ended: { user: s.username, target: s.target } });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return liveScreen(v, req, reply, { session: idOf(req), reason, errors: formErrors(e, v.lang, ['reason'] as const) }, statusOf(e));
    }
  });
}
