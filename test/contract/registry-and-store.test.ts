import assert from 'node:assert/strict';
import { messageOf } from '../../src/messages/catalogue.js';
import { after, afterEach, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createGrant } from '../../src/app/registry/create-grant.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { createUnit } from '../../src/app/registry/create-unit.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import { listNetworks, listTargets } from '../../src/app/registry/list-registry.js';
import { DomainError } from '../../src/domain/errors.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import type { SopDefinition } from '../../src/domain/sop/sop-definition.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, PASSWORD, SSH_KEY, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

async function refusedWith(p: Promise<unknown>, code: string, mentions?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, messageOf(e, 'en'));
    if (mentions) assert.match(messageOf(e, 'en'), mentions);
    assert.ok(messageOf(e, 'id') && messageOf(e, 'en'));
    return true;
  });
}

const count = async (t: TestApp, table: 'units' | 'users' | 'networks' | 'workstations' | 'workstation_keys' | 'targets' | 'cases' | 'logbook'): Promise<number> =>
  Number((await t.app.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const dialect of DIALECTS) {
  describeOn(dialect, `registries and store (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); await seedWorld(t); });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });
    const su = as('super');

    it('refuses an unknown role, a unit-bound role without unit, a bad NIP and a short password', async () => {
      await refusedWith(createUser(t.app, su, { username: 'x1', role: 'hacker', password: PASSWORD }), 'user.role_unknown', /hacker/);
      await refusedWith(createUser(t.app, su, { username: 'x2', role: 'admin_lpse', password: PASSWORD }), 'user.unit_required');
      await refusedWith(createUser(t.app, su, { username: 'x3', role: 'auditor', nip: '123', password: PASSWORD }), 'user.nip_invalid');
      await refusedWith(createUser(t.app, su, { username: 'x4', role: 'auditor', password: 'short' }), 'user.password_too_short');
      await refusedWith(createUser(t.app, su, { username: 'andi', role: 'auditor', password: PASSWORD }), 'registry.duplicate', /andi/);
      await refusedWith(createUser(t.app, as('koor'), { username: 'x5', role: 'auditor', password: PASSWORD }), 'registry.forbidden');
    });

    it('makes a user created with a password someone else chose change it at the first sign-in, when asked', async () => {
      const made = await createUser(t.app, su, { username: 'baru', role: 'auditor', password: PASSWORD, mustChangePassword: true });
      assert.equal(made.passwordChangeRequired, true);
      assert.equal((await t.app.store.read((r) => r.users.findByUsername('baru')))?.passwordChangeRequired, true);
      const plain = await createUser(t.app, su, { username: 'biasa', role: 'auditor', password: PASSWORD });
      assert.equal((await t.app.store.read((r) => r.users.findByUsername(plain.username)))?.passwordChangeRequired, false);
    });

    it('refuses a malformed CIDR, an unknown network kind and a public network flagged intranet', async () => {
      const base = { name: 'n1', unit: 'gorontalo', kind: 'vpn', cidrs: ['10.0.0.0/8'] };
      for (const cidr of ['10.0.0.1/8', '10.0.0.0/33', '300.0.0.0/8', 'not-an-ip', '2001:db8::/129']) {
        await refusedWith(createNetwork(t.app, su, { ...base, cidrs: [cidr] }), 'network.cidr_invalid', new RegExp(cidr.replace(/[.*/]/g, '\\$&')));
      }
      await refusedWith(createNetwork(t.app, su, { ...base, kind: 'cafe' }), 'network.kind_unknown');
      await refusedWith(createNetwork(t.app, su, { ...base, kind: 'public', intranet: true }), 'network.public_intranet');
      await refusedWith(createNetwork(t.app, su, { ...base, cidrs: [] }), 'input.invalid');
      const n = await createNetwork(t.app, su, { ...base, cidrs: ['2001:DB8:0:0::/32', '10.0.0.0/8'] });
      assert.deepEqual(n.cidrs, ['2001:db8::/32', '10.0.0.0/8']);
    });

    it('refuses a duplicate asset tag, a duplicate SSH key and a malformed key, writing nothing', async () => {
      const before = await count(t, 'workstations');
      await refusedWith(registerWorkstation(t.app, su, { assetTag: 'LPSE-NB-001', serialNumber: 'SN-9', organisationOwned: true }), 'registry.duplicate', /LPSE-NB-001/);
      await refusedWith(registerWorkstation(t.app, su, { assetTag: 'NEW-1', serialNumber: 'SN-9', organisationOwned: true, sshKeys: [SSH_KEY] }), 'registry.duplicate');
      await refusedWith(registerWorkstation(t.app, su, { assetTag: 'NEW-2', serialNumber: 'SN-9', organisationOwned: true, sshKeys: ['ssh-ed25519 !!!'] }), 'workstation.ssh_key_invalid');
      // The duplicate key failed after its workstation row was inserted: the transaction left nothing behind.
      assert.equal(await count(t, 'workstations'), before);
      const w = await t.app.store.read((r) => r.workstations.findByKeyFingerprint('SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU'));
      assert.equal(w?.assetTag, 'LPSE-NB-001');
    });

    it('refuses a root or uid-0 login account on a target, and a malformed host key', async () => {
      const base = { name: 't1', unit: 'gorontalo', host: 'spse.example.go.id', loginAccount: 'spse', hostKeyFingerprint: HOST_KEY_FP };
      for (const loginAccount of ['root', 'ROOT', 'toor']) {
        await refusedWith(registerTarget(t.app, su, { ...base, loginAccount }), 'access.root_account', /root/i);
      }
      await refusedWith(registerTarget(t.app, su, { ...base, hostKeyFingerprint: 'MD5:aa:bb' }), 'target.host_key_invalid');
      await refusedWith(registerTarget(t.app, su, { ...base, host: '-oProxyCommand=x' }), 'target.host_invalid');
      await refusedWith(registerTarget(t.app, su, { ...base, port: 70000 }), 'input.invalid');
      assert.equal((await registerTarget(t.app, su, base)).port, 22);
    });

    it('refuses an invalid time zone and over-long text', async () => {
      await refusedWith(createUnit(t.app, su, { code: 'u1', name: 'U', timeZone: 'Mars/Olympus' }), 'unit.time_zone_invalid', /Mars/);
      await refusedWith(createUnit(t.app, su, { code: 'u2', name: 'x'.repeat(201) }), 'input.invalid', /name/);
      assert.equal((await createUnit(t.app, su, { code: 'u3', name: 'U3' })).timeZone, 'Asia/Makassar');
    });

    it('grants only to executors, within their unit\'s targets', async () => {
      await refusedWith(createGrant(t.app, su, { user: 'audit', unit: 'gorontalo' }), 'grant.not_executor');
      await refusedWith(createGrant(t.app, su, { user: 'vendor', unit: 'manado', target: 'spse' }), 'target.not_found');
      await refusedWith(createGrant(t.app, su, { user: 'vendor', unit: 'gorontalo', validUntil: '2020-01-01T00:00:00Z' }), 'grant.expired');
    });

    it('shows networks and targets only of the reader\'s own and granted units (and the national unit\'s networks)', async () => {
      const names = async (who: string) => ({
        targets: (await listTargets(t.app, as(who))).map((x) => x.name),
        networks: (await listNetworks(t.app, as(who))).map((x) => x.name).sort(),
      });
      assert.deepEqual(await names('pelapor'), { targets: ['spse'], networks: ['kantor-lpse', 'vpn-lkpp', 'warkop'] });
      assert.deepEqual(await names('budi'), { targets: [], networks: ['vpn-lkpp', 'warkop'] });
      assert.deepEqual(await names('dita'), { targets: ['spse'], networks: ['kantor-lpse', 'vpn-lkpp', 'warkop'] });
      assert.deepEqual(await names('vendor'), { targets: [], networks: ['vpn-lkpp', 'warkop'] });
      assert.deepEqual((await names('audit')).targets, ['spse']);
    });

    it('refuses UPDATE and DELETE on the logbook with a database trigger', async () => {
      const db = t.app.store.db;
      await assert.rejects(sql`UPDATE logbook SET type = 'x' WHERE seq = 1`.execute(db), /append-only/);
      await assert.rejects(sql`DELETE FROM logbook WHERE seq = 1`.execute(db), /append-only/);
      await assert.rejects(sql`UPDATE logbook_checkpoints SET hash = 'x'`.execute(db).then(async () => {
        // No checkpoint rows yet: make one so the trigger has something to refuse.
        await sql`INSERT INTO logbook_checkpoints (seq, hash, at, key_id, signature) VALUES (1, 'h', 'a', 'k', 's')`.execute(db);
        await sql`UPDATE logbook_checkpoints SET hash = 'x'`.execute(db);
      }), /append-only/);
    });

    it('keeps the SOP version a case was opened under when a new revision is published', async () => {
      const old = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'x', urgency: 'low', channel: 'web' });
      const revised: SopDefinition = structuredClone(SOP_01_2019) as SopDefinition;
      const r = revised as unknown as { version: string; identity: { effectiveOn: string }; steps: { timeStandardMinutes: number | null }[] };
      r.version = '2026.1';
      r.identity.effectiveOn = '2026-01-01';
      (r.steps[0] as { timeStandardMinutes: number | null }).timeStandardMinutes = 30;
      await t.app.store.transaction((tx) => tx.sops.ensure(revised, t.clock.now().toISOString()));
      const fresh = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'y', urgency: 'low', channel: 'web' });
      assert.equal(fresh.sopVersion, '2026.1');
      const reread = await t.app.store.read((x) => x.cases.findById(old.id));
      assert.equal(reread?.sopVersion, '2019.0');
      const stored = await t.app.store.read((x) => x.sops.findByVersion('SOP-01', '2019.0'));
      assert.equal(stored?.steps[0]?.timeStandardMinutes, 60);
    });

    it('rolls back a use case that fails half-way: no case row, no logbook entry but the refusal', async () => {
      const cases = await count(t, 'cases');
      const entries = await count(t, 'logbook');
      // The target belongs to another unit: refused after the unit and target were looked up.
      const m = await registerTarget(t.app, su, { name: 'manado-srv', unit: 'manado', host: 'h', loginAccount: 'adm', hostKeyFingerprint: HOST_KEY_FP });
      await refusedWith(reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: m.name, system: 'S', description: 'd', urgency: 'low', channel: 'web' }), 'case.target_other_unit');
      assert.equal(await count(t, 'cases'), cases);
      assert.equal(await count(t, 'logbook'), entries + 2); // target registered + refusal
    });
  });
}
