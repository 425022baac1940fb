import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, it } from 'node:test';
import { DomainError } from '../../src/domain/errors.js';
import { KyselyStore } from '../../src/adapters/db/kysely-store.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/** The Store port's health check and backup, which the edges use instead of the database driver. */
for (const dialect of DIALECTS) {
  describeOn(dialect, `Store.ping() and Store.backup() (${dialect})`, () => {
    let t: TestApp;
    let dir: string;
    beforeEach(async () => { t = await openTestApp(dialect); dir = mkdtempSync(join(tmpdir(), 'jaga-backup-')); });
    afterEach(async () => { await t.close(); rmSync(dir, { recursive: true, force: true }); });
    after(async () => { await stopTestPostgres(); });

    it('ping resolves while the database answers and rejects once it is gone', async () => {
      await t.app.store.ping();
      const url = t.config.database;
      const other = KyselyStore.open(url, () => new Date().toISOString());
      await other.ping();
      await other.close();
      await assert.rejects(other.ping());
    });

    if (dialect === 'sqlite') {
      it('backup writes a consistent owner-only copy that opens as a Jaga store, and never overwrites', async () => {
        await seedWorld(t);
        const out = join(dir, 'copy.sqlite');
        await t.app.store.backup(out);
        assert.equal(statSync(out).mode & 0o777, 0o600);
        const copy = KyselyStore.open({ dialect: 'sqlite', file: out }, () => new Date().toISOString());
        try {
          await copy.assertMigrated();
          assert.deepEqual((await copy.read((r) => r.users.list())).map((u) => u.username).sort(),
            (await t.app.store.read((r) => r.users.list())).map((u) => u.username).sort());
        } finally {
          await copy.close();
        }
        await assert.rejects(t.app.store.backup(out), (e: unknown) => e instanceof DomainError && e.kind === 'conflict' && e.code === 'backup.exists');
      });
    } else {
      it('backup refuses with a precondition that names pg_dump, and writes nothing', async () => {
        const out = join(dir, 'copy.dump');
        await assert.rejects(t.app.store.backup(out), (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.deepEqual([e.kind, e.code], ['precondition', 'store.backup_unsupported']);
          assert.match(messageOf(e, 'en'), /not supported yet for PostgreSQL: use pg_dump/);
          assert.match(messageOf(e, 'id'), /gunakan pg_dump/);
          return true;
        });
        assert.equal(existsSync(out), false);
      });
    }
  });
}
