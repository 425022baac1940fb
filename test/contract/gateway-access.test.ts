import assert from 'node:assert/strict';
import { messageOf } from '../../src/messages/catalogue.js';
import { after, afterEach, beforeEach, it } from 'node:test';
import { authorizeGatewayAccess, recheckGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordAccessStart } from '../../src/app/case/record-access.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import { DomainError } from '../../src/domain/errors.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';
import { enrolTotp } from '../support/totp.js';

const ANDI_KEY = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const OTHER_KEY_LINE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8qFtKvJb4EovpQ0m5wXqN1z0wDdGmSRhbQf0yQ3uAa other@ws';

async function refusedBy(p: Promise<unknown>, rule: string): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, `gateway.${rule}`, `${e.code}: ${messageOf(e, 'en')}`);
    return e;
  }
  assert.fail(`expected refusal by ${rule}`);
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `the gateway's connect-time decision (${dialect})`, () => {
    let t: TestApp;
    let caseId: string;
    const attempt = (o: Partial<{ username: string; target: string; keyFingerprint: string; sourceIp: string }> = {}) =>
      authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1', ...o });

    beforeEach(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' })).id;
      await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      await prepareWorkstation(t.app, as('andi'), caseId, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-lpse' });
      await enrolTotp(t, 'andi');
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    it('admits the assigned executor from an allowed network with the key of their workstation, naming the case and network', async () => {
      const g = await attempt();
      assert.equal(g.case.id, caseId);
      assert.equal(g.network.name, 'kantor-lpse');
      assert.equal(g.workstation.assetTag, 'LPSE-NB-001');
      assert.equal(g.totpRequired, true, 'an executor always passes TOTP (or a grace covers it)');
      assert.equal((await attempt({ sourceIp: '::ffff:127.0.0.9' })).network.name, 'kantor-lpse');
    });

    it('A1d: refuses an executor who never enrolled TOTP, saying how to enrol, and logs it', async () => {
      const andi = await t.app.store.read((r) => r.users.findByUsername('andi'));
      await t.app.store.transaction((tx) => tx.mfa.remove(andi?.id ?? ''));
      const e = await refusedBy(attempt(), 'A1d');
      assert.equal(e.details['cause'], undefined);
      assert.match(messageOf(e, 'en'), /andi has not enrolled TOTP: ask the unit's koordinator or a superadmin for an enrolment code/);
      assert.match(messageOf(e, 'id'), /andi belum mendaftarkan TOTP/);
      const logged = await t.app.store.read(async (r) => {
        const all = [];
        for await (const page of r.logbook.scan({})) all.push(...page);
        return all.filter((x) => x.type === 'refusal' && x.data.includes('andi has not enrolled TOTP'));
      });
      assert.equal(logged.length, 1, 'the refusal is in the logbook with its cause');
      assert.match(logged[0]?.data ?? '', /"rule":"A1d"/);
    });

    it('TOTP grace: a pass at the gateway admits the same user, key and address without a code for the grace, not another key or address', async () => {
      const andi = await t.app.store.read((r) => r.users.findByUsername('andi'));
      assert.ok(andi);
      await t.app.store.transaction((tx) => tx.totpGrace.put({ userId: andi.id, keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1', passedAt: t.clock.now().toISOString() }));
      const opts = { totpGraceSeconds: 600 };
      const g = await authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' }, opts);
      assert.equal(g.totpRequired, false);
      assert.equal(g.totpGraceFrom, t.clock.now().toISOString());
      assert.equal((await authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.2' }, opts)).totpRequired, true, 'another address');
      const logged = await t.app.store.read(async (r) => {
        const all = [];
        for await (const page of r.logbook.scan({})) all.push(...page);
        return all.filter((x) => x.type === 'auth.totp_grace');
      });
      assert.equal(logged.length, 1, 'each admission by the grace is logged, with when the code was passed');
      assert.equal((JSON.parse(logged[0]?.data ?? '{}') as Record<string, unknown>)['totpPassedAt'], t.clock.now().toISOString());
      assert.equal((await authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' }, { totpGraceSeconds: 0 })).totpRequired, true, 'grace 0: off');
      t.clock.advanceSeconds(600);
      assert.equal((await authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' }, opts)).totpRequired, true, 'the grace is over');
    });

    it('A1a: refuses an unregistered key, and a key registered to another user\'s workstation', async () => {
      await refusedBy(attempt({ keyFingerprint: `SHA256:${'B'.repeat(43)}` }), 'A1a');
      await registerWorkstation(t.app, as('super'), { assetTag: 'LKPP-NB-900', serialNumber: 'S', assignedUser: 'dita', organisationOwned: true, sshKeys: [OTHER_KEY_LINE] });
      const other = await t.app.store.read((r) => r.workstations.findByAssetTag('LKPP-NB-900'));
      await refusedBy(attempt({ keyFingerprint: other?.sshKeys[0]?.fingerprint }), 'A1a');
    });

    it('A1a: refuses a key on a workstation that is not owned by LKPP/LPSE', async () => {
      await registerWorkstation(t.app, as('super'), { assetTag: 'PRIV-2', serialNumber: 'S', assignedUser: 'andi', organisationOwned: false, sshKeys: [OTHER_KEY_LINE] });
      const w = await t.app.store.read((r) => r.workstations.findByAssetTag('PRIV-2'));
      await refusedBy(attempt({ keyFingerprint: w?.sshKeys[0]?.fingerprint }), 'A1a');
    });

    it('A1b: refuses a source outside every registered network; A1b/A1e: refuses a public one, even inside an allowed range', async () => {
      await refusedBy(attempt({ sourceIp: '127.0.0.2'.replace('127', '11') }), 'A1b');
      await refusedBy(attempt({ sourceIp: '192.0.2.7' }), 'A1b');
      // A café range carved out of the VPN: the longest prefix wins, so it is public.
      await createNetwork(t.app, as('super'), { name: 'kafe-dalam-vpn', unit: 'lkpp', kind: 'public', cidrs: ['10.8.5.0/24'] });
      await refusedBy(attempt({ sourceIp: '10.8.5.20' }), 'A1b');
    });

    it('A1e: while B5 is in progress, refuses a network that is not intranet', async () => {
      await recordAccessStart(t.app, as('andi'), caseId, {});
      assert.equal((await attempt({ sourceIp: '10.8.1.1' })).network.name, 'vpn-lkpp'); // B4: the VPN is allowed
      await recordRestoration(t.app, as('andi'), caseId, { initialFix: 'restart' });
      const e = await refusedBy(attempt({ sourceIp: '10.8.1.1' }), 'A1e');
      assert.match(messageOf(e, 'en'), /intranet/);
      assert.equal((await attempt({ sourceIp: '127.0.0.1' })).case.status, 'restored');
    });

    it('re-check: the same rules as at connect time refuse an open session once its case moves on to B5 over a VPN', async () => {
      await recordAccessStart(t.app, as('andi'), caseId, {});
      const input = { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '10.8.1.1' };
      assert.equal((await recheckGatewayAccess(t.app, { caseId }, input)).case.id, caseId);
      await recordRestoration(t.app, as('andi'), caseId, { initialFix: 'restart' });
      const e = await refusedBy(recheckGatewayAccess(t.app, { caseId }, input), 'A1e');
      assert.deepEqual(e.details, { rule: 'A1e', username: 'andi', target: 'spse', sourceIp: '10.8.1.1', network: 'vpn-lkpp', caseId, cause: 'access.b5_requires_intranet' });
      // A session is re-checked against its own case only.
      await refusedBy(recheckGatewayAccess(t.app, { caseId: 'another-case' }, { ...input, sourceIp: '127.0.0.1' }), 'A1d');
    });

    it('A1c: refuses a target registered with the root account', async () => {
      // Registration refuses root, so this one is written past it, as an old or tampered record would be.
      const unit = await t.app.store.read((r) => r.units.findByCode('gorontalo'));
      await t.app.store.transaction((tx) => tx.targets.insert({ id: 'rooted-2', name: 'rooted-2', unitId: unit?.id ?? '', host: 'h', port: 22, loginAccount: 'root', hostKeyFingerprint: HOST_KEY_FP, createdAt: t.clock.now().toISOString() }));
      await refusedBy(attempt({ target: 'rooted-2' }), 'A1c');
    });

    it('A1d: no case in B3–B5 assigned to the user for this target, no access', async () => {
      const c2 = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'y', urgency: 'low', channel: 'web' })).id;
      await acknowledgeReport(t.app, as('koor'), c2, { classification: 'x', impact: 'x', executor: 'dita' });
      await registerWorkstation(t.app, as('super'), { assetTag: 'LKPP-NB-901', serialNumber: 'S', assignedUser: 'dita', organisationOwned: true, sshKeys: [OTHER_KEY_LINE] });
      const ditaKey = (await t.app.store.read((r) => r.workstations.findByAssetTag('LKPP-NB-901')))?.sshKeys[0]?.fingerprint;
      // dita is granted the unit and assigned a case, but it is still in B1/B2.
      await refusedBy(attempt({ username: 'dita', keyFingerprint: ditaKey }), 'A1d');
      await refusedBy(attempt({ username: 'vendor' }), 'A1a');
      await refusedBy(attempt({ target: 'no-such-target' }), 'A1d');
      // An unknown user is told exactly what a known user with a wrong key is told (no username probing).
      const ghost = await refusedBy(attempt({ username: 'ghost', keyFingerprint: `SHA256:${'C'.repeat(43)}` }), 'A1a');
      await createUser(t.app, as('super'), { username: 'ghost2', role: 'admin_lpse', unit: 'gorontalo', password: 'correct horse battery' });
      const known = await refusedBy(attempt({ username: 'ghost2', keyFingerprint: `SHA256:${'C'.repeat(43)}` }), 'A1a');
      assert.equal(messageOf(ghost, 'en').replace('ghost', 'ghost2'), messageOf(known, 'en'));
      assert.equal(ghost.details['unknownUser'], true);
    });

    it('A1d: refuses the executor once the case has left B3–B5, and logs every refusal with its rule', async () => {
      const fresh = await openTestApp(dialect);
      try {
        await seedWorld(fresh);
        await refusedBy(authorizeGatewayAccess(fresh.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' }), 'A1d');
        const refusals: Record<string, unknown>[] = [];
        await fresh.app.store.read(async (r) => {
          for await (const page of r.logbook.scan({})) for (const e of page) if (e.type === 'refusal') refusals.push(JSON.parse(e.data) as Record<string, unknown>);
        });
        assert.equal(refusals.length, 1);
        assert.equal(refusals[0]?.['code'], 'gateway.A1d');
        assert.equal(refusals[0]?.['via'], 'gateway');
        assert.deepEqual(refusals[0]?.['details'], { rule: 'A1d', username: 'andi', target: 'spse', sourceIp: '127.0.0.1' });
      } finally {
        await fresh.close();
      }
    });
  });
}
