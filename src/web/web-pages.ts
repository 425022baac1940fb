import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { App } from '../app/app.js';
import { signOut } from '../app/auth/authenticate.js';
import { verifySecondFactor } from '../app/auth/second-factor.js';
import { secondFactorStep } from '../app/auth/second-factor-step.js';
import { setLanguage } from '../app/auth/set-language.js';
import { signIn } from '../app/auth/sign-in.js';
import { getDashboard } from '../app/case/get-dashboard.js';
import { parseInput } from '../app/input.js';
import { USER_LANGUAGES } from '../domain/registry/user.js';
import { DomainError } from '../domain/errors.js';
import type { ErrorCode } from '../domain/error-codes.js';
import { messageOf, t } from '../messages/catalogue.js';
import { presentDashboard } from '../presenters/view-models/dashboard-view.js';
import { presentLiveSessions } from '../presenters/view-models/live-session-view.js';
import { listLiveSessions } from '../app/access/gateway-session-views.js';
import { listUnits } from '../app/registry/list-registry.js';
import { fromFastifyError, statusOf } from '../http/http-errors.js';
import type { HttpRuntime } from '../http/route.js';
import { passSignInGate } from '../http/routes/auth.routes.js';
import { logRequestRefusal } from '../http/request-refusals.js';
import { passwordPath, registerAccountPages } from './account-routes.js';
import { registerNotificationPages } from './notification-routes.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerCasePages } from './case-routes.js';
import { registerListPages } from './list-routes.js';
import { registerLogbookReportRoutes } from './logbook-report-routes.js';
import { registerLiveViewRoutes } from './live-view-routes.js';
import { registerSessionSearchPages } from './session-search-routes.js';
import { registerSopRoutes } from './sop-routes.js';
import { registerVerifyPages } from './verify-routes.js';
import { registerSopEvaluationPages } from './sop-evaluation-routes.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { renderPage } from './pages/layout.js';
import { MessagePage, SignInPage, TotpPage } from './pages/sign-in-page.js';
import { returnPath, signInPath } from './return-path.js';
import { loadAssets } from './web-assets.js';
import { PAGE_CSP, PAGE_HELMET } from './web-csp.js';
import { registerWorkRoutes } from './work-routes.js';
import type { SignedIn, Visitor } from './web-visitor.js';
import {
  checkForm, clearSessionCookie, invocationOf, knownVisitor, setLangCookie, setSessionCookie, visitorOf,
} from './web-visitor.js';

/** The largest form a page sends (sign-in, TOTP, language): a few fields. */
const FORM_BODY_LIMIT = 16 * 1024;

/** Sign-in errors shown next to the username rather than the password. */
const USERNAME_ERRORS: readonly ErrorCode[] = ['auth.actor_deactivated'];

const sendPage = async (reply: FastifyReply, page: Child, status = 200): Promise<FastifyReply> =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await renderPage(page));

/** 303 See Other: after a form, the browser GETs the next page. */
const redirect = (reply: FastifyReply, to: string): FastifyReply => reply.code(303).header('cache-control', 'no-store').redirect(to, 303);

/**
 * Sends a visitor to sign in: a 303, or for htmx's own request (a page refreshing a section of
 * itself) `HX-Redirect`, so the whole page goes to sign-in instead of a section being swapped for it.
 */
const toSignIn = (req: FastifyRequest, reply: FastifyReply, to: string): FastifyReply =>
  (req.headers['hx-request'] === 'true' ? reply.code(200).header('cache-control', 'no-store').header('hx-redirect', to).send('') : redirect(reply, to));

/** The language switch's form: a language Jaga speaks (the form cannot clear the preference). */
const LanguageForm = z.object({ language: z.enum(USER_LANGUAGES) }).strict();

const field = (body: Record<string, unknown>, name: string): string | undefined => (typeof body[name] === 'string' ? body[name] : undefined);

/** Where a visitor goes once fully signed in: the page they asked for, or the dashboard. */
const destination = (next: string | undefined): string => next ?? '/';

