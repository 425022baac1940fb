import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicCidr, parseCidr, requireIp } from '../../src/domain/access/cidr.js';
import { findNetworkConflict, matchNetwork, networkClass, requireNoNetworkConflict } from '../../src/domain/access/network-match.js';
import type { Network } from '../../src/domain/registry/network.js';
import { checkPublicOffice, publicOfficeCidrs } from '../../src/domain/registry/network.js';
import { messageOf } from '../../src/messages/catalogue.js';
import { NATIONAL_UNIT, NOW, OTHER_UNIT, UNIT, refusal } from './factories.js';

let n = 0;
const net = (o: Partial<Network> & Pick<Network, 'name' | 'cidrs'>): Network =>
  ({ id: `net-${++n}`, unitId: UNIT, kind: 'office_lpse', intranet: true, publicOffice: false, createdAt: NOW, ...o });
const RETIRED = '2026-01-01T00:00:00.000Z';

const VPN = net({ name: 'vpn-lkpp', unitId: NATIONAL_UNIT, kind: 'vpn', intranet: false, cidrs: ['10.8.0.0/16'] });
const OFFICE = net({ name: 'kantor-lpse', cidrs: ['10.10.0.0/16'] });
const CAFE = net({ name: 'warkop', unitId: NATIONAL_UNIT, kind: 'public', intranet: false, cidrs: ['203.0.113.0/24'] });

describe(networkClass.name, () => {
  it('orders what a network admits: public, then non-intranet (office, VPN…), then intranet', () => {
    assert.deepEqual([CAFE, VPN, OFFICE, net({ name: 'x', intranet: false, cidrs: ['10.1.0.0/16'] })].map(networkClass),
      ['public', 'non_intranet', 'intranet', 'non_intranet']);
  });
});

