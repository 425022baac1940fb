import { z } from 'zod';
import { LOGIN_WINDOW_MINUTES, lockedUntil } from '../../domain/auth/sign-in.policy.js';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import { NO_PASSWORD } from '../../domain/intake/intake-integration.js';
import type { User } from '../../domain/registry/user.js';
import { requirePasswordLength } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { totpKey } from '../auth/second-factor.js';
import { parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { UserChangeInput } from './deactivate-user.js';
import { getUser } from './registry-lookups.js';

export const ResetPasswordInput = UserChangeInput.extend({
  password: z.string().max(1024).describe('a temporary password; the user must replace it at the next sign-in'),
}).strict();

/**
 * Sets a temporary password that must be changed at the next sign-in (until then sign-in
 * allows only the change) and ends the user's web sessions and API tokens; the gateway refuses them
 * until then too. The password is never logged.
 */
export function resetUserPassword(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'registry.user.reset_password', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'user');
    const input = parseInput(ResetPasswordInput, raw);
    const user = await getUser(ctx, input.user);
    // Alertmanager intake (issue 13): a password would let someone sign in as the integration.
    if ((await ctx.tx.users.findPasswordHash(user.id)) === NO_PASSWORD) throw DomainError.of('precondition', 'intake.identity_without_password', { username: user.username });
    await ctx.tx.users.setPassword(user.id, await deps.passwords.hash(requirePasswordLength(input.password)), true);
    // A reset is often a suspected compromise: no credential the old password could have made survives it.
    await ctx.tx.sessions.revokeAllForUser(user.id, ctx.now);
    await ctx.tx.apiTokens.revokeAllForUser(user.id, ctx.now);
    ctx.log({ type: 'registry.user.password_reset', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, reason: input.reason } });
    return { ...user, passwordChangeRequired: true };
  });
}

/**
 * Drops the user's TOTP enrolment (a lost phone): they enrol again with a new enrolment code
 * (the old one is spent), and the gateway refuses them until then (A1d `totp_enrolled`; open
 * sessions end at the next re-check). Their web sessions end.
 */
export function resetUserTotp(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'registry.user.reset_totp', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'user');
    const input = parseInput(UserChangeInput, raw);
    const user = await getUser(ctx, input.user);
    const enrolled = Boolean((await ctx.tx.mfa.findByUserId(user.id))?.enabledAt);
    await ctx.tx.mfa.remove(user.id);
    await ctx.tx.loginFailures.clear(totpKey(user.id));
    await ctx.tx.sessions.revokeAllForUser(user.id, ctx.now);
    ctx.log({ type: 'registry.user.totp_reset', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, wasEnrolled: enrolled, reason: input.reason } });
    return user;
  });
}

/** Lifts a sign-in lock-out (wrong passwords or TOTP codes) before it expires by itself. */
export function unlockUser(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User & { wasLocked: boolean }> {
  return runUseCase(deps, inv, 'registry.user.unlock', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'user');
    const input = parseInput(UserChangeInput, raw);
    const user = await getUser(ctx, input.user);
    const since = new Date(Date.parse(ctx.now) - LOGIN_WINDOW_MINUTES * 60_000).toISOString();
    let wasLocked = false;
    for (const key of [user.username, totpKey(user.id)]) {
      const f = await ctx.tx.loginFailures.countSince(key, since);
      wasLocked ||= lockedUntil(f.count, f.last) !== null;
      await ctx.tx.loginFailures.clear(key);
    }
    ctx.log({ type: 'registry.user.unlocked', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, wasLocked, reason: input.reason } });
    return { ...user, wasLocked };
  });
}
