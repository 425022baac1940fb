/**
 * The gateway's second factor with real OpenSSH clients (issue 10): an executor who never enrolled
 * TOTP is refused; a code already used is told as such; after one TOTP pass the same user, key
 * and address connect again without a code for the grace (`scp` right after `ssh`), each
 * admission logged as using the grace; grace 0 asks every time; another key or address is not
 * covered.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import { resetUserTotp } from '../../src/app/registry/reset-user-credentials.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, newKeyPair, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runClient } from '../support/sshd.js';
import { as } from '../support/test-app.js';

/** The client gave up because the gateway asked for a code that BatchMode cannot type. */
function askedForCode(r: { status: number | null; stderr: string }): void {
  assert.equal(r.status, 255, r.stderr);
  assert.match(r.stderr, /Permission denied \(keyboard-interactive\)/, r.stderr);
}

describe('SSH gateway: TOTP grace (JAGA_SSH_TOTP_GRACE)', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld({ totpGraceSeconds: 600 }); });
  after(async () => { await w?.close(); });

  it('after one TOTP pass, ssh and then scp from the same key and address need no new code; each is logged as using the grace', async () => {
    // From an address of the office network that no earlier pass (the world's warm-up) came from.
    const from = ['-o', 'BindAddress=127.0.0.5'];
    const mark = (await logbook(w.t)).length;
    const first = await w.ssh('echo dengan-kode', { totp: true, extra: from });
    assert.equal(first.status, 0, first.stderr);
    const passed = (await logbook(w.t)).slice(mark).find((e) => e.type === 'auth.totp_passed' && e.d['via'] === 'gateway');
    assert.ok(passed, 'the code was passed at the gateway');
    const again = await w.ssh('echo tanpa-kode', { extra: from });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, 'tanpa-kode\n');
    const local = join(w.dir, 'grace.txt');
    writeFileSync(local, 'berkas setelah ssh\n');
    const scp = await w.scp([...from, local, `andi+${TARGET}@127.0.0.1:/tmp/jaga-grace-${process.pid}.txt`]);
    assert.equal(scp.status, 0, scp.stderr);
    await settled(w);
    const graces = (await logbook(w.t)).slice(mark).filter((e) => e.type === 'auth.totp_grace');
    assert.equal(graces.length, 2, 'the ssh and the scp after the code');
    for (const g of graces) {
      assert.equal(g.d['totpPassedAt'], passed.at, 'names when the code was passed');
      assert.equal(g.d['sourceIp'], '127.0.0.5');
      assert.equal(g.d['graceSeconds'], 600);
      assert.equal(g.caseId, w.caseId);
    }
  });

  it('another workstation key of the same user, or another source address, is not covered', async () => {
    const other = newKeyPair(w.dir, 'andi_ws2');
    await registerWorkstation(w.t.app, as('super'), { assetTag: 'LPSE-NB-003', serialNumber: 'SN-003', ownerUnit: 'gorontalo', assignedUser: 'andi', organisationOwned: true, sshKeys: [other.publicKey] });
    const opts = w.clientOptions.map((o) => (o === w.keyPath ? other.path : o));
    askedForCode(await runClient('ssh', [...opts, '-p', String(w.port), `andi:${TARGET}@127.0.0.1`, '--', 'true']));
    askedForCode(await w.ssh('true', { extra: ['-b', '127.0.0.2'] }));
    const withCode = await w.ssh('echo dari-alamat-lain', { extra: ['-b', '127.0.0.2'], totp: true });
    assert.equal(withCode.status, 0, withCode.stderr);
    await settled(w);
  });
});

