import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import type { User } from '../../domain/registry/user.js';
import { requirePasswordLength } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
}).strict();

/**
 * The acting user changes their own password; the current one is required. Clears a reset's
 * "must change" mark. Every other web session of the user ends (`keepSession`: the caller's own).
 */
export function changeOwnPassword(deps: AppDeps, inv: Invocation, raw: unknown, opts: { keepSession?: string } = {}): Promise<User> {
  return runUseCase(deps, inv, 'auth.password.change', async (ctx) => {
    const input = parseInput(ChangePasswordInput, raw);
    const user = actorOf(ctx).user;
    const hash = await ctx.tx.users.findPasswordHash(user.id);
    if (hash === undefined || !(await deps.passwords.verify(input.currentPassword, hash))) {
      throw DomainError.of('forbidden', 'auth.current_password_wrong', {});
    }
    requirePasswordLength(input.newPassword);
    if (input.newPassword === input.currentPassword) throw DomainError.of('invalid', 'user.password_same', {});
    await ctx.tx.users.setPassword(user.id, await deps.passwords.hash(input.newPassword), false);
    await ctx.tx.sessions.revokeAllForUser(user.id, ctx.now, opts.keepSession);
    ctx.log({ type: 'auth.password_changed', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, wasRequired: user.passwordChangeRequired === true } });
    return { ...user, passwordChangeRequired: false };
  });
}
