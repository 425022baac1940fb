import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import { createUnit } from '../app/registry/create-unit.js';
import { createUser } from '../app/registry/create-user.js';
import { editNetwork } from '../app/registry/edit-network.js';
import { editTarget, repinTargetHostKey } from '../app/registry/edit-target.js';
import { listNetworks, listTargets, listUnits } from '../app/registry/list-registry.js';
import { registerTarget } from '../app/registry/register-target.js';
import { addWorkstationKey, registerWorkstation } from '../app/registry/register-workstation.js';
import { scanAddressHostKey, scanTargetHostKey } from '../app/registry/scan-host-key.js';
import { setUserEmail } from '../app/registry/set-user-email.js';
import type { DuplicateEntity, ErrorCode } from '../domain/error-codes.js';
import type { DomainError } from '../domain/errors.js';
import type { AdminFormKit } from './admin-routes.js';
import {
  KEY_FIELDS, NETWORK_EDIT_FIELDS, TARGET_EDIT_FIELDS, TARGET_FIELDS, UNIT_FIELDS, USER_FIELDS, WORKSTATION_FIELDS,
} from './pages/admin-forms.js';
import { PAGE_HELMET } from './web-csp.js';
import { checkForm, invocationOf } from './web-visitor.js';

type Values = Record<string, string | undefined>;

const valuesOf = (body: Record<string, unknown>, fields: readonly string[]): Values =>
  Object.fromEntries(fields.map((f) => [f, typeof body[f] === 'string' ? body[f] : undefined]));
/** An optional field left empty is not sent to the use case (as an API client would leave it out). */
const optional = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);
/** Only the fields given: `{ a: undefined }` is not what an API client sends for a field it leaves out. */
const given = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
/** One entry per line (or comma): CIDR ranges, SSH public keys. */
const lines = (text: string | undefined, sep: RegExp): string[] => (text ?? '').split(sep).map((l) => l.trim()).filter((l) => l !== '');
const keyOf = (req: FastifyRequest): string => (req.params as { key: string }).key;

/** A duplicate names what it clashes with: the field of the form that holds it. */
const duplicateIn = (byEntity: Partial<Record<DuplicateEntity, string>>, rest: Partial<Record<ErrorCode, string>>) => (e: DomainError) => {
  const entity = e.code === 'registry.duplicate' ? (e.params as { entity: DuplicateEntity }).entity : undefined;
  const field = entity === undefined ? undefined : byEntity[entity];
  return field === undefined ? rest : { ...rest, 'registry.duplicate': field };
};

/** Refusals that name no field in their details, by the field of each form they are about. */
const UNIT_ERRORS = duplicateIn({ unit: 'code' }, { 'unit.time_zone_invalid': 'timeZone' });
const USER_ERRORS = duplicateIn({ user: 'username' }, {
  'user.role_unknown': 'role', 'user.password_too_short': 'password', 'unit.not_found': 'unit', 'user.unit_required': 'unit', 'user.nip_invalid': 'nip',
  'user.email_invalid': 'email',
});
const WORKSTATION_ERRORS = duplicateIn({ workstation_asset_tag: 'assetTag', ssh_key: 'sshKeys' }, {
  'unit.not_found': 'ownerUnit', 'user.not_found': 'assignedUser', 'workstation.ssh_key_invalid': 'sshKeys',
});
const KEY_ERRORS = duplicateIn({ ssh_key: 'sshKey' }, { 'workstation.ssh_key_invalid': 'sshKey' });
const TARGET_ERRORS = duplicateIn({ target: 'name' }, {
  'unit.not_found': 'unit', 'target.host_invalid': 'host', 'target.scan_failed': 'host', 'target.account_invalid': 'loginAccount',
  'access.root_account': 'loginAccount', 'target.host_key_invalid': 'hostKeyFingerprint',
});
const TARGET_EDIT_ERRORS: Partial<Record<ErrorCode, string>> = {
  'target.host_invalid': 'host', 'target.account_invalid': 'loginAccount', 'access.root_account': 'loginAccount',
};
const NETWORK_EDIT_ERRORS: Partial<Record<ErrorCode, string>> = {
  'network.cidr_invalid': 'cidrs', 'network.cidr_required': 'cidrs', 'network.overlap': 'cidrs', 'network.kind_unknown': 'kind', 'unit.not_found': 'unit',
  'network.public_intranet': 'intranet', 'network.public_office_unconfirmed': 'publicOffice',
};

