import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { authorizeGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { authenticateApiToken, authenticateSession } from '../../src/app/auth/authenticate.js';
import { changeOwnPassword } from '../../src/app/auth/change-password.js';
import { signIn } from '../../src/app/auth/sign-in.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { listCases } from '../../src/app/case/list-cases.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createGrant } from '../../src/app/registry/create-grant.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { deactivateUser, reactivateUser } from '../../src/app/registry/deactivate-user.js';
import { editNetwork } from '../../src/app/registry/edit-network.js';
import { editTarget, repinTargetHostKey } from '../../src/app/registry/edit-target.js';
import { listGrants, listNetworks, listTargets, listUsers, listWorkstations } from '../../src/app/registry/list-registry.js';
import { addWorkstationKey, replaceWorkstationKey, revokeWorkstationKey } from '../../src/app/registry/register-workstation.js';
import { resetUserPassword, resetUserTotp, unlockUser } from '../../src/app/registry/reset-user-credentials.js';
import { retireNetwork, retireTarget, retireWorkstation, revokeGrant } from '../../src/app/registry/retire-registry-entry.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, PASSWORD, SSH_KEY, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';
import { enrolTotp } from '../support/totp.js';

const ANDI_KEY = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const NEW_KEY_LINE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8qFtKvJb4EovpQ0m5wXqN1z0wDdGmSRhbQf0yQ3uAa andi@new';
const NEW_FP = `SHA256:${'C'.repeat(43)}`;
const su = as('super');
const why = { reason: 'pegawai pindah tugas' };

