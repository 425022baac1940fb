/**
 * The gateway speaks the executor's language once it knows who they are: before identification
 * every line is bilingual (no one is known yet), after it only the user's preferred language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runClient } from '../support/sshd.js';

describe('SSH gateway: the language of its lines', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld(); });
  after(async () => { await w?.close(); });

  const terminatedSession = async (): Promise<string> => {
    const client = runClient('ssh', [...w.clientOptions, '-T', '-p', String(w.port), `andi+${TARGET}@127.0.0.1`, 'sleep 20']);
    await waitFor(() => (w.gateway.live.list()[0]?.channels.length ?? 0) > 0, 'a live session with its channel open');
    const id = w.gateway.live.list()[0]?.id as string;
    assert.equal(await w.gateway.live.terminate(id, 'koor'), true);
    const r = await client;
    await settled(w);
    return r.stderr;
  };

  it('speaks only English to an executor who chose English', async () => {
    const andi = await w.t.app.store.read((r) => r.users.findByUsername('andi'));
    await w.t.app.store.transaction((tx) => tx.users.setLanguage(andi?.id as string, 'en'));
    const stderr = await terminatedSession();
    assert.match(stderr, /Jaga: the session was terminated by koor/);
    assert.doesNotMatch(stderr, /sesi diakhiri|diakhiri oleh/);
  });

  it('speaks only Indonesian to an executor who chose Indonesian, and both languages without a preference', async () => {
    const andi = await w.t.app.store.read((r) => r.users.findByUsername('andi'));
    await w.t.app.store.transaction((tx) => tx.users.setLanguage(andi?.id as string, 'id'));
    const id = await terminatedSession();
    assert.match(id, /sesi diakhiri oleh koor/);
    assert.doesNotMatch(id, /terminated by/);
    await w.t.app.store.transaction((tx) => tx.users.setLanguage(andi?.id as string, null));
    const both = await terminatedSession();
    assert.match(both, /sesi diakhiri oleh koor/);
    assert.match(both, /terminated by koor/);
  });

  it('answers a login it cannot identify in both languages', async () => {
    const r = await runClient('ssh', [...w.clientOptions, '-T', '-p', String(w.port), 'Bad Name@127.0.0.1', 'true']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /DITOLAK \/ REFUSED/);
  });
});
