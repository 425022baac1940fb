import { z } from 'zod';
import type { AppDeps, Invocation } from '../../app/app-deps.js';
import { CreateGrantInput, createGrant } from '../../app/registry/create-grant.js';
import { CreateNetworkInput, createNetwork } from '../../app/registry/create-network.js';
import { CreateUnitInput, createUnit } from '../../app/registry/create-unit.js';
import { CreateUserInput, createUser } from '../../app/registry/create-user.js';
import { listGrants, listNetworks, listTargets, listUnits, listUsers, listWorkstations } from '../../app/registry/list-registry.js';
import { RegisterTargetInput, registerTarget } from '../../app/registry/register-target.js';
import { AddWorkstationKeyInput, RegisterWorkstationInput, addWorkstationKey, registerWorkstation } from '../../app/registry/register-workstation.js';
import { TargetCredentialBody, setTargetCredential } from '../../app/registry/target-credential.js';
import { deactivateUser, reactivateUser } from '../../app/registry/deactivate-user.js';
import { EditNetworkBody, editNetwork } from '../../app/registry/edit-network.js';
import { EditTargetBody, RepinHostKeyBody, editTarget, repinTargetHostKey } from '../../app/registry/edit-target.js';
import { ReasonBody } from '../../app/registry/registry-lookups.js';
import { ResetPasswordInput, resetUserPassword, resetUserTotp, unlockUser } from '../../app/registry/reset-user-credentials.js';
import { retireNetwork, retireTarget, retireWorkstation, revokeGrant } from '../../app/registry/retire-registry-entry.js';
import {
  ReplaceWorkstationKeyBody, RevokeWorkstationKeyBody, replaceWorkstationKey, revokeWorkstationKey,
} from '../../app/registry/register-workstation.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';
import { GrantSchema, NetworkSchema, SshKeySchema, TargetCredentialSchema, TargetSchema, UnitSchema, UserSchema, WorkstationSchema } from '../schemas.js';
import { IdParams } from './case.routes.js';

const NameParams = z.object({ name: z.string().min(1).max(200) });

type Run = (deps: never, inv: Invocation, raw: unknown) => Promise<unknown>;

/**
 * A lifecycle change of one registry entry: `POST|PUT /api/v1/<registry>/{key}[/<verb>]` with a body
 * that says why; the entry's key goes into the use case's input as `field`. Superadmin only.
 */
function change(o: { method?: 'POST' | 'PUT'; registry: string; key: 'id' | 'name'; verb: string | null; field: string; summary: string;
  body: z.ZodType; response: z.ZodType; run: Run }): RouteDef {
  return route({
    method: o.method ?? 'POST', path: `/api/v1/${o.registry}/{${o.key}}${o.verb === null ? '' : `/${o.verb}`}`, summary: `${o.summary} (superadmin; logged with the reason)`,
    tag: 'registries', access: 'user', params: o.key === 'id' ? IdParams : NameParams, body: o.body, response: o.response,
    handle: ({ app, inv, params, body }) => o.run(app as never, inv, { ...(body as object), [o.field]: params[o.key] }),
  });
}

const userChange = (verb: string, summary: string, run: Run, body: z.ZodType = ReasonBody): RouteDef =>
  change({ registry: 'users', key: 'id', verb, field: 'user', summary, body, response: UserSchema, run });

function registry(name: string, what: string, item: z.ZodType, create: { body: z.ZodType; run: (deps: never, inv: Invocation, raw: unknown) => Promise<unknown> },
  list: (deps: AppDeps, inv: Invocation) => Promise<unknown[]>): RouteDef[] {
  return [
    route({ method: 'GET', path: `/api/v1/${name}`, summary: `List ${what}`, tag: 'registries', access: 'user', response: z.array(item),
      handle: ({ app, inv }) => list(app, inv) }),
    route({ method: 'POST', path: `/api/v1/${name}`, summary: `Register ${what} (superadmin)`, tag: 'registries', access: 'user',
      body: create.body, response: item, status: 201, handle: ({ app, inv, body }) => create.run(app as never, inv, body) }),
  ];
}

