import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { problemEn } from '../support/chain-problem-text.js';

/*
 * Bounded fuzzing of every route from its OpenAPI description: malformed and hostile bodies,
 * query strings, path parameters and headers. No 5xx, no change to the data from a refused
 * request, and the logbook still verifies afterwards. SQLite only: the edge's handling does not
 * depend on the dialect (the store contract suites cover both).
 */

type Json = Record<string, unknown>;
const RUNS_PER_ROUTE = Number(process.env['JAGA_FUZZ_RUNS'] ?? 25);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', 'root', '../../etc/passwd', "'; DROP TABLE cases; --", '%', '_', '\\', '\u0000', '<script>x</script>',
    '__proto__', 'constructor', 'NaN', '1e309', '-1', '0', 'B1', 'gorontalo', 'andi', 'kantor-lpse', 'LPSE-NB-001', 'spse',
    '10.0.0.1/8', '::1', '2026-11-28T01:00:00Z', 'x'.repeat(10_001), 'é'.repeat(300)),
);

/** Values shaped by a JSON schema, often valid, sometimes not. */
function fromSchema(s: Json | undefined, depth = 0): Arbitrary<unknown> {
  if (!s || depth > 4) return fc.anything({ maxDepth: 2 });
  if (Array.isArray(s['enum'])) return fc.oneof(fc.constantFrom(...(s['enum'] as unknown[])), hostileString);
  if (Array.isArray(s['anyOf'])) return fc.oneof(...(s['anyOf'] as Json[]).map((x) => fromSchema(x, depth + 1)));
  switch (s['type']) {
    case 'string': return hostileString;
    case 'integer': case 'number': return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 65536), hostileString);
    case 'boolean': return fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null));
    case 'array': return fc.oneof(fc.array(fromSchema(s['items'] as Json, depth + 1), { maxLength: 4 }), fc.anything({ maxDepth: 1 }));
    case 'object': {
      const props = (s['properties'] ?? {}) as Record<string, Json>;
      const entries = Object.entries(props).map(([k, v]) => fc.option(fromSchema(v, depth + 1), { nil: undefined, freq: 4 }).map((x) => [k, x] as const));
      return fc.tuple(fc.tuple(...entries), fc.dictionary(fc.oneof(hostileString, fc.constant('__proto__')), fc.anything({ maxDepth: 1 }), { maxKeys: 2 }), fc.boolean())
        .map(([kv, extra, withExtra]) => ({ ...Object.fromEntries(kv.filter(([, v]) => v !== undefined)), ...(withExtra ? extra : {}) }));
    }
    default: return fc.anything({ maxDepth: 2 });
  }
}

interface Op { method: string; path: string; body?: Json; params: { name: string; in: string; schema: Json }[] }

function operations(doc: Json): Op[] {
  const out: Op[] = [];
  for (const [path, ops] of Object.entries(doc['paths'] as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const body = (op['requestBody'] as { content: Record<string, { schema: Json }> } | undefined)?.content['application/json']?.schema;
      out.push({ method: method.toUpperCase(), path, body, params: (op['parameters'] ?? []) as Op['params'] });
    }
  }
  return out;
}

/** Everything a refused request must leave untouched. */
async function snapshot(h: TestHttp): Promise<string> {
  const db = h.t.app.store.db;
  const tables = ['units', 'users', 'networks', 'workstations', 'workstation_keys', 'targets', 'target_credentials', 'grants', 'cases', 'api_tokens', 'user_mfa', 'sop_versions'] as const;
  const parts: unknown[] = [];
  for (const table of tables) parts.push(await db.selectFrom(table).selectAll().execute());
  parts.push(await db.selectFrom('logbook').select(['seq', 'type', 'data']).where('type', '!=', 'refusal').where('type', 'not like', 'auth.%').execute());
  return JSON.stringify(parts);
}

