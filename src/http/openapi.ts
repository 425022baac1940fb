import { z } from 'zod';
import type { RouteDef } from './route.js';
import { ErrorSchema } from './schemas.js';

/** Schemas are inlined (an empty metadata registry), so every $ref in the document resolves. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata: z.registry(), target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

function parameters(def: RouteDef): unknown[] {
  const out: unknown[] = [];
  if (def.params) {
    for (const [name, s] of Object.entries(jsonSchema(def.params, 'input')['properties'] as Record<string, unknown>)) {
      out.push({ name, in: 'path', required: true, schema: s });
    }
  }
  if (def.query) {
    const q = jsonSchema(def.query, 'input');
    const required = new Set((q['required'] as string[] | undefined) ?? []);
    for (const [name, s] of Object.entries((q['properties'] as Record<string, Record<string, unknown>> | undefined) ?? {})) {
      out.push({ name, in: 'query', required: required.has(name), schema: s, ...(s['description'] ? { description: s['description'] } : {}) });
    }
  }
  return out;
}

const ERROR_RESPONSE = { description: 'Error: stable code and a message in the language of Accept-Language', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** The OpenAPI 3.1 document, generated from the same route definitions and schemas that serve requests. */
export function openApiDocument(routes: readonly RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const status = String(def.status ?? 200);
    const op: Record<string, unknown> = {
      operationId: `${def.method.toLowerCase()}${def.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: def.summary,
      ...(def.description ? { description: def.description } : {}),
      tags: [def.tag],
      security: def.access === 'public' ? [] : [{ cookieAuth: [] }, { bearerAuth: [] }],
      parameters: parameters(def),
      responses: {
        ...(def.websocket
          ? { 101: { description: 'Switching Protocols: the WebSocket is open (see the description for its messages)' } }
          : {
            [status]: {
              description: 'OK',
              content: def.response ? { 'application/json': { schema: jsonSchema(def.response, 'output') } }
                : Object.fromEntries([def.produces ?? 'text/plain'].flat().map((type) => [type, { schema: { type: 'string' } }])),
            },
          }),
        '4XX': ERROR_RESPONSE,
        '5XX': ERROR_RESPONSE,
      },
    };
    if (def.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: jsonSchema(def.body, 'input') } } };
    (paths[def.path] ??= {})[def.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jaga API',
      version,
      description: 'Remote repairs of SPSE servers under SOP-01 (Prosedur Perbaikan Secara Remote): cases B1–B6, registries, logbook. '
        + 'Cookie sessions need the X-CSRF-Token header on unsafe requests; API tokens use Authorization: Bearer.',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorSchema, 'output') },
      securitySchemes: {
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'jaga_session' },
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'personal API token (jaga_…)' },
      },
    },
  };
}
