import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { NODE_LOST_AFTER_MS, closeAbandonedSessions, confirmGatewaySessions } from '../../src/app/access/gateway-session.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { EndReason } from '../../src/domain/access/end-reason.js';
import type { GatewaySession, SessionRecording } from '../../src/ports/repositories.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

/** Above 2^32 and 2^31: a long transfer; still exact as a JS number. */
const BIG = 2 ** 40 + 12_345;

for (const dialect of DIALECTS) {
  describeOn(dialect, `the gateway session store (${dialect})`, () => {
    let t: TestApp;
    let base: Omit<GatewaySession, 'id' | 'startedAt'>;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      const w = await seedWorld(t);
      const caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' })).id;
      const ids = await t.app.store.read(async (r) => ({
        user: (await r.users.findByUsername('andi'))?.id ?? '', ws: (await r.workstations.findByAssetTag('LPSE-NB-001'))?.id ?? '', net: (await r.networks.findByName('kantor-lpse'))?.id ?? '',
      }));
      base = {
        caseId, unitId: w.unit.id, userId: ids.user, targetId: w.target.id, workstationId: ids.ws, networkId: ids.net, sourceIp: '127.0.0.1',
        keyFingerprint: 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU', endedAt: null, endReason: null, bytesUp: 0, bytesDown: 0, recordings: [], nodeId: 'node-a', heartbeatAt: null,
      };
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const insert = (id: string, startedAt: string, o: Partial<GatewaySession> = {}) =>
      t.app.store.transaction((r) => r.gatewaySessions.insert({ ...base, id, startedAt, ...o }));
    const finish = (id: string, end: Partial<{ endReason: EndReason; bytesUp: number; bytesDown: number; recordings: SessionRecording[] }> = {}) =>
      t.app.store.transaction((r) => r.gatewaySessions.finish(id, {
        endedAt: '2026-11-28T02:00:00.000Z', endReason: 'client_closed', bytesUp: 10, bytesDown: 20, recordings: [], ...end,
      }));

    it('inserts an open session and reads it back as written', async () => {
      await insert('s1', '2026-11-28T01:00:00.000Z');
      const s = await t.app.store.read((r) => r.gatewaySessions.findById('s1'));
      assert.deepEqual(s, { ...base, id: 's1', startedAt: '2026-11-28T01:00:00.000Z' });
      assert.equal(await t.app.store.read((r) => r.gatewaySessions.findById('nope')), undefined);
    });

    it('finishes an open session once: the first finish wins, a second changes nothing', async () => {
      await insert('s1', '2026-11-28T01:00:00.000Z');
      const recordings: SessionRecording[] = [
        { channel: 0, file: '2026/11/28/s1-0.cast', sha256: 'a'.repeat(64), bytes: 1234 },
        { channel: 2, file: '2026/11/28/s1-2.cast', sha256: 'b'.repeat(64), bytes: BIG },
      ];
      assert.equal(await finish('s1', { endReason: 'target_closed', bytesUp: BIG, bytesDown: BIG + 1, recordings }), true);
      assert.equal(await finish('s1', { endReason: 'shutdown', bytesUp: 1, bytesDown: 1 }), false);
      assert.equal(await finish('no-such-session'), false);
      const s = await t.app.store.read((r) => r.gatewaySessions.findById('s1'));
      assert.deepEqual(s, {
        ...base, id: 's1', startedAt: '2026-11-28T01:00:00.000Z', endedAt: '2026-11-28T02:00:00.000Z', endReason: 'target_closed',
        bytesUp: BIG, bytesDown: BIG + 1, recordings,
      });
      assert.equal(typeof s?.bytesUp, 'number');
    });

    it('keeps byte counts above 2^32 exact at insert too', async () => {
      await insert('s1', '2026-11-28T01:00:00.000Z', { bytesUp: BIG, bytesDown: 2 ** 50, endedAt: '2026-11-28T01:30:00.000Z', endReason: 'error' });
      const s = await t.app.store.read((r) => r.gatewaySessions.findById('s1'));
      assert.deepEqual([s?.bytesUp, s?.bytesDown], [BIG, 2 ** 50]);
    });

    it('lists open sessions oldest first, and a case\'s sessions', async () => {
      await insert('late', '2026-11-28T01:10:00.000Z');
      await insert('early', '2026-11-28T01:00:00.000Z');
      await insert('closed', '2026-11-28T00:50:00.000Z');
      assert.equal(await finish('closed'), true);
      const other = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'y', urgency: 'low', channel: 'web' })).id;
      await insert('other-case', '2026-11-28T01:05:00.000Z', { caseId: other });
      const open = await t.app.store.read((r) => r.gatewaySessions.listOpen());
      assert.deepEqual(open.map((s) => s.id), ['early', 'other-case', 'late']);
      const forCase = await t.app.store.read((r) => r.gatewaySessions.listForCase(base.caseId));
      assert.deepEqual(forCase.map((s) => [s.id, s.endedAt !== null]), [['closed', true], ['early', false], ['late', false]]);
      assert.deepEqual(await t.app.store.read((r) => r.gatewaySessions.listForCase('no-such-case')), []);
    });

    it('several nodes share the store: a starting node closes only its own leftovers and those of a node that stopped confirming', async () => {
      const now = t.clock.now().getTime();
      const at = (msAgo: number): string => new Date(now - msAgo).toISOString();
      await insert('mine', at(10_000), { nodeId: 'node-a', heartbeatAt: at(5_000) });
      await insert('legacy', at(10_000), { nodeId: null, heartbeatAt: null });
      await insert('b-alive', at(600_000), { nodeId: 'node-b', heartbeatAt: at(10_000) });
      await insert('c-lost', at(600_000), { nodeId: 'node-c', heartbeatAt: at(NODE_LOST_AFTER_MS + 1_000) });
      assert.equal(await closeAbandonedSessions(t.app, { nodeId: 'node-a', starting: true }), 3);
      const reasons = Object.fromEntries((await t.app.store.read((r) => r.gatewaySessions.listForCase(base.caseId))).map((s) => [s.id, s.endReason]));
      assert.deepEqual(reasons, { mine: 'gateway_restart', legacy: 'gateway_restart', 'b-alive': null, 'c-lost': 'node_lost' });
      // node-b keeps confirming its session; another node's sweep leaves it alone
      await confirmGatewaySessions(t.app, ['b-alive', 'mine']);
      const b = await t.app.store.read((r) => r.gatewaySessions.findById('b-alive'));
      assert.equal(b?.heartbeatAt, t.clock.now().toISOString());
      assert.equal((await t.app.store.read((r) => r.gatewaySessions.findById('mine')))?.heartbeatAt, at(5_000), 'a closed session is not confirmed');
      assert.equal(await closeAbandonedSessions(t.app, { nodeId: 'node-a', starting: false }), 0);
      // until node-b goes silent for longer than NODE_LOST_AFTER_MS
      t.clock.advanceSeconds(NODE_LOST_AFTER_MS / 1000 + 1);
      assert.equal(await closeAbandonedSessions(t.app, { nodeId: 'node-a', starting: false }), 1);
      assert.equal((await t.app.store.read((r) => r.gatewaySessions.findById('b-alive')))?.endReason, 'node_lost');
    });

    it('crash recovery: the sessions a killed process left get the recordings it wrote, through the RecordingStore, hashed as they are and finished', async () => {
      const now = t.clock.now().toISOString();
      await insert('killed', now, { nodeId: 'node-a', heartbeatAt: now });
      await insert('killed0', now, { nodeId: 'node-b', heartbeatAt: now });
      const rec = t.app.recordings;
      // Channel 0 was finished before the kill, channel 2 was being written; `killed0-…` is another session's.
      const done = await rec.create('killed-0.cast');
      await done.append(Buffer.from('{"version":2}\n[0.1,"o","a"]\n'));
      const d0 = await done.finish();
      const live = await rec.create('killed-2.cast');
      await live.append(Buffer.from('{"version":2}\n[0.2,"o","sebelum mati"]\n'));
      const d2 = live.written();
      await (await rec.create('killed0-0.cast')).append(Buffer.from('lain'));
      assert.equal(await closeAbandonedSessions(t.app, { nodeId: 'node-a', starting: true }), 1);
      const s = await t.app.store.read((r) => r.gatewaySessions.findById('killed'));
      assert.equal(s?.endReason, 'gateway_restart');
      assert.deepEqual(s.recordings, [
        { channel: 0, file: 'killed-0.cast', sha256: d0.sha256, bytes: d0.bytes },
        { channel: 2, file: 'killed-2.cast', sha256: d2.sha256, bytes: d2.bytes },
      ]);
      const dl = await rec.open('killed-2.cast');
      await dl.close();
      assert.equal(dl.sha256, d2.sha256, 'the unfinished one is finished now, downloadable');
      assert.deepEqual((await rec.list('killed0-')).map((r) => r.finished), [false], "another session's recording is left alone");
    });

    it('refuses a session for an unknown case (foreign key)', async () => {
      await assert.rejects(insert('s1', '2026-11-28T01:00:00.000Z', { caseId: 'no-such-case' }));
    });

    it('rolls an insert back with its transaction', async () => {
      await assert.rejects(t.app.store.transaction(async (r) => {
        await r.gatewaySessions.insert({ ...base, id: 'rolled-back', startedAt: '2026-11-28T01:00:00.000Z' });
        throw new Error('abort');
      }));
      assert.equal(await t.app.store.read((r) => r.gatewaySessions.findById('rolled-back')), undefined);
    });
  });
}