describe(findNetworkConflict.name, () => {
  const conflict = (candidate: Network, others: Network[]) => findNetworkConflict(candidate, others)?.problem;

  it('admits a more specific range that is more restrictive: a café inside the VPN, a VPN pool inside the intranet', () => {
    assert.equal(conflict(net({ name: 'kafe', kind: 'public', intranet: false, cidrs: ['10.8.5.0/24'] }), [VPN]), undefined);
    assert.equal(conflict(net({ name: 'vpn-dalam', kind: 'vpn', intranet: false, cidrs: ['10.10.7.0/24'] }), [OFFICE]), undefined);
    // …and the other way round: a wider, less restrictive range around a stricter one.
    assert.equal(conflict(net({ name: 'intranet-luas', cidrs: ['10.0.0.0/8'] }), [VPN]), undefined);
  });

  it('refuses a more specific range that is less restrictive, from either side', () => {
    assert.equal(conflict(net({ name: 'intranet-di-kafe', cidrs: ['203.0.113.128/25'] }), [CAFE]), 'looser_inside');
    assert.equal(conflict(net({ name: 'vpn-di-kafe', kind: 'vpn', intranet: false, cidrs: ['203.0.113.0/26'] }), [CAFE]), 'looser_inside');
    assert.equal(conflict(net({ name: 'publik-luas', kind: 'public', intranet: false, cidrs: ['10.0.0.0/8'] }), [VPN]), 'looser_within');
    assert.equal(conflict(net({ name: 'vpn-luas', kind: 'vpn', intranet: false, cidrs: ['10.0.0.0/8'] }), [OFFICE]), 'looser_within');
  });

  it('admits nested ranges of one class, whatever their kinds and units (a unit\'s office inside the national VPN)', () => {
    assert.equal(conflict(net({ name: 'kantor-vpn', unitId: OTHER_UNIT, intranet: false, cidrs: ['10.8.9.0/24'] }), [VPN]), undefined);
  });

  it('refuses an equal prefix of another class, and the same range twice', () => {
    assert.equal(conflict(net({ name: 'kafe-sama', kind: 'public', intranet: false, cidrs: ['10.8.0.0/16'] }), [VPN]), 'equal_prefix');
    assert.equal(conflict(net({ name: 'intranet-sama', cidrs: ['10.8.0.0/16'] }), [VPN]), 'equal_prefix');
    assert.equal(conflict(net({ name: 'kantor-lain', unitId: OTHER_UNIT, cidrs: ['10.10.0.0/16'] }), [OFFICE]), 'duplicate');
    assert.equal(conflict(net({ name: 'v6', cidrs: ['2001:db8::/32'] }), [net({ name: 'v6-publik', kind: 'public', intranet: false, cidrs: ['2001:db8::/32'] })]), 'equal_prefix');
  });

  it('counts a retired network where it would still win the match, not where it only surrounds or sits inside', () => {
    const retiredCafe = { ...CAFE, retiredAt: RETIRED };
    assert.equal(conflict(net({ name: 'intranet-sama', cidrs: ['203.0.113.0/24'] }), [retiredCafe]), 'equal_prefix');
    assert.equal(conflict(net({ name: 'kafe-baru', kind: 'public', intranet: false, cidrs: ['203.0.113.0/24'] }), [retiredCafe]), undefined, 'registered again');
    assert.equal(conflict(net({ name: 'intranet-di-kafe-lama', cidrs: ['203.0.113.0/25'] }), [retiredCafe]), undefined);
  });

  it('skips the network itself (an edit), and ranges apart or of the other family', () => {
    assert.equal(conflict({ ...VPN, kind: 'public' }, [VPN]), undefined);
    assert.equal(conflict(net({ name: 'lain', kind: 'public', intranet: false, cidrs: ['10.9.0.0/16', '::/0'] }), [VPN, OFFICE]), undefined);
  });

  it('names the other network and why, in Indonesian and English', () => {
    const e = refusal(() => requireNoNetworkConflict(net({ name: 'intranet-di-kafe', cidrs: ['203.0.113.128/25'] }), [CAFE]));
    assert.equal(e.code, 'network.overlap');
    assert.equal(e.kind, 'conflict');
    assert.deepEqual(e.details, { other: 'warkop', otherId: CAFE.id, cidr: '203.0.113.128/25', otherCidr: '203.0.113.0/24', problem: 'looser_inside' });
    assert.equal(messageOf(e, 'en'), "Network 'intranet-di-kafe' (203.0.113.128/25, intranet) lies inside network 'warkop' (203.0.113.0/24, public) and is less " +
      'restrictive than it. The more specific range must be the more restrictive (most restrictive first: public, non-intranet, intranet); ' +
      'otherwise some public addresses would be treated as intranet.');
    assert.match(messageOf(e, 'id'), /^Jaringan 'intranet-di-kafe' \(203\.0\.113\.128\/25, intranet\) berada di dalam jaringan 'warkop' \(203\.0\.113\.0\/24, publik\)/);
    const dup = refusal(() => requireNoNetworkConflict(net({ name: 'kantor-lain', cidrs: ['10.10.0.0/16'] }), [OFFICE]));
    assert.match(messageOf(dup, 'en'), /already registered as network 'kantor-lpse'/);
    assert.match(messageOf(dup, 'id'), /sudah terdaftar sebagai jaringan 'kantor-lpse'/);
  });
});

