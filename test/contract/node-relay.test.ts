import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { LocalNodeHub } from '../../src/adapters/node-bus/local-node-bus.js';
import { PgNodeBus } from '../../src/adapters/node-bus/pg-node-bus.js';
import { sealedNodeBus } from '../../src/adapters/node-bus/sealed-node-bus.js';
import { NodeRelay, RELAY_MAX_PENDING_BYTES } from '../../src/app/access/node-relay.js';
import { DomainError } from '../../src/domain/errors.js';
import { NO_LIVE_SESSIONS } from '../../src/http/routes/session.routes.js';
import type { LiveSessionEvent, LiveSessionInfo } from '../../src/ports/live-sessions.js';
import type { NodeBus } from '../../src/ports/node-bus.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { FakeLiveSessions } from '../support/session-fixtures.js';
import { describeOn, stopTestPostgres } from '../support/test-app.js';

/*
 * NodeRelay: the node a request lands on (B) watches and ends a session another node (A)
 * carries. First with everything real (the gateway in front of a real sshd, `ssh -tt`, the
 * PostgreSQL bus): a long output arrives whole and in order, in pieces below NOTIFY's limit.
 * Then the protocol's edges over the in-process hub, with the LiveSessions test double as the
 * carrying node's gateway (a burst no real client produces on cue): a watch that falls behind is dropped without holding
 * the session, each side lets go of a silent other, terminate answers or says the node is gone.
 */

