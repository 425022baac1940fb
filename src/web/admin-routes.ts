import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import type { Invocation } from '../app/app-deps.js';
import { issueEnrolmentCode } from '../app/auth/enrolment-code.js';
import { listTargetCredentialStatus, openAdministration } from '../app/registry/admin-registries.js';
import { createGrant } from '../app/registry/create-grant.js';
import { createNetwork } from '../app/registry/create-network.js';
import { deactivateUser, reactivateUser } from '../app/registry/deactivate-user.js';
import { listGrants, listNetworks, listTargets, listUnits, listUsers, listWorkstations } from '../app/registry/list-registry.js';
import { revokeWorkstationKey } from '../app/registry/register-workstation.js';
import { resetUserPassword, resetUserTotp, unlockUser } from '../app/registry/reset-user-credentials.js';
import { retireNetwork, retireTarget, revokeGrant } from '../app/registry/retire-registry-entry.js';
import type { RegistryName } from '../domain/auth/registry.policy.js';
import { mayIssueEnrolmentCode } from '../domain/auth/registry.policy.js';
import { isExecutorRole } from '../domain/auth/role.js';
import type { ErrorCode } from '../domain/error-codes.js';
import { DomainError } from '../domain/errors.js';
import { DEFAULT_TIME_ZONE } from '../domain/registry/unit.js';
import { t } from '../messages/catalogue.js';
import { grantRow, networkRow, targetRow, unitRow, userRow, workstationRow } from '../presenters/registry-list.js';
import { statusOf } from '../http/http-errors.js';
import type { PageKit } from './case-routes.js';
import { registerAdminFormRoutes } from './admin-form-routes.js';
import { formErrors } from './form-errors.js';
import type { AdminData, AdminFormState, AdminPageProps, AdminSecret, UserVerb } from './pages/admin-pages.js';
import { ADMIN_REGISTRIES, AdminIndexPage, AdminRegistryPage, GRANT_FIELDS, NETWORK_FIELDS, USER_VERBS } from './pages/admin-pages.js';
import { PAGE_HELMET } from './web-csp.js';
import type { SignedIn } from './web-visitor.js';
import { checkForm, invocationOf } from './web-visitor.js';

/**
 * The move just made, for the notice of the page the form's redirect leads to: a one-minute
 * cookie (`<notice> <subject>`, URI-encoded), never the address (a link must not make the page say
 * a user was deactivated).
 */
const DONE_COOKIE = 'jaga_admin_done';
const NOTICES = ['deactivate', 'reactivate', 'reset-totp', 'unlock', 'grant-create', 'grant-revoke', 'network-create', 'network-retire', 'revoke-key',
  'target-retire',
  // The create and edit forms (admin-form-routes.ts):
  'unit-create', 'user-create', 'workstation-create', 'key-add', 'target-create', 'network-edit', 'target-edit', 'host-key-repin',
  // issue 13, email
  'user-email'] as const;
export type Notice = (typeof NOTICES)[number];

const str = (body: Record<string, unknown>, name: string): string | undefined => (typeof body[name] === 'string' ? body[name] : undefined);
/** An optional field left empty is not sent to the use case (as an API client would leave it out). */
const optional = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);
/** Refusals that name no field in their details, by the field of the form they are about. */
const GRANT_ERRORS: Partial<Record<ErrorCode, string>> = {
  'user.not_found': 'user', 'grant.not_executor': 'user', 'unit.not_found': 'unit', 'target.not_found': 'target', 'target.retired': 'target',
  'grant.expired': 'validUntil',
};
const NETWORK_ERRORS: Partial<Record<ErrorCode, string>> = {
  'network.cidr_invalid': 'cidrs', 'network.cidr_required': 'cidrs', 'network.overlap': 'cidrs', 'network.kind_unknown': 'kind', 'unit.not_found': 'unit',
  'network.unit_required': 'unit', 'network.public_intranet': 'intranet', 'network.public_office_unconfirmed': 'publicOffice',
};
const isRegistry = (r: string): r is RegistryName => (ADMIN_REGISTRIES as readonly string[]).includes(r);
const notFoundPage = (req: FastifyRequest): DomainError =>
  DomainError.of('not_found', 'http.not_found', { method: req.method, path: req.url.split('?')[0] ?? '', websocket: false });