/** What the server's not-found handler asks of the web UI. */
export interface WebPages {
  /** A browser asking for a page (GET/HEAD for HTML, outside the API's paths). */
  wantsPage(req: FastifyRequest): boolean;
  /** The not-found page, in the visitor's language, under the pages' CSP. */
  notFound(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/** Paths that are the API's or the operator's, never pages. */
const NOT_PAGES = /^\/(api\/|healthz$|metrics$)/;

/**
 * The web UI: server-rendered pages on the API's Fastify instance, same origin, same session
 * cookie and principal, the same use cases. Registered in its own encapsulated context, so only
 * these routes parse HTML forms and render errors as pages.
 */
export async function registerWebPages(fastify: FastifyInstance, app: App, runtime: HttpRuntime): Promise<WebPages> {
  const assets = loadAssets();
  const secure = runtime.cookieSecure;
  const visitor = (req: FastifyRequest, reply: FastifyReply) => visitorOf(app, req, reply, secure);

  /**
   * The signed-in visitor; or undefined, the reply already sending them where they must go first
   * (sign-in with the page asked for, TOTP, or why a reset password blocks every page).
   */
  async function signedIn(req: FastifyRequest, reply: FastifyReply): Promise<SignedIn | undefined> {
    const v = await visitor(req, reply);
    const next = req.method === 'GET' ? returnPath(req.url) : undefined;
    if (!v.principal) void toSignIn(req, reply, signInPath(next));
    else if (!v.principal.mfaPassed) void toSignIn(req, reply, signInPath(next, '/totp'));
    else if (v.principal.user.passwordChangeRequired) void toSignIn(req, reply, passwordPath(next));
    else return v as SignedIn;
    return undefined;
  }

  await fastify.register(async (web) => {
    // Pages take HTML forms only (the API, outside this context, keeps JSON only).
    web.removeContentTypeParser('application/json');
    await web.register(formbody, { bodyLimit: FORM_BODY_LIMIT });

    web.setErrorHandler(async (err: unknown, req, reply) => {
      const v: Visitor = knownVisitor(req) ?? await visitor(req, reply);
      const signed = Boolean(v.principal?.mfaPassed);
      const e = err instanceof DomainError ? err : fromFastifyError(err);
      if (e) {
        await logRequestRefusal(app, runtime, req, e, v.principal?.user.id ?? null);
        return sendPage(reply, MessagePage({ visitor: v, title: t(v.lang, 'web.error.title'), message: messageOf(e, v.lang), here: '/', signedIn: signed }), statusOf(e));
      }
      req.log.error({ err, reqId: req.id }, 'unhandled error on a page');
      return sendPage(reply, MessagePage({ visitor: v, title: t(v.lang, 'web.error.title'), message: t(v.lang, 'shared.internal_error', { ref: req.id }), here: '/', signedIn: signed }), 500);
    });

    web.get('/assets/:name', { helmet: PAGE_HELMET }, async (req, reply) => {
      const asset = assets.get((req.params as { name: string }).name);
      if (!asset) throw DomainError.of('not_found', 'http.not_found', { method: 'GET', path: req.url.split('?')[0] ?? '', websocket: false });
      void reply.header('etag', asset.etag).header('cache-control', 'no-cache').type(asset.type);
      if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply.send(asset.body);
    });

    web.get('/sign-in', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await visitor(req, reply);
      const next = returnPath((req.query as Record<string, unknown>)['next']);
      if (v.principal?.mfaPassed) return redirect(reply, destination(next));
      if (v.principal) return redirect(reply, signInPath(next, '/totp'));
      return sendPage(reply, SignInPage({ visitor: v, form: { next } }));
    });

    web.post('/sign-in', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await visitor(req, reply);
      const body = checkForm(req, v);
      const next = returnPath(field(body, 'next'));
      const username = field(body, 'username') ?? '';
      try {
        await passSignInGate(app, runtime, req.ip, reply);
        const r = await signIn(app, { username, password: field(body, 'password') ?? '' }, { sourceIp: req.ip });
        setSessionCookie(reply, r.sessionToken, secure);
        if (r.next === 'totp') return redirect(reply, signInPath(next, '/totp'));
        if (r.next === 'done') return redirect(reply, destination(next));
        return redirect(reply, r.next === 'totp_enrolment' ? signInPath(next, '/enrol') : passwordPath(next));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const message = messageOf(e, v.lang);
        const errors = USERNAME_ERRORS.includes(e.code) ? { username: message } : { password: message };
        return sendPage(reply, SignInPage({ visitor: v, form: { username, next, errors } }), statusOf(e));
      }
    });

    web.get('/sign-in/totp', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await visitor(req, reply);
      const next = returnPath((req.query as Record<string, unknown>)['next']);
      if (!v.principal) return redirect(reply, signInPath(next));
      if (v.principal.mfaPassed) return redirect(reply, destination(next));
      if (await secondFactorStep(app, v.principal) === 'enrol') return redirect(reply, signInPath(next, '/enrol'));
      return sendPage(reply, TotpPage({ visitor: v, next }));
    });

    web.post('/sign-in/totp', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await visitor(req, reply);
      const body = checkForm(req, v);
      const next = returnPath(field(body, 'next'));
      if (!v.principal) return redirect(reply, signInPath(next));
      if (v.principal.mfaPassed) return redirect(reply, destination(next));
      try {
        await verifySecondFactor(app, v.principal, { code: field(body, 'code') ?? '' });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        return sendPage(reply, TotpPage({ visitor: v, next, error: messageOf(e, v.lang) }), statusOf(e));
      }
      return redirect(reply, destination(next));
    });

