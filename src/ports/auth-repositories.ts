import type { ApiTokenScope } from '../domain/auth/sign-in.policy.js';

export interface SessionRecord {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly mfaPassed: boolean;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastSeenAt: string;
  readonly revokedAt: string | null;
}

export interface SessionRepository {
  insert(s: SessionRecord): Promise<void>;
  findByIdHash(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, lastSeenAt: string, patch?: { mfaPassed?: boolean; expiresAt?: string }): Promise<void>;
  revoke(idHash: string, at: string): Promise<void>;
  /** Revokes every open session of the user (deactivation, password or TOTP reset), except `keep`'s. */
  revokeAllForUser(userId: string, at: string, keep?: string): Promise<void>;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly tokenHash: string;
  readonly scope: ApiTokenScope;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface ApiTokenRepository {
  insert(t: ApiTokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  findById(id: string): Promise<ApiTokenRecord | undefined>;
  listForUser(userId: string): Promise<ApiTokenRecord[]>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(id: string, at: string): Promise<void>;
  /** Revokes every unrevoked token of the user (deactivation). */
  revokeAllForUser(userId: string, at: string): Promise<void>;
}

export interface MfaRecord {
  readonly userId: string;
  readonly secretEnc: string;
  readonly enabledAt: string | null;
  readonly recoveryHashes: readonly string[];
  /** The last TOTP time step accepted; codes of that step or earlier are refused. */
  readonly lastUsedStep: number | null;
}

export interface MfaRepository {
  findByUserId(userId: string): Promise<MfaRecord | undefined>;
  /** Inserts or replaces the (not yet enabled) enrolment. */
  upsert(m: MfaRecord): Promise<void>;
  update(userId: string, patch: { enabledAt?: string; recoveryHashes?: readonly string[]; lastUsedStep?: number }): Promise<void>;
  /** Drops the enrolment, so the next sign-in enrols again (TOTP reset). */
  remove(userId: string): Promise<void>;
}

export interface LoginFailureRepository {
  record(f: { id: string; username: string; at: string; sourceIp: string | null }): Promise<void>;
  /** Failures for the username at or after `since`: count and the newest time. */
  countSince(username: string, since: string): Promise<{ count: number; last: string | null }>;
  clear(username: string): Promise<void>;
}

/** A one-time code for a first TOTP enrolment (only its hash is stored). */
export interface EnrolmentCodeRecord {
  readonly id: string;
  readonly userId: string;
  readonly codeHash: string;
  readonly issuedBy: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export interface EnrolmentCodeRepository {
  insert(c: EnrolmentCodeRecord): Promise<void>;
  findByHash(codeHash: string): Promise<EnrolmentCodeRecord | undefined>;
  /** Marks the code used; false when it was used already (a race lost). */
  markUsed(id: string, at: string): Promise<boolean>;
}

/** When a user last passed TOTP at the gateway with one workstation key from one address. */
export interface TotpGraceRecord {
  readonly userId: string;
  readonly keyFingerprint: string;
  readonly sourceIp: string;
  readonly passedAt: string;
}

export interface TotpGraceRepository {
  find(userId: string, keyFingerprint: string, sourceIp: string): Promise<TotpGraceRecord | undefined>;
  /** Inserts or replaces the grace of this user, key and address. */
  put(g: TotpGraceRecord): Promise<void>;
  /** Drops every grace of the user (TOTP reset, deactivation). */
  removeForUser(userId: string): Promise<void>;
}
