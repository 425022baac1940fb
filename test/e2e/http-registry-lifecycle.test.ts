import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { HOST_KEY_FP, as } from '../support/test-app.js';

/** The registry lifecycle over HTTP: what a reset or deactivated user can still do, and the lists. SQLite only (the store is covered on both dialects by the contract suite). */
describe('registry lifecycle over HTTP (SQLite)', () => {
  let h: TestHttp;
  let su: Client;
  before(async () => { h = await openTestHttp('sqlite'); su = await h.signIn('super'); });
  after(async () => { await h.close(); });

  const errorOf = (res: { json: <T>() => T }) => res.json<{ error: string; message: string }>();

  it('after a password reset, sign-in allows only changing the password (auth.password_change_required), then everything again', async () => {
    const reset = await su.request('POST', '/api/v1/users/pelapor/reset-password', { password: 'temporary-pass-1', reason: 'lupa kata sandi' });
    assert.equal(reset.statusCode, 200, reset.body);
    assert.equal(reset.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, true);
    assert.doesNotMatch(reset.body, /temporary-pass-1/);
    const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'pelapor', password: 'temporary-pass-1' } });
    assert.equal(login.json<{ next: string }>().next, 'password_change');
    const p = await h.signIn('pelapor', 'temporary-pass-1');
    const refused = await p.request('GET', '/api/v1/cases', undefined, { 'accept-language': 'en' });
    assert.equal(refused.statusCode, 403);
    assert.equal(errorOf(refused).error, 'auth.password_change_required');
    assert.match(errorOf(refused).message, /change it first/);
    assert.equal((await p.request('GET', '/api/v1/me')).statusCode, 200);
    assert.equal((await p.request('GET', '/api/v1/auth/session')).json<{ next: string }>().next, 'password_change');
    const wrong = await p.request('POST', '/api/v1/auth/password', { currentPassword: 'not-the-password', newPassword: 'my-own-password-1' });
    assert.equal(wrong.statusCode, 403);
    assert.equal(errorOf(wrong).error, 'auth.current_password_wrong');
    const short = await p.request('POST', '/api/v1/auth/password', { currentPassword: 'temporary-pass-1', newPassword: 'short' });
    assert.equal(errorOf(short).error, 'user.password_too_short');
    const ok = await p.request('POST', '/api/v1/auth/password', { currentPassword: 'temporary-pass-1', newPassword: 'my-own-password-1' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await p.request('GET', '/api/v1/cases')).statusCode, 200);
    assert.equal((await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'pelapor', password: 'my-own-password-1' } })).json<{ next: string }>().next, 'done');
  });

  it('a deactivated user\'s session and API token stop working and sign-in says why; reactivation lets them sign in again', async () => {
    const audit = await h.signIn('audit');
    const token = await createApiToken(h.t.app, as('audit'), { name: 'monitor' });
    const bearer = { authorization: `Bearer ${token.token}` };
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer })).statusCode, 200);
    const d = await su.request('POST', '/api/v1/users/audit/deactivate', { reason: 'pensiun' });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json<{ active: boolean }>().active, false);
    assert.equal((await audit.request('GET', '/api/v1/cases')).statusCode, 401);
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer })).statusCode, 401);
    const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'audit', password: 'correct horse battery' } });
    assert.equal(login.statusCode, 403);
    assert.equal(errorOf(login).error, 'auth.actor_deactivated');
    const self = await su.request('POST', '/api/v1/users/super/deactivate', { reason: 'uji' });
    assert.equal(errorOf(self).error, 'user.cannot_deactivate_self');
    assert.equal((await su.request('POST', '/api/v1/users/audit/deactivate', { reason: 'lagi' })).statusCode, 409);
    assert.equal((await su.request('POST', '/api/v1/users/audit/reactivate', { reason: 'kembali' })).statusCode, 200);
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/cases', headers: bearer })).statusCode, 401, 'the token stays revoked');
    await h.signIn('audit');
    const users = (await su.request('GET', '/api/v1/users')).json<{ username: string; active: boolean }[]>();
    assert.equal(users.find((u) => u.username === 'audit')?.active, true);
  });

  it('retires, revokes and re-pins, and the lists show what is retired or revoked', async () => {
    const r = await su.request('POST', '/api/v1/networks/vpn-lkpp/retire', { reason: 'VPN lama dimatikan' });
    assert.equal(r.statusCode, 200, r.body);
    const nets = (await su.request('GET', '/api/v1/networks')).json<{ name: string; retiredAt: string | null }[]>();
    assert.ok(nets.find((n) => n.name === 'vpn-lkpp')?.retiredAt);
    assert.equal(nets.find((n) => n.name === 'kantor-lpse')?.retiredAt, null);
    assert.equal((await su.request('PUT', '/api/v1/networks/vpn-lkpp', { intranet: true, reason: 'x' })).statusCode, 409);

    const bad = await su.request('PUT', '/api/v1/targets/spse/host-key', { fingerprint: 'MD5:aa:bb', reason: 'x' });
    assert.equal(errorOf(bad).error, 'target.host_key_invalid');
    const fp = `SHA256:${'R'.repeat(43)}`;
    const pin = await su.request('PUT', '/api/v1/targets/spse/host-key', { fingerprint: fp, reason: 'server dipasang ulang' });
    assert.equal(pin.json<{ hostKeyFingerprint: string }>().hostKeyFingerprint, fp);
    const edit = await su.request('PUT', '/api/v1/targets/spse', { port: 2222, reason: 'port baru' });
    assert.equal(edit.json<{ port: number; hostKeyFingerprint: string }>().port, 2222);
    assert.notEqual(fp, HOST_KEY_FP);

    const ws = (await su.request('GET', '/api/v1/workstations')).json<{ id: string; assetTag: string; sshKeys: { fingerprint: string }[] }[]>()
      .find((w) => w.assetTag === 'LPSE-NB-001');
    assert.ok(ws?.sshKeys[0]);
    const rk = await su.request('POST', `/api/v1/workstations/${ws.id}/keys/revoke`, { fingerprint: ws.sshKeys[0].fingerprint, reason: 'bocor' });
    assert.equal(rk.statusCode, 200, rk.body);
    assert.deepEqual(rk.json<{ sshKeys: unknown[]; revokedKeys: { fingerprint: string }[] }>().revokedKeys.map((k) => k.fingerprint), [ws.sshKeys[0].fingerprint]);
    const retired = await su.request('POST', '/api/v1/workstations/LPSE-NB-001/retire', { reason: 'rusak' });
    assert.ok(retired.json<{ retiredAt: string }>().retiredAt);

    const grant = (await su.request('GET', '/api/v1/grants')).json<{ id: string; revokedAt: string | null }[]>()[0];
    assert.ok(grant);
    assert.equal((await su.request('POST', `/api/v1/grants/${grant.id}/revoke`, { reason: 'selesai' })).statusCode, 200);
    assert.ok((await su.request('GET', '/api/v1/grants')).json<{ id: string; revokedAt: string | null }[]>().find((g) => g.id === grant.id)?.revokedAt);
    const missing = await su.request('POST', '/api/v1/users/pelapor/unlock', {});
    assert.equal(errorOf(missing).error, 'input.invalid', 'a reason is required');
  });
});
