import { SESSION_IDLE_MINUTES } from '../../domain/auth/sign-in.policy.js';
import type { AppDeps } from '../app-deps.js';
import { appendToLogbook } from '../logbook/logbook-writer.js';
import type { Principal } from './principal.js';

/** Writes `last seen` at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

/** The principal of a session cookie, or undefined when unknown, revoked, expired or idle too long. */
/**
 * The principal of a session cookie, or undefined (unknown, revoked, expired, idle, deactivated).
 * `opts.activity` false: the request is not the user's doing (a page refreshing itself), so it does
 * not keep the session from idling out.
 */
export async function authenticateSession(deps: AppDeps, sessionToken: string, opts: { readonly activity?: boolean } = {}): Promise<Principal | undefined> {
  if (sessionToken.length < 20 || sessionToken.length > 100) return undefined;
  const now = deps.clock.now();
  const idHash = deps.sha256(sessionToken);
  const found = await deps.store.read(async (r) => {
    const s = await r.sessions.findByIdHash(idHash);
    return s && { s, user: await r.users.findById(s.userId) };
  });
  if (!found?.user || !found.user.active) return undefined;
  const { s, user } = found;
  if (s.revokedAt !== null || Date.parse(s.expiresAt) <= now.getTime()) return undefined;
  if (Date.parse(s.lastSeenAt) + SESSION_IDLE_MINUTES * 60_000 <= now.getTime()) return undefined;
  if (opts.activity !== false && now.getTime() - Date.parse(s.lastSeenAt) > TOUCH_EVERY_MS) {
    await deps.store.transaction((tx) => tx.sessions.touch(idHash, now.toISOString()));
  }
  return { user, via: 'session', scope: 'full', mfaPassed: s.mfaPassed, sessionIdHash: idHash, csrfToken: s.csrfToken };
}

/** The principal of a bearer API token, or undefined. */
export async function authenticateApiToken(deps: AppDeps, token: string): Promise<Principal | undefined> {
  if (!/^jaga_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const now = deps.clock.now();
  const found = await deps.store.read(async (r) => {
    const t = await r.apiTokens.findByHash(deps.sha256(token));
    return t && { t, user: await r.users.findById(t.userId) };
  });
  if (!found?.user || !found.user.active) return undefined;
  const { t, user } = found;
  if (t.revokedAt !== null || Date.parse(t.expiresAt) <= now.getTime()) return undefined;
  if (t.lastUsedAt === null || now.getTime() - Date.parse(t.lastUsedAt) > TOUCH_EVERY_MS) {
    await deps.store.transaction((tx) => tx.apiTokens.markUsed(t.id, now.toISOString()));
  }
  return { user, via: 'token', scope: t.scope, mfaPassed: true, tokenExpiresAt: t.expiresAt };
}

export async function signOut(deps: AppDeps, p: Principal): Promise<void> {
  if (!p.sessionIdHash) return;
  const now = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.sessions.revoke(p.sessionIdHash as string, now);
    await appendToLogbook(tx.logbook, deps, now, [{ type: 'auth.signed_out', actorId: p.user.id, unitId: p.user.unitId, caseId: null, data: { via: 'http' } }]);
  });
}
