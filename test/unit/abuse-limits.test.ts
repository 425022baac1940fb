import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abuseKey } from '../../src/domain/access/cidr.js';
import { AbuseLimits, MAX_REFUSED_REQUESTS, MAX_UNAUTHENTICATED, MAX_UNAUTHENTICATED_PER_RANGE, REFUSALS_BEFORE_RANGE_BLOCK, RESERVED_FOR_REGISTERED,
  SessionRefusals, rangeKey, type HeldSocket, type RefusalSummary, type SourceBlock, type SourceSummary } from '../../src/gateway/abuse-limits.js';
import type { Network } from '../../src/domain/registry/network.js';
import { TestClock } from '../support/test-clock.js';

/** A socket the limits can hold: counts destroy() calls, closes on demand. */
function socket(): HeldSocket & { destroyed: number; close(): void } {
  const listeners: (() => void)[] = [];
  return {
    destroyed: 0,
    destroy() { this.destroyed++; },
    once(_event: 'close', l: () => void) { listeners.push(l); },
    close() { for (const l of listeners.splice(0)) l(); },
  };
}

describe('abuseKey: what the gateway\'s abuse limits count by (parsed with cidr.ts)', () => {
  it('is the IPv4 address itself, IPv4-mapped IPv6 included', () => {
    assert.equal(abuseKey('127.0.0.4'), '127.0.0.4');
    assert.equal(abuseKey('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(abuseKey(' 10.1.2.3 '), '10.1.2.3');
  });

  it('is the /64 for IPv6, however the address is written', () => {
    assert.equal(abuseKey('2001:db8:0:1::5'), '2001:db8:0:1::/64');
    assert.equal(abuseKey('2001:0db8:0000:0001:ffff:0:0:9'), '2001:db8:0:1::/64');
    assert.equal(abuseKey('2001:0DB8:0000:0001:FFFF:0:0:9'), '2001:db8:0:1::/64');
    assert.equal(abuseKey('2001:db8:0:1:aaaa:bbbb:cccc:dddd'), abuseKey('2001:db8:0:1::1'));
    assert.notEqual(abuseKey('2001:db8:0:2::1'), abuseKey('2001:db8:0:1::1'));
    assert.equal(abuseKey('::1'), '0:0:0:0::/64');
    assert.equal(abuseKey('fe80::1'), 'fe80:0:0:0::/64');
  });

  it('keeps text that is not an address as its own key (never throws)', () => {
    assert.equal(abuseKey(''), '');
    assert.equal(abuseKey('not-an-ip'), 'not-an-ip');
    assert.equal(abuseKey('1.2.3.256'), '1.2.3.256');
  });
});

describe(AbuseLimits.name, () => {
  const limits = (clock = new TestClock()) => {
    const blocks: { ip: string; block: SourceBlock }[] = [];
    return { clock, blocks, l: new AbuseLimits(clock, (ip, block) => blocks.push({ ip, block })) };
  };

  it('blocks an address refused 20 times within a minute, once, until a time the Clock gives', () => {
    const { clock, blocks, l } = limits(new TestClock('2031-02-03T04:05:06.000Z'));
    for (let i = 0; i < 19; i++) { l.refused('10.0.0.7'); clock.advanceSeconds(1); }
    assert.equal(blocks.length, 0);
    assert.equal(l.admit(socket(), '10.0.0.7'), true);
    l.refused('10.0.0.7');
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0], { ip: '10.0.0.7', block: { refusals: 20, windowSeconds: 60, until: '2031-02-03T04:10:25.000Z', blocks: '10.0.0.7', minutes: 5 } });
    assert.equal(l.admit(socket(), '10.0.0.7'), false);
    assert.equal(l.admit(socket(), '10.0.0.8'), true, 'other addresses are not blocked');
    clock.advanceMinutes(5);
    assert.equal(l.admit(socket(), '10.0.0.7'), true, 'the block runs out by the Clock');
  });

  it('does not count refusals older than a minute', () => {
    const { clock, blocks, l } = limits();
    for (let i = 0; i < 40; i++) { l.refused('10.0.0.7'); clock.advanceSeconds(4); }
    assert.equal(blocks.length, 0);
  });

  it('counts an IPv6 /64 as one source: a fresh address per attempt does not escape the block', () => {
    const { blocks, l } = limits();
    for (let i = 1; i <= 20; i++) l.refused(`2001:db8:0:1::${i.toString(16)}`);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.block.blocks, '2001:db8:0:1::/64');
    assert.equal(l.admit(socket(), '2001:db8:0:1:ffff::1'), false);
    assert.equal(l.admit(socket(), '2001:db8:0:2::1'), true);
  });

  it('holds at most 16 unauthenticated connections per source, and frees a slot when one authenticates or closes', () => {
    const { l } = limits();
    const held = Array.from({ length: 16 }, () => socket());
    for (const s of held) assert.equal(l.admit(s, '10.0.0.9'), true);
    assert.equal(l.admit(socket(), '10.0.0.9'), false);
    assert.equal(l.admit(socket(), '10.0.0.10'), true);
    l.release(held[0] as HeldSocket);
    assert.equal(l.admit(socket(), '10.0.0.9'), true);
    held[1]?.close();
    assert.equal(l.admit(socket(), '10.0.0.9'), true);
    assert.equal(l.admit(socket(), '10.0.0.9'), false);
    for (const s of held) l.release(s); // no deadlines left behind
  });
});

