import type { Kysely } from 'kysely';
import { Migrator } from 'kysely';
import type { Repositories, Store } from '../../ports/repositories.js';
import type { DatabaseLocation, Dialect } from './dialect.js';
import { createKysely } from './dialect.js';
import { migrationProvider } from './migrations.js';
import { caseRepository } from './repositories/case.repository.js';
import { logbookRepository } from './repositories/logbook.repository.js';
import {
  grantRepository, networkRepository, targetRepository, unitRepository, userRepository, workstationRepository,
} from './repositories/registry.repositories.js';
import { sopRepository } from './repositories/sop.repository.js';
import type { Database } from './schema.js';

function repositories(db: Kysely<Database>, dialect: Dialect, now: () => string): Repositories {
  return {
    units: unitRepository(db), users: userRepository(db), networks: networkRepository(db),
    workstations: workstationRepository(db), targets: targetRepository(db), grants: grantRepository(db),
    sops: sopRepository(db), cases: caseRepository(db, now), logbook: logbookRepository(db, dialect),
  };
}

/** The Store over Kysely, for SQLite and PostgreSQL alike. */
export class KyselyStore implements Store {
  readonly dialect: Dialect;

  private constructor(readonly db: Kysely<Database>, dialect: Dialect, private readonly now: () => string) {
    this.dialect = dialect;
  }

  static open(loc: DatabaseLocation, now: () => string): KyselyStore {
    return new KyselyStore(createKysely(loc), loc.dialect, now);
  }

  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(repositories(trx, this.dialect, this.now)));
  }

  read<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return fn(repositories(this.db, this.dialect, this.now));
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
