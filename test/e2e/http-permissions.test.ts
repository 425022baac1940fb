import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createGrant } from '../../src/app/registry/create-grant.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { addIntakeIntegration } from '../../src/app/intake/intake-integrations.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { deactivateUser } from '../../src/app/registry/deactivate-user.js';
import { addWebhookEndpoint } from '../../src/app/notification/webhook-endpoints.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { FakeLiveSessions, insertSessionRow } from '../support/session-fixtures.js';
import { HOST_KEY_FP, PASSWORD, as } from '../support/test-app.js';

/*
 * The permission matrix: every registered route × every role (and anonymous) × own unit /
 * other unit, against an explicit table of what the policy allows (case.policy.ts,
 * registry.policy.ts, the route's access level in server.ts).
 *
 * "ok" means the request got past authentication and authorisation: 2xx, or 409/422 from the
 * step rules or a uniqueness check (the policy is checked before the step rules). Every request
 * carries a well-formed body, so 400 counts as a failure too. A refusal is exactly 401 (not signed in), 403 (signed in, not
 * permitted) or 404 (a case the actor may not even see), with the matching error code; a
 * refused write must leave the database as it was.
 *
 * "Own" is unit gorontalo: the unit of pelapor, koor (koordinator), andi (admin_lpse) and
 * audit.gto (auditor of one unit), and the unit dita (dit_eproc) and mitra (pihak_berwenang)
 * hold a grant for. "Other" is unit manado (budi, koor.mdo, pel.mdo live there). Each case
 * route runs on a fresh case: reported by the unit's pelapor and (except for `acknowledge`,
 * which needs a reported case) acknowledged by the unit's koordinator, with the acting user
 * as executor when they are an eligible executor of that unit, else the unit's admin_lpse.
 * For tokens, "own" is a token of the acting user and "other" one of budi. Routes whose
 * outcome does not depend on a unit run once per actor (scope "-").
 *
 * SQLite only: the policy lives in the domain and the HTTP edge and does not depend on the
 * dialect (the store contract suites cover both dialects).
 */

type Scope = 'own' | 'other';
type Expect = 'ok' | 401 | 403 | 404;

interface Actor { readonly label: string; readonly username: string | null }

/** Column order of the expectation strings below. */
const ACTORS: readonly Actor[] = [
  { label: 'anonymous', username: null },
  { label: 'pelapor', username: 'pelapor' },
  { label: 'admin_lpse', username: 'andi' },
  { label: 'dit_eproc', username: 'dita' },
  { label: 'pihak_berwenang', username: 'mitra' },
  { label: 'pihak_berwenang(no grant)', username: 'vendor' },
  { label: 'koordinator', username: 'koor' },
  { label: 'auditor(all units)', username: 'audit' },
  { label: 'auditor(unit)', username: 'audit.gto' },
  { label: 'superadmin', username: 'super' },
];

interface Cell { readonly actor: Actor; readonly scope: Scope | null; readonly n: number }
interface Req { readonly url: string; readonly body?: unknown; readonly headers?: Record<string, string> }
interface Row {
  /** One token per actor (ACTORS order): ok | 401 | 403 | 404, or own/other for unit-dependent routes. */
  readonly expect: string;
  /** Whether the request (and so possibly the outcome) depends on own/other. */
  readonly perUnit?: boolean;
  readonly req: (c: Cell) => Req | Promise<Req>;
  /** For an allowed 2xx answer: what it may show this actor (null when right). */
  readonly check?: (res: LightMyRequestResponse, c: Cell) => string | null;
  /** A status that also means "allowed" (426: a plain request to a WebSocket route, once authorised). */
  readonly allowedStatus?: number;
}

let h: TestHttp;
const clients = new Map<string, Client>();
const ids = { sop: '', workstation: { own: '', other: '' } };
let counter = 0;
/** Live gateway sessions the server sees: each session row adds one on a fresh case. */
const live = new FakeLiveSessions();

const unitOf = (s: Scope | null): string => (s === 'other' ? 'manado' : 'gorontalo');
/** Eligible executors of gorontalo among the actors (admin of the unit, granted dit_eproc / pihak_berwenang). */
const GORONTALO_EXECUTORS = new Set(['andi', 'dita', 'mitra']);

async function newCase(c: Cell, acknowledged: boolean): Promise<string> {
  const own = c.scope !== 'other';
  const rc = await reportFault(h.t.app, as(own ? 'pelapor' : 'pel.mdo'), {
    unit: unitOf(c.scope), system: 'SPSE', description: 'Halaman login SPSE menampilkan error 500', urgency: 'high', channel: 'web',
  });
  if (acknowledged) {
    const executor = own ? (c.actor.username !== null && GORONTALO_EXECUTORS.has(c.actor.username) ? c.actor.username : 'andi') : 'budi';
    await acknowledgeReport(h.t.app, as(own ? 'koor' : 'koor.mdo'), rc.id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor });
  }
  return rc.id;
}

/** A fresh, well-formed ssh-ed25519 public key line. */
function newSshKey(): string {
  const type = Buffer.from('ssh-ed25519');
  const len = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  const blob = Buffer.concat([len(type.length), type, len(32), randomBytes(32)]);
  return `ssh-ed25519 ${blob.toString('base64')} perm@test`;
}

/** Whose cases each user sees (case.policy.ts `view` / caseVisibility). */
const SEES_CASES: Record<string, readonly Scope[]> = {
  pelapor: ['own'], andi: ['own'], dita: ['own'], mitra: ['own'], vendor: [], koor: ['own'], audit: ['own', 'other'], 'audit.gto': ['own'], super: ['own', 'other'],
};

