import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AsciicastEncoder, asciicastEventLine, asciicastHeaderLine } from '../../src/gateway/asciicast-encoder.js';

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
    assert.deepEqual(e.end(START + 10), [[0.01, 'i', '\ufffd']], 'a character cut off at the end is shown as replaced');
    assert.equal(e.output(START + 20, Buffer.from('later')), null, 'nothing after the end');
    assert.equal(e.capturing, false);
    assert.deepEqual(e.end(START + 30), []);
  });

  it('records everything, however much: no cut-off (a session is bounded by its recording quota instead)', () => {
    const e = new AsciicastEncoder(START);
    assert.deepEqual(e.output(START, Buffer.alloc(5 * 1024 * 1024, 0x61))?.[2].length, 5 * 1024 * 1024);
    assert.equal(e.capturing, true);
    assert.deepEqual(e.input(START + 5, Buffer.from('xy')), [0.005, 'i', 'xy']);
    assert.deepEqual(e.resize(START + 7, 80, 24), [0.007, 'r', '80x24']);
  });
});
