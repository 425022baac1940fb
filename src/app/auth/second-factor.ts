import { z } from 'zod';
import { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES, RECOVERY_CODE_COUNT, SESSION_MAX_HOURS, lockedUntil } from '../../domain/auth/sign-in.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { User } from '../../domain/registry/user.js';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../input.js';
import { appendToLogbook } from '../logbook/logbook-writer.js';
import type { Principal } from './principal.js';

export const SecondFactorInput = z.object({
  code: z.string().trim().regex(/^(\d{6}|[a-z0-9]{5}-[a-z0-9]{5})$/, '6 digits, or a recovery code xxxxx-xxxxx'),
}).strict();

const iso = (ms: number): string => new Date(ms).toISOString();

/** TOTP failures count against the same lock as passwords, under their own key. */
export const totpKey = (userId: string): string => `totp:${userId}`;

type Tx = Parameters<Parameters<AppDeps['store']['transaction']>[0]>[0];

/** Counts a failure (or clears the count) and logs the outcome, inside the caller's transaction. */
async function recordIn(tx: Tx, deps: AppDeps, p: Pick<Principal, 'user'>, now: string, ok: boolean, type: string, data: Record<string, unknown>,
  via: 'http' | 'gateway' = 'http'): Promise<void> {
  if (ok) await tx.loginFailures.clear(totpKey(p.user.id));
  else await tx.loginFailures.record({ id: deps.ids.newId(), username: totpKey(p.user.id), at: now, sourceIp: null });
  await appendToLogbook(tx.logbook, deps, now, [{ type, actorId: p.user.id, unitId: p.user.unitId, caseId: null, data: { via, ...data } }]);
}

async function recordOutcome(deps: AppDeps, p: Principal, now: string, ok: boolean, type: string, data: Record<string, unknown>,
  mutate: (tx: Tx) => Promise<void>): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await recordIn(tx, deps, p, now, ok, type, data);
    await mutate(tx);
  });
}

function wrongCode(): DomainError {
  return DomainError.of('forbidden', 'auth.totp_invalid', {});
}

async function assertNotLocked(deps: AppDeps, p: Pick<Principal, 'user'>, now: string): Promise<void> {
  const f = await deps.store.read((r) => r.loginFailures.countSince(totpKey(p.user.id), iso(Date.parse(now) - LOGIN_WINDOW_MINUTES * 60_000)));
  const until = lockedUntil(f.count, f.last);
  if (until) {
    throw DomainError.of('forbidden', 'auth.locked', { after: 'totp', maxFailures: LOGIN_MAX_FAILURES, lockedUntil: until }, { lockedUntil: until });
  }
}

/** Second step of sign-in: a TOTP code, or one unused recovery code (which is then spent). */
export async function verifySecondFactor(deps: AppDeps, p: Principal, raw: unknown): Promise<void> {
  parseInput(SecondFactorInput, raw); // a malformed body is told so first, whatever the session's state
  if (!p.sessionIdHash || p.mfaPassed) throw DomainError.of('precondition', 'auth.totp_not_pending', { stage: 'session' });
  const sessionIdHash = p.sessionIdHash;
  await checkSecondFactor(deps, p.user, raw, 'http', (tx, now) =>
    tx.sessions.touch(sessionIdHash, now, { mfaPassed: true, expiresAt: iso(Date.parse(now) + SESSION_MAX_HOURS * 3_600_000) }));
}

/**
 * The SSH gateway's keyboard-interactive step: the same code check, lock-out and logging as the
 * web sign-in. A pass starts the grace of this user, workstation key and source address (see
 * `authorizeGatewayAccess`), kept in the store so that every gateway node honours it.
 */
export function verifyGatewaySecondFactor(deps: AppDeps, user: User, raw: unknown, from: { keyFingerprint: string; sourceIp: string }): Promise<void> {
  return checkSecondFactor(deps, user, raw, 'gateway', (tx, now) =>
    tx.totpGrace.put({ userId: user.id, keyFingerprint: from.keyFingerprint, sourceIp: from.sourceIp, passedAt: now }));
}

async function checkSecondFactor(deps: AppDeps, user: User, raw: unknown, via: 'http' | 'gateway', onPassed: (tx: Tx, now: string) => Promise<void>): Promise<void> {
  const { code } = parseInput(SecondFactorInput, raw);
  const p = { user };
  const now = deps.clock.now().toISOString();
  await assertNotLocked(deps, p, now);
  const recoveryHash = code.includes('-') ? deps.sha256(code) : undefined;
  // Read, decide and write in one transaction behind the chain-head lock, so two sessions
  // racing with the same code or recovery code cannot both win.
  const ok = await deps.store.transaction(async (tx) => {
    await tx.logbook.lockHead();
    const mfa = await tx.mfa.findByUserId(user.id);
    if (!mfa?.enabledAt) throw DomainError.of('precondition', 'auth.totp_not_enrolled', {});
    const step = recoveryHash ? null : deps.totp.verify(deps.secretBox.open(mfa.secretEnc), code, new Date(now));
    // A right code of a step already used (RFC 6238 §5.2) is told as such: the person waits for the next one.
    const reused = step !== null && mfa.lastUsedStep !== null && step <= mfa.lastUsedStep;
    const passed = recoveryHash ? mfa.recoveryHashes.includes(recoveryHash) : step !== null && !reused;
    await recordIn(tx, deps, p, now, passed, passed ? 'auth.totp_passed' : 'auth.totp_failed',
      { method: recoveryHash ? 'recovery_code' : 'totp', ...(reused ? { reason: 'reused' } : {}) }, via);
    if (passed) {
      if (recoveryHash) await tx.mfa.update(user.id, { recoveryHashes: mfa.recoveryHashes.filter((h) => h !== recoveryHash) });
      else await tx.mfa.update(user.id, { lastUsedStep: step as number });
      await onPassed(tx, now);
    }
    return passed ? 'passed' : reused ? 'reused' : 'wrong';
  });
  if (ok === 'reused') throw DomainError.of('forbidden', 'auth.totp_reused', {});
  if (ok !== 'passed') throw wrongCode();
}

