import { mayIssueEnrolmentCode } from '../../domain/auth/registry.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { runUseCase } from '../use-case.js';

/** How long an enrolment code may wait to be used. */
export const ENROLMENT_CODE_HOURS = 24;

export interface IssuedEnrolmentCode {
  /** Shown this once; only its hash is stored. */
  readonly code: string;
  readonly username: string;
  readonly expiresAt: string;
}

/**
 * Issues a one-time code for `user`'s (username or id) first TOTP enrolment (and for enrolling again after a
 * TOTP reset): a superadmin for anyone, a koordinator for the users of their own unit. The code
 * is stored hashed, expires after ENROLMENT_CODE_HOURS and is spent by the enrolment; issuing is
 * logged, the code never.
 */
export function issueEnrolmentCode(deps: AppDeps, inv: Invocation, who: string): Promise<IssuedEnrolmentCode> {
  return runUseCase(deps, inv, 'auth.enrolment_code.issue', async (ctx) => {
    const actor = actorOf(ctx).user;
    const user = await ctx.tx.users.findByIdOrUsername(who.trim());
    if (!user) throw notFound('user', who.trim());
    if (!mayIssueEnrolmentCode(actor, user)) throw DomainError.of('forbidden', 'auth.enrolment_code_forbidden', { username: user.username });
    if ((await ctx.tx.mfa.findByUserId(user.id))?.enabledAt) throw DomainError.of('conflict', 'auth.totp_already_enrolled', {});
    const code = `enrol-${deps.randomToken(18)}`;
    const id = deps.ids.newId();
    const expiresAt = new Date(Date.parse(ctx.now) + ENROLMENT_CODE_HOURS * 3_600_000).toISOString();
    await ctx.tx.enrolmentCodes.insert({ id, userId: user.id, codeHash: deps.sha256(code), issuedBy: actor.id, issuedAt: ctx.now, expiresAt, usedAt: null });
    ctx.log({ type: 'auth.enrolment_code_issued', unitId: user.unitId, caseId: null,
      data: { codeId: id, userId: user.id, username: user.username, expiresAt } });
    return { code, username: user.username, expiresAt };
  });
}
