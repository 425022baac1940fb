import type { Kysely } from 'kysely';
import type { ApiTokenScope } from '../../../domain/auth/sign-in.policy.js';
import type {
  ApiTokenRecord, ApiTokenRepository, EnrolmentCodeRecord, EnrolmentCodeRepository, LoginFailureRepository, MfaRepository, SessionRecord,
  SessionRepository, TotpGraceRepository,
} from '../../../ports/auth-repositories.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export function sessionRepository(db: Db): SessionRepository {
  const map = (r: Database['sessions']): SessionRecord => ({
    idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, mfaPassed: r.mfa_passed === 1, createdAt: r.created_at,
    expiresAt: r.expires_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at,
  });
  return {
    insert: async (s) => { await db.insertInto('sessions').values({
      id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, mfa_passed: s.mfaPassed ? 1 : 0, created_at: s.createdAt,
      expires_at: s.expiresAt, last_seen_at: s.lastSeenAt, revoked_at: s.revokedAt,
    }).execute(); },
    findByIdHash: async (h) => {
      const r = await db.selectFrom('sessions').selectAll().where('id_hash', '=', h).executeTakeFirst();
      return r && map(r);
    },
    touch: async (h, at, patch = {}) => { await db.updateTable('sessions').set({
      last_seen_at: at, ...(patch.mfaPassed !== undefined ? { mfa_passed: patch.mfaPassed ? 1 : 0 } : {}),
      ...(patch.expiresAt !== undefined ? { expires_at: patch.expiresAt } : {}),
    }).where('id_hash', '=', h).execute(); },
    revoke: async (h, at) => { await db.updateTable('sessions').set({ revoked_at: at }).where('id_hash', '=', h).execute(); },
    revokeAllForUser: async (userId, at, keep) => {
      await db.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null)
        .$if(keep !== undefined, (q) => q.where('id_hash', '!=', keep ?? '')).execute();
    },
  };
}

export function apiTokenRepository(db: Db): ApiTokenRepository {
  const map = (r: Database['api_tokens']): ApiTokenRecord => ({
    id: r.id, userId: r.user_id, name: r.name, tokenHash: r.token_hash, scope: r.scope as ApiTokenScope, createdAt: r.created_at,
    expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at,
  });
  return {
    insert: async (t) => { await db.insertInto('api_tokens').values({
      id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, scope: t.scope, created_at: t.createdAt,
      expires_at: t.expiresAt, revoked_at: t.revokedAt, last_used_at: t.lastUsedAt,
    }).execute(); },
    findByHash: async (h) => {
      const r = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', h).executeTakeFirst();
      return r && map(r);
    },
    findById: async (id) => {
      const r = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && map(r);
    },
    listForUser: async (u) => (await db.selectFrom('api_tokens').selectAll().where('user_id', '=', u).orderBy('created_at').execute()).map(map),
    markUsed: async (id, at) => { await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute(); },
    revoke: async (id, at) => { await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute(); },
    revokeAllForUser: async (userId, at) => {
      await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    },
  };
}

export function mfaRepository(db: Db): MfaRepository {
  return {
    findByUserId: async (userId) => {
      const r = await db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r && { userId: r.user_id, secretEnc: r.secret_enc, enabledAt: r.enabled_at, recoveryHashes: JSON.parse(r.recovery_hashes) as string[], lastUsedStep: r.last_used_step };
    },
    upsert: async (m) => {
      await db.deleteFrom('user_mfa').where('user_id', '=', m.userId).execute();
      await db.insertInto('user_mfa').values({
        user_id: m.userId, secret_enc: m.secretEnc, enabled_at: m.enabledAt, recovery_hashes: JSON.stringify(m.recoveryHashes), last_used_step: m.lastUsedStep,
      }).execute();
    },
    update: async (userId, patch) => { await db.updateTable('user_mfa').set({
      ...(patch.enabledAt !== undefined ? { enabled_at: patch.enabledAt } : {}),
      ...(patch.recoveryHashes !== undefined ? { recovery_hashes: JSON.stringify(patch.recoveryHashes) } : {}),
      ...(patch.lastUsedStep !== undefined ? { last_used_step: patch.lastUsedStep } : {}),
    }).where('user_id', '=', userId).execute(); },
    remove: async (userId) => { await db.deleteFrom('user_mfa').where('user_id', '=', userId).execute(); },
  };
}

export function loginFailureRepository(db: Db): LoginFailureRepository {
  return {
    record: async (f) => { await db.insertInto('login_failures').values({ id: f.id, username: f.username, at: f.at, source_ip: f.sourceIp }).execute(); },
    countSince: async (username, since) => {
      const r = await db.selectFrom('login_failures').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
        .where('username', '=', username).where('at', '>=', since).executeTakeFirstOrThrow();
      return { count: Number(r.n), last: (r.last as string | null) ?? null };
    },
    clear: async (username) => { await db.deleteFrom('login_failures').where('username', '=', username).execute(); },
  };
}

export function enrolmentCodeRepository(db: Db): EnrolmentCodeRepository {
  const map = (r: Database['enrolment_codes']): EnrolmentCodeRecord => ({
    id: r.id, userId: r.user_id, codeHash: r.code_hash, issuedBy: r.issued_by, issuedAt: r.issued_at, expiresAt: r.expires_at, usedAt: r.used_at,
  });
  return {
    insert: async (c) => { await db.insertInto('enrolment_codes').values({
      id: c.id, user_id: c.userId, code_hash: c.codeHash, issued_by: c.issuedBy, issued_at: c.issuedAt, expires_at: c.expiresAt, used_at: c.usedAt,
    }).execute(); },
    findByHash: async (h) => {
      const r = await db.selectFrom('enrolment_codes').selectAll().where('code_hash', '=', h).executeTakeFirst();
      return r && map(r);
    },
    markUsed: async (id, at) => {
      const r = await db.updateTable('enrolment_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export function totpGraceRepository(db: Db): TotpGraceRepository {
  return {
    find: async (userId, keyFingerprint, sourceIp) => {
      const r = await db.selectFrom('gateway_totp_grace').selectAll()
        .where('user_id', '=', userId).where('key_fingerprint', '=', keyFingerprint).where('source_ip', '=', sourceIp).executeTakeFirst();
      return r && { userId: r.user_id, keyFingerprint: r.key_fingerprint, sourceIp: r.source_ip, passedAt: r.passed_at };
    },
    put: async (g) => {
      await db.deleteFrom('gateway_totp_grace')
        .where('user_id', '=', g.userId).where('key_fingerprint', '=', g.keyFingerprint).where('source_ip', '=', g.sourceIp).execute();
      await db.insertInto('gateway_totp_grace').values({ user_id: g.userId, key_fingerprint: g.keyFingerprint, source_ip: g.sourceIp, passed_at: g.passedAt }).execute();
    },
    removeForUser: async (userId) => { await db.deleteFrom('gateway_totp_grace').where('user_id', '=', userId).execute(); },
  };
}
