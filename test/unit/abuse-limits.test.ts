import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abuseKey } from '../../src/domain/access/cidr.js';
import { AbuseLimits, type HeldSocket, type SourceBlock } from '../../src/gateway/abuse-limits.js';
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