function checkCaseList(res: LightMyRequestResponse, c: Cell): string | null {
  const page = res.json<{ items: { unitId: string }[]; total: number }>();
  const unitId = c.scope === 'other' ? h.world.other.id : h.world.unit.id;
  if (page.items.some((i) => i.unitId !== unitId)) return 'lists cases of a unit it did not ask for';
  const sees = SEES_CASES[c.actor.username ?? '']?.includes(c.scope ?? 'own') ?? false;
  return sees === page.total > 0 ? null : `expected ${sees ? 'some' : 'no'} cases, got ${page.total}`;
}

/** The dashboard shows the cases the caller may see, and only those (the scope is the unit of the case created for the cell). */
function checkDashboard(res: LightMyRequestResponse, c: Cell): string | null {
  const d = res.json<{ byStep: { cases: { unit: { id: string } }[] }[] }>();
  const unitId = c.scope === 'other' ? h.world.other.id : h.world.unit.id;
  const shown = d.byStep.flatMap((s) => s.cases).filter((r) => r.unit.id === unitId).length;
  const sees = SEES_CASES[c.actor.username ?? '']?.includes(c.scope ?? 'own') ?? false;
  return !sees && shown > 0 ? 'shows cases of a unit the caller may not see' : null;
}

/** registryReadScope('users'): everyone for the superadmin and an all-units auditor; the unit for a koordinator or unit auditor; else oneself. */
function checkUserList(res: LightMyRequestResponse, c: Cell): string | null {
  const names = res.json<{ username: string }[]>().map((u) => u.username).sort();
  const me = c.actor.username ?? '';
  const ok = ['super', 'audit'].includes(me) ? names.includes('budi') && names.includes('andi')
    : ['koor', 'audit.gto'].includes(me) ? names.includes(me) && names.includes('andi') && !names.includes('budi') && !names.includes('dita')
      : names.length === 1 && names[0] === me;
  return ok ? null : `sees users ${names.join(', ')}`;
}

const fixed = (expect: string, url: string, body?: unknown): Row => ({ expect, req: () => ({ url, body }) });
const caseRoute = (expect: string, verb: string | null, body?: unknown, acknowledged = true): Row => ({
  expect, perUnit: true,
  req: async (c) => ({ url: `/api/v1/cases/${await newCase(c, acknowledged)}${verb === null ? '' : `/${verb}`}`, body }),
});
/** A live gateway session, by the case's executor, on a fresh acknowledged case; its id. */
async function liveSession(c: Cell): Promise<string> {
  const caseId = await newCase(c, true);
  const rc = await h.t.app.store.read((r) => r.cases.findById(caseId));
  const executor = await h.t.app.store.read((r) => r.users.findById(rc?.acknowledgement?.executorId ?? ''));
  if (!rc || !executor) throw new Error('no acknowledged case');
  return live.add({ caseId: rc.id, unitId: rc.unitId, username: executor.username }).id;
}

/** An ended gateway session, by the case's executor, on a fresh acknowledged case, with a recording of channel 0; its id. */
async function recordedSession(c: Cell): Promise<string> {
  const dir = h.t.config.ssh.recordingsDir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `perm-${c.n}.cast`), '{"version":2,"width":80,"height":24}\n');
  const s = await insertSessionRow(h.t.app, await newCase(c, true), { recordings: [{ channel: 0, file: `perm-${c.n}.cast`, sha256: '0'.repeat(64), bytes: 38 }] });
  return s.id;
}

const registryPost = (url: string, body: (c: Cell) => unknown): Row => ({ expect: SUPER_ONLY, perUnit: true, req: (c) => ({ url, body: body(c) }) });

/** A lifecycle change (superadmin only) of an entry made for this cell; `url` may add to the body. */
const lifecycle = (url: (c: Cell, body: Record<string, unknown>) => Promise<string>, extra: Record<string, unknown> = {}): Row => ({
  expect: SUPER_ONLY, perUnit: true,
  req: async (c) => { const body: Record<string, unknown> = { ...extra, reason: 'uji matriks izin' }; return { url: await url(c, body), body }; },
});
async function freshUser(c: Cell): Promise<string> {
  return (await createUser(h.t.app, as('super'), { username: `life${c.n}`, role: 'pelapor', unit: unitOf(c.scope), password: PASSWORD })).username;
}
async function freshWorkstation(c: Cell): Promise<{ id: string; fingerprint: string }> {
  const w = await registerWorkstation(h.t.app, as('super'), { assetTag: `LIFE-${c.n}`, serialNumber: `SN-L-${c.n}`, ownerUnit: unitOf(c.scope), organisationOwned: true, sshKeys: [newSshKey()] });
  return { id: w.id, fingerprint: w.sshKeys[0]?.fingerprint ?? '' };
}
async function freshNetwork(c: Cell): Promise<string> {
  return (await createNetwork(h.t.app, as('super'), { name: `life-net-${c.n}`, unit: unitOf(c.scope), kind: 'office_lpse', cidrs: [`172.20.${c.n % 256}.0/24`], intranet: true })).name;
}
async function freshWebhook(c: Cell): Promise<string> {
  return (await addWebhookEndpoint(h.t.app, as('super'), { url: `https://hooks.example.org/life-${c.n}`, unit: unitOf(c.scope) })).endpoint.id;
}
async function freshTarget(c: Cell): Promise<string> {
  return (await registerTarget(h.t.app, as('super'), { name: `life-t-${c.n}`, unit: unitOf(c.scope), host: '127.0.0.4', loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP })).name;
}

