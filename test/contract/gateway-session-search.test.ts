import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { searchGatewaySessions } from '../../src/app/access/gateway-session-search.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { caseVisibility } from '../../src/domain/auth/case.policy.js';
import type { GatewaySession, GatewaySessionSearch } from '../../src/ports/repositories.js';
import { outcome } from '../support/session-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

/*
 * The search over gateway sessions (`GatewaySessionRepository.search` and the use case on it), on
 * both dialects: newest first, filtered by user, target and start time, paged, and only sessions
 * of cases the caller may see. Case G is in gorontalo (andi's), case M in manado (budi's).
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `the gateway session search (${dialect})`, () => {
    let t: TestApp;
    let base: Omit<GatewaySession, 'id' | 'startedAt'>;
    let caseM = '';
    let budi = '';
    beforeEach(async () => {
      t = await openTestApp(dialect);
      const w = await seedWorld(t);
      const caseG = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' })).id;
      caseM = (await reportFault(t.app, as('budi'), { unit: 'manado', system: 'SPSE', description: 'y', urgency: 'low', channel: 'web' })).id;
      const ids = await t.app.store.read(async (r) => ({
        user: (await r.users.findByUsername('andi'))?.id ?? '', budi: (await r.users.findByUsername('budi'))?.id ?? '',
        ws: (await r.workstations.findByAssetTag('LPSE-NB-001'))?.id ?? '', net: (await r.networks.findByName('kantor-lpse'))?.id ?? '',
      }));
      budi = ids.budi;
      base = {
        caseId: caseG, unitId: w.unit.id, userId: ids.user, targetId: w.target.id, workstationId: ids.ws, networkId: ids.net, sourceIp: '127.0.0.1',
        keyFingerprint: 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU', endedAt: null, endReason: null, bytesUp: 0, bytesDown: 0,
        recordings: [{ channel: 0, file: 'x-0.cast', sha256: 'a'.repeat(64), bytes: 10 }], nodeId: 'node-a', heartbeatAt: null,
      };
      const insert = (id: string, startedAt: string, o: Partial<GatewaySession> = {}) =>
        t.app.store.transaction((r) => r.gatewaySessions.insert({ ...base, id, startedAt, ...o }));
      await insert('g1', '2026-11-27T01:00:00.000Z');
      await insert('g2', '2026-11-28T01:00:00.000Z');
      await insert('g3', '2026-11-28T01:00:00.000Z');
      await insert('m1', '2026-11-28T02:00:00.000Z', { caseId: caseM, unitId: w.other.id, userId: budi });
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const search = (f: Partial<GatewaySessionSearch>) =>
      t.app.store.read((r) => r.gatewaySessions.search({ visibility: { all: true }, offset: 0, limit: 100, ...f })).then((l) => l.map((s) => s.id));

    it('lists newest first (ties by id, descending), filtered and paged in the store', async () => {
      assert.deepEqual(await search({}), ['m1', 'g3', 'g2', 'g1']);
      assert.deepEqual(await search({ userId: budi }), ['m1']);
      assert.deepEqual(await search({ targetId: base.targetId }), ['m1', 'g3', 'g2', 'g1']);
      assert.deepEqual(await search({ targetId: 'no-such-target' }), []);
      assert.deepEqual(await search({ startedFrom: '2026-11-28T00:00:00.000Z', startedTo: '2026-11-28T02:00:00.000Z' }), ['g3', 'g2']);
      assert.deepEqual(await search({ offset: 1, limit: 2 }), ['g3', 'g2']);
      assert.deepEqual(await search({ limit: 0 }), []);
    });

    it('selects only sessions of cases the visibility lets see', async () => {
      const pelapor = await t.app.store.read(async (r) => (await r.users.findByUsername('pelapor'))!);
      const vis = caseVisibility({ user: pelapor, grants: [], now: '2026-11-28T00:00:00.000Z' });
      assert.deepEqual(await search({ visibility: vis }), ['g3', 'g2', 'g1']);
      assert.deepEqual(await search({ visibility: { all: false, unitIds: [], unitTargets: [], executorId: '' } }), []);
    });

    it('the use case pages, names, and keeps recordings to those the policy lets have them', async () => {
      const page = await searchGatewaySessions(t.app, as('super'), { limit: 2 });
      assert.deepEqual([page.items.map((i) => i.session.id), page.more], [['m1', 'g3'], true]);
      assert.deepEqual([page.items[1]?.username, page.items[1]?.target, page.items[1]?.network, page.items[1]?.workstation], ['andi', 'spse', 'kantor-lpse', 'LPSE-NB-001']);
      assert.equal(page.items[1]?.recordings?.length, 1);
      const byPelapor = await searchGatewaySessions(t.app, as('pelapor'), {});
      assert.deepEqual(byPelapor.items.map((i) => [i.session.id, i.recordings]), [['g3', null], ['g2', null], ['g1', null]]);
      const byBudi = await searchGatewaySessions(t.app, as('budi'), { user: 'budi' });
      assert.deepEqual(byBudi.items.map((i) => [i.session.id, i.recordings?.length]), [['m1', 1]]);
      // An unknown name selects nothing (no probing which users or targets exist).
      assert.deepEqual((await searchGatewaySessions(t.app, as('pelapor'), { user: 'nobody' })).items, []);
      assert.deepEqual((await searchGatewaySessions(t.app, as('pelapor'), { target: 'nothing' })).items, []);
      assert.equal(await outcome(searchGatewaySessions(t.app, as('super'), { limit: 101 })), 'input.invalid');
      assert.equal(await outcome(searchGatewaySessions(t.app, as('super'), { from: 'yesterday' })), 'input.invalid');
    });
  });
}
