import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sha256Hex } from '../../src/adapters/system/node-crypto.js';
import { appendToLogbook } from '../../src/app/logbook/logbook-writer.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { entryPayload } from '../../src/domain/logbook/logbook-entry.js';
import type { TestApp } from '../support/test-app.js';
import { openTestApp } from '../support/test-app.js';
import { problemEn } from '../support/chain-problem-text.js';

/*
 * An attacker with write access to the database (but not to the signing key) rewrites history
 * and re-hashes the chain so that every link is consistent again. SQLite only: the attack and
 * the verification are the same on both dialects (the trigger tests cover PostgreSQL).
 */
describe('verify against a re-hashed chain', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await openTestApp('sqlite');
    for (let i = 0; i < 150; i++) {
      await t.app.store.transaction((tx) => appendToLogbook(tx.logbook, t.app, t.clock.now().toISOString(), [
        { type: 'test.event', actorId: null, unitId: null, caseId: null, data: { i, role: i === 5 ? 'superadmin' : 'pelapor' } }]));
    }
    assert.equal((await verifyLogbook(t.app)).ok, true);
  });
  afterEach(async () => { await t.close(); });

  /** Edits one early entry and recomputes every hash and the head, as someone without the key would. */
  async function rewriteHistory(): Promise<void> {
    const db = t.app.store.db;
    await sql`DROP TRIGGER logbook_no_update`.execute(db);
    await sql`DROP TRIGGER logbook_checkpoints_no_delete`.execute(db);
    await sql`DROP TRIGGER logbook_checkpoints_no_update`.execute(db);
    const edited = await sql`UPDATE logbook SET data = replace(data, '"superadmin"', '"pelapor"') WHERE data LIKE '%superadmin%'`.execute(db);
    assert.equal(Number(edited.numAffectedRows), 1);
    const rows = await db.selectFrom('logbook').selectAll().orderBy('seq').execute();
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const hash = sha256Hex(entryPayload({ seq: r.seq, at: r.at, type: r.type, actorId: r.actor_id, unitId: r.unit_id, caseId: r.case_id, data: r.data, prevHash: prev }));
      await db.updateTable('logbook').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
      prev = hash;
    }
    await db.updateTable('logbook_head').set({ hash: prev }).execute();
  }

  it('fails when the signed checkpoints were deleted to hide the rewrite', async () => {
    await rewriteHistory();
    await sql`DELETE FROM logbook_checkpoints`.execute(t.app.store.db);
    const r = await verifyLogbook(t.app);
    assert.equal(r.ok, false);
    assert.equal(r.problem?.kind, 'missing');
    assert.equal(r.problem?.seq, 100);
    assert.match(problemEn(r.problem), /Signed checkpoint #100 is missing/);
  });

  it('fails when the checkpoints were left as they were', async () => {
    await rewriteHistory();
    const r = await verifyLogbook(t.app);
    assert.equal(r.ok, false);
    assert.equal(r.problem?.seq, 100);
    assert.match(problemEn(r.problem), /does not match its signed checkpoint/);
  });

  it('fails when the checkpoint hashes were rewritten too (the signature no longer matches)', async () => {
    await rewriteHistory();
    const h100 = (await t.app.store.db.selectFrom('logbook').select('hash').where('seq', '=', 100).executeTakeFirstOrThrow()).hash;
    await t.app.store.db.updateTable('logbook_checkpoints').set({ hash: h100 }).where('seq', '=', 100).execute();
    const r = await verifyLogbook(t.app);
    assert.equal(r.ok, false);
    assert.match(problemEn(r.problem), /no valid signature/);
  });
});

describe('verify against truncation with the head rewound', () => {
  it('fails when rows and head were cut back but a stored checkpoint still vouches for later entries', async () => {
    const t = await openTestApp('sqlite');
    try {
      for (let i = 0; i < 120; i++) {
        await t.app.store.transaction((tx) => appendToLogbook(tx.logbook, t.app, t.clock.now().toISOString(), [
          { type: 'test.event', actorId: null, unitId: null, caseId: null, data: { i } }]));
      }
      const db = t.app.store.db;
      await sql`DROP TRIGGER logbook_no_delete`.execute(db);
      await sql`DELETE FROM logbook WHERE seq > 90`.execute(db);
      const h90 = (await db.selectFrom('logbook').select('hash').where('seq', '=', 90).executeTakeFirstOrThrow()).hash;
      await db.updateTable('logbook_head').set({ seq: 90, hash: h90 }).execute();
      const r = await verifyLogbook(t.app);
      assert.equal(r.ok, false);
      assert.equal(r.problem?.kind, 'truncated');
      assert.match(problemEn(r.problem), /checkpoint #100 is past the chain head #90/);
    } finally {
      await t.close();
    }
  });
});
