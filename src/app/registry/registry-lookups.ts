import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import type { Grant } from '../../domain/registry/grant.js';
import type { Network } from '../../domain/registry/network.js';
import type { Target } from '../../domain/registry/target.js';
import type { User } from '../../domain/registry/user.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import { shortText } from '../input.js';
import type { UseCaseContext } from '../use-case.js';

/** Every lifecycle change says why; the reason goes into the logbook with the actor. */
export const reason = () => shortText().describe('why (kept in the logbook with who did it)');

/** Registry entries a person named (by id or name), retired ones included; `get…` throws `not_found` when absent. */
export async function getUser(ctx: UseCaseContext, key: string): Promise<User> {
  const u = await ctx.tx.users.findByIdOrUsername(key);
  if (!u) throw notFound('user', key);
  return u;
}

export async function getNetwork(ctx: UseCaseContext, key: string): Promise<Network> {
  const n = await ctx.tx.networks.findByIdOrName(key);
  if (!n) throw notFound('network', key);
  return n;
}

export async function getTarget(ctx: UseCaseContext, key: string): Promise<Target> {
  const t = await ctx.tx.targets.findByIdOrName(key);
  if (!t) throw notFound('target', key);
  return t;
}

export async function getWorkstation(ctx: UseCaseContext, key: string): Promise<Workstation> {
  const w = await ctx.tx.workstations.findByIdOrAssetTag(key);
  if (!w) throw notFound('workstation', key);
  return w;
}

export async function getGrant(ctx: UseCaseContext, id: string): Promise<Grant> {
  const g = await ctx.tx.grants.findById(id);
  if (!g) throw notFound('grant', id);
  return g;
}

/** The body of a lifecycle change that needs nothing but its reason (the entry is in the path). */
export const ReasonBody = z.object({ reason: reason() }).strict();
