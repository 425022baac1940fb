import { z } from 'zod';
import { assertNotSelf, assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { User } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { getUser, reason } from './registry-lookups.js';

export const UserChangeInput = z.object({ user: name(), reason: reason() }).strict();

/**
 * Deactivates a user: they can no longer sign in, act (CLI `--as`) or pass the gateway (their
 * open sessions end at the next access re-check); their web sessions and API tokens are revoked,
 * so reactivation does not bring them back. The user stays in the registry: the logbook names them.
 */
export function deactivateUser(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'registry.user.deactivate', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'user');
    const input = parseInput(UserChangeInput, raw);
    const user = await getUser(ctx, input.user);
    assertNotSelf(actorOf(ctx), user.id);
    if (!user.active) throw DomainError.of('conflict', 'user.already_inactive', { username: user.username });
    await ctx.tx.users.setActive(user.id, false, ctx.now);
    await ctx.tx.sessions.revokeAllForUser(user.id, ctx.now);
    await ctx.tx.apiTokens.revokeAllForUser(user.id, ctx.now);
    ctx.log({ type: 'registry.user.deactivated', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, reason: input.reason } });
    return { ...user, active: false, deactivatedAt: ctx.now };
  });
}

/** Lets a deactivated user sign in and act again (new sessions and tokens only). */
export function reactivateUser(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'registry.user.reactivate', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'user');
    const input = parseInput(UserChangeInput, raw);
    const user = await getUser(ctx, input.user);
    if (user.active) throw DomainError.of('conflict', 'user.already_active', { username: user.username });
    await ctx.tx.users.setActive(user.id, true, ctx.now);
    ctx.log({ type: 'registry.user.reactivated', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, reason: input.reason } });
    return { ...user, active: true };
  });
}
