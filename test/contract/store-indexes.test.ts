import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, describeOn, openTestApp, stopTestPostgres } from '../support/test-app.js';

/**
 * The indexes the public and large reads rely on, as the migrated store has them: the public check
 * of a printed form's code pages through one type of logbook entry (`listOfType`), which without
 * `logbook_type_seq` would scan the whole logbook for every code anyone types.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `store indexes (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); });
    afterEach(() => t.close());
    after(async () => { await stopTestPostgres(); });

    it('reads entries of one type along logbook_type_seq', async () => {
      const db = t.app.store.db;
      if (dialect === 'sqlite') {
        const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT * FROM logbook WHERE type = ${'report.form_issued'} AND seq > ${0} ORDER BY seq LIMIT 500`.execute(db);
        assert.match(plan.rows.map((r) => r.detail).join('\n'), /USING INDEX logbook_type_seq/);
      } else {
        const ix = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE tablename = 'logbook' AND indexname = 'logbook_type_seq'`.execute(db);
        assert.match(ix.rows[0]?.indexdef ?? '', /\(type, seq\)/);
      }
    });
  });
}
