import { chmodSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { DatabaseConnection, Driver } from 'kysely';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { createRequire } from 'node:module';
import type { DatabaseLocation } from '../../config/config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export type { DatabaseLocation } from '../../config/config.js';

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
  // Owner-only: SQLite gives the -wal and -shm files the database file's mode.
  chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  // FULL: a committed logbook entry survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  return db;
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a
 * primary-key read. The queries are a fixed set of shapes, so prepared statements are reused
 * (bounded; a statement still being iterated is never handed out twice).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => { sqlite.close(); },
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit && !hit.busy) return hit;
      const stmt = sqlite.prepare(text);
      if (!hit) {
        if (cache.size >= 1000) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

export function createKysely(loc: DatabaseLocation): { db: Kysely<Database>; sqlite?: SqliteDatabase.Database } {
  if (loc.dialect === 'sqlite') {
    const sqlite = openSqlite(loc.file);
    return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) }), sqlite };
  }
  // pg is loaded only for a PostgreSQL store: an installation on SQLite (and every CLI start there) never pays for it.
  const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
  const pool = new Pool({ connectionString: loc.url, max: loc.poolSize ?? 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // Nor a client in a transaction between two queries (the pool listens only to idle ones): pg emits
  // 'error' on it, with no listener an uncaught exception; its next query fails instead, a transient
  // error the edges answer 503 (Alertmanager intake, issue 13; test/contract/store-transient-errors.test.ts).
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}
