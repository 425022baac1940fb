import SqliteDatabase from 'better-sqlite3';
import type { DatabaseConnection, Driver } from 'kysely';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export type DatabaseLocation =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize?: number };

/**
 * SQLite transactions start with BEGIN IMMEDIATE: taking the write lock up front means two
 * Jaga processes on one file wait for each other (busy_timeout) instead of failing with
 * SQLITE_BUSY when a read-then-write transaction tries to upgrade its lock.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

export function openSqlite(file: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  // FULL: a committed logbook entry survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  return db;
}

export function createKysely(loc: DatabaseLocation): { db: Kysely<Database>; sqlite?: SqliteDatabase.Database } {
  if (loc.dialect === 'sqlite') {
    const sqlite = openSqlite(loc.file);
    return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) }), sqlite };
  }
  const pool = new pg.Pool({ connectionString: loc.url, max: loc.poolSize ?? 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}