describeOn('postgres', 'NodeRelay over PostgreSQL: a real gateway session relayed to another node', () => {
  let w: GatewayWorld;
  let buses: NodeBus[] = [];
  before(async () => { w = await startGatewayWorld({ dialect: 'postgres', nodeId: 'node-a' }); });
  after(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await w?.close();
    await stopTestPostgres();
  });

  it('the watcher on node B gets every output byte of a long run in order, then the end', async () => {
    const db = w.t.config.database;
    assert.equal(db.dialect, 'postgres');
    // As `jaga serve` runs them: sealed with the installation's data key. Someone with the
    // database's credentials listening on node B's channel reads none of the session.
    const spy = await PgNodeBus.open(db.url, 'node-b');
    const overheard: string[] = [];
    spy.listen((p) => overheard.push(p));
    buses = [sealedNodeBus(await PgNodeBus.open(db.url, 'node-a'), w.t.app.secretBox), sealedNodeBus(await PgNodeBus.open(db.url, 'node-b'), w.t.app.secretBox), spy];
    const a = new NodeRelay(w.gateway.live, buses[0] as NodeBus);
    const b = new NodeRelay(NO_LIVE_SESSIONS, buses[1] as NodeBus);
    try {
      const pty = runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
        { wait: '\\$ ' }, { sleepMs: 1500 }, { send: 'seq 1 30000; echo selesai-✓-日本-$((6*7))\r' },
        // Waits for what only the output holds (the echo of the typed line holds `$((6*7))`): `exit`
        // typed while seq still runs would be echoed by the target's terminal into its output.
        { wait: 'selesai-✓-日本-42\r\n', timeoutMs: 30_000 },
        { send: 'exit\r' }]);
      await waitFor(() => w.gateway.live.list().length === 1, 'the live session');
      const id = (w.gateway.live.list()[0] as LiveSessionInfo).id;
      assert.equal(b.get(id), undefined);
      assert.equal(a.get(id)?.node, 'node-a');
      const events: LiveSessionEvent[] = [];
      const off = b.watch(id, (e) => events.push(e), 'node-a');
      assert.ok(off);
      assert.equal((await pty).status, 0);
      await waitFor(() => events.at(-1)?.type === 'end', 'the end through the relay');
      assert.deepEqual(events.at(-1), { type: 'end', reason: 'client_closed' });
      const text = events.map((e) => (e.type === 'o' ? e.data : '')).join('');
      const numbers = [...text.matchAll(/^(\d+)\r$/gm)].map((m) => Number(m[1]));
      assert.deepEqual(numbers, Array.from({ length: 30_000 }, (_, i) => i + 1));
      assert.match(text, /selesai-✓-日本-42\r\n/);
      assert.ok(Buffer.byteLength(text) > 150_000, 'far more than one NOTIFY carries');
      assert.ok(overheard.length > 20 && overheard.every((p) => p.startsWith('v1.') && !p.includes('selesai') && !/\d+\\r\\n\d+/.test(p)),
        'on the wire only sealed messages, nothing of the session in clear');
      off();
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('NodeRelay protocol (in-process hub)', () => {
  let hub: LocalNodeHub;
  let src: FakeLiveSessions;
  let info: LiveSessionInfo;
  let busA: NodeBus;
  let busB: NodeBus;
  let a: NodeRelay;
  let b: NodeRelay;
  const opts = { silenceMs: 300, answerMs: 300 };
  const setUp = () => {
    hub = new LocalNodeHub();
    src = new FakeLiveSessions();
    info = src.add({ caseId: 'kasus-1', unitId: 'gorontalo', username: 'andi' });
    busA = hub.bus('node-a');
    busB = hub.bus('node-b');
    a = new NodeRelay(src, busA, opts);
    b = new NodeRelay(NO_LIVE_SESSIONS, busB, opts);
  };
  afterEach(async () => { a.close(); b.close(); await busA.close(); await busB.close(); });

  it('relays on demand only: nothing is subscribed until B watches, and B\'s unwatch lets go at once', async () => {
    setUp();
    assert.equal(src.watcherCount(info.id), 0);
    const got: LiveSessionEvent[] = [];
    const off = b.watch(info.id, (e) => got.push(e), 'node-a');
    await waitFor(() => src.watcherCount(info.id) === 1, 'A to subscribe');
    src.emit(info.id, { type: 'o', channel: 0, t: 0.5, data: 'halo\r\n' });
    src.emit(info.id, { type: 'r', channel: 0, t: 0.6, data: '120x40' });
    await waitFor(() => got.length === 2, 'the events');
    assert.deepEqual(got, [{ type: 'o', channel: 0, t: 0.5, data: 'halo\r\n' }, { type: 'r', channel: 0, t: 0.6, data: '120x40' }]);
    off?.();
    await waitFor(() => src.watcherCount(info.id) === 0, 'A to let go');
  });

  it('a watch that falls too far behind is dropped at once; the session\'s events never wait for it', async () => {
    setUp();
    const got: LiveSessionEvent[] = [];
    b.watch(info.id, (e) => got.push(e), 'node-a');
    await waitFor(() => src.watcherCount(info.id) === 1, 'A to subscribe');
    const chunk = 'x'.repeat(32 * 1024);
    // More than A holds for one watch, in one turn of the event loop: the emitter returns each time.
    for (let i = 0; i < (2 * RELAY_MAX_PENDING_BYTES) / chunk.length; i++) src.emit(info.id, { type: 'o', channel: 0, t: i, data: chunk });
    assert.equal(src.watcherCount(info.id), 0, 'A unsubscribed the dropped watch');
    await waitFor(() => got.some((e) => e.type === 'relay_lost'), 'B to be told');
    assert.deepEqual(got.at(-1), { type: 'relay_lost', why: 'dropped' });
    assert.ok(!got.some((e) => e.type === 'o'), 'nothing of the burst was half sent');
  });

  it('A stops relaying to a watcher whose node went silent (no renewal); B tells its watcher when A falls silent', async () => {
    setUp();
    b.watch(info.id, () => undefined, 'node-a');
    await waitFor(() => src.watcherCount(info.id) === 1, 'A to subscribe');
    await busB.close(); // B is gone: its bus first, so it cannot say goodbye
    b.close();
    await waitFor(() => src.watcherCount(info.id) === 0, 'A to let go of the silent watcher', 5_000);

    busB = hub.bus('node-b');
    b = new NodeRelay(NO_LIVE_SESSIONS, busB, opts);
    const got: LiveSessionEvent[] = [];
    b.watch(info.id, (e) => got.push(e), 'node-a');
    await waitFor(() => src.watcherCount(info.id) === 1, 'A to subscribe again');
    await busA.close(); // A is gone without a word
    a.close();
    await waitFor(() => got.length > 0, 'B to notice', 5_000);
    assert.deepEqual(got, [{ type: 'relay_lost', why: 'unreachable' }]);
  });

  it('watching a session A does not hold: gone; the end ends the relay', async () => {
    setUp();
    const none: LiveSessionEvent[] = [];
    b.watch('tidak-ada', (e) => none.push(e), 'node-a');
    await waitFor(() => none.length === 1, 'the answer');
    assert.deepEqual(none, [{ type: 'relay_lost', why: 'gone' }]);
    const got: LiveSessionEvent[] = [];
    b.watch(info.id, (e) => got.push(e), 'node-a');
    await waitFor(() => src.watcherCount(info.id) === 1, 'A to subscribe');
    src.emit(info.id, { type: 'end', reason: 'client_closed' });
    await waitFor(() => got.length === 1, 'the end');
    assert.deepEqual(got, [{ type: 'end', reason: 'client_closed' }]);
    assert.equal(src.watcherCount(info.id), 0);
  });

  it('terminate: A ends the session as asked and answers; not held there: false; a node that does not answer: node_unreachable', async () => {
    setUp();
    const other = src.add({ caseId: 'kasus-2', unitId: 'gorontalo', username: 'dita' });
    assert.equal(await b.terminate(info.id, 'koor', 'node-a'), true);
    assert.deepEqual(src.terminations, [{ id: info.id, by: 'koor' }]);
    assert.equal(await b.terminate('tidak-ada', 'koor', 'node-a'), false);
    await assert.rejects(b.terminate(other.id, 'koor', 'node-z'), (err: unknown) =>
      err instanceof DomainError && err.code === 'gateway_session.node_unreachable' && err.params['node'] === 'node-z');
    // A session of its own is ended here, whatever node is named.
    assert.equal(await a.terminate(other.id, 'super', 'node-b'), true);
    assert.deepEqual(src.terminations.map((x) => x.by), ['koor', 'super']);
  });
});
