/**
 * `Store.isTransientFailure` tells the errors a retry may get past (the HTTP edge answers them 503,
 * so that Alertmanager retries) from everything else, on errors the real drivers raise: SQLite
 * busy, a PostgreSQL backend terminated in a transaction, a refused connection, a closed store.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { isTransientStoreError } from '../../src/adapters/db/kysely-store.js';
import { DomainError } from '../../src/domain/errors.js';
import { freePort } from '../support/server-banner.js';
import { onDialect, openTestApp, stopTestPostgres } from '../support/test-app.js';

const caught = async (run: () => unknown): Promise<unknown> => {
  try { await run(); } catch (err) { return err; }
  throw new Error('expected an error');
};

describe('transient storage errors', () => {
  after(() => stopTestPostgres());

  it('are SQLite\'s busy database, and not its constraint errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaga-busy-'));
    try {
      const a = new SqliteDatabase(join(dir, 'x.sqlite'));
      a.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
      const b = new SqliteDatabase(join(dir, 'x.sqlite'), { timeout: 0 });
      a.exec('BEGIN EXCLUSIVE');
      const busy = await caught(() => b.exec("INSERT INTO t VALUES ('x')"));
      assert.match(String((busy as { code?: string }).code), /^SQLITE_BUSY/);
      assert.equal(isTransientStoreError(busy), true);
      a.exec("INSERT INTO t VALUES ('y'); COMMIT");
      const duplicate = await caught(() => a.exec("INSERT INTO t VALUES ('y')"));
      assert.equal(isTransientStoreError(duplicate), false, 'a unique violation is the request\'s, not the moment\'s');
      a.close();
      const closed = await caught(() => a.exec('SELECT 1'));
      assert.equal(isTransientStoreError(closed), true, 'a closed connection');
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are a refused PostgreSQL connection, and never a refusal (DomainError) or a programming error', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await freePort(), user: 'nobody', database: 'none', connectionTimeoutMillis: 5000 });
    const refused = await caught(() => client.connect());
    assert.equal(isTransientStoreError(refused), true, String(refused));
    assert.equal(isTransientStoreError(DomainError.of('invalid', 'input.invalid_json', {})), false);
    assert.equal(isTransientStoreError(new TypeError('x is not a function')), false);
    assert.equal(isTransientStoreError(undefined), false);
  });

  it('are a PostgreSQL backend terminated in the middle of a transaction (57P01), through the store', onDialect('postgres'), async () => {
    const t = await openTestApp('postgres');
    try {
      const { url } = t.config.database as { url: string };
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const err = await caught(() => t.app.store.transaction(async (tx) => {
        await tx.units.list();
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        await tx.units.list();
      }));
      await admin.end();
      assert.equal(t.app.store.isTransientFailure(err), true, String(err));
    } finally {
      await t.close();
    }
  });

  it('are a store already closed', async () => {
    const t = await openTestApp('sqlite');
    await t.app.store.close();
    const err = await caught(() => t.app.store.read((r) => r.units.list()));
    assert.equal(t.app.store.isTransientFailure(err), true, String(err));
    rmSync(t.config.dataDir, { recursive: true, force: true });
  });
});