// Columns:          anon    pelapor admin   dit     pihak   pihak   koor    auditor auditor super
//                                                   (grant) (none)          (all)   (unit)
/** Public routes. */
const ALL =         'ok      ok      ok      ok      ok      ok      ok      ok      ok      ok';
/** Any signed-in user (past TOTP where the role needs it). */
const SIGNED_IN =   '401     ok      ok      ok      ok      ok      ok      ok      ok      ok';
/** Registry writes (registry.policy.ts assertRegistryAdmin). */
const SUPER_ONLY =  '401     403     403     403     403     403     403     403     403     ok';
/** logbookReadScope: superadmin, auditors, koordinator. */
const LOGBOOK =     '401     403     403     403     403     403     ok      ok      ok      ok';
/** Own token / someone else's: "not found" except for the superadmin. */
const OWN_TOKEN =   '401     ok/404  ok/404  ok/404  ok/404  ok/404  ok/404  ok/404  ok/404  ok';
/** B1 report into a unit: its pelapor/koordinator, or an eligible executor other than pihak_berwenang. */
const REPORT =      '401     ok/403  ok/403  ok/403  403     403     ok/403  403     403     403';
/** Viewing a case; a case one may not view is "not found" for every action. */
const VIEW =        '401     ok/404  ok/404  ok/404  ok/404  404     ok/404  ok      ok/404  ok';
/** B1 acknowledgement: the unit's koordinator, or an eligible executor other than pihak_berwenang. */
const ACKNOWLEDGE = '401     403/404 ok/404  ok/404  403/404 404     ok/404  403     403/404 403';
/** B2–B6 and explaining a deviation: only the assigned, eligible executor. */
const EXECUTOR =    '401     403/404 ok/404  ok/404  ok/404  404     403/404 403     403/404 403';
/** Approval: the unit's koordinator. */
const APPROVE =     '401     403/404 403/404 403/404 403/404 404     ok/404  403     403/404 403';
/** Cancel: the unit's koordinator or admin_lpse, or the assigned eligible executor. */
const CANCEL =      '401     403/404 ok/404  ok/404  ok/404  404     ok/404  403     403/404 403';
/** Watching a live session (gateway-session.policy.ts): superadmin, the unit's koordinator, auditors who see the case. */
const WATCH =       '401     403/404 403/404 403/404 403/404 404     ok/404  ok      ok/404  ok';
/** Terminating one: the unit's koordinator or the superadmin. */
const TERMINATE =   '401     403/404 403/404 403/404 403/404 404     ok/404  403     403/404 ok';
/** The SOP evaluation (evaluation.policy.ts evaluationScope): superadmin and national auditors any unit, a unit's koordinator, auditor and admin their own. */
const EVALUATION =  '401     403     ok/403  403     403     403     ok/403  ok      ok/403  ok';
/** Tabel 7's notes (maySetEvaluationNotes): the unit's koordinator or the superadmin. */
const EVAL_NOTES =  '401     403     403     403     403     403     ok/403  403     403     ok';
/** A recording: those who may watch, and the session's own executor. */
const RECORDING =   '401     403/404 ok/404  ok/404  ok/404  404     ok/404  ok      ok/404  ok';
/** The evidence bundle (case.policy.ts export_bundle): auditors who see the case, the superadmin, the unit's koordinator. */
const BUNDLE =      '401     403/404 403/404 403/404 403/404 404     ok/404  ok      ok/404  ok';
/** Revealing sealed input: auditors who see the case and the superadmin; never the session's own executor. */
const REVEAL =      '401     403/404 403/404 403/404 403/404 404     403/404 ok      ok/404  ok';

/** /metrics (issue 10): only a token with the `metrics` scope; no session nor other token. */
const METRICS =     '401     403     403     403     403     403     403     403     403     403';
/** Creating a token (issue 10): a session that passed TOTP; the roles that sign in without TOTP have none. */
const TOTP_SESSION = '401    403     ok      ok      ok      ok      ok      403     403     ok';
/** An enrolment code: the superadmin, or the koordinator for a user of their unit. */
const ENROLMENT =   '401     403     403     403     403     403     ok/403  403     403     ok';
/** The Logbook document of a unit (report.policy.ts logbookReportScope): logbook readers, and an LPSE admin, for their own unit; all units for the superadmin and a national auditor. */
const LOGBOOK_REPORT = '401   403     ok/403  403     403     403     ok/403  ok      ok/403  ok';
// The notification delivery log (issue 13): the superadmin, a koordinator for their own unit (another unit's delivery is not found).
const DELIVERIES =  '401     403     403     403     403     403     ok      403     403     ok';
const RETRY =       '401     403     403     403     403     403     ok/404  403     403     ok';

/** Webhook endpoints (webhook.policy.ts): the superadmin, and a unit's koordinator for that unit's. */
const WEBHOOKS =    '401     403     403     403     403     403     ok/403  403     403     ok';
const WEBHOOK_LIST = '401    403     403     403     403     403     ok      403     403     ok';

/** Alertmanager integrations (intake.policy.ts): the superadmin, and a koordinator for their own unit. */
const INTAKE =      '401     403     403     403     403     403     ok/403  403     403     ok';
const INTAKE_LIST = '401     403     403     403     403     403     ok      403     403     ok';

