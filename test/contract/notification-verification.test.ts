import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { verifyLogbookAs } from '../../src/app/logbook/read-logbook.js';
import { WitnessPusher } from '../../src/app/logbook/witness-checkpoints.js';
import { notifyVerificationFailed } from '../../src/app/notification/verification-failed.js';
import type { Checkpoint } from '../../src/domain/logbook/checkpoint.js';
import type { TestApp } from '../support/test-app.js';
import { as, openTestApp, seedWorld } from '../support/test-app.js';

const failed = (t: TestApp) => t.app.store.read((r) => r.notifications.list({ type: 'logbook.verification_failed', limit: 100 }));

// SQLite: the tampering below is SQLite's SQL (the verification itself is covered on both engines elsewhere).
describe('logbook.verification_failed (sqlite)', () => {
  let t: TestApp;
  beforeEach(async () => { t = await openTestApp('sqlite'); await seedWorld(t); });
  afterEach(async () => { await t.close(); });

  it('a verification that finds an edited entry is notified once, however often it runs', async () => {
    assert.equal((await verifyLogbookAs(t.app, as('audit'))).ok, true);
    assert.equal((await failed(t)).length, 0);
    await sql`DROP TRIGGER logbook_no_update`.execute(t.app.store.db);
    await sql`UPDATE logbook SET data = '{"edited":true}' WHERE seq = 2`.execute(t.app.store.db);
    const r = await verifyLogbookAs(t.app, as('audit'));
    assert.equal(r.ok, false);
    await verifyLogbookAs(t.app, as('audit'));
    const [n, ...more] = await failed(t);
    assert.equal(more.length, 0);
    assert.equal(n!.data['source'], 'verify');
    assert.equal(n!.data['seq'], r.problem!.seq);
    assert.equal(n!.data['code'], r.problem!.code);
  });

  it('a checkpoint no witness took after every attempt is notified', async () => {
    const cp: Checkpoint = { seq: 100, hash: 'a'.repeat(64), at: t.clock.now().toISOString(), keyId: t.app.signer.keyId, signature: 'x' };
    const given: string[] = [];
    const pusher = new WitnessPusher([{ name: 'dir:/saksi', push: () => Promise.reject(new Error('unreachable')), list: () => Promise.resolve([]) }], {
      attempts: 2, backoffMs: 1, log: () => undefined,
      onGiveUp: (w, c, reason) => { given.push(`${w} #${c.seq} ${reason}`); void notifyVerificationFailed(t.app, { source: 'witness', witness: w, seq: c.seq, reason }); },
    });
    pusher.push(cp);
    await pusher.settle();
    assert.deepEqual(given, ['dir:/saksi #100 unreachable']);
    for (let i = 0; i < 50 && (await failed(t)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const [n] = await failed(t);
    assert.equal(n!.data['source'], 'witness');
    assert.equal(n!.data['witness'], 'dir:/saksi');
    assert.equal(n!.data['seq'], 100);
  });
});