    web.post('/sign-out', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await visitor(req, reply);
      checkForm(req, v);
      if (v.principal) await signOut(app, v.principal);
      clearSessionCookie(reply);
      return redirect(reply, '/sign-in');
    });

    web.post('/language', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await visitor(req, reply);
      const body = checkForm(req, v);
      const { language: lang } = parseInput(LanguageForm, { language: field(body, 'language') });
      // Kept per user once signed in; before that (and for this browser) in a cookie.
      if (v.principal?.mfaPassed) await setLanguage(app, invocationOf(v as SignedIn, req), { language: lang });
      setLangCookie(reply, lang, secure);
      return redirect(reply, returnPath(field(body, 'back'), { signInPages: true }) ?? (v.principal ? '/' : '/sign-in'));
    });

    web.get('/', { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await signedIn(req, reply);
      if (!v) return reply;
      const inv = invocationOf(v, req);
      const view = presentDashboard(await getDashboard(app, inv));
      // The live sessions section: from the live sessions page's use case and view model.
      const live = presentLiveSessions(await listLiveSessions(app, inv, runtime.live), await listUnits(app, inv));
      return sendPage(reply, DashboardPage({ visitor: v, view, live }));
    });

    registerWorkRoutes(web, { app, signedIn, sendPage, redirect, live: runtime.live });
    registerCasePages(web, app, { signedIn, sendPage, redirect, cookieSecure: secure });
    registerListPages(web, { app, signedIn, sendPage, redirect, live: runtime.live });
    registerLiveViewRoutes(web, { app, signedIn, sendPage, live: runtime.live });
    registerSessionSearchPages(web, { app, signedIn, sendPage, redirect, live: runtime.live });
    registerAccountPages(web, { app, visitor, sendPage, redirect });
    registerAdminRoutes(web, app, { signedIn, sendPage, redirect, cookieSecure: secure });
    registerSopRoutes(web, { app, signedIn, sendPage, redirect, live: runtime.live });
    registerVerifyPages(web, { app, runtime, visitor, sendPage });
    registerSopEvaluationPages(web, { app, signedIn, sendPage, redirect, live: runtime.live });
    registerLogbookReportRoutes(web, { app, signedIn, sendPage, redirect, live: runtime.live });
    // issue 13, email: the account's email address and notification mutes
    registerNotificationPages(web, { app, signedIn, sendPage, redirect, live: runtime.live });
  });

  return {
    wantsPage: (req) => (req.method === 'GET' || req.method === 'HEAD') && !NOT_PAGES.test(req.url.split('?')[0] ?? '')
      && (req.headers.accept ?? '').includes('text/html'),
    async notFound(req, reply) {
      const v = await visitor(req, reply);
      void reply.header('content-security-policy', PAGE_CSP).header('referrer-policy', 'same-origin');
      const message = t(v.lang, 'web.not_found.message', { path: req.url.split('?')[0] ?? '' });
      return sendPage(reply, MessagePage({ visitor: v, title: t(v.lang, 'web.not_found.title'), message, here: '/',
        signedIn: Boolean(v.principal?.mfaPassed) }), 404);
    },
  };
}