/**
 * The administration's create and edit forms: `POST /admin/units|users|workstations|targets`,
 * a workstation's `…/keys`, a network's and a target's `…/edit`, a target's `…/scan-host-key`
 * (read, shown for confirmation, nothing changed) and `…/host-key` (pin what was confirmed). Each
 * runs the API's use case; a refusal re-renders the page with its message next to its field, a
 * change goes back to the list with a notice. An edit sends the use case only what the form
 * changed, as an API client would.
 */
export function registerAdminFormRoutes(web: FastifyInstance, app: App, kit: AdminFormKit): void {
  const { admitted, render, done, attempt } = kit;

  web.post('/admin/units', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), UNIT_FIELDS);
    return attempt(req, reply, v, 'units', { key: 'create unit', values, fields: UNIT_FIELDS, byCode: UNIT_ERRORS }, async () => {
      const unit = await createUnit(app, invocationOf(v, req), given({
        code: values['code'], name: values['name'], timeZone: optional(values['timeZone']), national: values['national'] === '1',
      }));
      return done(reply, 'units', 'unit-create', unit.code);
    });
  });

  web.post('/admin/users', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), USER_FIELDS);
    // The password typed is never given back to the page, not even to a refused form.
    const shown = { ...values, password: undefined };
    return attempt(req, reply, v, 'users', { key: 'create user', values: shown, fields: USER_FIELDS, byCode: USER_ERRORS }, async () => {
      const user = await createUser(app, invocationOf(v, req), given({
        username: values['username'], displayName: optional(values['displayName']), role: values['role'], unit: optional(values['unit']),
        // Someone else chose it: the user changes it at the first sign-in, so only they know it.
        nip: optional(values['nip']), password: values['password'] ?? '', mustChangePassword: true, email: optional(values['email']),
      }));
      return done(reply, 'users', 'user-create', user.username);
    });
  });

  // issue 13, email: a user's address, set or removed by the superadmin.
  web.post('/admin/users/:key/email', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), ['email'] as const);
    const username = keyOf(req);
    return attempt(req, reply, v, 'users', { key: `email ${username}`, values, fields: ['email'], byCode: { 'user.email_invalid': 'email' } }, async () => {
      const user = await setUserEmail(app, invocationOf(v, req), { user: username, email: values['email'] ?? '' });
      return done(reply, 'users', 'user-email', user.username);
    });
  });

  web.post('/admin/workstations', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), WORKSTATION_FIELDS);
    return attempt(req, reply, v, 'workstations', { key: 'create workstation', values, fields: WORKSTATION_FIELDS, byCode: WORKSTATION_ERRORS }, async () => {
      const w = await registerWorkstation(app, invocationOf(v, req), given({
        assetTag: values['assetTag'], serialNumber: values['serialNumber'], ownerUnit: optional(values['ownerUnit']),
        assignedUser: optional(values['assignedUser']), organisationOwned: values['organisationOwned'] === '1', sshKeys: lines(values['sshKeys'], /\r?\n/),
      }));
      return done(reply, 'workstations', 'workstation-create', w.assetTag);
    });
  });

  web.post('/admin/workstations/:key/keys', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), KEY_FIELDS);
    const workstation = keyOf(req);
    return attempt(req, reply, v, 'workstations', { key: `add-key ${workstation}`, values, fields: KEY_FIELDS, byCode: KEY_ERRORS }, async () => {
      const key = await addWorkstationKey(app, invocationOf(v, req), { workstation, sshKey: values['sshKey'] ?? '' });
      return done(reply, 'workstations', 'key-add', `${workstation}, ${key.fingerprint}`);
    });
  });

  // A target's host key is what the gateway checks on every connection: read from the server and
  // confirmed by the superadmin (who compares it with what the server's administrator reads out),
  // or given as a fingerprint (as the API takes it).
  web.post('/admin/targets', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), TARGET_FIELDS);
    return attempt(req, reply, v, 'targets', { key: 'create target', values, fields: TARGET_FIELDS, byCode: TARGET_ERRORS }, async () => {
      const inv = invocationOf(v, req);
      const fingerprint = optional(values['hostKeyFingerprint']);
      if (fingerprint === undefined) {
        const scan = await scanAddressHostKey(app, inv, given({ host: values['host'] ?? '', port: optional(values['port']) }));
        return render(req, reply, v, 'targets', { scan: { kind: 'new', values, scan } });
      }
      const target = await registerTarget(app, inv, given({
        name: values['name'], unit: values['unit'], host: values['host'], port: optional(values['port']), loginAccount: values['loginAccount'], hostKeyFingerprint: fingerprint,
      }));
      return done(reply, 'targets', 'target-create', target.name);
    });
  });

  web.post('/admin/networks/:key/edit', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), NETWORK_EDIT_FIELDS);
    const name = keyOf(req);
    return attempt(req, reply, v, 'networks', { key: `edit ${name}`, values, fields: NETWORK_EDIT_FIELDS, byCode: NETWORK_EDIT_ERRORS }, async () => {
      const inv = invocationOf(v, req);
      const before = (await listNetworks(app, inv)).find((n) => n.name === name);
      const cidrs = lines(values['cidrs'], /[\s,]+/);
      const intranet = values['intranet'] === '1';
      const publicOffice = values['publicOffice'] === '1';
      const unit = optional(values['unit']);
      const change = before === undefined ? { unit, kind: values['kind'], cidrs, intranet, publicOffice } : {
        unit: unit === undefined || (await listUnits(app, inv)).find((u) => u.code === unit)?.id === before.unitId ? undefined : unit,
        kind: values['kind'] === before.kind ? undefined : values['kind'],
        cidrs: cidrs.join(' ') === before.cidrs.join(' ') ? undefined : cidrs,
        intranet: intranet === before.intranet ? undefined : intranet,
        publicOffice: publicOffice === before.publicOffice ? undefined : publicOffice,
      };
      // A confirmation already given covers new public ranges only when it is given again with them.
      const withConfirmation = publicOffice && change.cidrs !== undefined ? { ...change, publicOffice: true } : change;
      const edited = await editNetwork(app, inv, given({ ...withConfirmation, network: name, reason: values['reason'] }));
      return done(reply, 'networks', 'network-edit', edited.name);
    });
  });

  web.post('/admin/targets/:key/edit', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const values = valuesOf(checkForm(req, v), TARGET_EDIT_FIELDS);
    const name = keyOf(req);
    return attempt(req, reply, v, 'targets', { key: `edit ${name}`, values, fields: TARGET_EDIT_FIELDS, byCode: TARGET_EDIT_ERRORS }, async () => {
      const inv = invocationOf(v, req);
      const before = (await listTargets(app, inv)).find((x) => x.name === name);
      const changed = (f: 'host' | 'port' | 'loginAccount'): string | undefined =>
        (before !== undefined && values[f]?.trim() === String(before[f]) ? undefined : values[f]);
      const edited = await editTarget(app, inv, given({
        target: name, host: changed('host'), port: changed('port'), loginAccount: changed('loginAccount'), reason: values['reason'],
      }));
      return done(reply, 'targets', 'target-edit', edited.name);
    });
  });

  web.post('/admin/targets/:key/scan-host-key', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    checkForm(req, v);
    const target = keyOf(req);
    return attempt(req, reply, v, 'targets', { key: `repin ${target}`, values: {}, fields: [] }, async () => {
      const scan = await scanTargetHostKey(app, invocationOf(v, req), { target });
      return render(req, reply, v, 'targets', { scan: { kind: 'repin', target, scan } });
    });
  });

  // Pinned as `jaga target scan-host-key --expect` pins: read again now, and refused by the use
  // case unless it is the key the superadmin confirmed.
  web.post('/admin/targets/:key/host-key', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await admitted(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const target = keyOf(req);
    const values = valuesOf(body, ['reason', 'expected']);
    const inv = invocationOf(v, req);
    return attempt(req, reply, v, 'targets', { key: `repin ${target}`, values, fields: ['reason'] }, async () => {
      const scan = await scanTargetHostKey(app, inv, { target });
      // Refused, the page shows again what the server presents now (a key changed since is then refused by name).
      const keep = { scan: { kind: 'repin' as const, target, scan } };
      return attempt(req, reply, v, 'targets', { key: `repin ${target}`, values, fields: ['reason'], keep }, async () => {
        await repinTargetHostKey(app, inv, given({ target, fingerprint: scan.fingerprint, expected: values['expected'], reason: values['reason'] }), 'scan');
        return done(reply, 'targets', 'host-key-repin', target);
      });
    });
  });
}
