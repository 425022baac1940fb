import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';

/** Units and networks over HTTP: the `national` and `publicOffice` fields, and the refusals that name why. SQLite only (the store is covered on both dialects by the contract suite). */
describe('network rules over HTTP (SQLite)', () => {
  let h: TestHttp;
  let su: Client;
  before(async () => { h = await openTestHttp('sqlite'); su = await h.signIn('super'); });
  after(async () => { await h.close(); });
  const errorOf = (res: { json: <T>() => T }) => res.json<{ error: string; message: string }>();
  const en = { 'accept-language': 'en' };

  it('registers a national unit and shows the flag on every unit', async () => {
    const r = await su.request('POST', '/api/v1/units', { code: 'lkpp-pusat', name: 'LKPP Pusat', timeZone: 'Asia/Jakarta', national: true });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json<{ national: boolean }>().national, true);
    const units = (await su.request('GET', '/api/v1/units')).json<{ code: string; national: boolean }[]>();
    assert.deepEqual(units.map((u) => [u.code, u.national]), [['gorontalo', false], ['lkpp', true], ['lkpp-pusat', true], ['manado', false]]);
  });

  it('needs publicOffice: true for a public office range, then returns the network with it', async () => {
    const body = { name: 'kantor-nat', unit: 'gorontalo', kind: 'office_lpse', cidrs: ['203.0.113.0/28'] };
    const refused = await su.request('POST', '/api/v1/networks', body, en);
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(errorOf(refused).error, 'network.public_office_unconfirmed');
    assert.match(errorOf(refused).message, /must be deliberate: register it with --public-office \(API: publicOffice: true\)/);
    const created = await su.request('POST', '/api/v1/networks', { ...body, publicOffice: true });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json<{ unitId: string; publicOffice: boolean }>().publicOffice, true);
  });

  it('refuses a conflicting range with 409, naming the other network, and a network without a unit with 400', async () => {
    const overlap = await su.request('POST', '/api/v1/networks', { name: 'vpn-intranet', unit: 'lkpp', kind: 'vpn', cidrs: ['10.8.0.0/16'], intranet: true }, en);
    assert.equal(overlap.statusCode, 409, overlap.body);
    assert.equal(errorOf(overlap).error, 'network.overlap');
    assert.match(errorOf(overlap).message, /same range as network 'vpn-lkpp'/);
    const edit = await su.request('PUT', '/api/v1/networks/vpn-lkpp', { cidrs: ['192.0.2.0/24'], reason: 'salah ketik' }, en);
    assert.equal(edit.statusCode, 409, edit.body);
    assert.match(errorOf(edit).message, /same range as network 'warkop' \(192\.0\.2\.0\/24, public\)/);
    const orphan = await su.request('POST', '/api/v1/networks', { name: 'tanpa-unit', kind: 'vpn', cidrs: ['10.60.0.0/16'] }, en);
    assert.equal(orphan.statusCode, 400, orphan.body);
    assert.equal(errorOf(orphan).error, 'network.unit_required');
  });
});