describe(matchNetwork.name, () => {
  const ip = requireIp;

  it('takes the longest matching prefix', () => {
    const cafe = net({ name: 'kafe', kind: 'public', intranet: false, cidrs: ['10.8.5.0/24'] });
    assert.equal(matchNetwork([VPN, cafe, OFFICE], ip('10.8.5.9'))?.name, 'kafe');
    assert.equal(matchNetwork([VPN, cafe, OFFICE], ip('10.8.6.9'))?.name, 'vpn-lkpp');
    assert.equal(matchNetwork([VPN, cafe, OFFICE], ip('10.11.0.1')), undefined);
  });

  it('on an equal prefix takes the most restrictive: public, then non-intranet, then intranet, in any order of the list', () => {
    // Only networks registered before the overlap rules can look like this.
    const intranet = net({ name: 'a-intranet', cidrs: ['10.20.0.0/16'] });
    const vpn = net({ name: 'b-vpn', kind: 'vpn', intranet: false, cidrs: ['10.20.0.0/16'] });
    const cafe = net({ name: 'c-kafe', kind: 'public', intranet: false, cidrs: ['10.20.0.0/16'] });
    for (const list of [[intranet, vpn, cafe], [cafe, vpn, intranet], [vpn, intranet, cafe]]) {
      assert.equal(matchNetwork(list, ip('10.20.1.1'))?.name, 'c-kafe');
    }
    assert.equal(matchNetwork([intranet, vpn], ip('10.20.1.1'))?.name, 'b-vpn');
    assert.equal(matchNetwork([vpn, intranet], ip('10.20.1.1'))?.name, 'b-vpn');
  });

  it('on an equal prefix of one class prefers the network in service to a retired one, then the first by name', () => {
    const old = net({ name: 'a-lama', cidrs: ['10.30.0.0/16'], retiredAt: RETIRED });
    const fresh = net({ name: 'b-baru', cidrs: ['10.30.0.0/16'] });
    assert.equal(matchNetwork([old, fresh], ip('10.30.0.1'))?.name, 'b-baru');
    assert.equal(matchNetwork([fresh, old], ip('10.30.0.1'))?.name, 'b-baru');
    const twin = net({ name: 'c-kembar', cidrs: ['10.30.0.0/16'] });
    assert.equal(matchNetwork([twin, fresh], ip('10.30.0.1'))?.name, 'b-baru');
    // A retired, more restrictive network still wins: retiring a range never loosens it.
    const retiredCafe = net({ name: 'z-kafe', kind: 'public', intranet: false, cidrs: ['10.30.0.0/16'], retiredAt: RETIRED });
    assert.equal(matchNetwork([fresh, retiredCafe], ip('10.30.0.1'))?.name, 'z-kafe');
  });
});

describe(isPublicCidr.name, () => {
  it('counts only RFC 1918, RFC 6598, loopback, link-local and ULA as not public', () => {
    for (const c of ['10.1.0.0/16', '172.16.0.0/12', '172.31.255.0/24', '192.168.1.0/24', '100.64.0.0/10', '100.127.0.0/16', '127.0.0.0/8',
      '127.0.0.1', '169.254.0.0/16', '::1', 'fe80::/10', 'fc00::/7', 'fd12:3456::/32', '::ffff:10.0.0.0/104']) {
      assert.equal(isPublicCidr(parseCidr(c)), false, c);
    }
    for (const c of ['0.0.0.0/0', '8.8.8.0/24', '172.32.0.0/16', '172.0.0.0/8', '100.128.0.0/16', '192.0.2.0/24', '198.51.100.0/24',
      '203.0.113.7', '11.0.0.0/8', '2001:db8::/32', '::/0', 'fe00::/9', '::ffff:8.8.8.8']) {
      assert.equal(isPublicCidr(parseCidr(c)), true, c);
    }
  });
});

describe(checkPublicOffice.name, () => {
  it('refuses a public office range unless confirmed, saying why; other kinds and private ranges need nothing', () => {
    const office = { name: 'kantor-nat', kind: 'office_lpse' as const, cidrs: ['10.10.0.0/16', '203.0.113.0/28'] };
    const e = refusal(() => checkPublicOffice(office, false));
    assert.equal(e.code, 'network.public_office_unconfirmed');
    assert.match(messageOf(e, 'en'), /^Office network 'kantor-nat' holds public ranges \(203\.0\.113\.0\/28\)\. Offices behind NAT with a public address are real, but it must be deliberate: register it with --public-office/);
    assert.match(messageOf(e, 'id'), /harus disengaja: daftarkan dengan --public-office/);
    assert.equal(checkPublicOffice(office, true), true);
    assert.deepEqual(publicOfficeCidrs(office), ['203.0.113.0/28']);
    assert.equal(checkPublicOffice({ ...office, kind: 'office_lkpp' }, true), true);
    assert.equal(checkPublicOffice({ ...office, kind: 'vpn' }, false), false);
    assert.equal(checkPublicOffice({ ...office, cidrs: ['10.10.0.0/16', '127.0.0.0/8'] }, true), false, 'nothing to confirm');
  });
});
