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
import type { RouteDef } from '../route.js';
import { route } from '../route.js';
import { GrantSchema, NetworkSchema, SshKeySchema, TargetCredentialSchema, TargetSchema, UnitSchema, UserSchema, WorkstationSchema } from '../schemas.js';
import { IdParams } from './case.routes.js';

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
];
