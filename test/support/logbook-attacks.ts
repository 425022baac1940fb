import { sql } from 'kysely';
import { createCheckpoint } from '../../src/app/logbook/create-checkpoint.js';
import { appendToLogbook } from '../../src/app/logbook/logbook-writer.js';
import type { TestApp } from './test-app.js';

/** `n` entries of type `test.event`, one transaction each (as separate use cases would write them). */
export async function appendTestEntries(t: TestApp, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.app.store.transaction((tx) => appendToLogbook(tx.logbook, t.app, t.clock.now().toISOString(), [
      { type: 'test.event', actorId: null, unitId: null, caseId: null, data: { i } }]));
  }
}

/**
 * Root on the Jaga host (SQLite): every entry after `keep` is deleted, the head rewound to it and
 * the local checkpoints replaced by one signed now with the installation's key, so the local
 * logbook alone verifies as intact.
 */
export async function cutTailAndResign(t: TestApp, keep: number): Promise<void> {
  const db = t.app.store.db;
  await sql`DROP TRIGGER logbook_no_delete`.execute(db);
  await sql`DROP TRIGGER logbook_checkpoints_no_delete`.execute(db);
  await sql`DELETE FROM logbook WHERE seq > ${keep}`.execute(db);
  await sql`DELETE FROM logbook_checkpoints`.execute(db);
  const h = (await db.selectFrom('logbook').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow()).hash;
  await db.updateTable('logbook_head').set({ seq: keep, hash: h }).execute();
  await createCheckpoint(t.app);
}
