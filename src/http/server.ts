import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import { authenticateApiToken, authenticateSession } from '../app/auth/authenticate.js';
import type { Principal } from '../app/auth/principal.js';
import { DomainError } from '../domain/errors.js';
import type { App } from '../app/app.js';
import { t, type Lang } from '../messages/catalogue.js';
import { apiDocsHtml } from '../presenters/api-docs-html.js';
import { errorBody, fromFastifyError, statusOf } from './http-errors.js';
import { chooseLanguage, languageOf } from './language.js';
import { RateLimiter } from './rate-limiter.js';
import { REQUEST_REFUSALS_LOGGED_PER_MINUTE, logRequestRefusal } from './request-refusals.js';
import { sameSecret } from './same-secret.js';
import { openApiDocument } from './openapi.js';
import type { HttpOptions, RouteDef } from './route.js';
import { bearerToken } from './bearer-token.js';
import { fastifyPath } from './route.js';
import { SESSION_COOKIE, authRoutes } from './routes/auth.routes.js';
import { caseRoutes } from './routes/case.routes.js';
import { intakeRoutes } from './routes/intake.routes.js';
import { logbookRoutes } from './routes/logbook.routes.js';
import { registryRoutes } from './routes/registry.routes.js';
import { webhookRoutes } from './routes/webhook.routes.js';
import { notificationSubscriptionRoutes } from './routes/notification-subscription.routes.js';
import { reportRoutes } from './routes/report.routes.js';
import { NO_LIVE_SESSIONS, sessionRoutes } from './routes/session.routes.js';
import { METRICS_PATH, systemRoutes } from './routes/system.routes.js';
// issue 13: notifications
import { notificationRoutes } from './routes/notification.routes.js';
import { WebSocketUpgrades, sameOrigin } from './websocket.js';
import { registerWebPages } from '../web/web-pages.js';

export const API_VERSION = '1.0.0';
/** Sign-in attempts one client address may make per minute, over all usernames. */
export const SIGN_IN_PER_ADDRESS_PER_MINUTE = 60;
/** Public checks of a printed form's code per client address and minute (the API's and the page's together). */
export const FORM_CHECKS_PER_ADDRESS_PER_MINUTE = 30;
/** What a 503 for a transient storage failure asks a client to wait before trying again. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export interface HttpServer {
  readonly fastify: FastifyInstance;
  /** Every route served, as defined (the OpenAPI document and the permission tests enumerate these). */
  readonly routes: readonly RouteDef[];
  /** The Prometheus text `/metrics` serves (for a separate metrics listener, JAGA_METRICS_ADDR). */
  renderMetrics(): Promise<string>;
}

/** The principal a request was authenticated as, for the error handler (a refused request's log names its session's user). */
const PRINCIPALS = new WeakMap<FastifyRequest, Principal>();

const unauthorised = () => DomainError.of('forbidden', 'auth.required', { credential: 'none' });

async function principalOf(app: App, req: FastifyRequest): Promise<Principal | undefined> {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.length > 0) {
    const token = bearerToken(auth);
    const p = token ? await authenticateApiToken(app, token) : undefined;
    // A bad Authorization header is an error, never a silent fall-back to the cookie.
    if (!p) throw DomainError.of('forbidden', 'auth.required', { credential: 'token' });
    return p;
  }
  const token = req.cookies[SESSION_COOKIE];
  return token ? authenticateSession(app, token) : undefined;
}

function authorise(def: RouteDef, p: Principal | undefined, req: FastifyRequest, upgrade: boolean): void {
  if (def.access === 'public') return;
  if (!p) throw unauthorised();
  // A WebSocket cannot carry the CSRF header; with the cookie, the page that opens it must be ours.
  if (p.via === 'session' && upgrade && !sameOrigin(req)) {
    throw DomainError.of('forbidden', 'auth.origin_refused', {});
  }
  if (p.via === 'session' && def.method !== 'GET') {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !p.csrfToken || !sameSecret(sent, p.csrfToken)) {
      throw DomainError.of('forbidden', 'auth.csrf_failed', {});
    }
  }
  if (def.access === 'user' && !p.mfaPassed) {
    throw DomainError.of('forbidden', 'auth.mfa_required', {});
  }
  if (def.access === 'user' && p.user.passwordChangeRequired && !def.whilePasswordChangeRequired) {
    throw DomainError.of('forbidden', 'auth.password_change_required', {});
  }
  if (p.scope === 'read' && def.method !== 'GET') {
    throw DomainError.of('forbidden', 'auth.token_read_only', {});
  }
  if (p.scope === 'metrics' && def.path !== METRICS_PATH) throw DomainError.of('forbidden', 'auth.token_metrics_only', {});
}

