import { z } from 'zod';
import {
  LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES, MFA_REQUIRED_ROLES, PENDING_MFA_MINUTES, SESSION_MAX_HOURS, lockedUntil,
} from '../../domain/auth/sign-in.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { User } from '../../domain/registry/user.js';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../input.js';
import { appendToLogbook } from '../logbook/logbook-writer.js';

export const SignInInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
}).strict();

/** `password_change`: signed in, but a reset password must be changed before anything else. */
export type SignInNext = 'done' | 'totp' | 'totp_enrolment' | 'password_change';

export interface SignInResult {
  /** The session secret for the cookie; only its hash is stored. */
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly user: User;
  readonly next: SignInNext;
  readonly expiresAt: string;
}

/** A hash of a random password, so unknown users cost as much time as known ones. */
let dummyHash: Promise<string> | undefined;

const minutes = (iso: string, m: number): string => new Date(Date.parse(iso) + m * 60_000).toISOString();

/**
 * Password sign-in with brute-force protection: after LOGIN_MAX_FAILURES wrong passwords
 * within the window, attempts are refused without checking the password until the lock
 * expires. Every success, failure and lock-out goes into the logbook.
 */
export async function signIn(deps: AppDeps, raw: unknown, meta: { sourceIp: string | null }): Promise<SignInResult> {
  const input = parseInput(SignInInput, raw);
  const now = deps.clock.now().toISOString();
  const username = input.username.toLowerCase();
  const log = (type: string, data: Record<string, unknown>, actorId: string | null, unitId: string | null) =>
    deps.store.transaction((tx) => appendToLogbook(tx.logbook, deps, now, [{ type, actorId, unitId, caseId: null,
      data: { username, sourceIp: meta.sourceIp, via: 'http', ...data } }]));

  // The attempt is counted before the password is checked, atomically (the chain-head lock
  // serialises it with every other sign-in), so parallel guesses cannot slip past the limit.
  // A successful sign-in clears the count again.
  const attemptId = deps.ids.newId();
  const { failures, user, hash } = await deps.store.transaction(async (tx) => {
    await tx.logbook.lockHead();
    const f = await tx.loginFailures.countSince(username, minutes(now, -LOGIN_WINDOW_MINUTES));
    if (lockedUntil(f.count, f.last) === null) await tx.loginFailures.record({ id: attemptId, username, at: now, sourceIp: meta.sourceIp });
    const u = await tx.users.findByUsername(username);
    return { failures: f, user: u && u.username === username ? u : undefined, hash: u ? await tx.users.findPasswordHash(u.id) : undefined };
  });
  const until = lockedUntil(failures.count, failures.last);
  if (until !== null) {
    await log('auth.sign_in_refused', { reason: 'locked', lockedUntil: until }, user?.id ?? null, user?.unitId ?? null);
    throw DomainError.of('forbidden', 'auth.locked', { after: 'password', maxFailures: LOGIN_MAX_FAILURES, lockedUntil: until }, { lockedUntil: until });
  }
  dummyHash ??= deps.passwords.hash(deps.randomToken(16));
  const passwordRight = await deps.passwords.verify(input.password, hash ?? (await dummyHash));
  // Only whoever knows the password learns that the account is deactivated.
  if (passwordRight && user !== undefined && !user.active) {
    await log('auth.sign_in_refused', { reason: 'deactivated' }, user.id, user.unitId);
    throw DomainError.of('forbidden', 'auth.actor_deactivated', { username: user.username });
  }
  const ok = passwordRight && user !== undefined && user.active;
  if (!ok || !user) {
    const count = failures.count + 1;
    const lockUntil = lockedUntil(count, now);
    await deps.store.transaction(async (tx) => {
      await appendToLogbook(tx.logbook, deps, now, [
        { type: 'auth.sign_in_failed', actorId: user?.id ?? null, unitId: user?.unitId ?? null, caseId: null,
          data: { username, sourceIp: meta.sourceIp, via: 'http', reason: user ? (user.active ? 'wrong_password' : 'inactive') : 'unknown_user', failures: count } },
        ...(lockUntil ? [{ type: 'auth.locked_out', actorId: user?.id ?? null, unitId: user?.unitId ?? null, caseId: null,
          data: { username, sourceIp: meta.sourceIp, via: 'http', lockedUntil: lockUntil } }] : []),
      ]);
    });
    throw DomainError.of('forbidden', 'auth.invalid_credentials', { lockedUntil: lockUntil ?? null, attemptsLeft: LOGIN_MAX_FAILURES - count },
      lockUntil ? { lockedUntil: lockUntil } : { attemptsLeft: LOGIN_MAX_FAILURES - count });
  }

  return deps.store.transaction(async (tx) => {
    const mfa = await tx.mfa.findByUserId(user.id);
    const mfaNext: SignInNext = mfa?.enabledAt ? 'totp' : MFA_REQUIRED_ROLES.includes(user.role) ? 'totp_enrolment' : 'done';
    const next: SignInNext = mfaNext === 'done' && user.passwordChangeRequired ? 'password_change' : mfaNext;
    const sessionToken = deps.randomToken(32);
    const csrfToken = deps.randomToken(24);
    const expiresAt = mfaNext === 'done' ? minutes(now, SESSION_MAX_HOURS * 60) : minutes(now, next === 'totp' ? PENDING_MFA_MINUTES : 15);
    await tx.loginFailures.clear(username);
    await tx.sessions.insert({ idHash: deps.sha256(sessionToken), userId: user.id, csrfToken, mfaPassed: mfaNext === 'done',
      createdAt: now, expiresAt, lastSeenAt: now, revokedAt: null });
    await appendToLogbook(tx.logbook, deps, now, [{ type: 'auth.signed_in', actorId: user.id, unitId: user.unitId, caseId: null,
      data: { username, sourceIp: meta.sourceIp, via: 'http', next } }]);
    return { sessionToken, csrfToken, user, next, expiresAt };
  });
}

/** Logs that an address was throttled at sign-in (once per window, by the caller). */
export async function recordSignInThrottled(deps: AppDeps, sourceIp: string, retryAfterSeconds: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.store.transaction((tx) => appendToLogbook(tx.logbook, deps, now, [{ type: 'auth.sign_in_throttled', actorId: null, unitId: null, caseId: null,
    data: { sourceIp, retryAfterSeconds, via: 'http' } }]));
}
