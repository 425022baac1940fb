/**
 * Registry lifecycle against a live gateway session: a real OpenSSH client through the gateway
 * to a real sshd. Deactivating the user, revoking the key or retiring the network ends the open
 * session at the next access re-check (`access_revoked`, logged with the rule), and a new
 * connection is refused.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { deactivateUser } from '../../src/app/registry/deactivate-user.js';
import { revokeWorkstationKey } from '../../src/app/registry/register-workstation.js';
import { retireNetwork } from '../../src/app/registry/retire-registry-entry.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { logbook, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { as } from '../support/test-app.js';

const worlds: GatewayWorld[] = [];

const CHANGES: [string, string, (w: GatewayWorld) => Promise<unknown>][] = [
  ['the user is deactivated', 'A1a', (w) => deactivateUser(w.t.app, as('super'), { user: 'andi', reason: 'pegawai diberhentikan' })],
  ['the workstation key is revoked', 'A1a', async (w) => {
    const ws = await w.t.app.store.read((r) => r.workstations.findByAssetTag('LPSE-NB-002'));
    return revokeWorkstationKey(w.t.app, as('super'), { workstation: 'LPSE-NB-002', fingerprint: ws?.sshKeys[0]?.fingerprint, reason: 'laptop hilang' });
  }],
  ['the network is retired', 'A1b', (w) => retireNetwork(w.t.app, as('super'), { network: 'kantor-lpse', reason: 'jaringan kantor lama dimatikan' })],
];

describe('SSH gateway: registry lifecycle ends open sessions at the next re-check', () => {
  after(async () => { for (const w of worlds) await w.close().catch(() => {}); });

  for (const [what, rule, change] of CHANGES) {
    it(`a live session ends as access_revoked when ${what}, and a new connection is refused`, async () => {
      const w = await startGatewayWorld({ recheckSeconds: 1 });
      worlds.push(w);
      const running = w.ssh('echo tersambung; sleep 30', { timeoutMs: 40_000 });
      await waitFor(() => w.gateway.live.list().some((l) => l.bytesDown > 0), 'the session to be live');
      await change(w);
      const r = await running;
      assert.notEqual(r.status, 0);
      assert.match(r.stdout, /tersambung/);
      assert.match(r.stderr, new RegExp(`akses dicabut \\(${rule}: [\\s\\S]*access revoked`));
      await settled(w);
      const [s] = await w.t.app.store.read((x) => x.gatewaySessions.listForCase(w.caseId));
      assert.equal(s?.endReason, 'access_revoked');
      const refusal = (await logbook(w.t)).find((e) => e.type === 'refusal' && e.d['action'] === 'gateway.recheck');
      assert.equal((refusal?.d['details'] as Record<string, unknown> | undefined)?.['rule'], rule);
      const again = await w.ssh('echo nochmal', { timeoutMs: 20_000 });
      assert.notEqual(again.status, 0);
      assert.doesNotMatch(again.stdout, /nochmal/);
    });
  }
});
