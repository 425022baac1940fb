import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { LocalNodeHub } from '../../src/adapters/node-bus/local-node-bus.js';
import { NODE_LOST_AFTER_MS } from '../../src/app/access/gateway-session.js';
import { authorizeWatch, listLiveSessions, terminateSession } from '../../src/app/access/gateway-session-views.js';
import { NodeRelay } from '../../src/app/access/node-relay.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createUser } from '../../src/app/registry/create-user.js';
import type { LiveSessionEvent } from '../../src/ports/live-sessions.js';
import type { NodeBus } from '../../src/ports/node-bus.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import { FakeLiveSessions, insertSessionRow, outcome } from '../support/session-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * Another node's sessions through this node's use cases, on both dialects: node B lists the open
 * sessions node A confirms (from the store), authorises watch and terminate with the same policy
 * as its own and logs them, and reaches node A through the NodeRelay (the in-process hub here;
 * PostgreSQL's bus in node-relay.test.ts and two real processes in e2e/two-node-watch.test.ts).
 * Node A's gateway is the LiveSessions test double.
 */

interface Entry { type: string; actorId: string | null; caseId: string | null; data: Record<string, unknown> }

for (const dialect of DIALECTS) {
  describeOn(dialect, `gateway sessions of other nodes (${dialect})`, () => {
    let t: TestApp;
    let caseId = '';
    let otherCaseId = '';
    const gatewayA = new FakeLiveSessions();
    const hub = new LocalNodeHub();
    const buses: NodeBus[] = [hub.bus('node-a'), hub.bus('node-b')];
    let relayA = new NodeRelay(gatewayA, buses[0] as NodeBus, { answerMs: 300 });
    const relayB = new NodeRelay(new FakeLiveSessions(), buses[1] as NodeBus, { answerMs: 300 });

    async function entries(): Promise<Entry[]> {
      return t.app.store.read(async (r) => {
        const out: Entry[] = [];
        for await (const page of r.logbook.scan({})) {
          for (const e of page) out.push({ type: e.type, actorId: e.actorId, caseId: e.caseId, data: JSON.parse(e.data) as Record<string, unknown> });
        }
        return out;
      });
    }
    /** An open session of `c` carried by node A, confirmed now, and A's gateway holding it. */
    async function onNodeA(c: string, username = 'andi'): Promise<GatewaySession> {
      const row = await insertSessionRow(t.app, c, { ended: false });
      await t.app.store.transaction((tx) => tx.gatewaySessions.heartbeat([row.id], t.clock.now().toISOString()));
      gatewayA.add({ id: row.id, caseId: c, unitId: row.unitId, username });
      return row;
    }

    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      await createUser(t.app, as('super'), { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: PASSWORD });
      caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'SPSE lambat', urgency: 'high', channel: 'phone' })).id;
      await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      otherCaseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'SPSE mati', urgency: 'high', channel: 'phone' })).id;
      await acknowledgeReport(t.app, as('koor'), otherCaseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
    });
    after(async () => {
      relayA.close();
      relayB.close();
      await Promise.all(buses.map((b) => b.close()));
      await t.close();
      await stopTestPostgres();
    });

    it('node B lists the sessions node A confirms, as the store tells them, to those the policy lets see them; not those of a lost node', async () => {
      const row = await onNodeA(caseId);
      const stale = await insertSessionRow(t.app, otherCaseId, { ended: false });
      await t.app.store.transaction((tx) => tx.gatewaySessions.heartbeat([stale.id], new Date(t.clock.now().getTime() - NODE_LOST_AFTER_MS - 1000).toISOString()));
      const [got, ...rest] = await listLiveSessions(t.app, as('koor'), relayB);
      assert.deepEqual(rest, []);
      assert.deepEqual(got, {
        id: row.id, caseId, unitId: row.unitId, username: 'andi', target: 'spse', sourceIp: '127.0.0.1', network: 'kantor-lpse', workstation: 'LPSE-NB-001',
        startedAt: row.startedAt, lastActivityAt: t.clock.now().toISOString(), bytesUp: 0, bytesDown: 0, channels: [], node: 'node-a',
      });
      for (const [who, n] of [['super', 1], ['audit', 1], ['andi', 1], ['koor.mdo', 0], ['pelapor', 0]] as const) {
        assert.equal((await listLiveSessions(t.app, as(who), relayB)).length, n, who);
      }
      // Without the relay (one process, no nodes known), only its own.
      assert.deepEqual(await listLiveSessions(t.app, as('koor'), new FakeLiveSessions()), []);
      assert.equal(await outcome(authorizeWatch(t.app, as('koor'), relayB, stale.id)), 'gateway_session.not_found');
      gatewayA.emit(row.id, { type: 'end', reason: 'client_closed' });
      await t.app.store.transaction((tx) => tx.gatewaySessions.finish(row.id, { endedAt: t.clock.now().toISOString(), endReason: 'client_closed', bytesUp: 0, bytesDown: 0, recordings: [] }));
      await t.app.store.transaction((tx) => tx.gatewaySessions.finish(stale.id, { endedAt: t.clock.now().toISOString(), endReason: 'node_lost', bytesUp: 0, bytesDown: 0, recordings: [] }));
    });

    it('watch and terminate through node B: the same policy, refusals and all logged on B under the case, carried out by node A', async () => {
      const row = await onNodeA(caseId);
      for (const [who, code] of [['koor.mdo', 'gateway_session.not_found'], ['andi', 'gateway_session.forbidden.watch'], ['pelapor', 'gateway_session.forbidden.watch']] as const) {
        assert.equal(await outcome(authorizeWatch(t.app, as(who), relayB, row.id)), code, who);
      }
      const info = await authorizeWatch(t.app, as('audit'), relayB, row.id);
      assert.equal(info.node, 'node-a');
      const seen: LiveSessionEvent[] = [];
      const off = relayB.watch(row.id, (e) => seen.push(e), info.node);
      assert.ok(off);
      for (let i = 0; i < 100 && gatewayA.watcherCount(row.id) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      gatewayA.emit(row.id, { type: 'o', channel: 0, t: 1, data: 'systemctl status spse\r\n' });
      for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen, [{ type: 'o', channel: 0, t: 1, data: 'systemctl status spse\r\n' }]);

      for (const [who, code] of [['audit', 'gateway_session.forbidden.terminate'], ['koor.mdo', 'gateway_session.not_found']] as const) {
        assert.equal(await outcome(terminateSession(t.app, as(who), relayB, row.id, { reason: 'x' })), code, who);
      }
      await terminateSession(t.app, as('koor'), relayB, row.id, { reason: 'dihentikan dari node B' });
      assert.deepEqual(gatewayA.terminations.at(-1), { id: row.id, by: 'koor' });
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen.at(-1), { type: 'end', reason: 'terminated' });
      const log = await entries();
      const koor = await t.app.store.read((r) => r.users.findByUsername('koor'));
      assert.ok(log.some((e) => e.type === 'gateway.session_watched' && e.data['sessionId'] === row.id && e.caseId === caseId));
      // Refused as for a session of this node, and logged under its case.
      const refusals = log.filter((e) => e.type === 'refusal' && ['gateway_session.forbidden.watch', 'gateway_session.forbidden.terminate'].includes(e.data['code'] as string));
      assert.equal(refusals.length, 3);
      assert.ok(refusals.every((e) => e.caseId === caseId));
      const term = log.find((e) => e.type === 'gateway.session_terminated' && e.data['sessionId'] === row.id);
      assert.equal(term?.actorId, koor?.id);
      assert.equal(term?.data['node'], 'node-a');
      assert.equal(term?.data['reason'], 'dihentikan dari node B');
      await t.app.store.transaction((tx) => tx.gatewaySessions.finish(row.id, { endedAt: t.clock.now().toISOString(), endReason: 'terminated', bytesUp: 0, bytesDown: 0, recordings: [] }));
    });

    it('node A not answering: terminate through node B is refused as node_unreachable, and the refusal is logged under the case', async () => {
      const row = await onNodeA(caseId);
      relayA.close(); // node A's relay is gone (its gateway still holds the session)
      try {
        assert.equal(await outcome(terminateSession(t.app, as('koor'), relayB, row.id, { reason: 'x' })), 'gateway_session.node_unreachable');
        assert.deepEqual(gatewayA.terminations.filter((x) => x.id === row.id), []);
        const refusal = (await entries()).find((e) => e.type === 'refusal' && e.data['code'] === 'gateway_session.node_unreachable');
        assert.equal(refusal?.caseId, caseId);
        assert.deepEqual((refusal.data['details'] as Record<string, unknown>)['node'], 'node-a');
      } finally {
        relayA = new NodeRelay(gatewayA, buses[0] as NodeBus, { answerMs: 300 });
      }
    });
  });
}
