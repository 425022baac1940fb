import { chmodSync, existsSync } from 'node:fs';
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Migrator, sql } from 'kysely';
import { DomainError } from '../../domain/errors.js';
import type { Repositories, Store } from '../../ports/repositories.js';
import type { DatabaseLocation, Dialect } from './dialect.js';
import { createKysely } from './dialect.js';
import { migrationProvider } from './migrations.js';
import {
  apiTokenRepository, enrolmentCodeRepository, loginFailureRepository, mfaRepository, sessionRepository, totpGraceRepository,
} from './repositories/auth.repositories.js';
import { caseRepository } from './repositories/case.repository.js';
import { evaluationNoteRepository } from './repositories/evaluation-note.repository.js';
import { intakeRepository } from './repositories/intake.repository.js';
import { gatewaySessionRepository, targetCredentialRepository } from './repositories/gateway.repositories.js';
import { logbookRepository } from './repositories/logbook.repository.js';
import { notificationRepository } from './repositories/notification.repository.js';
import { notificationSubscriptionRepository } from './repositories/notification-subscription.repository.js';
import {
  grantRepository, networkRepository, targetRepository, unitRepository, userRepository, workstationRepository,
} from './repositories/registry.repositories.js';
import type { SopCache } from './repositories/sop.repository.js';
import { sopRepository } from './repositories/sop.repository.js';
import type { Database } from './schema.js';
import { webhookEndpointRepository } from './repositories/webhook-endpoint.repository.js';

type SqliteHandle = SqliteDatabase.Database;

function repositories(db: Kysely<Database>, dialect: Dialect, now: () => string, sopCache: SopCache, sqlite?: SqliteHandle): Repositories {
  return {
    units: unitRepository(db), users: userRepository(db), networks: networkRepository(db),
    workstations: workstationRepository(db), targets: targetRepository(db), grants: grantRepository(db),
    sops: sopRepository(db, sopCache), cases: caseRepository(db, now), logbook: logbookRepository(db, dialect, sqlite),
    sessions: sessionRepository(db), apiTokens: apiTokenRepository(db), mfa: mfaRepository(db), loginFailures: loginFailureRepository(db),
    enrolmentCodes: enrolmentCodeRepository(db), totpGrace: totpGraceRepository(db),
    targetCredentials: targetCredentialRepository(db), gatewaySessions: gatewaySessionRepository(db),
    evaluationNotes: evaluationNoteRepository(db),
    // Alertmanager intake (issue 13):
    intake: intakeRepository(db),
    // webhook endpoints (issue 13)
    webhookEndpoints: webhookEndpointRepository(db),
    // notification outbox (issue 13)
    notifications: notificationRepository(db, dialect),
    // issue 13, email
    notificationSubscriptions: notificationSubscriptionRepository(db),
  };
}

/** The Store over Kysely, for SQLite and PostgreSQL alike. */
export class KyselyStore implements Store {
  readonly dialect: Dialect;
  private readonly sopCache: SopCache = new Map();

  private constructor(
    readonly db: Kysely<Database>, dialect: Dialect, private readonly now: () => string,
    private readonly sqlite: SqliteHandle | undefined,
  ) {
    this.dialect = dialect;
  }

  static open(loc: DatabaseLocation, now: () => string): KyselyStore {
    const { db, sqlite } = createKysely(loc);
    return new KyselyStore(db, loc.dialect, now, sqlite);
  }

  /** A consistent online copy of the SQLite database (SQLite's backup API); refuses to overwrite. */
  async backupSqlite(file: string): Promise<void> {
    if (!this.sqlite) throw new Error('backupSqlite: not a SQLite store');
    if (existsSync(file)) {
      throw DomainError.of('conflict', 'backup.exists', { file });
    }
    await this.sqlite.backup(file);
    chmodSync(file, 0o600);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async backup(toPath: string): Promise<void> {
    // PostgreSQL has no in-process equivalent of SQLite's backup API; pg_dump is the consistent copy.
    if (!this.sqlite) throw DomainError.of('precondition', 'store.backup_unsupported', { dialect: this.dialect });
    await this.backupSqlite(toPath);
  }

  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(repositories(trx, this.dialect, this.now, this.sopCache)));
  }

  read<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return fn(repositories(this.db, this.dialect, this.now, this.sopCache, this.sqlite));
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /** Refuses to work on a database whose schema is missing or older than this Jaga. */
  async assertMigrated(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
    const pending = (await migrator.getMigrations()).filter((m) => m.executedAt === undefined);
    if (pending.length > 0) {
      throw DomainError.of('precondition', 'store.not_migrated', { pending: pending.length });
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  isTransientFailure(err: unknown): boolean {
    return isTransientStoreError(err);
  }
}

/** PostgreSQL SQLSTATEs a retry may get past: connection exceptions (class 08), shutdown, too many connections, serialisation, deadlock, lock timeout. */
const PG_TRANSIENT = /^(08...|57P0[123]|53300|40001|40P01|55P03)$/;
/** Node's socket errors (PostgreSQL over the network). */
const SOCKET_TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Whether an error from the database driver is transient: SQLite busy or locked; PostgreSQL's
 * connection, shutdown and serialisation errors; a socket refused or reset; pg's and Kysely's own
 * words for a connection lost or a pool ended; a store already closed (better-sqlite3's "not open",
 * Kysely's "destroyed"). Only the driver's errors: a refusal (DomainError) is never transient.
 */
export function isTransientStoreError(err: unknown): boolean {
  if (err instanceof DomainError || typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^SQLITE_(BUSY|LOCKED)/.test(code) || PG_TRANSIENT.test(code) || SOCKET_TRANSIENT.has(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/connection (is not open|terminated)|not queryable|timeout exceeded when trying to connect|pool after calling end|driver has already been destroyed|database is locked/i.test(message)) return true;
  return e.cause !== undefined && e.cause !== err && isTransientStoreError(e.cause);
}
