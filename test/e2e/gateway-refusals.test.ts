/**
 * Every connect-time refusal of the SSH gateway, each with the real OpenSSH client: the one-line
 * Indonesian/English message on the client's stderr, and the refusal in the logbook with its rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { setTargetCredential } from '../../src/app/registry/target-credential.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, newKeyPair, settled, startGatewayWorld } from '../support/gateway-world.js';
import { runClient } from '../support/sshd.js';
import { HOST_KEY_FP, as } from '../support/test-app.js';

/** The refusal line on stderr, and the logbook's refusal entry for it. */
async function assertRefused(w: GatewayWorld, r: { status: number | null; stderr: string }, code: string, rule: string | null): Promise<void> {
  assert.equal(r.status, 255, r.stderr);
  const line = r.stderr.split('\n').find((l) => l.startsWith('Jaga: DITOLAK / REFUSED'));
  assert.ok(line, `a refusal line on stderr; got: ${r.stderr}`);
  if (rule) assert.ok(line.includes(`[${rule}]`), line);
  assert.ok(line.includes(' / '), 'Indonesian and English');
  const refusal = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['code'] === code);
  assert.ok(refusal.length > 0, `refusal ${code} in the logbook`);
  const details = refusal.at(-1)?.d['details'] as Record<string, unknown> | undefined;
  if (rule) assert.equal(details?.['rule'], rule);
}

