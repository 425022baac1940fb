import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AsciicastEncoder, asciicastEventBytes, asciicastEventLine, asciicastHeaderLine } from '../../src/gateway/asciicast-encoder.js';

const START = Date.parse('2026-11-28T01:00:00.000Z');

describe(AsciicastEncoder.name, () => {
  it('writes the asciicast v2 header line with the fields in their order, and one JSON line per event', () => {
    assert.equal(asciicastHeaderLine({ jaga: { case: 'C-1' }, env: { TERM: 'xterm' }, title: 'andi@spse (C-1)', timestamp: 1764291600, height: 24, width: 80 }),
      '{"version":2,"width":80,"height":24,"timestamp":1764291600,"title":"andi@spse (C-1)","env":{"TERM":"xterm"},"jaga":{"case":"C-1"}}\n');
    assert.equal(asciicastEventLine([1.25, 'o', 'halo\r\n"kutip"']), '[1.25,"o","halo\\r\\n\\"kutip\\""]\n');
  });

  it('times events in seconds since the start, to the millisecond, never going back when the clock does', () => {
    const e = new AsciicastEncoder(START);
    assert.deepEqual(e.output(START + 1500, Buffer.from('a')), [1.5, 'o', 'a']);
    assert.deepEqual(e.input(START + 1500.4, Buffer.from('b')), [1.5, 'i', 'b']);
    assert.deepEqual(e.resize(START + 900, 120, 40), [1.5, 'r', '120x40'], 'a clock stepped back holds the time');
    assert.deepEqual(e.output(START + 2001, Buffer.from('c')), [2.001, 'o', 'c']);
  });

  it('keeps a UTF-8 character split across chunks whole, separately for output and input; end() gives what is held', () => {
    const e = new AsciicastEncoder(START);
    const check = Buffer.from('✓', 'utf8');
    assert.equal(e.output(START, check.subarray(0, 2)), null, 'nothing to show yet');
    assert.deepEqual(e.input(START, Buffer.from('x')), [0, 'i', 'x']);
    assert.deepEqual(e.output(START, check.subarray(2)), [0, 'o', '✓']);
    e.input(START, check.subarray(0, 1));
    assert.deepEqual(e.end(START + 10), [[0.01, 'i', '\ufffd', { b64: check.subarray(0, 1).toString('base64') }]],
      'a character cut off at the end is shown as replaced, its byte kept');
    assert.equal(e.output(START + 20, Buffer.from('later')), null, 'nothing after the end');
    assert.equal(e.capturing, false);
    assert.deepEqual(e.end(START + 30), []);
  });

  it('keeps every byte: any stream in any chunking is given back exactly by its events (text, or the exact bytes where it is not UTF-8)', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), fc.boolean(), (chunks, utf8Only) => {
      const e = new AsciicastEncoder(START);
      const parts = utf8Only ? chunks.map((c) => Buffer.from(Buffer.from(c).toString('latin1'), 'utf8')) : chunks.map((c) => Buffer.from(c));
      const events = [...parts.map((c) => e.output(START, c)), ...e.end(START)].filter((x) => x !== null);
      const bytes = Buffer.concat(events.map((ev) => (ev.length === 4 ? Buffer.from(ev[3].b64, 'base64') : Buffer.from(ev[2], 'utf8'))));
      assert.deepEqual(bytes, Buffer.concat(parts));
      if (utf8Only) assert.ok(events.every((ev) => ev.length === 3), 'valid UTF-8 needs no exact bytes');
    }), { numRuns: 500, seed: 10 });
  });

  it('records everything, however much: no cut-off (a session is bounded by its recording quota instead)', () => {
    const e = new AsciicastEncoder(START);
    assert.deepEqual(e.output(START, Buffer.alloc(5 * 1024 * 1024, 0x61))?.[2].length, 5 * 1024 * 1024);
    assert.equal(e.capturing, true);
    assert.deepEqual(e.input(START + 5, Buffer.from('xy')), [0.005, 'i', 'xy']);
    assert.deepEqual(e.resize(START + 7, 80, 24), [0.007, 'r', '80x24']);
  });
});

describe('AsciicastEncoder: bulk binary data', () => {
  it('keeps a large chunk that is not UTF-8, or is mostly control bytes, as its exact bytes only', () => {
    const e = new AsciicastEncoder(0);
    const random = Buffer.alloc(4096, 0xff);
    const zeros = Buffer.alloc(4096, 0);
    assert.deepEqual(e.output(10, random), [0.01, 'o', '', { b64: random.toString('base64') }]);
    assert.deepEqual(e.output(20, zeros), [0.02, 'o', '', { b64: zeros.toString('base64') }]);
    const text = Buffer.from('baris log\r\n'.repeat(400));
    assert.deepEqual(e.output(30, text), [0.03, 'o', text.toString('utf8')], 'large text is still shown as text');
    const small = Buffer.from([0x61, 0xff]);
    assert.deepEqual(e.output(40, small), [0.04, 'o', 'a\ufffd', { b64: small.toString('base64') }], 'a small chunk keeps its picture');
  });
});

describe('asciicastEventBytes', () => {
  it('writes the same bytes as asciicastEventLine, for every kind of event', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), fc.nat(100_000), (bytes, out, ms) => {
      const e = new AsciicastEncoder(0);
      const chunk = Buffer.from(bytes);
      const ev = out ? e.output(ms, chunk) : e.input(ms, chunk);
      if (!ev) return;
      assert.deepEqual(asciicastEventBytes(ev), Buffer.from(asciicastEventLine(ev), 'utf8'));
    }), { numRuns: 300 });
  });
});
