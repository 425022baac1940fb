import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import type { Repositories } from '../../src/ports/repositories.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, describeOn, openTestApp, stopTestPostgres } from '../support/test-app.js';

const AT = '2026-11-28T01:00:00.000Z';

/**
 * Two records of each registry, the second one's id spelled like the first one's name: a lookup by
 * id must find only the second, a lookup by name only the first, and neither matches the other key.
 */
async function seedLookalikes(r: Repositories): Promise<void> {
  await r.units.insert({ id: 'unit-1', code: 'alpha', name: 'LPSE Alpha', timeZone: 'Asia/Makassar', national: false, createdAt: AT });
  await r.units.insert({ id: 'alpha', code: 'beta', name: 'LPSE Beta', timeZone: 'Asia/Makassar', national: false, createdAt: AT });
  const user = { displayName: 'x', role: 'superadmin', unitId: null, nip: null, active: true, createdAt: AT, language: null } as const;
  await r.users.insert({ ...user, id: 'user-1', username: 'andi' }, 'h');
  await r.users.insert({ ...user, id: 'andi', username: 'budi' }, 'h');
  const network = { unitId: 'unit-1', kind: 'vpn', cidrs: ['10.8.0.0/16'], intranet: false, publicOffice: false, createdAt: AT } as const;
  await r.networks.insert({ ...network, id: 'net-1', name: 'kantor' });
  await r.networks.insert({ ...network, id: 'kantor', name: 'vpn' });
  const ws = { serialNumber: 'SN', ownerUnitId: null, assignedUserId: null, organisationOwned: true, sshKeys: [], createdAt: AT } as const;
  await r.workstations.insert({ ...ws, id: 'ws-1', assetTag: 'NB-1' });
  await r.workstations.insert({ ...ws, id: 'NB-1', assetTag: 'NB-2' });
  const target = { unitId: 'unit-1', host: '127.0.0.1', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP, createdAt: AT } as const;
  await r.targets.insert({ ...target, id: 'target-1', name: 'spse' });
  await r.targets.insert({ ...target, id: 'spse', name: 'eproc' });
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `registry lookups say their key (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      await t.app.store.transaction(seedLookalikes);
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => t.app.store.read(fn);
    const idOf = (x: { id: string } | undefined): string | undefined => x?.id;

    it('units: findById by id only, findByCode by code only, findByIdOrCode the code first', async () => {
      assert.equal(idOf(await read((r) => r.units.findById('alpha'))), 'alpha', 'the id, not the unit coded alpha');
      assert.equal(idOf(await read((r) => r.units.findByCode('alpha'))), 'unit-1', 'the code, not the unit whose id is alpha');
      assert.equal(await read((r) => r.units.findById('beta')), undefined, 'a code is not an id');
      assert.equal(await read((r) => r.units.findByCode('unit-1')), undefined, 'an id is not a code');
      assert.equal(idOf(await read((r) => r.units.findByIdOrCode('alpha'))), 'unit-1');
      assert.equal(idOf(await read((r) => r.units.findByIdOrCode('unit-1'))), 'unit-1');
    });

    it('users: findById by id only, findByUsername by username only', async () => {
      assert.equal((await read((r) => r.users.findById('andi')))?.username, 'budi');
      assert.equal(idOf(await read((r) => r.users.findByUsername('andi'))), 'user-1');
      assert.equal(await read((r) => r.users.findById('budi')), undefined);
      assert.equal(await read((r) => r.users.findByUsername('user-1')), undefined);
      assert.equal(idOf(await read((r) => r.users.findByIdOrUsername('andi'))), 'user-1');
      assert.equal(idOf(await read((r) => r.users.findByIdOrUsername('user-1'))), 'user-1');
    });

    it('networks: findById by id only, findByName by name only', async () => {
      assert.equal((await read((r) => r.networks.findById('kantor')))?.name, 'vpn');
      assert.equal(idOf(await read((r) => r.networks.findByName('kantor'))), 'net-1');
      assert.equal(await read((r) => r.networks.findById('vpn')), undefined);
      assert.equal(await read((r) => r.networks.findByName('net-1')), undefined);
      assert.equal(idOf(await read((r) => r.networks.findByIdOrName('kantor'))), 'net-1');
    });

    it('targets: findById by id only, findByName by name only', async () => {
      assert.equal((await read((r) => r.targets.findById('spse')))?.name, 'eproc');
      assert.equal(idOf(await read((r) => r.targets.findByName('spse'))), 'target-1');
      assert.equal(await read((r) => r.targets.findById('eproc')), undefined);
      assert.equal(await read((r) => r.targets.findByName('target-1')), undefined);
      assert.equal(idOf(await read((r) => r.targets.findByIdOrName('spse'))), 'target-1');
    });

    it('workstations: findById by id only, findByAssetTag by asset tag only', async () => {
      assert.equal((await read((r) => r.workstations.findById('NB-1')))?.assetTag, 'NB-2');
      assert.equal(idOf(await read((r) => r.workstations.findByAssetTag('NB-1'))), 'ws-1');
      assert.equal(await read((r) => r.workstations.findById('NB-2')), undefined);
      assert.equal(await read((r) => r.workstations.findByAssetTag('ws-1')), undefined);
      assert.equal(idOf(await read((r) => r.workstations.findByIdOrAssetTag('NB-1'))), 'ws-1');
    });
  });
}
