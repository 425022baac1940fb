/**
 * Every evidence time the gateway writes or shows comes from the Clock port (the app's), not from
 * the process: a gateway whose Clock runs three years ahead of the machine stamps its session,
 * its events, its heartbeats and its live view three years ahead. Real sshd, real ssh client.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GatewayWorld } from '../support/gateway-world.js';
import { logbook, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';

const AHEAD_MS = 3 * 365 * 24 * 3600_000;
const aheadClock = { now: () => new Date(Date.now() + AHEAD_MS) };
/** A time the Clock gave (ahead), not the machine (within a day of now). */
const fromClock = (iso: string | null | undefined): boolean => !!iso && Math.abs(Date.parse(iso) - (Date.now() + AHEAD_MS)) < 24 * 3600_000;

describe('SSH gateway: evidence times from the Clock', () => {
  let w: GatewayWorld | undefined;
  after(async () => { await w?.close(); });

  it('session start and end, heartbeats, events and the live view carry the Clock\'s time', async () => {
    w = await startGatewayWorld({ clock: aheadClock, heartbeatMs: 200 });
    const world = w;
    const running = world.ssh('echo jam; sleep 1; sudo -n true; echo selesai', { timeoutMs: 20_000 });
    await waitFor(() => world.gateway.live.list().some((l) => l.bytesDown > 0), 'a live session with output', 10_000);
    const live = world.gateway.live.list()[0];
    assert.ok(fromClock(live?.startedAt), `live startedAt ${live?.startedAt}`);
    assert.ok(fromClock(live?.lastActivityAt), `live lastActivityAt ${live?.lastActivityAt}`);
    await new Promise((r) => setTimeout(r, 500)); // heartbeats
    const r = await running;
    assert.match(r.stdout, /jam\n/);
    await settled(world);
    const [s] = await world.t.app.store.read((tx) => tx.gatewaySessions.listForCase(world.caseId));
    assert.ok(s);
    assert.ok(fromClock(s.startedAt), `startedAt ${s.startedAt}`);
    assert.ok(fromClock(s.endedAt), `endedAt ${s.endedAt}`);
    assert.ok(fromClock(s.heartbeatAt), `heartbeatAt ${s.heartbeatAt}`);
    const entries = (await logbook(world.t)).filter((e) => e.d['sessionId'] === s.id);
    const types = entries.map((e) => e.type);
    for (const t of ['case.access_started', 'gateway.exec', 'gateway.escalation', 'case.access_ended']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    for (const e of entries) assert.ok(fromClock(e.at), `${e.type} at ${e.at}`);
    const ended = entries.find((e) => e.type === 'case.access_ended');
    assert.ok(fromClock(ended?.d['endedAt'] as string) && fromClock(ended?.d['startedAt'] as string));
    const c = await world.t.app.store.read((tx) => tx.cases.findById(world.caseId));
    const access = c?.accesses.find((a) => a.id === s.id);
    assert.ok(fromClock(access?.startedAt) && fromClock(access?.endedAt), JSON.stringify(access));
  });
});
