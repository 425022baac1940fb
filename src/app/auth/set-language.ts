import { z } from 'zod';
import type { User } from '../../domain/registry/user.js';
import { USER_LANGUAGES } from '../../domain/registry/user.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

/** `null` clears the preference: the client's `Accept-Language` (HTTP) decides again. */
export const SetLanguageInput = z.object({ language: z.enum(USER_LANGUAGES).nullable() }).strict();

/**
 * Sets the language the acting user reads Jaga in (errors, pages, the gateway's lines). Each user
 * sets their own; the change is logged with the previous value.
 */
export function setLanguage(deps: AppDeps, inv: Invocation, raw: unknown): Promise<User> {
  return runUseCase(deps, inv, 'user.language.set', async (ctx) => {
    const input = parseInput(SetLanguageInput, raw);
    const user = actorOf(ctx).user;
    await ctx.tx.users.setLanguage(user.id, input.language);
    ctx.log({ type: 'user.language_set', unitId: user.unitId, caseId: null,
      data: { userId: user.id, language: input.language, previous: user.language } });
    return { ...user, language: input.language };
  });
}
