import { describe, it } from 'node:test';
import { messageOf } from '../../src/messages/catalogue.js';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IpAddress } from '../../src/domain/access/cidr.js';
import { cidrContains, formatIp, parseCidr, parseIp, requireIp } from '../../src/domain/access/cidr.js';
import { refusal } from './factories.js';

const ip = (text: string): IpAddress => {
  const parsed = parseIp(text);
  assert.ok(parsed, `${text} should parse`);
  return parsed;
};

describe(parseIp.name, () => {
  it('reads an IPv4 address as a 32-bit value', () => {
    assert.deepEqual(parseIp('10.0.0.1'), { family: 4, value: 0x0a000001n });
    assert.deepEqual(parseIp('255.255.255.255'), { family: 4, value: 0xffffffffn });
    assert.deepEqual(parseIp('0.0.0.0'), { family: 4, value: 0n });
  });

  it('reads IPv6 in full, compressed and mixed notation', () => {
    assert.deepEqual(parseIp('::1'), { family: 6, value: 1n });
    assert.deepEqual(parseIp('::'), { family: 6, value: 0n });
    assert.deepEqual(parseIp('2001:db8::'), { family: 6, value: 0x20010db8n << 96n });
    assert.deepEqual(parseIp('2001:0DB8:0000:0000:0000:0000:0000:0001'), { family: 6, value: (0x20010db8n << 96n) | 1n });
    assert.deepEqual(parseIp('64:ff9b::192.0.2.33'), { family: 6, value: (0x64ff9bn << 96n) | 0xc0000221n });
  });

  it('folds an IPv4-mapped IPv6 address (as dual-stack sockets report IPv4 peers) to IPv4', () => {
    assert.deepEqual(parseIp('::ffff:127.0.0.1'), { family: 4, value: 0x7f000001n });
    assert.deepEqual(parseIp('::ffff:7f00:1'), { family: 4, value: 0x7f000001n });
  });

  it('ignores surrounding whitespace', () => {
    assert.deepEqual(parseIp('  192.168.1.1\n'), { family: 4, value: 0xc0a80101n });
  });

  for (const bad of ['', 'abc', '300.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '::1::2', '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::', '12345::', 'fe80::1%eth0', ':1.2.3.4', '::ffff:300.0.0.1', '10.0.0.1/32']) {
    it(`is undefined for ${JSON.stringify(bad)}`, () => {
      assert.equal(parseIp(bad), undefined);
    });
  }
});

describe(requireIp.name, () => {
  it('refuses a non-address with ip.invalid', () => {
    const e = refusal(() => requireIp('bukan-ip'));
    assert.equal(e.code, 'ip.invalid');
    assert.equal(e.kind, 'invalid');
    assert.equal(messageOf(e, 'id'), "Alamat IP tidak valid: 'bukan-ip'.");
    assert.equal(messageOf(e, 'en'), "Not a valid IP address: 'bukan-ip'.");
    assert.equal((e as { text?: unknown }).text, undefined, 'the words come from the catalogue');
  });
});

describe(formatIp.name, () => {
  it('writes IPv6 in RFC 5952 form: lower case, longest zero run compressed, first run on a tie', () => {
    assert.equal(formatIp(ip('2001:0DB8:0:0:0:0:0:1')), '2001:db8::1');
    assert.equal(formatIp(ip('2001:db8:0:1:0:0:0:1')), '2001:db8:0:1::1');
    assert.equal(formatIp(ip('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
    assert.equal(formatIp(ip('2001:db8:1:1:1:1:0:1')), '2001:db8:1:1:1:1:0:1');
    assert.equal(formatIp(ip('::')), '::');
  });
});

describe(parseCidr.name, () => {
  it('parses IPv4 networks and normalises the text', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { family: 4, network: 0x0a000000n, prefix: 8, text: '10.0.0.0/8' });
    assert.deepEqual(parseCidr(' 192.168.10.0/24 '), { family: 4, network: 0xc0a80a00n, prefix: 24, text: '192.168.10.0/24' });
    assert.deepEqual(parseCidr('0.0.0.0/0'), { family: 4, network: 0n, prefix: 0, text: '0.0.0.0/0' });
  });

  it('reads a bare address as a single host', () => {
    assert.equal(parseCidr('203.0.113.7').text, '203.0.113.7/32');
    assert.equal(parseCidr('::1').text, '::1/128');
  });

  it('parses IPv6 networks, including ::1/128 and 2001:db8::/32', () => {
    assert.deepEqual(parseCidr('::1/128'), { family: 6, network: 1n, prefix: 128, text: '::1/128' });
    assert.deepEqual(parseCidr('2001:db8::/32'), { family: 6, network: 0x20010db8n << 96n, prefix: 32, text: '2001:db8::/32' });
    assert.equal(parseCidr('2001:0DB8:0000::/48').text, '2001:db8::/48');
  });

  const malformed: [input: string, why: string][] = [
    ['10.0.0.1/8', 'host bits set'],
    ['2001:db8::1/32', 'IPv6 host bits set'],
    ['10.0.0.0/33', 'prefix above 32'],
    ['::/129', 'prefix above 128'],
    ['300.1.1.1/32', 'octet above 255'],
    ['1.2.3/24', 'three octets'],
    ['abc', 'not an address'],
    ['01.2.3.4/32', 'leading zero in an octet'],
    ['', 'empty'],
    ['/24', 'no address'],
    ['1.2.3.4/8/9', 'two prefixes'],
    ['::1::2/128', 'two "::"'],
    ['10.0.0.0/', 'empty prefix'],
    ['10.0.0.0/08', 'leading zero in the prefix'],
    ['10.0.0.0/-1', 'negative prefix'],
    ['10.0.0.0/8.0', 'fractional prefix'],
  ];
  for (const [input, why] of malformed) {
    it(`refuses ${JSON.stringify(input)} (${why}) with network.cidr_invalid`, () => {
      const e = refusal(() => parseCidr(input));
      assert.equal(e.code, 'network.cidr_invalid');
      assert.equal(e.kind, 'invalid');
      assert.ok(messageOf(e, 'id').length > 0 && messageOf(e, 'en').length > 0);
    });
  }

  it('says why a CIDR is refused, from the catalogue, in both languages', () => {
    const e = refusal(() => parseCidr('::/129'));
    assert.equal((e as { text?: unknown }).text, undefined);
    assert.equal(messageOf(e, 'id'), "CIDR tidak valid '::/129': prefiks maksimal 128.");
    assert.equal(messageOf(e, 'en'), "Malformed CIDR '::/129': prefix must be at most 128.");
    assert.equal(messageOf(refusal(() => parseCidr('10.0.0.1/8')), 'en'), "Malformed CIDR '10.0.0.1/8': host bits must be zero.");
  });
});

describe(cidrContains.name, () => {
  it('contains the addresses inside the network and no others', () => {
    const lan = parseCidr('10.10.0.0/16');
    assert.equal(cidrContains(lan, ip('10.10.0.0')), true);
    assert.equal(cidrContains(lan, ip('10.10.255.255')), true);
    assert.equal(cidrContains(lan, ip('10.11.0.0')), false);
    assert.equal(cidrContains(lan, ip('10.9.255.255')), false);
  });

  it('a /32 or /128 contains exactly its address; a /0 contains the whole family', () => {
    assert.equal(cidrContains(parseCidr('203.0.113.7/32'), ip('203.0.113.7')), true);
    assert.equal(cidrContains(parseCidr('203.0.113.7/32'), ip('203.0.113.8')), false);
    assert.equal(cidrContains(parseCidr('::1/128'), ip('::1')), true);
    assert.equal(cidrContains(parseCidr('::1/128'), ip('::2')), false);
    assert.equal(cidrContains(parseCidr('0.0.0.0/0'), ip('198.51.100.1')), true);
    assert.equal(cidrContains(parseCidr('::/0'), ip('2001:db8::1')), true);
  });

  it('never matches across families', () => {
    assert.equal(cidrContains(parseCidr('::/0'), ip('10.0.0.1')), false);
    assert.equal(cidrContains(parseCidr('0.0.0.0/0'), ip('2001:db8::1')), false);
  });

  it('matches an IPv4-mapped IPv6 peer against an IPv4 network', () => {
    assert.equal(cidrContains(parseCidr('127.0.0.0/8'), ip('::ffff:127.0.0.1')), true);
  });

  it('folds an IPv4-mapped IPv6 network to IPv4, as peers are folded, so the two match', () => {
    const mapped = parseCidr('::ffff:10.0.0.0/104');
    assert.equal(mapped.family, 4);
    assert.equal(mapped.text, '10.0.0.0/8');
    assert.equal(cidrContains(mapped, ip('::ffff:10.1.2.3')), true);
    assert.equal(cidrContains(mapped, ip('10.1.2.3')), true);
    assert.equal(cidrContains(mapped, ip('11.1.2.3')), false);
  });

  it('checks IPv6 prefixes bit by bit', () => {
    const doc = parseCidr('2001:db8::/32');
    assert.equal(cidrContains(doc, ip('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')), true);
    assert.equal(cidrContains(doc, ip('2001:db9::')), false);
    assert.equal(cidrContains(parseCidr('2001:db8:8000::/33'), ip('2001:db8:7fff::1')), false);
  });
});

describe('CIDR properties', () => {
  const MAPPED_V4 = 0xffffn << 32n;
  const v4Value = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
  const v6Value = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

  it('the network of an address masked to prefix p contains that address', () => {
    fc.assert(fc.property(v4Value, fc.integer({ min: 0, max: 32 }), (a, p) => {
      const hostMask = (1n << BigInt(32 - p)) - 1n;
      const network = formatIp({ family: 4, value: a & ~hostMask });
      const cidr = parseCidr(`${network}/${p}`);
      assert.equal(cidr.text, `${network}/${p}`);
      assert.equal(cidrContains(cidr, { family: 4, value: a }), true);
      // …and the first address just outside the block is not in it.
      const outside = (a | hostMask) + 1n;
      if (p > 0 && outside < 1n << 32n) assert.equal(cidrContains(cidr, { family: 4, value: outside }), false);
    }));
  });

  it('the same holds for IPv6 prefixes', () => {
    fc.assert(fc.property(v6Value, fc.integer({ min: 0, max: 128 }), (a, p) => {
      const hostMask = (1n << BigInt(128 - p)) - 1n;
      const cidr = parseCidr(`${formatIp({ family: 6, value: a & ~hostMask })}/${p}`);
      assert.equal(cidr.family, 6);
      assert.equal(cidrContains(cidr, { family: 6, value: a }), true);
    }));
  });

  it('formatIp(parseIp(x)) round-trips IPv4 text', () => {
    fc.assert(fc.property(fc.ipV4(), (text) => {
      assert.equal(formatIp(ip(text)), text);
    }));
  });

  it('formatIp(parseIp(x)) round-trips IPv6 values (IPv4-mapped ones come back as IPv4)', () => {
    fc.assert(fc.property(fc.oneof(v6Value, v4Value.map((v) => MAPPED_V4 | v)), (value) => {
      const text = formatIp({ family: 6, value });
      const back = ip(text);
      if (value >> 32n === MAPPED_V4 >> 32n) {
        assert.deepEqual(back, { family: 4, value: value & 0xffffffffn });
      } else {
        assert.deepEqual(back, { family: 6, value });
        assert.equal(formatIp(back), text);
      }
    }));
  });

  it('parses any IPv6 text fast-check writes (full, compressed or mixed) to the same value as its normal form', () => {
    fc.assert(fc.property(fc.ipV6(), (text) => {
      const parsed = ip(text);
      assert.deepEqual(ip(formatIp(parsed)), parsed);
    }));
  });
});
