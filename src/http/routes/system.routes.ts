import { z } from 'zod';
import { checkReadiness } from '../../app/system/readiness.js';
import { DomainError } from '../../domain/errors.js';
import type { Lang } from '../../messages/catalogue.js';
import { languageOf } from '../language.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';

export const METRICS_PATH = '/metrics';
/** How long /readyz waits for each check. */
export const READY_TIMEOUT_MS = 5_000;
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Health, metrics and API docs; the OpenAPI/docs handlers are bound in server.ts (they need the route list). */
export function systemRoutes(render: { metrics: () => Promise<string>; openapi: () => unknown; docs: (lang: Lang) => string }): RouteDef[] {
  return [
    route({
      method: 'GET', path: '/healthz', summary: 'Liveness: the process answers (the store is not asked; see /readyz)', tag: 'system', access: 'public',
      response: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }),
      async handle({ app }) {
        return { status: 'ok' as const, database: app.store.dialect };
      },
    }),
    route({
      method: 'GET', path: METRICS_PATH, summary: 'Prometheus metrics (a token with the `metrics` scope)', tag: 'system', access: 'user', response: null,
      description: 'Needs a bearer token with the `metrics` scope (a superadmin creates one: `jaga token create --scope metrics`), '
        + 'or is read without authentication on the separate listener JAGA_METRICS_ADDR.',
      produces: 'text/plain',
      async handle({ reply, principal }) {
        if (principal?.via !== 'token' || principal.scope !== 'metrics') throw DomainError.of('forbidden', 'auth.metrics_scope_required', {});
        void reply.header('content-type', METRICS_CONTENT_TYPE);
        return render.metrics();
      },
    }),
    // operations (issue 14): readiness for a load balancer or an orchestrator.
    route({
      method: 'GET', path: '/readyz', summary: 'Readiness: the store reachable, migrations current, recordings writable', tag: 'system', access: 'public',
      description: `200 when every check is ok; 503 naming the checks that are not (within ${READY_TIMEOUT_MS / 1000} s each). `
        + 'The causes go to the server log, never to the caller.',
      response: null,
      async handle({ app, reply, request }) {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, READY_TIMEOUT_MS); });
        const r = await checkReadiness(app, deadline).finally(() => clearTimeout(timer));
        if (!r.ready) request.log.warn({ failing: r.failing, causes: r.causes }, 'not ready');
        void reply.code(r.ready ? 200 : 503).header('cache-control', 'no-store');
        return { status: r.ready ? 'ready' : 'not_ready', checks: r.checks, failing: r.failing };
      },
    }),
    route({
      method: 'GET', path: '/api/openapi.json', summary: 'This API as OpenAPI 3.1', tag: 'system', access: 'public', response: null, produces: 'application/json',
      async handle({ reply }) { void reply.header('content-type', 'application/json; charset=utf-8'); return JSON.stringify(render.openapi()); },
    }),
    route({
      method: 'GET', path: '/api/docs', summary: 'Readable API documentation', tag: 'system', access: 'public', response: null, produces: 'text/html',
      async handle({ reply, request }) { void reply.header('content-type', 'text/html; charset=utf-8'); return render.docs(languageOf(request)); },
    }),
  ];
}
