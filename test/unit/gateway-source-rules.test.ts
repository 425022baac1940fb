import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/*
 * Rules about where things live in src/, checked on the source text: ssh2's private internals in
 * one file, evidence times from the Clock in the gateway, one SSH fingerprint function.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
});
const src = filesUnder(join(ROOT, 'src')).map((p) => ({ file: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
const hits = (re: RegExp, files = src): string[] => files.flatMap(({ file, text }) =>
  text.split('\n').flatMap((line, i) => (re.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));

describe('gateway source rules', () => {
  it('every use of ssh2\'s private internals is in src/gateway/ssh2-internals.ts', () => {
    const found = hits(/\._(protocol|sock|srv|packetRW|kexinit|cipher|queue)\b|\b_(protocol|sock|srv|packetRW)\??:|ssh2\/lib\//)
      .filter((h) => !h.startsWith(join('src', 'gateway', 'ssh2-internals.ts')));
    assert.deepEqual(found, []);
    const internals = src.find((f) => f.file === join('src', 'gateway', 'ssh2-internals.ts'));
    assert.ok(internals && /_protocol/.test(internals.text) && /Breaks:/.test(internals.text));
  });

  it('no evidence time in src/gateway comes from the process clock (Date.now(), new Date()) instead of the Clock port', () => {
    const gateway = src.filter((f) => f.file.startsWith(join('src', 'gateway')));
    const found = hits(/Date\.now\(\)|new Date\(\)/, gateway);
    assert.deepEqual(found, []);
  });

  it('there is one SSH fingerprint function (SHA256: + unpadded base64 of the key blob), in the crypto adapter', () => {
    const found = hits(/`SHA256:\$\{|['"]SHA256:['"]\s*\+/).map((h) => h.split(':')[0]);
    assert.deepEqual(found, [join('src', 'adapters', 'system', 'node-crypto.ts')]);
  });
});