export const BeginEnrolmentInput = z.object({
  password: z.string().min(1).max(1024),
  /** The one-time code a superadmin or the unit's koordinator issued (`jaga user enrolment-code`). */
  enrolmentCode: z.string().trim().min(8).max(100),
}).strict();

/**
 * Starts TOTP enrolment: a new secret (sealed at rest) and its otpauth:// URI for the authenticator
 * app. Needs the password again and an unused, unexpired enrolment code issued for this user,
 * which is spent here (the secret is shown once per code). A refusal counts towards the TOTP lock.
 */
export async function beginTotpEnrolment(deps: AppDeps, p: Principal, raw: unknown): Promise<{ secret: string; otpauthUri: string }> {
  const input = parseInput(BeginEnrolmentInput, raw);
  const now = deps.clock.now().toISOString();
  await assertNotLocked(deps, p, now);
  const existing = await deps.store.read((r) => r.mfa.findByUserId(p.user.id));
  if (existing?.enabledAt) throw DomainError.of('conflict', 'auth.totp_already_enrolled', {});
  const hash = await deps.store.read((r) => r.users.findPasswordHash(p.user.id));
  if (hash === undefined || !(await deps.passwords.verify(input.password, hash))) {
    await deps.store.transaction((tx) => recordIn(tx, deps, p, now, false, 'auth.totp_enrolment_refused', { reason: 'wrong_password' }));
    throw DomainError.of('forbidden', 'auth.current_password_wrong', {});
  }
  const secret = deps.totp.newSecret();
  const refused = await deps.store.transaction(async (tx) => {
    const c = await tx.enrolmentCodes.findByHash(deps.sha256(input.enrolmentCode));
    const reason = !c || c.userId !== p.user.id ? 'unknown' as const : c.usedAt !== null ? 'used' as const
      : Date.parse(c.expiresAt) <= Date.parse(now) ? 'expired' as const : null;
    if (reason !== null || !c || !(await tx.enrolmentCodes.markUsed(c.id, now))) return reason ?? 'used';
    await tx.mfa.upsert({ userId: p.user.id, secretEnc: deps.secretBox.seal(secret), enabledAt: null, recoveryHashes: [], lastUsedStep: null });
    await appendToLogbook(tx.logbook, deps, now, [{ type: 'auth.enrolment_code_used', actorId: p.user.id, unitId: p.user.unitId, caseId: null,
      data: { via: 'http', codeId: c.id, userId: p.user.id, username: p.user.username, issuedBy: c.issuedBy, issuedAt: c.issuedAt } }]);
    return null;
  });
  if (refused !== null) {
    await deps.store.transaction((tx) => recordIn(tx, deps, p, now, false, 'auth.totp_enrolment_refused', { reason: `code_${refused}` }));
    throw DomainError.of('forbidden', 'auth.enrolment_code_invalid', { reason: refused });
  }
  return { secret, otpauthUri: otpauthUri(p.user.username, secret) };
}

/** The otpauth:// URI an authenticator app reads (as a QR code) for `username`'s secret. */
export const otpauthUri = (username: string, secret: string): string =>
  `otpauth://totp/${encodeURIComponent(`Jaga:${username}`)}?secret=${secret}&issuer=Jaga&algorithm=SHA1&digits=6&period=30`;

/** Confirms enrolment with a first code; returns the recovery codes, shown this once. */
export async function confirmTotpEnrolment(deps: AppDeps, p: Principal, raw: unknown): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(SecondFactorInput, raw);
  const now = deps.clock.now().toISOString();
  await assertNotLocked(deps, p, now);
  const mfa = await deps.store.read((r) => r.mfa.findByUserId(p.user.id));
  if (!mfa || mfa.enabledAt) throw DomainError.of('precondition', 'auth.totp_not_pending', { stage: 'enrolment' });
  const step = deps.totp.verify(deps.secretBox.open(mfa.secretEnc), code, new Date(now));
  const ok = step !== null;
  const recoveryCodes = ok ? Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCode(deps)) : [];
  await recordOutcome(deps, p, now, ok, ok ? 'auth.totp_enrolled' : 'auth.totp_failed', { method: 'enrolment' }, async (tx) => {
    if (!ok) return;
    await tx.mfa.update(p.user.id, { enabledAt: now, recoveryHashes: recoveryCodes.map((c) => deps.sha256(c)), lastUsedStep: step as number });
    if (p.sessionIdHash) await tx.sessions.touch(p.sessionIdHash, now, { mfaPassed: true, expiresAt: iso(Date.parse(now) + SESSION_MAX_HOURS * 3_600_000) });
  });
  if (!ok) throw wrongCode();
  return { recoveryCodes };
}

function recoveryCode(deps: AppDeps): string {
  const s = deps.randomToken(16).toLowerCase().replace(/[^a-z0-9]/g, '');
  return `${s.slice(0, 5)}-${s.slice(5, 10)}`.padEnd(11, '0');
}