/** What one registry page shows, each list through the same use case as `jaga <registry> list` and `GET /api/v1/<registry>`. */
async function loadRegistry(app: App, inv: Invocation, v: SignedIn, registry: RegistryName): Promise<AdminData> {
  const units = await listUnits(app, inv);
  const needUsers = registry === 'users' || registry === 'workstations' || registry === 'grants';
  const needTargets = registry === 'targets' || registry === 'grants';
  const users = needUsers ? await listUsers(app, inv) : [];
  const targets = needTargets ? await listTargets(app, inv) : [];
  const names = { units, users, targets };
  const now = app.clock.now().toISOString();
  const data: AdminData = { units: units.map(unitRow) };
  switch (registry) {
    case 'units': return data;
    case 'users': return { ...data, users: users.map((u) => ({ ...userRow(u, names), mayEnrol: mayIssueEnrolmentCode(v.principal.user, u) })) };
    case 'networks': return { ...data, networks: (await listNetworks(app, inv)).map((n) => networkRow(n, names)) };
    case 'workstations': return {
      ...data, workstations: (await listWorkstations(app, inv)).map((w) => workstationRow(w, names)),
      userNames: users.filter((u) => u.active).map((u) => u.username),
    };
    case 'targets': {
      const credentials = await listTargetCredentialStatus(app, inv);
      return { ...data, targets: targets.map((x) => ({ ...targetRow(x, names), credential: credentials.get(x.id) ?? null })) };
    }
    case 'grants': return {
      ...data, grants: (await listGrants(app, inv)).map((g) => grantRow(g, names, now)),
      executors: users.filter((u) => u.active && isExecutorRole(u.role)).map((u) => u.username),
      targetNames: targets.filter((x) => !x.retiredAt).map((x) => x.name),
    };
  }
}

/** A refused form's messages by field: fixed for the form's refusals, or worked out from the refusal (a duplicate names what clashed). */
export type FieldsByCode = Partial<Record<ErrorCode, string>> | ((e: DomainError) => Partial<Record<ErrorCode, string>>);

/** A form of the administration pages as its routes run it: what `registerAdminFormRoutes` is lent. */
export interface AdminFormKit {
  /** The signed-in visitor who may open the administration; undefined when the reply already answers. */
  admitted(req: FastifyRequest, reply: FastifyReply): Promise<SignedIn | undefined>;
  /** The registry's page, with a form's state, a notice, a secret or a scan to confirm. */
  render(req: FastifyRequest, reply: FastifyReply, v: SignedIn, registry: RegistryName, extra?: Partial<AdminPageProps>, status?: number): Promise<FastifyReply>;
  /** After a change: back to the registry's list, its notice said once. */
  done(reply: FastifyReply, registry: RegistryName, notice: Notice, subject: string): FastifyReply;
  /** Runs a form's use case; a refusal re-renders the page with its messages by field (and `keep`: what the page showed with the form). */
  attempt(req: FastifyRequest, reply: FastifyReply, v: SignedIn, registry: RegistryName,
    form: { key: string; values: AdminFormState['values']; fields: readonly string[]; byCode?: FieldsByCode; keep?: Partial<AdminPageProps> },
    run: () => Promise<FastifyReply>): Promise<FastifyReply>;
}

/** One lifecycle form: what it runs (the API's use case) and the notice after; `secret` for a move whose result is shown once. */
interface UserMove {
  run(app: App, inv: Invocation, user: string, reason: string | undefined): Promise<AdminSecret | undefined>;
}

/**
 * The administration pages: `GET /admin` and `/admin/<registry>` (what the visitor may read of it),
 * and the superadmin's forms (a user's lifecycle, grants, networks, a workstation key, a target),
 * each calling the API's use case with the reason it requires. A refusal re-renders the page with
 * the use case's message next to its field; a success redirects to the list with a notice, except
 * a temporary password or an enrolment code, shown once on the page answering the form.
 */
