/**
 * Networks belong to units, through the real OpenSSH client: a network admits access to its own
 * unit's targets only, a national unit's (LKPP) to every unit's; and the case's A2b lists every
 * network its gateway sessions came from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getCaseView } from '../../src/app/case/get-case-view.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { editNetwork } from '../../src/app/registry/edit-network.js';
import { caseText } from '../../src/presenters/case-text.js';
import { presentCase } from '../../src/presenters/view-models/case-view.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { logbook, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { as } from '../support/test-app.js';

describe('SSH gateway: a network admits access to its own unit\'s targets, a national unit\'s to every unit\'s', () => {
  let w: GatewayWorld;
  before(async () => {
    // 127.0.0.1 is gorontalo's office (the target's unit); 127.0.0.4 is manado's office;
    // 127.0.0.5 is a VPN of the national unit LKPP.
    w = await startGatewayWorld({ officeCidrs: ['127.0.0.1/32'] });
    await createNetwork(w.t.app, as('super'), { name: 'kantor-manado', unit: 'manado', kind: 'office_lpse', cidrs: ['127.0.0.4/32'], intranet: true });
    await createNetwork(w.t.app, as('super'), { name: 'vpn-lkpp-loop', unit: 'lkpp', kind: 'vpn', cidrs: ['127.0.0.5/32'], intranet: false });
  });
  after(async () => { await w?.close(); });

  it('refuses a network of another unit (ssh -b 127.0.0.4), saying why, and logs the refusal with its row', async () => {
    const r = await w.ssh('echo tidak-boleh', { extra: ['-b', '127.0.0.4'] });
    assert.equal(r.status, 255, r.stderr);
    assert.equal(r.stdout, '');
    const line = r.stderr.split('\n').find((l) => l.startsWith('Jaga: DITOLAK / REFUSED'));
    assert.ok(line, `a refusal line on stderr; got: ${r.stderr}`);
    assert.match(line, /\[A1b\]/);
    assert.match(line, /jaringan 'kantor-manado' milik unit manado/);
    assert.match(line, /network 'kantor-manado' belongs to unit manado and admits access only to that unit's servers/);
    const refusal = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['code'] === 'gateway.A1b').at(-1);
    const details = refusal?.d['details'] as Record<string, unknown> | undefined;
    assert.equal(details?.['rule'], 'A1b');
    assert.equal(details?.['row'], 'network_unit');
    assert.equal(details?.['network'], 'kantor-manado');
    assert.equal(details?.['sourceIp'], '127.0.0.4');
    assert.match(String((refusal?.d['reason'] as { en: string } | undefined)?.en), /belongs to unit manado/);
  });

  it('admits a network of the national unit (ssh -b 127.0.0.5) and one of the target\'s own unit; A2b lists both', async () => {
    const national = await w.ssh('echo dari-lkpp', { extra: ['-b', '127.0.0.5'], totp: true });
    assert.equal(national.status, 0, national.stderr);
    assert.equal(national.stdout, 'dari-lkpp\n');
    const own = await w.ssh('echo dari-kantor');
    assert.equal(own.status, 0, own.stderr);
    await settled(w);

    const view = presentCase(await getCaseView(w.t.app, as('koor'), w.caseId));
    assert.deepEqual(view.accesses.map((a) => [a.sourceIp, a.network?.name]), [['127.0.0.5', 'vpn-lkpp-loop'], ['127.0.0.1', 'kantor-lpse']]);
    // The one stated at B2 first, then each network an access came from, once each.
    assert.deepEqual(view.a2.networks.map((n) => [n.name, n.statedAtB2, n.accesses]), [['kantor-lpse', true, 1], ['vpn-lkpp-loop', false, 1]]);
    const en = caseText(view, 'en');
    assert.match(en, /b\. Network used: kantor-lpse \(stated at B2; 1 access\), vpn-lkpp-loop \(1 access\)$/m);
    assert.match(caseText(view, 'id'), /b\. Jaringan yang digunakan: kantor-lpse \(dinyatakan di B2; 1 akses\), vpn-lkpp-loop \(1 akses\)$/m);
    const json = JSON.parse(JSON.stringify(view)) as { a2: { networks: { name: string }[] } };
    assert.deepEqual(json.a2.networks.map((n) => n.name), ['kantor-lpse', 'vpn-lkpp-loop']);
  });
});

describe('SSH gateway: the network\'s unit is decided again while a session lasts', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld({ officeCidrs: ['127.0.0.1/32'], recheckSeconds: 1 }); });
  after(async () => { await w?.close(); });

  it('ends a session whose network is moved to another unit, logging the re-check\'s refusal with its row', async () => {
    const running = w.ssh('echo tersambung; sleep 30', { timeoutMs: 40_000 });
    await waitFor(() => w.gateway.live.list().some((l) => l.bytesDown > 0), 'the office session to be live');
    await editNetwork(w.t.app, as('super'), { network: 'kantor-lpse', unit: 'manado', reason: 'salah unit' });
    const r = await running;
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /A1b: jaringan 'kantor-lpse' milik unit manado/);
    await settled(w);
    const [s] = await w.t.app.store.read((x) => x.gatewaySessions.listForCase(w.caseId));
    assert.equal(s?.endReason, 'access_revoked');
    const refusal = (await logbook(w.t)).find((e) => e.type === 'refusal' && e.d['action'] === 'gateway.recheck');
    const details = refusal?.d['details'] as Record<string, unknown> | undefined;
    assert.deepEqual([details?.['rule'], details?.['row'], refusal?.caseId], ['A1b', 'network_unit', w.caseId]);
  });
});
