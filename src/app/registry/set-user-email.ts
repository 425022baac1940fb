import { z } from 'zod';
import { assertMaySetEmail } from '../../domain/auth/notification.policy.js';
import { normaliseEmail } from '../../domain/registry/email-address.js';
import type { User } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { getUser } from './registry-lookups.js';

/** `email`: the address (normalised), or null / empty to remove it. */
export const SetUserEmailBody = z.object({
  email: z.string().max(320).nullable().describe('email address for notifications; null or empty removes it'),
}).strict();
export const SetUserEmailInput = SetUserEmailBody.extend({ user: name().describe('username or id; the acting user for their own address') }).strict();

/**
 * Sets or removes a user's email address (issue 13): the user for themself (account page, API,
 * `--as`), the superadmin for anyone. Logged with the address it replaced.
 */
export function setUserEmail(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'registry.user.email', async (ctx) => {
    const input = parseInput(SetUserEmailInput, raw);
    const user = await getUser(ctx, input.user);
    assertMaySetEmail(actorOf(ctx), user.id);
    const email = input.email === null || input.email.trim() === '' ? null : normaliseEmail(input.email);
    await ctx.tx.users.setEmail(user.id, email);
    ctx.log({ type: 'registry.user.email_set', unitId: user.unitId, caseId: null,
      data: { userId: user.id, username: user.username, email, previous: user.email ?? null } });
    return { ...user, email };
  });
}