export function registerAdminRoutes(web: FastifyInstance, app: App, kit: PageKit): void {
  const userMoves: Record<UserVerb, UserMove> = {
    'deactivate': { run: async (a, inv, user, reason) => { await deactivateUser(a, inv, { user, reason }); return undefined; } },
    'reactivate': { run: async (a, inv, user, reason) => { await reactivateUser(a, inv, { user, reason }); return undefined; } },
    'reset-totp': { run: async (a, inv, user, reason) => { await resetUserTotp(a, inv, { user, reason }); return undefined; } },
    'unlock': { run: async (a, inv, user, reason) => { await unlockUser(a, inv, { user, reason }); return undefined; } },
    'reset-password': {
      async run(a, inv, user, reason) {
        // Jaga makes the temporary password (the page shows it once); the use case hashes it and never logs it.
        const password = a.randomToken(15);
        const u = await resetUserPassword(a, inv, { user, reason, password });
        return { kind: 'password', username: u.username, value: password };
      },
    },
    'enrolment-code': {
      async run(a, inv, user) {
        const issued = await issueEnrolmentCode(a, inv, user);
        const units = await listUnits(a, inv);
        const target = (await listUsers(a, inv)).find((u) => u.username === issued.username);
        const timeZone = units.find((x) => x.id === target?.unitId)?.timeZone ?? DEFAULT_TIME_ZONE;
        return { kind: 'enrolment_code', username: issued.username, value: issued.code, expiresAt: { iso: issued.expiresAt, timeZone } };
      },
    },
  };

  /** The signed-in visitor who may open the administration (the refusal, logged, is the error page's). */
  async function admitted(req: FastifyRequest, reply: FastifyReply): Promise<SignedIn | undefined> {
    const v = await kit.signedIn(req, reply);
    if (!v) return undefined;
    await openAdministration(app, invocationOf(v, req));
    return v;
  }

  async function render(req: FastifyRequest, reply: FastifyReply, v: SignedIn, registry: RegistryName, extra: Partial<AdminPageProps> = {}, status = 200) {
    const data = await loadRegistry(app, invocationOf(v, req), v, registry);
    return kit.sendPage(reply, AdminRegistryPage({ visitor: v, registry, data, changes: v.principal.user.role === 'superadmin', ...extra }), status);
  }

  function done(reply: FastifyReply, registry: RegistryName, notice: Notice, subject: string): FastifyReply {
    void reply.setCookie(DONE_COOKIE, `${notice} ${encodeURIComponent(subject)}`, { path: '/', httpOnly: true, sameSite: 'strict', secure: kit.cookieSecure, maxAge: 60 });
    return kit.redirect(reply, `/admin/${registry}#notice`);
  }

  /** Runs a form's use case; a refusal re-renders the registry page with its messages by field (`fields`: the form's). */
  const attempt: AdminFormKit['attempt'] = async (req, reply, v, registry, form, run) => {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors(e, v.lang, form.fields, typeof form.byCode === 'function' ? form.byCode(e) : form.byCode);
      return render(req, reply, v, registry, { ...form.keep, form: { key: form.key, values: form.values, errors } }, statusOf(e));
    }
  };

  web.get('/admin', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    return kit.sendPage(reply, AdminIndexPage({ visitor: v, changes: v.principal.user.role === 'superadmin' }));
  });

  web.get('/admin/:registry', { helmet: PAGE_HELMET }, async (req, reply) => {
    const registry = (req.params as { registry: string }).registry;
    if (!isRegistry(registry)) throw notFoundPage(req);
    const v = await admitted(req, reply);
    if (!v) return reply;
    const cookie = req.cookies[DONE_COOKIE];
    let notice: string | undefined;
    if (cookie !== undefined) {
      void reply.clearCookie(DONE_COOKIE, { path: '/' });
      const [kind, subject] = cookie.split(' ');
      const known = NOTICES.find((n) => n === kind);
      if (known && subject !== undefined) notice = t(v.lang, `web.admin.done.${known}`, { name: decodeURIComponent(subject) });
    }
    return render(req, reply, v, registry, notice ? { done: notice } : {});
  });

  web.post('/admin/users/:username/:verb', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const { username, verb } = req.params as { username: string; verb: string };
    const known = USER_VERBS.find((x) => x === verb);
    if (!known) throw notFoundPage(req);
    const reason = str(body, 'reason');
    return attempt(req, reply, v, 'users', { key: `${known} ${username}`, values: { reason }, fields: ['reason'] }, async () => {
      const secret = await userMoves[known].run(app, invocationOf(v, req), username, reason);
      if (secret) return render(req, reply, v, 'users', { secret });
      return done(reply, 'users', known as Notice, username);
    });
  });

  web.post('/admin/grants', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const values = Object.fromEntries(GRANT_FIELDS.map((f) => [f, str(body, f)]));
    return attempt(req, reply, v, 'grants', { key: 'create grant', values, fields: GRANT_FIELDS, byCode: GRANT_ERRORS }, async () => {
      const target = optional(values['target']);
      const validUntil = optional(values['validUntil']);
      await createGrant(app, invocationOf(v, req), {
        user: values['user'], unit: values['unit'], ...(target === undefined ? {} : { target }), ...(validUntil === undefined ? {} : { validUntil }),
      });
      return done(reply, 'grants', 'grant-create', values['user'] ?? '');
    });
  });

  web.post('/admin/networks', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const values = Object.fromEntries(NETWORK_FIELDS.map((f) => [f, str(body, f)]));
    return attempt(req, reply, v, 'networks', { key: 'create network', values, fields: NETWORK_FIELDS, byCode: NETWORK_ERRORS }, async () => {
      const cidrs = (values['cidrs'] ?? '').split(/[\s,]+/).filter((c) => c !== '');
      await createNetwork(app, invocationOf(v, req), {
        name: values['name'], unit: values['unit'], kind: values['kind'], cidrs, intranet: values['intranet'] === '1', publicOffice: values['publicOffice'] === '1',
      });
      return done(reply, 'networks', 'network-create', values['name'] ?? '');
    });
  });

  /** A reason-only change of one named entry: `POST /admin/<registry>/:key/<verb>`. */
  function reasonRoute(registry: RegistryName, verb: string, notice: Notice, run: (inv: Invocation, key: string, body: Record<string, unknown>) => Promise<string | undefined>,
    formKey: (key: string, body: Record<string, unknown>) => string = (key) => `${verb} ${key}`): void {
    web.post(`/admin/${registry}/:key/${verb}`, { helmet: PAGE_HELMET }, async (req, reply) => {
      const v = await admitted(req, reply);
      if (!v) return reply;
      const body = checkForm(req, v);
      const key = (req.params as { key: string }).key;
      return attempt(req, reply, v, registry, { key: formKey(key, body), values: { reason: str(body, 'reason') }, fields: ['reason'] }, async () => {
        const subject = await run(invocationOf(v, req), key, body);
        return done(reply, registry, notice, subject ?? key);
      });
    });
  }
  // A grant has no name: its notice names its executor.
  reasonRoute('grants', 'revoke', 'grant-revoke', async (inv, grant, body) => {
    const g = await revokeGrant(app, inv, { grant, reason: str(body, 'reason') });
    return (await listUsers(app, inv)).find((u) => u.id === g.userId)?.username;
  });
  reasonRoute('networks', 'retire', 'network-retire', async (inv, network, body) => (await retireNetwork(app, inv, { network, reason: str(body, 'reason') })).name);
  reasonRoute('targets', 'retire', 'target-retire', async (inv, target, body) => (await retireTarget(app, inv, { target, reason: str(body, 'reason') })).name);
  reasonRoute('workstations', 'revoke-key', 'revoke-key', async (inv, workstation, body) =>
    (await revokeWorkstationKey(app, inv, { workstation, fingerprint: str(body, 'fingerprint'), reason: str(body, 'reason') })).assetTag,
    (key, body) => `revoke-key ${key} ${str(body, 'fingerprint') ?? ''}`);

  registerAdminFormRoutes(web, app, { admitted, render, done, attempt });
}