describe('fuzzing every route (bounded)', () => {
  let h: TestHttp;
  let clients: Client[];
  let ops: Op[];
  let caseId: string;
  before(async () => {
    h = await openTestHttp('sqlite');
    clients = [await h.signIn('super'), await h.signIn('andi'), await h.signIn('koor')];
    const c = await clients[2]?.request('POST', '/api/v1/cases', { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'fuzz', urgency: 'low', channel: 'web' });
    caseId = c?.json<{ id: string }>().id ?? '';
    ops = operations((await h.inject({ method: 'GET', url: '/api/openapi.json' })).json<Json>());
  });
  after(async () => { await h.close(); });

  it('never answers 5xx, never changes data on a refusal, and leaves a verifiable logbook', async () => {
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const op of ops.filter((o) => o.path !== '/api/v1/auth/logout')) {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const arb = fc.record({
        client: fc.nat(clients.length),
        body: op.body ? fc.oneof(fromSchema(op.body), fc.anything({ maxDepth: 3 })) : fc.option(fc.anything({ maxDepth: 1 }), { freq: 3 }),
        rawBody: fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"a":', '[]', 'null', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}')), { freq: 4 }),
        contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
        pathValues: fc.tuple(...pathParams.map(() => fc.oneof(fc.constant(caseId), hostileString))),
        query: fc.tuple(...queryParams.map((p) => fc.option(fromSchema(p.schema), { freq: 2 }))),
        extraQuery: fc.dictionary(hostileString, hostileString, { maxKeys: 2 }),
        lang: fc.oneof(fc.constantFrom('en', 'id', 'en-US,en;q=0.9', 'fr', '*', 'en;q=abc'), hostileString),
        csrf: fc.boolean(),
      });
      await fc.assert(fc.asyncProperty(arb, async (x) => {
        const before_ = await snapshot(h);
        let url = op.path;
        pathParams.forEach((p, i) => { url = url.replace(`{${p.name}}`, encodeURIComponent(String(x.pathValues[i] ?? ''))); });
        const qs = new URLSearchParams();
        queryParams.forEach((p, i) => { const v = x.query[i]; if (v !== null && v !== undefined) qs.append(p.name, typeof v === 'string' ? v : JSON.stringify(v)); });
        for (const [k, v] of Object.entries(x.extraQuery)) qs.append(k, v);
        const client = x.client < clients.length ? clients[x.client] : undefined;
        const headers: Record<string, string> = { 'accept-language': x.lang.replace(/[^\x20-\x7e]/g, '') };
        if (client) { headers['cookie'] = client.cookie; if (x.csrf) headers['x-csrf-token'] = client.csrfToken; }
        const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
        if (hasBody) headers['content-type'] = x.contentType;
        const res = await h.inject({
          method: op.method as 'GET', url: `${url}${qs.size ? `?${qs.toString()}` : ''}`, headers,
          ...(hasBody ? { payload: x.rawBody ?? JSON.stringify(x.body ?? null) } : {}),
        });
        requests++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        assert.ok(res.statusCode < 500, `${op.method} ${url} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) {
          const body = res.json<Json>();
          assert.equal(typeof body['error'], 'string', res.body);
          assert.equal(typeof body['message'], 'string', res.body);
          if (op.path !== '/api/v1/auth/login') assert.equal(await snapshot(h), before_, `${op.method} ${url} → ${res.statusCode} changed data`);
        }
      }), { numRuns: RUNS_PER_ROUTE });
    }
    const report = await verifyLogbook(h.t.app);
    assert.equal(report.ok, true, problemEn(report.problem));
    assert.ok(requests >= ops.length * RUNS_PER_ROUTE * 0.9);
    // The fuzz reached the handlers, not only the authentication in front of them.
    const count = (lo: number, hi: number) => [...statuses].filter(([s]) => s >= lo && s < hi).reduce((n, [, k]) => n + k, 0);
    assert.ok(count(200, 300) > ops.length, `2xx: ${count(200, 300)} of ${requests}`);
    assert.ok(count(400, 401) > ops.length, `400: ${count(400, 401)} of ${requests}`);
    assert.ok(count(422, 423) + count(404, 405) > 0, JSON.stringify([...statuses]));
  });
});