/** A fresh integration of the cell's unit (by the superadmin), with its secret. */
async function freshIntegration(c: Cell): Promise<{ name: string; secret: string }> {
  const r = await addIntakeIntegration(h.t.app, as('super'), { name: `perm-${c.n}`, unit: unitOf(c.scope) });
  return { name: r.integration.name, secret: r.secret };
}
/** One firing alert in Alertmanager's webhook payload (version 4). */
const alertmanagerPayload = (n: number) => ({
  version: '4', groupKey: `{}:{alertname="Perm${n}"}`, truncatedAlerts: 0, status: 'firing', receiver: 'jaga', groupLabels: {}, commonLabels: {},
  commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
  alerts: [{ status: 'firing', labels: { alertname: `Perm${n}` }, annotations: {}, startsAt: '2026-11-28T00:00:00Z', endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph', fingerprint: `perm${n}` }],
});

/** A unit's notification subscriptions (notification.policy.ts assertManagesSubscriptions): the superadmin, the unit's koordinator. */
const SUBSCRIPTIONS = '401    403     403     403     403     403     ok/403  403     403     ok';

/** Insertion order is run order: TOTP confirm before enrol (enrolment leaves a pending secret), logout last. */
const TABLE: Record<string, Row> = {
  'GET /healthz': fixed(ALL, '/healthz'),
  'GET /metrics': fixed(METRICS, '/metrics'),
  'GET /api/openapi.json': fixed(ALL, '/api/openapi.json'),
  'GET /api/docs': fixed(ALL, '/api/docs'),

  'POST /api/v1/auth/login': { expect: ALL, req: (c) => ({ url: '/api/v1/auth/login', body: { username: c.actor.username ?? 'pelapor', password: PASSWORD } }) },
  'POST /api/v1/auth/totp': fixed(SIGNED_IN, '/api/v1/auth/totp', { code: '000000' }),
  'POST /api/v1/auth/totp/confirm': fixed(SIGNED_IN, '/api/v1/auth/totp/confirm', { code: '000000' }),
  'POST /api/v1/auth/totp/enroll': {
    expect: SIGNED_IN,
    req: async (c) => {
      // Users not yet enrolled get a real code (the enrolment starts); enrolled ones are told so (409).
      const code = await issueEnrolmentCode(h.t.app, as('super'), c.actor.username ?? 'pelapor').then((r) => r.code, () => 'enrol-not-needed');
      return { url: '/api/v1/auth/totp/enroll', body: { password: PASSWORD, enrolmentCode: code } };
    },
  },
  'POST /api/v1/users/{id}/enrolment-code': { expect: ENROLMENT, perUnit: true, req: async (c) => ({ url: `/api/v1/users/${await freshUser(c)}/enrolment-code` }) },
  'GET /api/v1/auth/session': fixed(SIGNED_IN, '/api/v1/auth/session'),
  'GET /api/v1/me': fixed(SIGNED_IN, '/api/v1/me'),
  // null: no preference (what every test user has), so the other rows' replies keep their language.
  'PUT /api/v1/me/language': fixed(SIGNED_IN, '/api/v1/me/language', { language: null }),
  'GET /api/v1/tokens': fixed(SIGNED_IN, '/api/v1/tokens'),
  'POST /api/v1/tokens': { expect: TOTP_SESSION, req: (c) => ({ url: '/api/v1/tokens', body: { name: `perm-${c.n}` } }) },
  'DELETE /api/v1/tokens/{id}': {
    expect: OWN_TOKEN, perUnit: true,
    req: async (c) => {
      const owner = c.scope === 'other' ? 'budi' : c.actor.username ?? 'pelapor';
      const t = await createApiToken(h.t.app, as(owner), { name: `perm-${c.n}` });
      return { url: `/api/v1/tokens/${t.record.id}` };
    },
  },

  'POST /api/v1/cases': {
    expect: REPORT, perUnit: true,
    req: (c) => ({ url: '/api/v1/cases', body: { unit: unitOf(c.scope), system: 'SPSE', description: 'Tidak bisa unggah dokumen', urgency: 'medium', channel: 'phone' } }),
  },
  'GET /api/v1/cases': { expect: SIGNED_IN, perUnit: true, req: (c) => ({ url: `/api/v1/cases?unit=${unitOf(c.scope)}` }), check: checkCaseList },
  'GET /api/v1/dashboard': { expect: SIGNED_IN, perUnit: true, req: () => ({ url: '/api/v1/dashboard' }), check: checkDashboard },
  'GET /api/v1/cases/{id}': caseRoute(VIEW, null),
  'POST /api/v1/cases/{id}/acknowledge': caseRoute(ACKNOWLEDGE, 'acknowledge',
    { classification: 'aplikasi', impact: 'Layanan lelang terhenti', executor: 'andi' }, false),
  'POST /api/v1/cases/{id}/prepare': caseRoute(EXECUTOR, 'prepare', { workstation: 'LPSE-NB-001', location: 'Kantor LPSE lt. 2', network: 'kantor-lpse' }),
  'POST /api/v1/cases/{id}/access': caseRoute(EXECUTOR, 'access', {}),
  'POST /api/v1/cases/{id}/access-end': caseRoute(EXECUTOR, 'access-end', {}),
  'POST /api/v1/cases/{id}/restore': caseRoute(EXECUTOR, 'restore', { initialFix: 'Restart layanan tomcat' }),
  'POST /api/v1/cases/{id}/root-cause': caseRoute(EXECUTOR, 'root-cause', { rootCause: 'Disk penuh', permanentFix: 'Rotasi log harian' }),
  'POST /api/v1/cases/{id}/explain-deviation': caseRoute(EXECUTOR, 'explain-deviation', { step: 'B1', explanation: 'Laporan masuk di luar jam kerja' }),
  'POST /api/v1/cases/{id}/close': caseRoute(EXECUTOR, 'close', {}),
  'POST /api/v1/cases/{id}/approve': caseRoute(APPROVE, 'approve', {}),
  'POST /api/v1/cases/{id}/cancel': caseRoute(CANCEL, 'cancel', { reason: 'Laporan ganda' }),
  // Kembalikan: the same authority as approval (on a case not closed yet, the koordinator gets the step's 409).
  'POST /api/v1/cases/{id}/return': caseRoute(APPROVE, 'return', { reason: 'Analisa belum lengkap' }),
  // Correcting B4/B5 after a return: the assigned executor (on a case not returned, the step's 409).
  'POST /api/v1/cases/{id}/correct': caseRoute(EXECUTOR, 'correct', { rootCause: 'Disk penuh oleh log' }),
  'GET /api/v1/cases/{id}/bundle': caseRoute(BUNDLE, 'bundle'),
  // Before the grants row below, which gives the grant-less pihak_berwenang grants.
  'GET /api/v1/gateway/sessions': fixed(SIGNED_IN, '/api/v1/gateway/sessions'),
  'GET /api/v1/cases/{id}/sessions': caseRoute(VIEW, 'sessions'),
  // The Form Laporan: whoever may view the case (on a case not closed yet, the 409 of report.case_not_closed).
  'GET /api/v1/cases/{id}/report/form': caseRoute(VIEW, 'report/form'),
  'GET /api/v1/reports/evaluation': { expect: EVALUATION, perUnit: true, req: (c) => ({ url: `/api/v1/reports/evaluation?unit=${unitOf(c.scope)}&format=json` }) },
  'PUT /api/v1/reports/evaluation/notes': { expect: EVAL_NOTES, perUnit: true,
    req: (c) => ({ url: '/api/v1/reports/evaluation/notes', body: { unit: unitOf(c.scope), month: '2026-11', step: 'B1', notes: 'Perlu piket malam' } }) },
  // The public check of a printed form's code: anyone, signed in or not (an unknown code is its 404, not a refusal).
  'GET /api/v1/reports/check/{code}': { ...fixed(ALL, '/api/v1/reports/check/0000-0000-0000'), allowedStatus: 404 },
  // The SOP as its signed document: whoever is signed in.
  'GET /api/v1/sop/document': fixed(SIGNED_IN, '/api/v1/sop/document'),
  'GET /api/v1/gateway/sessions/{id}/watch': { expect: WATCH, perUnit: true, allowedStatus: 426, req: async (c) => ({ url: `/api/v1/gateway/sessions/${await liveSession(c)}/watch` }) },
  'POST /api/v1/gateway/sessions/{id}/terminate': { expect: TERMINATE, perUnit: true, req: async (c) => ({ url: `/api/v1/gateway/sessions/${await liveSession(c)}/terminate`, body: { reason: 'uji' } }) },
  'GET /api/v1/gateway/sessions/{id}/recordings/{channel}': { expect: RECORDING, perUnit: true, req: async (c) => ({ url: `/api/v1/gateway/sessions/${await recordedSession(c)}/recordings/0` }) },
  'POST /api/v1/gateway/sessions/{id}/masked-input/reveal': { expect: REVEAL, perUnit: true,
    req: async (c) => ({ url: `/api/v1/gateway/sessions/${await recordedSession(c)}/masked-input/reveal`, body: { reason: 'uji' } }) },

  'GET /api/v1/units': fixed(SIGNED_IN, '/api/v1/units'),
  'POST /api/v1/units': { expect: SUPER_ONLY, req: (c) => ({ url: '/api/v1/units', body: { code: `unit-${c.n}`, name: `LPSE Uji ${c.n}` } }) },
  'GET /api/v1/users': { ...fixed(SIGNED_IN, '/api/v1/users'), check: checkUserList },
  'POST /api/v1/users': registryPost('/api/v1/users', (c) => ({ username: `user${c.n}`, role: 'pelapor', unit: unitOf(c.scope), password: PASSWORD })),
  'GET /api/v1/networks': fixed(SIGNED_IN, '/api/v1/networks'),
  'POST /api/v1/networks': registryPost('/api/v1/networks', (c) => ({
    name: `net-${c.n}`, unit: unitOf(c.scope), kind: 'office_lpse', cidrs: [`172.16.${c.n % 256}.0/24`], intranet: true })),
  'GET /api/v1/workstations': fixed(SIGNED_IN, '/api/v1/workstations'),
  'POST /api/v1/workstations': registryPost('/api/v1/workstations', (c) => ({
    assetTag: `WS-${c.n}`, serialNumber: `SN-WS-${c.n}`, ownerUnit: unitOf(c.scope), organisationOwned: true })),
  'POST /api/v1/workstations/{id}/keys': {
    expect: SUPER_ONLY, perUnit: true,
    req: (c) => ({ url: `/api/v1/workstations/${ids.workstation[c.scope ?? 'own']}/keys`, body: { sshKey: newSshKey() } }),
  },
  'GET /api/v1/targets': fixed(SIGNED_IN, '/api/v1/targets'),
  'POST /api/v1/targets': registryPost('/api/v1/targets', (c) => ({
    name: `target-${c.n}`, unit: unitOf(c.scope), host: '127.0.0.2', loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP })),
  'PUT /api/v1/targets/{name}/credential': {
    expect: SUPER_ONLY, perUnit: true,
    req: (c) => ({ url: `/api/v1/targets/${c.scope === 'other' ? 'spse-mdo' : 'spse'}/credential`, body: { password: `target-password-${c.n}` } }),
    check: (res) => (res.body.includes('target-password') ? 'answers with the secret' : null),
  },
  'GET /api/v1/grants': fixed(SIGNED_IN, '/api/v1/grants'),
  'POST /api/v1/grants': registryPost('/api/v1/grants', (c) => ({ user: 'vendor', unit: unitOf(c.scope), validUntil: '2027-01-01T00:00:00Z' })),

  'GET /api/v1/logbook': fixed(LOGBOOK, '/api/v1/logbook'),
  'GET /api/v1/logbook/verify': fixed(LOGBOOK, '/api/v1/logbook/verify'),
  'GET /api/v1/logbook/checkpoints/latest': fixed(LOGBOOK, '/api/v1/logbook/checkpoints/latest'),
  'GET /api/v1/logbook/export.csv': fixed(LOGBOOK, '/api/v1/logbook/export.csv'),
  'GET /api/v1/sops': fixed(SIGNED_IN, '/api/v1/sops'),
  'GET /api/v1/sops/{id}': { expect: SIGNED_IN, req: () => ({ url: `/api/v1/sops/${encodeURIComponent(ids.sop)}` }) },

  // Registry lifecycle: each cell changes a fresh entry of its unit, so no other row sees the change.
  'POST /api/v1/users/{id}/deactivate': lifecycle(async (c) => `/api/v1/users/${await freshUser(c)}/deactivate`),
  'POST /api/v1/users/{id}/reactivate': lifecycle(async (c) => {
    const u = await freshUser(c);
    await deactivateUser(h.t.app, as('super'), { user: u, reason: 'uji' });
    return `/api/v1/users/${u}/reactivate`;
  }),
  'POST /api/v1/users/{id}/reset-password': lifecycle(async (c) => `/api/v1/users/${await freshUser(c)}/reset-password`, { password: 'temporary-pass-123' }),
  'POST /api/v1/users/{id}/reset-totp': lifecycle(async (c) => `/api/v1/users/${await freshUser(c)}/reset-totp`),
  'POST /api/v1/users/{id}/unlock': lifecycle(async (c) => `/api/v1/users/${await freshUser(c)}/unlock`),
  'POST /api/v1/workstations/{id}/keys/revoke': lifecycle(async (c, body) => {
    const w = await freshWorkstation(c);
    body['fingerprint'] = w.fingerprint;
    return `/api/v1/workstations/${w.id}/keys/revoke`;
  }),
  'POST /api/v1/workstations/{id}/keys/replace': lifecycle(async (c, body) => {
    const w = await freshWorkstation(c);
    Object.assign(body, { fingerprint: w.fingerprint, sshKey: newSshKey() });
    return `/api/v1/workstations/${w.id}/keys/replace`;
  }),
  'POST /api/v1/workstations/{id}/retire': lifecycle(async (c) => `/api/v1/workstations/${(await freshWorkstation(c)).id}/retire`),
  'PUT /api/v1/networks/{name}': lifecycle(async (c) => `/api/v1/networks/${await freshNetwork(c)}`, { intranet: false }),
  'POST /api/v1/networks/{name}/retire': lifecycle(async (c) => `/api/v1/networks/${await freshNetwork(c)}/retire`),
  'PUT /api/v1/targets/{name}': lifecycle(async (c) => `/api/v1/targets/${await freshTarget(c)}`, { port: 2200 }),
  'PUT /api/v1/targets/{name}/host-key': lifecycle(async (c) => `/api/v1/targets/${await freshTarget(c)}/host-key`, { fingerprint: `SHA256:${'Q'.repeat(43)}` }),
  'POST /api/v1/targets/{name}/retire': lifecycle(async (c) => `/api/v1/targets/${await freshTarget(c)}/retire`),
  // budi (manado's admin_lpse) is no actor of the matrix: grants made and revoked for him change no other row.
  'POST /api/v1/grants/{id}/revoke': lifecycle(async (c) => `/api/v1/grants/${(await createGrant(h.t.app, as('super'), { user: 'budi', unit: unitOf(c.scope) })).id}/revoke`),
  'GET /api/v1/reports/logbook': { expect: LOGBOOK_REPORT, perUnit: true, req: (c) => ({ url: `/api/v1/reports/logbook?unit=${unitOf(c.scope)}&from=2026-11-01&to=2026-11-30` }) },
  // Each actor changes its own password (the sign-in rows above are done with it; the session stays).
  'POST /api/v1/auth/password': { expect: SIGNED_IN, req: () => ({ url: '/api/v1/auth/password', body: { currentPassword: PASSWORD, newPassword: 'a-changed-password-1' } }) },
  // operations (issue 14): readiness is public, like /healthz.
  'GET /readyz': fixed(ALL, '/readyz'),

  // Alertmanager intake (issue 13): integrations are the superadmin's and the unit's koordinator's; the
  // webhook is public, authenticated by the integration's own bearer secret (whoever sends it).
  'GET /api/v1/intake-integrations': fixed(INTAKE_LIST, '/api/v1/intake-integrations'),
  'POST /api/v1/intake-integrations': { expect: INTAKE, perUnit: true, req: (c) => ({ url: '/api/v1/intake-integrations', body: { name: `perm-add-${c.n}`, unit: unitOf(c.scope) } }) },
  'POST /api/v1/intake-integrations/{name}/rotate-secret': { expect: INTAKE, perUnit: true,
    req: async (c) => ({ url: `/api/v1/intake-integrations/${(await freshIntegration(c)).name}/rotate-secret` }),
    check: (res) => (/"secret":"jaga_am_/.test(res.body) ? null : 'no new secret in the answer') },
  'POST /api/v1/intake-integrations/{name}/retire': { expect: INTAKE, perUnit: true,
    req: async (c) => ({ url: `/api/v1/intake-integrations/${(await freshIntegration(c)).name}/retire`, body: { reason: 'uji matriks izin' } }) },
  'POST /api/v1/intake/alertmanager/{integration}': { expect: ALL, perUnit: true, req: async (c) => {
    const i = await freshIntegration(c);
    return { url: `/api/v1/intake/alertmanager/${i.name}`, body: alertmanagerPayload(c.n), headers: { authorization: `Bearer ${i.secret}` } };
  } },
  // Webhook endpoints (issue 13): each cell changes a fresh endpoint of its unit.
  'GET /api/v1/webhooks': {
    ...fixed(WEBHOOK_LIST, '/api/v1/webhooks'),
    check: (res) => (res.body.includes('whsec_') ? 'lists a signing secret' : null),
  },
  'POST /api/v1/webhooks': {
    expect: WEBHOOKS, perUnit: true, req: (c) => ({ url: '/api/v1/webhooks', body: { url: `https://hooks.example.org/perm-${c.n}`, unit: unitOf(c.scope) } }),
  },
  'POST /api/v1/webhooks/{id}/rotate-secret': { expect: WEBHOOKS, perUnit: true,
    req: async (c) => ({ url: `/api/v1/webhooks/${await freshWebhook(c)}/rotate-secret`, body: { reason: 'uji matriks izin' } }) },
  'POST /api/v1/webhooks/{id}/retire': { expect: WEBHOOKS, perUnit: true,
    req: async (c) => ({ url: `/api/v1/webhooks/${await freshWebhook(c)}/retire`, body: { reason: 'uji matriks izin' } }) },

  // issue 13: the notification delivery log and retry by hand
  'GET /api/v1/notifications/deliveries': fixed(DELIVERIES, '/api/v1/notifications/deliveries?status=dead'),
  'POST /api/v1/notifications/deliveries/{id}/retry': { expect: RETRY, perUnit: true, req: async (c) => ({ url: `/api/v1/notifications/deliveries/${await deadDelivery(c)}/retry`, body: {} }) },

  // Email addresses, subscriptions and mutes (issue 13, email).
  'PUT /api/v1/users/{id}/email': { expect: SUPER_ONLY, perUnit: true, req: async (c) => ({ url: `/api/v1/users/${await freshUser(c)}/email`, body: { email: `life${c.n}@lpse.example.go.id` } }) },
  'PUT /api/v1/me/email': fixed(SIGNED_IN, '/api/v1/me/email', { email: 'saya@lpse.example.go.id' }),
  'GET /api/v1/me/notifications': fixed(SIGNED_IN, '/api/v1/me/notifications'),
  'PUT /api/v1/me/notifications': fixed(SIGNED_IN, '/api/v1/me/notifications', { mute: ['case.approved'] }),
  'GET /api/v1/units/{unit}/notification-subscriptions': { expect: SUBSCRIPTIONS, perUnit: true, req: (c) => ({ url: `/api/v1/units/${unitOf(c.scope)}/notification-subscriptions` }) },
  'PUT /api/v1/units/{unit}/notification-subscriptions': { expect: SUBSCRIPTIONS, perUnit: true,
    req: (c) => ({ url: `/api/v1/units/${unitOf(c.scope)}/notification-subscriptions`, body: { role: 'pelapor', event: 'case.approved', enabled: true } }) },

  'POST /api/v1/auth/logout': fixed(SIGNED_IN, '/api/v1/auth/logout'),
};

/** A dead-lettered delivery of a notification of the cell's unit (issue 13). */
async function deadDelivery(c: Cell): Promise<string> {
  const unitId = c.scope === 'other' ? h.world.other.id : h.world.unit.id;
  const at = h.t.clock.now().toISOString();
  await h.t.app.store.transaction(async (tx) => {
    await tx.notifications.insert({ id: `perm-n${c.n}`, type: 'case.approved', occurredAt: at, unitId, caseId: null, data: {}, dedupeKey: `perm:${c.n}` });
    await tx.notifications.fanOut(`perm-n${c.n}`, [{ id: `perm-d${c.n}`, channel: 'webhook', recipient: 'perm' }], at);
  });
  await h.t.app.store.db.updateTable('notification_deliveries').set({ status: 'dead', attempts: 8 }).where('id', '=', `perm-d${c.n}`).execute();
  return `perm-d${c.n}`;
}

/**
 * Cells where the server is known to disagree with the policy (a bug in src/): they assert the
 * correct behaviour in their own `todo` test. Key: `route × actor × scope`.
 */
const KNOWN_BUGS: Record<string, string> = {};

function parseToken(t: string): [Expect, Expect] {
  const one = (s: string | undefined): Expect => {
    if (s === 'ok') return 'ok';
    if (s === '401' || s === '403' || s === '404') return Number(s) as 401 | 403 | 404;
    throw new Error(`bad expectation token '${t}'`);
  };
  const [own, other, ...rest] = t.split('/');
  if (rest.length > 0) throw new Error(`bad expectation token '${t}'`);
  return [one(own), other === undefined ? one(own) : one(other)];
}

function expectations(key: string, row: Row): [Expect, Expect][] {
  const tokens = row.expect.trim().split(/\s+/);
  if (tokens.length !== ACTORS.length) throw new Error(`${key}: ${tokens.length} expectations for ${ACTORS.length} actors`);
  if (!row.perUnit && tokens.some((t) => t.includes('/'))) throw new Error(`${key}: own/other expectation on a route that does not depend on the unit`);
  return tokens.map(parseToken);
}

const cellsOf = (row: Row): (Scope | null)[] => (row.perUnit ? ['own', 'other'] : [null]);
const cellKey = (key: string, a: Actor, s: Scope | null): string => `${key} × ${a.label}(${a.username ?? '-'}) × ${s ?? '-'}`;

/** What a refused request must leave unchanged: row counts, case revisions, non-refusal logbook entries, live tokens. */
async function snapshot(): Promise<string> {
  const db = h.t.app.store.db;
  const tables = ['units', 'users', 'networks', 'workstations', 'workstation_keys', 'targets', 'grants', 'user_mfa', 'sop_versions'] as const;
  const out: unknown[] = [];
  for (const t of tables) out.push(await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  out.push(await db.selectFrom('cases').select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('revision').as('rev'), eb.fn.max('updated_at').as('at')]).executeTakeFirst());
  out.push(await db.selectFrom('logbook').select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('seq').as('seq')])
    .where('type', '!=', 'refusal').where('type', 'not like', 'auth.%').executeTakeFirst());
  out.push(await db.selectFrom('target_credentials').select(['target_id', 'sealed']).orderBy('target_id').execute());
  out.push(await db.selectFrom('webhook_endpoints').select(['id', 'sealed_secret', 'retired_at']).orderBy('id').execute());
  out.push(await db.selectFrom('api_tokens').select((eb) => eb.fn.countAll().as('n')).where('revoked_at', 'is', null).executeTakeFirst());
  return JSON.stringify(out);
}

const REFUSAL_CODE: Record<401 | 403 | 404, RegExp> = {
  401: /^auth\.required$/,
  403: /^(case\.forbidden\.\w+|gateway_session\.forbidden\.\w+|registry\.forbidden|logbook\.forbidden|report\.logbook_unit_forbidden|report\.evaluation(_notes)?_forbidden|auth\.(metrics_scope_required|token_needs_totp_session|enrolment_code_forbidden)|intake\.forbidden|webhook\.forbidden|notification\.forbidden|notification\.subscriptions_forbidden)$/,
  404: /^(case|token|gateway_session|notification_delivery)\.not_found$/,
};

/** Runs one cell; returns a description of the mismatch, or null. */
async function runCell(key: string, row: Row, actor: Actor, scope: Scope | null, expected: Expect): Promise<string | null> {
  const method = key.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'DELETE';
  const req = await row.req({ actor, scope, n: ++counter });
  const write = method !== 'GET';
  const before_ = expected !== 'ok' && write ? await snapshot() : null;
  let res: LightMyRequestResponse;
  if (actor.username === null) {
    res = await h.inject({ method, url: req.url, ...(req.body === undefined ? {} : { payload: req.body as object }), ...(req.headers ? { headers: req.headers } : {}) });
  } else {
    const client = clients.get(actor.username);
    if (!client) throw new Error(`no session for ${actor.username}`);
    res = await client.request(method, req.url, req.body, req.headers);
  }
  const where = `${cellKey(key, actor, scope)} (${method} ${req.url})`;
  const body = res.body.length > 400 ? `${res.body.slice(0, 400)}…` : res.body;
  if (expected === 'ok') {
    // Allowed: done (2xx), or refused by the step rules / uniqueness (422, 409), never by the policy nor for a malformed request.
    if (!(res.statusCode >= 200 && res.statusCode < 300) && res.statusCode !== 409 && res.statusCode !== 422 && res.statusCode !== row.allowedStatus) {
      return `${where}: expected allowed (2xx, 409 or 422), got ${res.statusCode} ${body}`;
    }
    const wrong = res.statusCode < 300 ? row.check?.(res, { actor, scope, n: 0 }) : null;
    if (wrong) return `${where}: ${wrong}`;
  } else {
    if (res.statusCode !== expected) return `${where}: expected ${expected}, got ${res.statusCode} ${body}`;
    const code = String((res.json<{ error?: unknown }>()).error);
    if (!REFUSAL_CODE[expected].test(code)) return `${where}: ${expected} with unexpected error code ${code}: ${body}`;
  }
  if (before_ !== null && (await snapshot()) !== before_) return `${where}: refused with ${res.statusCode} but changed the database`;
  return null;
}

describe('HTTP permission matrix (SQLite)', () => {
  before(async () => {
    h = await openTestHttp('sqlite', { live });
    const app = h.t.app;
    const su = as('super');
    await createUser(app, su, { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: PASSWORD });
    await createUser(app, su, { username: 'pel.mdo', role: 'pelapor', unit: 'manado', password: PASSWORD });
    await createUser(app, su, { username: 'mitra', role: 'pihak_berwenang', password: PASSWORD });
    await createUser(app, su, { username: 'audit.gto', role: 'auditor', unit: 'gorontalo', password: PASSWORD });
    await createGrant(app, su, { user: 'mitra', unit: 'gorontalo' });
    await registerTarget(app, su, { name: 'spse-mdo', unit: 'manado', host: '127.0.0.3', loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP });
    const wsOther = await registerWorkstation(app, su, { assetTag: 'MDO-NB-001', serialNumber: 'SN-MDO-1', ownerUnit: 'manado', assignedUser: 'budi', organisationOwned: true });
    const wsOwn = (await app.store.read((r) => r.workstations.findByAssetTag('LPSE-NB-001')));
    assert.ok(wsOwn);
    ids.workstation = { own: wsOwn.id, other: wsOther.id };
    const sop = (await app.store.read((r) => r.sops.list()))[0];
    assert.ok(sop);
    ids.sop = `${sop.code}:${sop.version}`;
    // One case in each unit before any list is read.
    for (const unit of ['gorontalo', 'manado']) {
      await reportFault(app, as(unit === 'gorontalo' ? 'pelapor' : 'pel.mdo'), { unit, system: 'SPSE', description: 'Sertifikat TLS kedaluwarsa', urgency: 'low', channel: 'email' });
    }
    for (const a of ACTORS) if (a.username !== null) clients.set(a.username, await h.signIn(a.username));
  });
  after(async () => { await h.close(); });

  it('the table names every registered route exactly once, and no other', () => {
    const registered = h.server.routes.map((r) => `${r.method} ${r.path}`);
    assert.equal(new Set(registered).size, registered.length, 'a route is registered twice');
    const missing = registered.filter((k) => !(k in TABLE));
    const unknown = Object.keys(TABLE).filter((k) => !registered.includes(k));
    assert.deepEqual({ missing, unknown }, { missing: [], unknown: [] }, 'routes without permission expectations / expectations for routes that do not exist');
    for (const [key, row] of Object.entries(TABLE)) expectations(key, row);
    for (const k of Object.keys(KNOWN_BUGS)) assert.ok(Object.keys(TABLE).some((r) => k.startsWith(`${r} × `)), `KNOWN_BUGS names no table cell: ${k}`);
  });

  it('the no-change check sees a write', async () => {
    const before_ = await snapshot();
    await createApiToken(h.t.app, as('pelapor'), { name: 'snapshot-check' });
    assert.notEqual(await snapshot(), before_);
  });

  for (const [key, row] of Object.entries(TABLE)) {
    it(key, async () => {
      const table = expectations(key, row);
      const problems: string[] = [];
      for (const [i, actor] of ACTORS.entries()) {
        for (const scope of cellsOf(row)) {
          if (cellKey(key, actor, scope) in KNOWN_BUGS) continue;
          const expected = (table[i] as [Expect, Expect])[scope === 'other' ? 1 : 0];
          const p = await runCell(key, row, actor, scope, expected);
          if (p) problems.push(p);
        }
      }
      if (problems.length > 0) assert.fail(`${problems.length} cell(s) disagree with the policy:\n${problems.join('\n')}`);
    });
    for (const [i, actor] of ACTORS.entries()) {
      for (const scope of cellsOf(row)) {
        const reason = KNOWN_BUGS[cellKey(key, actor, scope)];
        if (reason === undefined) continue;
        it(cellKey(key, actor, scope), { todo: reason }, async () => {
          const expected = (expectations(key, row)[i] as [Expect, Expect])[scope === 'other' ? 1 : 0];
          const p = await runCell(key, row, actor, scope, expected);
          assert.equal(p, null, p ?? '');
        });
      }
    }
  }
});