async function caseFor(w: GatewayWorld, target: string, prepare = true): Promise<string> {
  const id = (await reportFault(w.t.app, as('pelapor'), { unit: 'gorontalo', target, system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' })).id;
  await acknowledgeReport(w.t.app, as('koor'), id, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
  if (prepare) await prepareWorkstation(w.t.app, as('andi'), id, { workstation: 'LPSE-NB-002', location: 'Kantor LPSE', network: 'kantor-lpse' });
  return id;
}

describe('SSH gateway: refusals at connect time', () => {
  let w: GatewayWorld;
  before(async () => {
    // Only 127.0.0.1 is the office; 127.0.0.3 is a VPN (not intranet); 127.0.0.2 is nowhere.
    w = await startGatewayWorld({ officeCidrs: ['127.0.0.1/32'] });
    await createNetwork(w.t.app, as('super'), { name: 'vpn-loop', unit: 'gorontalo', kind: 'vpn', cidrs: ['127.0.0.3/32'], intranet: false });
  });
  after(async () => { await w?.close(); });

  it('the allowed path works from the office address (control)', async () => {
    const r = await w.ssh('echo ok');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'ok\n');
  });

  it('A1a: a key not registered to a workstation of this user is refused', async () => {
    const stranger = newKeyPair(w.dir, 'stranger');
    const opts = w.clientOptions.map((o) => (o === w.keyPath ? stranger.path : o));
    const r = await runClient('ssh', [...opts, '-p', String(w.port), `andi:${TARGET}@127.0.0.1`, '--', 'true']);
    await assertRefused(w, r, 'gateway.A1a', 'A1a');
  });

  it('A1b: a source address outside the allowed networks is refused (ssh -b 127.0.0.2)', async () => {
    const r = await w.ssh('true', { extra: ['-b', '127.0.0.2'] });
    await assertRefused(w, r, 'gateway.A1b', 'A1b');
  });

  it('A1e: while B5 is in progress only intranet networks are accepted', async () => {
    // Another source address than the world's warm-up: no TOTP grace covers it, so a code is given.
    const b4 = await w.ssh('echo dari-vpn', { extra: ['-b', '127.0.0.3'], totp: true });
    assert.equal(b4.status, 0, `B3/B4 from the VPN is allowed: ${b4.stderr}`);
    await settled(w);
    await recordRestoration(w.t.app, as('andi'), w.caseId, { initialFix: 'layanan dijalankan ulang' });
    const b5 = await w.ssh('true', { extra: ['-b', '127.0.0.3'] });
    await assertRefused(w, b5, 'gateway.A1e', 'A1e');
    const intranet = await w.ssh('echo dari-kantor');
    assert.equal(intranet.status, 0, intranet.stderr);
  });

  it('A1c: a target registered (before the rule) with the root account is refused', async () => {
    const t = w.t.app;
    const base = await t.store.read((r) => r.targets.findByName(TARGET));
    assert.ok(base);
    // Registration refuses root, so plant such a row as an older installation might have it.
    await t.store.transaction((tx) => tx.targets.insert({ ...base, id: 'legacy-root', name: 'spse-root', loginAccount: 'root' }));
    await caseFor(w, 'spse-root');
    const r = await w.ssh('true', { login: 'andi:spse-root' });
    await assertRefused(w, r, 'gateway.A1c', 'A1c');
  });

  it('A1d: no case assigned to the user in B3–B5 for the target: no case, no access', async () => {
    await registerTarget(w.t.app, as('super'), { name: 'spse-tanpa-kasus', unit: 'gorontalo', host: w.sshd.host, port: w.sshd.port, loginAccount: w.sshd.user, hostKeyFingerprint: w.sshd.hostKeyFingerprint });
    await caseFor(w, 'spse-tanpa-kasus', false); // acknowledged, but B2 not done: not yet in B3
    const r = await w.ssh('true', { login: 'andi:spse-tanpa-kasus' });
    await assertRefused(w, r, 'gateway.A1d', 'A1d');
  });

  it('a target whose host key no longer matches the pinned fingerprint is refused before any credential is sent', async () => {
    await registerTarget(w.t.app, as('super'), { name: 'spse-kunci-lain', unit: 'gorontalo', host: w.sshd.host, port: w.sshd.port, loginAccount: w.sshd.user, hostKeyFingerprint: HOST_KEY_FP });
    await setTargetCredential(w.t.app, as('super'), { target: 'spse-kunci-lain', privateKey: w.sshd.clientKey.privateKey });
    await caseFor(w, 'spse-kunci-lain');
    const before = w.sshd.log();
    const r = await w.ssh('true', { login: 'andi:spse-kunci-lain' });
    await assertRefused(w, r, 'gateway.target_host_key_mismatch', 'host_key');
    assert.ok(!/Accepted publickey/.test(w.sshd.log().slice(before.length)), 'the target saw no login');
  });

  it('a login name without a target is refused with the expected form', async () => {
    const r = await w.ssh('true', { login: 'andi' });
    assert.equal(r.status, 255);
    assert.match(r.stderr, /PENGGUNA:TARGET atau PENGGUNA\+TARGET/);
    assert.match(r.stderr, /USER:TARGET or USER\+TARGET/);
  });

  it('port forwarding (-W, -R) and agent forwarding are refused and logged: they would bypass recording', async () => {
    const direct = await runClient('ssh', [...w.clientOptions, '-p', String(w.port), '-W', '127.0.0.1:22', `andi:${TARGET}@127.0.0.1`], { input: '' });
    assert.notEqual(direct.status, 0);
    assert.match(direct.stderr, /administratively prohibited: Jaga: DITOLAK \/ REFUSED: penerusan port/);
    assert.match(direct.stderr, /port, agent and X11 forwarding are refused/);
    const remote = await w.ssh('true', { extra: ['-o', 'ExitOnForwardFailure=yes', '-R', '0:127.0.0.1:22'] });
    assert.notEqual(remote.status, 0);
    assert.match(remote.stderr, /remote port forwarding failed/);
    const agent = await w.ssh('echo agen', { extra: ['-A'] });
    assert.equal(agent.stdout, 'agen\n');
    await settled(w);
    const refused = (await logbook(w.t)).filter((e) => e.type === 'gateway.forwarding_refused').map((e) => e.d['request']);
    assert.ok(refused.includes('direct-tcpip'), JSON.stringify(refused));
    assert.ok(refused.includes('tcpip-forward'), JSON.stringify(refused));
  });
});