/** Over HTTP an actor is always known, so user creation never takes the CLI's bootstrap path. */
export const registryRoutes: RouteDef[] = [
  ...registry('units', 'LPSE units', UnitSchema, { body: CreateUnitInput, run: createUnit }, listUnits),
  ...registry('users', 'users', UserSchema, { body: CreateUserInput, run: createUser }, listUsers),
  ...registry('networks', 'networks (A1b/A1e)', NetworkSchema, { body: CreateNetworkInput, run: createNetwork }, listNetworks),
  ...registry('workstations', 'workstations and their SSH keys (A1a)', WorkstationSchema, { body: RegisterWorkstationInput, run: registerWorkstation }, listWorkstations),
  ...registry('targets', 'target servers (A1c)', TargetSchema, { body: RegisterTargetInput, run: registerTarget }, listTargets),
  ...registry('grants', 'executor grants (A1d)', GrantSchema, { body: CreateGrantInput, run: createGrant }, listGrants),
  route({
    method: 'POST', path: '/api/v1/workstations/{id}/keys', summary: 'Add an SSH public key to a workstation (superadmin)', tag: 'registries',
    access: 'user', params: IdParams, body: AddWorkstationKeyInput.omit({ workstation: true }), response: SshKeySchema, status: 201,
    handle: ({ app, inv, params, body }) => addWorkstationKey(app, inv, { ...(body as object), workstation: params['id'] }),
  }),
  route({
    // Exactly one of generate / privateKey / password; the secret is sealed at rest and never returned.
    method: 'PUT', path: '/api/v1/targets/{name}/credential', summary: 'Set or replace the gateway\'s login credential for a target (superadmin; the secret is never returned)',
    tag: 'registries', access: 'user', params: z.object({ name: z.string().min(1).max(200) }), body: TargetCredentialBody, response: TargetCredentialSchema,
    handle: ({ app, inv, params, body }) => setTargetCredential(app, inv, { ...(body as object), target: params['name'] }),
  }),
  userChange('deactivate', 'Deactivate a user: no sign-in, no acting, gateway sessions end at the next re-check; sessions and tokens revoked', deactivateUser),
  userChange('reactivate', 'Reactivate a deactivated user', reactivateUser),
  userChange('reset-password', 'Set a temporary password that must be changed at the next sign-in', resetUserPassword, ResetPasswordInput.omit({ user: true })),
  userChange('reset-totp', 'Reset a user\'s TOTP: they enrol again with a new enrolment code', resetUserTotp),
  userChange('unlock', 'Lift a sign-in lock-out', unlockUser),
  change({ registry: 'workstations', key: 'id', verb: 'keys/revoke', field: 'workstation', summary: 'Revoke one SSH key of a workstation (kept as history)',
    body: RevokeWorkstationKeyBody, response: WorkstationSchema, run: revokeWorkstationKey }),
  change({ registry: 'workstations', key: 'id', verb: 'keys/replace', field: 'workstation', summary: 'Replace one SSH key of a workstation by a new one',
    body: ReplaceWorkstationKeyBody, response: WorkstationSchema, run: replaceWorkstationKey }),
  change({ registry: 'workstations', key: 'id', verb: 'retire', field: 'workstation', summary: 'Retire a workstation: none of its keys authenticates any more',
    body: ReasonBody, response: WorkstationSchema, run: retireWorkstation }),
  change({ method: 'PUT', registry: 'networks', key: 'name', verb: null, field: 'network', summary: 'Edit a network\'s unit, kind, CIDRs, intranet flag or public-office confirmation',
    body: EditNetworkBody, response: NetworkSchema, run: editNetwork }),
  change({ registry: 'networks', key: 'name', verb: 'retire', field: 'network', summary: 'Retire a network: it admits nobody any more',
    body: ReasonBody, response: NetworkSchema, run: retireNetwork }),
  change({ method: 'PUT', registry: 'targets', key: 'name', verb: null, field: 'target', summary: 'Edit a target\'s host, port or login account',
    body: EditTargetBody, response: TargetSchema, run: editTarget }),
  change({ method: 'PUT', registry: 'targets', key: 'name', verb: 'host-key', field: 'target', summary: 'Re-pin a target\'s host key (SHA256 fingerprint)',
    body: RepinHostKeyBody, response: TargetSchema, run: repinTargetHostKey }),
  change({ registry: 'targets', key: 'name', verb: 'retire', field: 'target', summary: 'Retire a target: the gateway never connects to it again',
    body: ReasonBody, response: TargetSchema, run: retireTarget }),
  change({ registry: 'grants', key: 'id', verb: 'revoke', field: 'grant', summary: 'Revoke a grant', body: ReasonBody, response: GrantSchema, run: revokeGrant }),
];