async function refusedWith(p: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, messageOf(e, 'en'));
    assert.ok(messageOf(e, 'id') !== messageOf(e, 'en'), 'worded in both languages');
    assert.notEqual(messageOf(e, 'en'), code, 'the catalogue has words for it');
    return e;
  }
  assert.fail(`expected refusal ${code}`);
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `registry lifecycle (${dialect})`, () => {
    let t: TestApp;
    // andi has TOTP, as every executor the gateway admits (issue 10).
    beforeEach(async () => { t = await openTestApp(dialect); await seedWorld(t); await enrolTotp(t, 'andi'); });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const entries = async (type: string) => {
      const all = await t.app.store.read(async (r) => { const out = []; for await (const p of r.logbook.scan({})) out.push(...p); return out; });
      return all.filter((e) => e.type === type).map((e) => ({ ...e, d: JSON.parse(e.data) as Record<string, unknown> }));
    };
    const superId = async () => (await t.app.store.read((r) => r.users.findByUsername('super')))?.id;
    /** The change is in the logbook with who did it and why. */
    async function logged(type: string, reason = why.reason): Promise<Record<string, unknown>> {
      const [e, ...more] = await entries(type);
      assert.ok(e, `no ${type} entry`);
      assert.equal(more.length, 0);
      assert.equal(e.actorId, await superId());
      assert.equal(e.d['reason'], reason);
      return e.d;
    }
    const gatewayCase = async () => {
      const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' });
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      await prepareWorkstation(t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-lpse' });
      return c.id;
    };
    const connect = () => authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' });

    it('deactivates a user: no --as, no sign-in, sessions and tokens dead, the gateway refuses; reactivation needs new sessions', async () => {
      await gatewayCase();
      await connect();
      const session = await signIn(t.app, { username: 'pelapor', password: PASSWORD }, { sourceIp: null });
      const token = await createApiToken(t.app, as('pelapor'), { name: 'ci' });
      const u = await deactivateUser(t.app, su, { user: 'pelapor', ...why });
      assert.equal(u.active, false);
      assert.equal((await logged('registry.user.deactivated'))['username'], 'pelapor');
      const stored = await t.app.store.read((r) => r.users.findByUsername('pelapor'));
      assert.equal(stored?.active, false);
      assert.equal(stored?.deactivatedAt, t.clock.now().toISOString());
      await refusedWith(listCases(t.app, as('pelapor'), {}), 'auth.actor_deactivated');
      await refusedWith(signIn(t.app, { username: 'pelapor', password: PASSWORD }, { sourceIp: null }), 'auth.actor_deactivated');
      await refusedWith(signIn(t.app, { username: 'pelapor', password: 'wrong password!' }, { sourceIp: null }), 'auth.invalid_credentials');
      assert.equal(await authenticateSession(t.app, session.sessionToken), undefined);
      assert.equal(await authenticateApiToken(t.app, token.token), undefined);
      await deactivateUser(t.app, su, { user: 'andi', ...why });
      await refusedWith(connect(), 'gateway.A1a');
      await refusedWith(deactivateUser(t.app, su, { user: 'andi', ...why }), 'user.already_inactive');
      await reactivateUser(t.app, su, { user: 'pelapor', reason: 'kembali bertugas' });
      assert.equal((await logged('registry.user.reactivated', 'kembali bertugas'))['username'], 'pelapor');
      assert.equal(await authenticateApiToken(t.app, token.token), undefined, 'revoked tokens stay revoked');
      assert.equal(await authenticateSession(t.app, session.sessionToken), undefined);
      assert.ok((await listCases(t.app, as('pelapor'), {})).items);
      await refusedWith(reactivateUser(t.app, su, { user: 'pelapor', ...why }), 'user.already_active');
    });

    it('refuses lifecycle changes by anyone but the superadmin, a missing reason, an unknown user and deactivating oneself — logging each refusal', async () => {
      for (const who of ['koor', 'andi', 'audit', 'pelapor']) {
        await refusedWith(deactivateUser(t.app, as(who), { user: 'budi', ...why }), 'registry.forbidden');
        await refusedWith(retireNetwork(t.app, as(who), { network: 'vpn-lkpp', ...why }), 'registry.forbidden');
      }
      // The registry is named in the language asked for, never in both.
      const e = await refusedWith(retireNetwork(t.app, as('koor'), { network: 'vpn-lkpp', ...why }), 'registry.forbidden');
      assert.equal(messageOf(e, 'en'), 'Only a superadmin may change the network registry.');
      assert.equal(messageOf(e, 'id'), 'Hanya superadmin yang dapat mengubah registri jaringan.');
      await refusedWith(deactivateUser(t.app, su, { user: 'budi' }), 'input.invalid');
      await refusedWith(deactivateUser(t.app, su, { user: 'budi', reason: '  ' }), 'input.invalid');
      await refusedWith(deactivateUser(t.app, su, { user: 'nobody', ...why }), 'user.not_found');
      await refusedWith(deactivateUser(t.app, su, { user: 'super', ...why }), 'user.cannot_deactivate_self');
      const refusals = (await entries('refusal')).filter((e) => e.d['action'] === 'registry.user.deactivate');
      assert.equal(refusals.length, 8);
      assert.equal((await t.app.store.read((r) => r.users.findByUsername('budi')))?.active, true);
    });

    it('resets a password: sign-in then says a change is required, the change needs the current password and clears it', async () => {
      const before = await signIn(t.app, { username: 'pelapor', password: PASSWORD }, { sourceIp: null });
      await refusedWith(resetUserPassword(t.app, su, { user: 'pelapor', password: 'short', ...why }), 'user.password_too_short');
      await resetUserPassword(t.app, su, { user: 'pelapor', password: 'temporary-pass-1', ...why });
      const d = await logged('registry.user.password_reset');
      assert.doesNotMatch(JSON.stringify(d), /temporary-pass-1/, 'the password is not logged');
      assert.equal(await authenticateSession(t.app, before.sessionToken), undefined, 'old sessions end');
      await refusedWith(signIn(t.app, { username: 'pelapor', password: PASSWORD }, { sourceIp: null }), 'auth.invalid_credentials');
      const s = await signIn(t.app, { username: 'pelapor', password: 'temporary-pass-1' }, { sourceIp: null });
      assert.equal(s.next, 'password_change');
      assert.equal(s.user.passwordChangeRequired, true);
      await refusedWith(changeOwnPassword(t.app, as('pelapor'), { currentPassword: 'wrong-current-1', newPassword: 'brand-new-pass-1' }), 'auth.current_password_wrong');
      await refusedWith(changeOwnPassword(t.app, as('pelapor'), { currentPassword: 'temporary-pass-1', newPassword: 'temporary-pass-1' }), 'user.password_same');
      await refusedWith(changeOwnPassword(t.app, as('pelapor'), { currentPassword: 'temporary-pass-1', newPassword: 'short' }), 'user.password_too_short');
      const other = await signIn(t.app, { username: 'pelapor', password: 'temporary-pass-1' }, { sourceIp: null });
      const u = await changeOwnPassword(t.app, as('pelapor'), { currentPassword: 'temporary-pass-1', newPassword: 'brand-new-pass-1' },
        { keepSession: t.app.sha256(s.sessionToken) });
      assert.equal(u.passwordChangeRequired, false);
      assert.ok(await authenticateSession(t.app, s.sessionToken), 'the session that changed it stays');
      assert.equal(await authenticateSession(t.app, other.sessionToken), undefined, 'every other session ends');
      const [changed] = await entries('auth.password_changed');
      assert.equal(changed?.d['wasRequired'], true);
      assert.equal((await signIn(t.app, { username: 'pelapor', password: 'brand-new-pass-1' }, { sourceIp: null })).next, 'done');
    });

    it('resets TOTP (the next sign-in enrols again) and unlocks a locked sign-in', async () => {
      const andi = await t.app.store.read((r) => r.users.findByUsername('andi'));
      await t.app.store.transaction((tx) => tx.mfa.upsert({ userId: andi?.id ?? '', secretEnc: t.app.secretBox.seal('JBSWY3DPEHPK3PXP'), enabledAt: t.clock.now().toISOString(), recoveryHashes: [], lastUsedStep: null }));
      assert.equal((await signIn(t.app, { username: 'andi', password: PASSWORD }, { sourceIp: null })).next, 'totp');
      await resetUserTotp(t.app, su, { user: 'andi', ...why });
      assert.equal((await logged('registry.user.totp_reset'))['wasEnrolled'], true);
      assert.equal((await signIn(t.app, { username: 'andi', password: PASSWORD }, { sourceIp: null })).next, 'totp_enrolment');

      for (let i = 0; i < 5; i++) await signIn(t.app, { username: 'koor', password: 'wrong password!' }, { sourceIp: null }).catch(() => {});
      await refusedWith(signIn(t.app, { username: 'koor', password: PASSWORD }, { sourceIp: null }), 'auth.locked');
      const u = await unlockUser(t.app, su, { user: 'koor', ...why });
      assert.equal(u.wasLocked, true);
      assert.equal((await logged('registry.user.unlocked'))['wasLocked'], true);
      assert.equal((await signIn(t.app, { username: 'koor', password: PASSWORD }, { sourceIp: null })).next, 'totp_enrolment');
    });

    it('revokes and replaces workstation keys, keeping the history; a revoked key authenticates nobody', async () => {
      await gatewayCase();
      await connect();
      await refusedWith(revokeWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', fingerprint: NEW_FP, ...why }), 'workstation.key_not_found');
      const w = await revokeWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', fingerprint: ANDI_KEY, reason: 'laptop hilang' });
      assert.deepEqual(w.sshKeys, []);
      assert.deepEqual(w.revokedKeys?.map((k) => [k.fingerprint, k.revokedAt]), [[ANDI_KEY, t.clock.now().toISOString()]]);
      assert.equal((await logged('registry.workstation.key_revoked', 'laptop hilang'))['fingerprint'], ANDI_KEY);
      await refusedWith(connect(), 'gateway.A1a');
      assert.equal(await t.app.store.read((r) => r.workstations.findByKeyFingerprint(ANDI_KEY)), undefined);
      await refusedWith(revokeWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', fingerprint: ANDI_KEY, ...why }), 'workstation.key_revoked');
      await refusedWith(addWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', sshKey: SSH_KEY }), 'registry.duplicate');

      const added = await addWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', sshKey: NEW_KEY_LINE });
      t.clock.advanceSeconds(60);
      const r = await replaceWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', fingerprint: added.fingerprint, sshKey: otherKeyLine(), ...why });
      assert.equal(r.sshKeys.length, 1);
      assert.deepEqual(r.revokedKeys?.map((k) => k.fingerprint), [ANDI_KEY, added.fingerprint]);
      const d = await logged('registry.workstation.key_replaced');
      assert.deepEqual([d['revoked'], d['added']], [added.fingerprint, r.sshKeys[0]?.fingerprint]);
      // A replacement that fails (a duplicate new key) revokes nothing.
      await refusedWith(replaceWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', fingerprint: r.sshKeys[0]?.fingerprint, sshKey: NEW_KEY_LINE, ...why }), 'registry.duplicate');
      assert.equal((await t.app.store.read((x) => x.workstations.findByAssetTag('LPSE-NB-001')))?.sshKeys.length, 1);
      assert.equal(await count(t, 'workstation_keys'), 3, 'no key row is deleted');
    });

    it('retires a workstation, a network and a target; the gateway refuses each, the lists still show them as retired', async () => {
      await gatewayCase();
      await connect();
      const w = await retireWorkstation(t.app, su, { workstation: 'LPSE-NB-001', ...why });
      assert.ok(w.retiredAt);
      await logged('registry.workstation.retired');
      await refusedWith(connect(), 'gateway.A1a');
      await refusedWith(addWorkstationKey(t.app, su, { workstation: 'LPSE-NB-001', sshKey: NEW_KEY_LINE }), 'workstation.retired');
      await refusedWith(retireWorkstation(t.app, su, { workstation: 'LPSE-NB-001', ...why }), 'workstation.retired');
      assert.ok((await listWorkstations(t.app, su)).find((x) => x.assetTag === 'LPSE-NB-001')?.retiredAt);
    });

    it('retiring the network a session uses, or its target, refuses the gateway; retired entries cannot be edited', async () => {
      await gatewayCase();
      await retireNetwork(t.app, su, { network: 'kantor-lpse', ...why });
      assert.equal((await logged('registry.network.retired'))['name'], 'kantor-lpse');
      await refusedWith(connect(), 'gateway.A1b');
      assert.ok((await listNetworks(t.app, su)).find((n) => n.name === 'kantor-lpse')?.retiredAt, 'listed as retired');
      assert.equal((await t.app.store.read((r) => r.networks.list())).some((n) => n.name === 'kantor-lpse'), false, 'not in service');
      await refusedWith(editNetwork(t.app, su, { network: 'kantor-lpse', intranet: false, ...why }), 'network.retired');
      await refusedWith(retireNetwork(t.app, su, { network: 'kantor-lpse', ...why }), 'network.retired');

      await retireTarget(t.app, su, { target: 'spse', ...why });
      await logged('registry.target.retired');
      await refusedWith(connect(), 'gateway.A1b');
      await refusedWith(editTarget(t.app, su, { target: 'spse', port: 2200, ...why }), 'target.retired');
      await refusedWith(repinTargetHostKey(t.app, su, { target: 'spse', fingerprint: NEW_FP, ...why }), 'target.retired');
      await refusedWith(createGrant(t.app, su, { user: 'vendor', unit: 'gorontalo', target: 'spse' }), 'target.retired');
      assert.ok((await listTargets(t.app, su)).find((x) => x.name === 'spse')?.retiredAt);
      assert.equal(await count(t, 'networks'), 3);
      assert.equal(await count(t, 'targets'), 1);
    });

    it('B2 fails the provision of a retired workstation (A1a), network (A1b) or target (A1d), and keeps the finding', async () => {
      const acknowledged = async () => {
        const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' });
        await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
        return c.id;
      };
      const failedChecks = async (caseId: string) => {
        const p = await prepareWorkstation(t.app, as('andi'), caseId, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-lpse' });
        return p.preparation?.checks.filter((x) => !x.passed).map((x) => [x.code, x.reason.en]);
      };
      assert.deepEqual(await failedChecks(await acknowledged()), []);
      await retireNetwork(t.app, su, { network: 'kantor-lpse', ...why });
      assert.deepEqual(await failedChecks(await acknowledged()), [['b', "A1b: network 'kantor-lpse' is retired."]]);
      // A case already open on a target that is then retired fails A1d at B2.
      const open = await acknowledged();
      await retireWorkstation(t.app, su, { workstation: 'LPSE-NB-001', ...why });
      await retireTarget(t.app, su, { target: 'spse', ...why });
      assert.deepEqual(await failedChecks(open), [
        ['a', 'A1a: workstation LPSE-NB-001 is retired.'], ['b', "A1b: network 'kantor-lpse' is retired."], ['d', 'A1d: target spse is retired.'],
      ]);
    });

    it('retiring an inner network refuses its addresses at the gateway instead of letting a wider intranet range admit them', async () => {
      await gatewayCase();
      await createNetwork(t.app, su, { name: 'vpn-dalam', unit: 'gorontalo', kind: 'vpn', cidrs: ['127.0.0.0/16'], intranet: false });
      assert.equal((await connect()).network.name, 'vpn-dalam', 'the longest prefix matches');
      await retireNetwork(t.app, su, { network: 'vpn-dalam', ...why });
      const e = await refusedWith(connect(), 'gateway.A1b');
      assert.match(messageOf(e, 'en'), /vpn-dalam' is retired/);
    });

    it('a reset password refuses the gateway and ends API tokens until the user changes it', async () => {
      await gatewayCase();
      await connect();
      const token = await createApiToken(t.app, as('andi'), { name: 'skrip' });
      await resetUserPassword(t.app, su, { user: 'andi', password: 'temporary-pass-1', ...why });
      const e = await refusedWith(connect(), 'gateway.A1d');
      assert.match(messageOf(e, 'en'), /password was reset/);
      assert.equal(await authenticateApiToken(t.app, token.token), undefined, 'tokens made with the old password end');
      await changeOwnPassword(t.app, as('andi'), { currentPassword: 'temporary-pass-1', newPassword: 'brand-new-pass-1' });
      assert.ok(await connect());
    });

    it('a retired target is refused at the gateway even from an allowed network', async () => {
      await gatewayCase();
      await retireTarget(t.app, su, { target: 'spse', ...why });
      await refusedWith(connect(), 'gateway.A1d');
    });

    it('edits a network and a target, logging before and after; refuses bad values and empty edits', async () => {
      const n = await editNetwork(t.app, su, { network: 'vpn-lkpp', cidrs: ['10.9.0.0/16'], intranet: true, unit: 'gorontalo', ...why });
      assert.deepEqual([n.cidrs, n.intranet, n.unitId !== null], [['10.9.0.0/16'], true, true]);
      const d = await logged('registry.network.edited');
      assert.deepEqual((d['before'] as { cidrs: string[] }).cidrs, ['10.8.0.0/16']);
      assert.deepEqual((await t.app.store.read((r) => r.networks.findByName('vpn-lkpp')))?.cidrs, ['10.9.0.0/16']);
      await editNetwork(t.app, su, { network: 'vpn-lkpp', unit: 'lkpp', reason: 'kembali LKPP' });
      const lkpp = await t.app.store.read((r) => r.units.findByCode('lkpp'));
      assert.equal((await t.app.store.read((r) => r.networks.findByName('vpn-lkpp')))?.unitId, lkpp?.id);
      // Every network belongs to a unit: there is no "no unit" any more (LKPP-wide = the national unit's).
      await refusedWith(editNetwork(t.app, su, { network: 'vpn-lkpp', unit: null, ...why }), 'input.invalid');
      await refusedWith(editNetwork(t.app, su, { network: 'vpn-lkpp', ...why }), 'registry.nothing_to_change');
      await refusedWith(editNetwork(t.app, su, { network: 'vpn-lkpp', cidrs: ['10.9.0.1/16'], ...why }), 'network.cidr_invalid');
      await refusedWith(editNetwork(t.app, su, { network: 'warkop', intranet: true, ...why }), 'network.public_intranet');
      await refusedWith(editNetwork(t.app, su, { network: 'vpn-lkpp', unit: 'atlantis', ...why }), 'unit.not_found');

      const tg = await editTarget(t.app, su, { target: 'spse', host: '10.10.1.6', port: 2222, ...why });
      assert.deepEqual([tg.host, tg.port, tg.loginAccount], ['10.10.1.6', 2222, 'spseadm']);
      assert.deepEqual((await logged('registry.target.edited'))['after'], { host: '10.10.1.6', port: 2222, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP });
      await refusedWith(editTarget(t.app, su, { target: 'spse', loginAccount: 'root', ...why }), 'access.root_account');
      await refusedWith(editTarget(t.app, su, { target: 'spse', host: '-oProxyCommand=x', ...why }), 'target.host_invalid');
      await refusedWith(editTarget(t.app, su, { target: 'spse', ...why }), 'registry.nothing_to_change');
    });

    it('re-pins a target\'s host key; a mismatch with the expected fingerprint changes nothing', async () => {
      await refusedWith(repinTargetHostKey(t.app, su, { target: 'spse', fingerprint: NEW_FP, expected: `SHA256:${'D'.repeat(43)}`, ...why }, 'scan'), 'target.host_key_mismatch');
      assert.equal((await t.app.store.read((r) => r.targets.findByName('spse')))?.hostKeyFingerprint, HOST_KEY_FP);
      await refusedWith(repinTargetHostKey(t.app, su, { target: 'spse', fingerprint: 'MD5:aa', ...why }), 'target.host_key_invalid');
      await refusedWith(repinTargetHostKey(t.app, su, { target: 'spse', fingerprint: HOST_KEY_FP, ...why }), 'target.host_key_same');
      await refusedWith(repinTargetHostKey(t.app, as('koor'), { target: 'spse', fingerprint: NEW_FP, ...why }), 'registry.forbidden');
      const tg = await repinTargetHostKey(t.app, su, { target: 'spse', fingerprint: NEW_FP, expected: NEW_FP, ...why }, 'scan');
      assert.equal(tg.hostKeyFingerprint, NEW_FP);
      const d = await logged('registry.target.host_key_repinned');
      assert.deepEqual([d['before'], d['after'], d['source']], [HOST_KEY_FP, NEW_FP, 'scan']);
    });

    it('revokes a grant: the executor is no longer eligible, the grant stays listed as revoked', async () => {
      const g = (await listGrants(t.app, su)).find((x) => x.unitId && x.targetId === null);
      assert.ok(g);
      const r = await revokeGrant(t.app, su, { grant: g.id, reason: 'kontrak selesai' });
      assert.ok(r.revokedAt);
      assert.equal((await logged('registry.grant.revoked', 'kontrak selesai'))['user'], 'dita');
      assert.deepEqual(await t.app.store.read((x) => x.grants.listForUser(g.userId)), []);
      assert.ok((await listGrants(t.app, su)).find((x) => x.id === g.id)?.revokedAt);
      await refusedWith(revokeGrant(t.app, su, { grant: g.id, ...why }), 'grant.already_revoked');
      await refusedWith(revokeGrant(t.app, su, { grant: 'no-such-grant', ...why }), 'grant.not_found');
      const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' });
      await assert.rejects(acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor: 'dita' }));
    });

    it('lists show deactivated users; nothing the logbook names is deleted', async () => {
      await deactivateUser(t.app, su, { user: 'budi', ...why });
      const budi = (await listUsers(t.app, su)).find((u) => u.username === 'budi');
      assert.equal(budi?.active, false);
      assert.equal(await count(t, 'users'), 8);
    });
  });
}

let n = 0;
/** A fresh, well-formed ssh-ed25519 public key line. */
function otherKeyLine(): string {
  const type = Buffer.from('ssh-ed25519');
  const len = (x: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(x); return b; };
  const blob = Buffer.concat([len(type.length), type, len(32), Buffer.alloc(32, ++n)]);
  return `ssh-ed25519 ${blob.toString('base64')} rotated@test`;
}

const count = async (t: TestApp, table: 'users' | 'networks' | 'targets' | 'workstation_keys'): Promise<number> =>
  Number((await t.app.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
