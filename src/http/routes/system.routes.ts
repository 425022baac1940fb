import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import type { Lang } from '../../messages/catalogue.js';
import { languageOf } from '../language.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';

export const METRICS_PATH = '/metrics';
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Health, metrics and API docs; the OpenAPI/docs handlers are bound in server.ts (they need the route list). */
export function systemRoutes(render: { metrics: () => Promise<string>; openapi: () => unknown; docs: (lang: Lang) => string }): RouteDef[] {
  return [
    route({
      method: 'GET', path: '/healthz', summary: 'Liveness and database check', tag: 'system', access: 'public',
      response: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }),
      async handle({ app }) {
        try {
          await app.store.ping();
        } catch {
          throw DomainError.of('precondition', 'health.database_down', {});
        }
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
