/**
 * Networks belong to units, on SQLite and PostgreSQL: migration 0006 gives every network without a
 * unit to the national unit and keeps unit_id from being null again; registration and edit refuse
 * conflicting ranges and unconfirmed public office ranges, naming why; B2 checks the network's unit.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, afterEach, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { createUnit } from '../../src/app/registry/create-unit.js';
import { editNetwork } from '../../src/app/registry/edit-network.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, openTestAppUpgradedFrom, seedWorld, stopTestPostgres } from '../support/test-app.js';

const AT = '2026-01-01T00:00:00.000Z';

async function refused(p: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, messageOf(e, 'en'));
    return e;
  }
  assert.fail(`expected ${code}`);
}

async function refusals(t: TestApp, code: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  await t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) {
      for (const e of page) {
        const d = JSON.parse(e.data) as Record<string, unknown>;
        if (e.type === 'refusal' && d['code'] === code) out.push(d);
      }
    }
  });
  return out;
}

const unitRow = (db: TestApp['app']['store']['db'], id: string, code: string) =>
  sql`insert into units (id, code, name, time_zone, created_at) values (${id}, ${code}, ${code.toUpperCase()}, 'Asia/Makassar', ${AT})`.execute(db);
const networkRow = (db: TestApp['app']['store']['db'], id: string, unitId: string | null, cidr: string, retiredAt: string | null = null) =>
  sql`insert into networks (id, name, unit_id, kind, cidrs, intranet, created_at, retired_at)
    values (${id}, ${id}, ${unitId}, 'vpn', ${JSON.stringify([cidr])}, 0, ${AT}, ${retiredAt})`.execute(db);

for (const dialect of DIALECTS) {
  describeOn(dialect, `migration 0006_network_units (${dialect})`, () => {
    let t: TestApp | undefined;
    afterEach(async () => { await t?.close(); t = undefined; });
    after(async () => { await stopTestPostgres(); });

    it('gives networks without a unit (LKPP-wide) to a national unit `lkpp` it creates, keeps the others, and refuses a null unit afterwards', async () => {
      t = await openTestAppUpgradedFrom(dialect, '0005_user_language', async (db) => {
        await unitRow(db, 'u-gto', 'gorontalo');
        await networkRow(db, 'kantor', 'u-gto', '10.10.0.0/16');
        await networkRow(db, 'vpn-lama', null, '10.8.0.0/16');
        await networkRow(db, 'vpn-pensiun', null, '10.9.0.0/16', AT);
      });
      const app = t.app;
      const { lkpp, nets, gorontalo } = await app.store.read(async (r) => ({
        lkpp: await r.units.findByCode('lkpp'), gorontalo: await r.units.findByCode('gorontalo'), nets: await r.networks.list({ includeRetired: true }),
      }));
      assert.ok(lkpp);
      assert.deepEqual([lkpp.name, lkpp.timeZone, lkpp.national], ['LKPP', 'Asia/Jakarta', true]);
      assert.equal(gorontalo?.national, false);
      assert.deepEqual(nets.map((n) => [n.name, n.unitId, n.publicOffice]), [['kantor', 'u-gto', false], ['vpn-lama', lkpp.id, false], ['vpn-pensiun', lkpp.id, false]]);
      await assert.rejects(networkRow(app.store.db, 'tanpa-unit', null, '10.11.0.0/16'), /unit_id/);
      await assert.rejects(sql`update networks set unit_id = null where id = 'kantor'`.execute(app.store.db), /unit_id/);
    });

    it('reuses an existing unit coded `lkpp`, marking it national; without networks to give it, creates and marks nothing', async () => {
      t = await openTestAppUpgradedFrom(dialect, '0005_user_language', async (db) => {
        await unitRow(db, 'u-lkpp', 'lkpp');
        await networkRow(db, 'vpn-lama', null, '10.8.0.0/16');
      });
      const [units, vpn] = await t.app.store.read(async (r) => [await r.units.list(), await r.networks.findByName('vpn-lama')] as const);
      assert.deepEqual(units.map((u) => [u.id, u.code, u.national]), [['u-lkpp', 'lkpp', true]]);
      assert.equal(vpn?.unitId, 'u-lkpp');
      await t.close();
      t = await openTestAppUpgradedFrom(dialect, '0005_user_language', async (db) => { await unitRow(db, 'u-lkpp', 'lkpp'); });
      assert.deepEqual((await t.app.store.read((r) => r.units.list())).map((u) => [u.code, u.national]), [['lkpp', false]]);
    });
  });

  describeOn(dialect, `network registration and edit: units, overlaps, public office ranges (${dialect})`, () => {
    let t: TestApp | undefined;
    afterEach(async () => { await t?.close(); t = undefined; });
    after(async () => { await stopTestPostgres(); });
    const su = as('super');

    it('refuses a range that conflicts with another network, naming it and why in both languages, and logs the refusal', async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      // seedWorld: kantor-lpse 127.0.0.0/8 intranet, vpn-lkpp 10.8.0.0/16 non-intranet, warkop 192.0.2.0/24 public.
      const inside = await refused(createNetwork(t.app, su, { name: 'intranet-di-warkop', unit: 'gorontalo', kind: 'office_lpse', cidrs: ['192.0.2.0/25'], intranet: true, publicOffice: true }), 'network.overlap');
      assert.match(messageOf(inside, 'en'), /^Network 'intranet-di-warkop' \(192\.0\.2\.0\/25, intranet\) lies inside network 'warkop' \(192\.0\.2\.0\/24, public\) and is less restrictive than it\./);
      assert.match(messageOf(inside, 'id'), /berada di dalam jaringan 'warkop'/);
      const equal = await refused(createNetwork(t.app, su, { name: 'vpn-intranet', unit: 'lkpp', kind: 'vpn', cidrs: ['10.8.0.0/16'], intranet: true }), 'network.overlap');
      assert.match(messageOf(equal, 'en'), /uses the same range as network 'vpn-lkpp' \(10\.8\.0\.0\/16, non-intranet: office, VPN…\)/);
      const logged = await refusals(t, 'network.overlap');
      assert.deepEqual(logged.map((d) => [d['action'], (d['details'] as Record<string, unknown>)['other'], (d['details'] as Record<string, unknown>)['problem']]),
        [['registry.network.create', 'warkop', 'looser_inside'], ['registry.network.create', 'vpn-lkpp', 'equal_prefix']]);
      assert.match(String((logged[0]?.['reason'] as { id: string }).id), /warkop/);
      // A stricter range inside is fine; so is an edit into a conflict refused, changing nothing.
      await createNetwork(t.app, su, { name: 'kafe-di-vpn', unit: 'lkpp', kind: 'public', cidrs: ['10.8.5.0/24'] });
      await refused(editNetwork(t.app, su, { network: 'kafe-di-vpn', intranet: true, kind: 'vpn', reason: 'salah' }), 'network.overlap');
      assert.equal((await t.app.store.read((r) => r.networks.findByName('kafe-di-vpn')))?.kind, 'public');
      assert.equal((await refusals(t, 'network.overlap')).at(-1)?.['action'], 'registry.network.edit');
    });

    it('needs --public-office for a public office range, stores the confirmation, and asks again for a new public range on edit', async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      const why = await refused(createNetwork(t.app, su, { name: 'kantor-nat', unit: 'gorontalo', kind: 'office_lpse', cidrs: ['203.0.113.0/28'] }), 'network.public_office_unconfirmed');
      assert.match(messageOf(why, 'en'), /Offices behind NAT with a public address are real, but it must be deliberate: register it with --public-office \(API: publicOffice: true\)/);
      assert.equal((await refusals(t, 'network.public_office_unconfirmed')).length, 1);
      const n = await createNetwork(t.app, su, { name: 'kantor-nat', unit: 'gorontalo', kind: 'office_lpse', cidrs: ['203.0.113.0/28'], publicOffice: true });
      assert.equal(n.publicOffice, true);
      assert.equal((await t.app.store.read((r) => r.networks.findByName('kantor-nat')))?.publicOffice, true);
      await editNetwork(t.app, su, { network: 'kantor-nat', intranet: false, reason: 'bukan intranet' });
      await refused(editNetwork(t.app, su, { network: 'kantor-nat', cidrs: ['203.0.113.0/28', '198.51.100.0/28'], reason: 'rentang kedua' }), 'network.public_office_unconfirmed');
      await editNetwork(t.app, su, { network: 'kantor-nat', cidrs: ['203.0.113.0/28', '198.51.100.0/28'], publicOffice: true, reason: 'rentang kedua' });
      // A VPN with a public range needs no confirmation: the rule is about office networks.
      assert.equal((await createNetwork(t.app, su, { name: 'vpn-publik', unit: 'lkpp', kind: 'vpn', cidrs: ['198.18.0.0/15'] })).publicOffice, false);
    });

    it('refuses a network without a unit, and stores a unit\'s national flag', async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      const e = await refused(createNetwork(t.app, su, { name: 'tanpa-unit', kind: 'vpn', cidrs: ['10.50.0.0/16'] }), 'network.unit_required');
      assert.match(messageOf(e, 'en'), /must belong to an LPSE unit \(--unit\)/);
      await createUnit(t.app, su, { code: 'lkpp-2', name: 'LKPP Cadangan', national: true });
      const units = await t.app.store.read((r) => r.units.list());
      assert.deepEqual(units.map((u) => [u.code, u.national]), [['gorontalo', false], ['lkpp', true], ['lkpp-2', true], ['manado', false]]);
    });

    it('B2: refuses a network of another unit under A1b, and admits a national unit\'s', async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      await createNetwork(t.app, su, { name: 'kantor-manado', unit: 'manado', kind: 'office_lpse', cidrs: ['10.77.0.0/16'], intranet: true });
      const c = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' });
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      const other = await prepareWorkstation(t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-manado' });
      const b = other.preparation?.checks.find((ch) => ch.code === 'b');
      assert.deepEqual([other.preparation?.ready, b?.passed], [false, false]);
      assert.match(b?.reason.en ?? '', /network 'kantor-manado' belongs to unit manado/);
      const national = await prepareWorkstation(t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'vpn-lkpp' });
      assert.equal(national.preparation?.ready, true);
    });
  });
}