/** Builds the Fastify app: security headers, body limits, auth, one error mapping, every route with its schemas. */
export async function buildHttpServer(app: App, options: HttpOptions): Promise<HttpServer> {
  const fastify = Fastify({
    // jaga serve hands its JSON logger (redacting, one line per event); otherwise Fastify's own at logLevel.
    ...(options.logger ? { loggerInstance: options.logger } : { logger: options.logLevel === 'silent' ? false : { level: options.logLevel } }),
    // Unique across nodes (every log line of a request carries it as reqId; a 500 names it as its reference); a client's own header is not taken.
    genReqId: () => app.ids.newId(), requestIdHeader: false,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy.length ? [...options.trustProxy] : false,
    // Unknown query parameters and bodies are refused by the use cases' strict schemas, never stripped.
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: true,
  });
  await fastify.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], frameAncestors: ["'none'"] } },
    hsts: options.cookieSecure,
  });
  await fastify.register(cookie);
  // JSON only: a text/plain body is refused with 415 like any other non-JSON type.
  fastify.removeContentTypeParser('text/plain');
  const websockets = new WebSocketUpgrades();
  websockets.attach(fastify);
  const runtime = {
    ...options, signInLimiter: new RateLimiter(SIGN_IN_PER_ADDRESS_PER_MINUTE, 60_000, app.clock),
    checkLimiter: new RateLimiter(FORM_CHECKS_PER_ADDRESS_PER_MINUTE, 60_000, app.clock),
    refusalLimiter: new RateLimiter(REQUEST_REFUSALS_LOGGED_PER_MINUTE, 60_000, app.clock),
    live: options.live ?? NO_LIVE_SESSIONS, websockets,
  };
  const routes: RouteDef[] = [];
  let openapi: Record<string, unknown> | undefined;
  const docs = new Map<Lang, string>();
  routes.push(...systemRoutes({
    metrics: () => app.metrics.render(),
    openapi: () => (openapi ??= openApiDocument(routes, API_VERSION)),
    docs: (lang) => {
      const html = docs.get(lang) ?? apiDocsHtml(openapi ??= openApiDocument(routes, API_VERSION), lang);
      docs.set(lang, html);
      return html;
    },
  }), ...authRoutes, ...caseRoutes, ...reportRoutes, ...registryRoutes, ...logbookRoutes, ...sessionRoutes,
  // webhook endpoints (issue 13)
  ...webhookRoutes,
  // Alertmanager intake (issue 13):
  ...intakeRoutes,
  // issue 13: notifications
  ...notificationRoutes,
  // issue 13, email: addresses, subscriptions and mutes
  ...notificationSubscriptionRoutes);

  fastify.addHook('onResponse', async (req, reply) => {
    app.metrics.request(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  fastify.setErrorHandler(async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const lang = languageOf(req);
    const e = err instanceof DomainError ? err : fromFastifyError(err);
    if (e) {
      await logRequestRefusal(app, runtime, req, e, PRINCIPALS.get(req)?.user.id ?? null);
      if (e.code === 'auth.locked' && typeof e.details['lockedUntil'] === 'string') {
        void reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(e.details['lockedUntil']) - app.clock.now().getTime()) / 1000))));
      }
      return reply.code(statusOf(e)).send(errorBody(e, lang));
    }
    // The database busy or out of reach: the request may succeed later (Alertmanager, for one, retries a 5xx and drops a 4xx).
    if (app.store.isTransientFailure(err)) {
      req.log.warn({ err, reqId: req.id }, 'storage unavailable');
      void reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
      return reply.code(503).send(errorBody(DomainError.of('precondition', 'store.unavailable', {}), lang));
    }
    req.log.error({ err, reqId: req.id }, 'unhandled error');
    return reply.code(500).send({ error: 'internal', message: t(lang, 'shared.internal_error', { ref: req.id }) });
  });
  // The web UI's pages (src/web/): same instance, cookie and session; their own form parsing and error pages.
  const pages = await registerWebPages(fastify, app, runtime);
  fastify.setNotFoundHandler((req, reply) => {
    const e = DomainError.of('not_found', 'http.not_found', { method: req.method, path: req.url.split('?')[0] ?? '', websocket: false });
    // A person's browser asking for a page that is not there gets a page; everything else the API's JSON.
    if (pages.wantsPage(req)) return pages.notFound(req, reply);
    return reply.code(404).send(errorBody(e, languageOf(req)));
  });

  for (const def of routes) {
    fastify.route({
      method: def.method,
      url: fastifyPath(def.path),
      ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
      handler: async (req, reply) => {
        const upgrade = websockets.isUpgrade(req);
        if (upgrade && !def.websocket) {
          throw DomainError.of('not_found', 'http.not_found', { method: req.method, path: def.path, websocket: true });
        }
        const principal = def.access === 'public' ? undefined : await principalOf(app, req);
        if (principal) PRINCIPALS.set(req, principal);
        chooseLanguage(req, principal?.user);
        authorise(def, principal, req, upgrade);
        const params = (req.params ?? {}) as Record<string, string>;
        if (def.params) {
          const r = def.params.safeParse(params);
          if (!r.success) throw DomainError.of('invalid', 'input.invalid', { problem: 'path_parameter' });
        }
        if (def.body && req.body === undefined) {
          throw DomainError.of('invalid', 'input.invalid', { problem: 'body_required' });
        }
        const result = await def.handle({
          app, principal, inv: { actor: principal?.user.id ?? null, via: 'http', sourceIp: req.ip, ...(principal ? { user: principal.user } : {}) }, params,
          query: req.query ?? {}, body: req.body, request: req, reply, options: runtime,
        });
        // A route's fixed status; otherwise what the handler set (/readyz: 503), else 200.
        if (def.status !== undefined) void reply.code(def.status);
        return def.response ? def.response.parse(result) : result;
      },
    });
  }
  return { fastify, routes, renderMetrics: () => app.metrics.render() };
}