const network = (cidrs: string[], o: Partial<Network> = {}): Network => ({ id: cidrs.join(), name: cidrs.join(), unitId: 'unit-1', kind: 'office_lpse', cidrs, intranet: true, publicOffice: false,
  createdAt: '2031-01-01T00:00:00.000Z', ...o });

describe('rangeKey: the /24 or /48 the pre-authentication limits also count by', () => {
  it('is the IPv4 /24 and the IPv6 /48, however the address is written', () => {
    assert.equal(rangeKey('10.1.2.3'), '10.1.2.0/24');
    assert.equal(rangeKey('::ffff:10.1.2.3'), '10.1.2.0/24');
    assert.equal(rangeKey('2001:db8:5:ffff::1'), '2001:db8:5::/48');
    assert.equal(rangeKey('2001:0DB8:0005:0001::9'), rangeKey('2001:db8:5:2::1'));
    assert.equal(rangeKey('not-an-ip'), 'not-an-ip');
  });
});

describe(`${AbuseLimits.name}: ranges and registered networks`, () => {
  const fresh = () => new AbuseLimits(new TestClock(), () => {});
  const fill = (l: AbuseLimits, ips: string[], perIp: number): HeldSocket[] => {
    const held: HeldSocket[] = [];
    for (const ip of ips) for (let i = 0; i < perIp; i++) { const s = socket(); if (l.admit(s, ip)) held.push(s); }
    return held;
  };

  it('holds at most 32 unauthenticated connections per /24 outside the registered networks', () => {
    const l = fresh();
    const held = fill(l, ['10.5.5.1', '10.5.5.2', '10.5.5.3'], 16);
    assert.equal(held.length, MAX_UNAUTHENTICATED_PER_RANGE);
    assert.equal(l.admit(socket(), '10.5.6.1'), true, 'the next /24 is another range');
    for (const s of held) l.release(s);
  });

  it('keeps slots for registered networks: strangers fill the general pool, a registered address still gets in (a retired or public one does not)', () => {
    const l = fresh();
    l.setRegisteredNetworks([network(['10.9.0.0/16']), network(['10.7.0.0/16'], { retiredAt: '2031-01-02T00:00:00.000Z' }), network(['10.9.9.0/24'], { kind: 'public', intranet: false })]);
    const ranges = Array.from({ length: 8 }, (_, r) => Array.from({ length: 2 }, (_, a) => `172.16.${r}.${a + 1}`)).flat();
    const held = fill(l, ranges, 16);
    assert.equal(held.length, MAX_UNAUTHENTICATED - RESERVED_FOR_REGISTERED);
    assert.equal(l.admit(socket(), '172.16.99.1'), false, 'the general pool is full');
    assert.equal(l.admit(socket(), '10.7.0.1'), false, 'a retired network has no reserved slots');
    assert.equal(l.admit(socket(), '10.9.9.1'), false, 'nor a public range inside a registered one (longest prefix)');
    const office = fill(l, ['10.9.0.1', '10.9.0.2', '10.9.1.1', '10.9.1.2'], 16);
    assert.equal(office.length, RESERVED_FOR_REGISTERED, 'the reserved slots, past any /24 cap');
    assert.equal(l.admit(socket(), '10.9.2.1'), false, 'and no more than the whole');
    for (const s of [...held, ...office]) l.release(s);
  });

  it('decides "registered" by the connect-time rule: on an equal prefix the most restrictive network wins', () => {
    const l = fresh();
    // registered before the overlap rules: the same /24 as an office network and as a public one
    l.setRegisteredNetworks([network(['10.4.4.0/24'], { name: 'kantor' }), network(['10.4.4.0/24'], { name: 'warkop', kind: 'public', intranet: false })]);
    assert.equal(l.isRegistered('10.4.4.7'), false, 'the public one wins, whatever the order');
    l.setRegisteredNetworks([network(['10.4.4.0/24'], { name: 'warkop', kind: 'public', intranet: false }), network(['10.4.4.0/24'], { name: 'kantor' })]);
    assert.equal(l.isRegistered('10.4.4.7'), false);
    assert.equal(l.isRegistered('10.9.9.9'), false, 'outside every network');
  });

  it('blocks a range outside the registered networks refused 60 times in a minute (fresh addresses do not escape); a registered range is blocked only per address', () => {
    const blocks: SourceBlock[] = [];
    const l = new AbuseLimits(new TestClock(), (_ip, b) => blocks.push(b));
    l.setRegisteredNetworks([network(['10.9.0.0/16'])]);
    for (let i = 1; i <= REFUSALS_BEFORE_RANGE_BLOCK; i++) { l.refused(`172.16.4.${i}`); l.refused(`10.9.4.${i}`); }
    assert.deepEqual(blocks.map((b) => b.blocks), ['172.16.4.0/24']);
    assert.equal(l.admit(socket(), '172.16.4.200'), false);
    assert.equal(l.admit(socket(), '10.9.4.200'), true);
  });
});