describe('SSH gateway: TOTP without grace, codes used twice, executors never enrolled', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld({ totpGraceSeconds: 0 }); });
  after(async () => { await w?.close(); });

  it('grace 0: every connection asks for a code, also right after one passed', async () => {
    askedForCode(await w.ssh('true'));
    const r = await w.ssh('echo dengan-kode', { totp: true });
    assert.equal(r.status, 0, r.stderr);
    askedForCode(await w.ssh('true'));
    await settled(w);
    assert.ok(!(await logbook(w.t)).some((e) => e.type === 'auth.totp_grace'));
  });

  it('a code already used is told as such ("wait for the next one"), not as a wrong code, and logged', async () => {
    const code = await w.freshTotpCode();
    const first = await w.ssh('echo pertama', { totp: true, totpCode: code });
    assert.equal(first.status, 0, first.stderr);
    await settled(w);
    const again = await w.ssh('true', { totp: true, totpCode: code });
    assert.equal(again.status, 255);
    assert.match(again.stderr, /kode ini sudah dipakai; tunggu kode berikutnya/i, again.stderr);
    assert.match(again.stderr, /this code was already used; wait for the next one/i);
    assert.doesNotMatch(again.stderr, /Kode TOTP salah|Wrong TOTP code/);
    const failed = (await logbook(w.t)).filter((e) => e.type === 'auth.totp_failed' && e.d['via'] === 'gateway');
    assert.equal(failed.at(-1)?.d['reason'], 'reused');
  });

  it('a client that answers the code and at once sends another request (aborting keyboard-interactive) is not left with a session open: the connection ends', async () => {
    const sessions = () => w.t.app.store.read((r) => r.gatewaySessions.listForCase(w.caseId));
    const earlier = new Set((await sessions()).map((x) => x.id));
    const mark = (await logbook(w.t)).length;
    const code = await w.freshTotpCode();
    const username = `andi:${TARGET}`;
    const client = new ssh2.Client();
    client.on('error', () => {});
    let closed = false;
    client.once('close', () => { closed = true; });
    let calls = 0;
    client.on('keyboard-interactive', (_name, _instructions, _lang, _prompts, finish) => {
      finish([code]);
      // …and before the gateway has answered it, a new request (ssh2 has no call for this)
      (client as unknown as { _protocol: { authNone(user: string): void } })._protocol.authNone(username);
    });
    client.connect({ host: '127.0.0.1', port: w.port, username, privateKey: readFileSync(w.keyPath, 'utf8'), hostVerifier: () => true, readyTimeout: 30_000, tryKeyboard: true,
      // publickey, then keyboard-interactive; after that the client waits (it never gives up by itself)
      authHandler: (_methods, _partial, next) => { calls++; if (calls === 1) next('publickey'); else if (calls === 2) next('keyboard-interactive'); } });
    try {
      await waitFor(() => closed, 'the connection to end');
    } finally {
      client.end();
    }
    await settled(w);
    const added = (await logbook(w.t)).slice(mark);
    assert.ok(added.some((e) => e.type === 'auth.totp_passed'), `the code was right: ${added.map((e) => `${e.type} ${JSON.stringify(e.d)}`).join('; ')}`);
    assert.ok(closed, 'the gateway ended the connection');
    // (the old code opened one for a client SSH never let in, and left it open: no channels, no re-check, no idle timeout)
    const opened = (await sessions()).filter((x) => !earlier.has(x.id));
    assert.ok(opened.every((x) => x.endedAt !== null && x.endReason === 'client_closed'), `no session left open: ${JSON.stringify(opened.map((x) => [x.endedAt, x.endReason]))}`);
  });

  it('an executor who never enrolled TOTP (or whose TOTP was reset) is refused at connect time with how to enrol, and it is logged', async () => {
    await resetUserTotp(w.t.app, as('super'), { user: 'andi', reason: 'ponsel hilang' });
    const r = await w.ssh('true');
    assert.equal(r.status, 255);
    const line = r.stderr.split('\n').find((l) => l.startsWith('Jaga: DITOLAK / REFUSED'));
    assert.ok(line?.includes('[A1d]'), r.stderr);
    assert.match(r.stderr, /belum mendaftarkan TOTP/);
    assert.match(r.stderr, /has not enrolled TOTP: ask the unit's koordinator or a superadmin for an enrolment code/);
    const refusal = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['code'] === 'gateway.A1d').at(-1);
    assert.ok(refusal, 'logged');
    assert.match(JSON.stringify(refusal.d['reason']), /has not enrolled TOTP/);
  });
});