describe(`${AbuseLimits.name}: refusals before authentication as counters`, () => {
  it('logs the first refusal of a window per range outside the registered networks in full, and sums the rest into one summary; registered ones are each logged', () => {
    const clock = new TestClock();
    const summaries: SourceSummary[] = [];
    const l = new AbuseLimits(clock, () => {}, (s) => summaries.push(s));
    l.setRegisteredNetworks([network(['10.9.0.0/16'])]);
    assert.equal(l.logInFull('172.16.4.1', 'gateway.A1a'), true);
    assert.equal(l.logInFull('172.16.4.2', 'gateway.A1a'), false, 'the same /24');
    assert.equal(l.logInFull('172.16.4.3', 'gateway.login_name_invalid'), false);
    assert.equal(l.logInFull('172.16.5.1', 'gateway.A1a'), true, 'another /24');
    for (let i = 0; i < 5; i++) assert.equal(l.logInFull('10.9.0.1', 'gateway.A1a'), true, 'a registered network');
    assert.equal(l.logInFull('172.16.4.4', 'gateway.A1b'), true, 'a known person with a registered key, from an unregistered address');
    l.sweep();
    assert.equal(summaries.length, 0, 'the window has not ended');
    clock.advanceSeconds(60);
    l.sweep();
    assert.deepEqual(summaries, [{ source: '172.16.4.0/24', sourceIp: '172.16.4.3', count: 2, codes: { 'gateway.A1a': 1, 'gateway.login_name_invalid': 1 }, windowSeconds: 60 }]);
    assert.equal(l.logInFull('172.16.4.9', 'gateway.A1a'), true, 'a new window');
  });
});

describe(SessionRefusals.name, () => {
  it('logs the first refusal of a window in full, sums the rest into one summary, and says when the session is over its limit', () => {
    const clock = new TestClock();
    const summaries: RefusalSummary[] = [];
    const r = new SessionRefusals(clock, (s) => summaries.push(s));
    assert.deepEqual(r.refused('x11'), { logInFull: true, overLimit: false });
    for (let i = 1; i < MAX_REFUSED_REQUESTS; i++) assert.equal(r.refused(i % 2 ? 'tun@openssh.com' : '__proto__').logInFull, false);
    assert.deepEqual(r.refused('x11'), { logInFull: false, overLimit: true });
    assert.equal(summaries.length, 0, 'nothing more until the window ends');
    clock.advanceMinutes(1);
    assert.equal(r.refused('x11').logInFull, true, 'a new window: the summary of the last one, and this one in full');
    assert.equal(summaries.length, 1);
    assert.deepEqual(summaries[0], { count: MAX_REFUSED_REQUESTS, kinds: { 'tun@openssh.com': 32, ['__proto__']: 31, x11: 1 }, windowSeconds: 60 });
    r.flush();
    assert.equal(summaries.length, 1, 'nothing counted since');
  });
});
