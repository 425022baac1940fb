import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadOrCreateSecretBox } from '../../src/adapters/system/aes-secret-box.js';
import { base32Decode, base32Encode, rfc6238Totp } from '../../src/adapters/system/rfc6238-totp.js';
import { scryptPasswordHasher } from '../../src/adapters/system/scrypt-password-hasher.js';
import { generateEd25519 } from '../../src/adapters/system/ssh-keys.js';
import ssh2 from 'ssh2';

describe('rfc6238Totp', () => {
  // RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last 6 of the 8-digit values.
  const secret = base32Encode(Buffer.from('12345678901234567890'));
  for (const [seconds, code] of [[59, '287082'], [1111111109, '081804'], [1111111111, '050471'], [1234567890, '005924'], [2000000000, '279037']] as const) {
    it(`gives ${code} at t=${seconds}`, () => {
      assert.equal(rfc6238Totp.code(secret, new Date(seconds * 1000)), code);
      assert.equal(rfc6238Totp.verify(secret, code, new Date(seconds * 1000)), Math.floor(seconds / 30));
    });
  }
  it('accepts one step of clock drift either side and no more', () => {
    const t = new Date(1_800_000_000_000);
    const code = rfc6238Totp.code(secret, t);
    assert.equal(rfc6238Totp.verify(secret, code, new Date(t.getTime() + 30_000)), t.getTime() / 30_000);
    assert.equal(rfc6238Totp.verify(secret, code, new Date(t.getTime() + 90_000)), null);
    assert.equal(rfc6238Totp.verify(secret, 'abcdef', t), null);
  });
  it('round-trips base32', () => {
    const b = Buffer.from([0, 1, 2, 250, 255, 7, 8]);
    assert.deepEqual(base32Decode(base32Encode(b)), b);
  });
});

describe('loadOrCreateSecretBox', () => {
  it('creates an owner-only key and seals so that only this key opens, and tampering is detected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaga-box-'));
    const otherDir = mkdtempSync(join(tmpdir(), 'jaga-box-'));
    after(() => { rmSync(dir, { recursive: true, force: true }); rmSync(otherDir, { recursive: true, force: true }); });
    const box = loadOrCreateSecretBox(join(dir, 'data-key'));
    assert.equal(statSync(join(dir, 'data-key')).mode & 0o777, 0o600);
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    assert.notEqual(sealed, box.seal('JBSWY3DPEHPK3PXP'), 'a fresh IV each time');
    assert.ok(!sealed.includes('JBSWY3DP'));
    assert.equal(loadOrCreateSecretBox(join(dir, 'data-key')).open(sealed), 'JBSWY3DPEHPK3PXP');
    const other = loadOrCreateSecretBox(join(otherDir, 'data-key'));
    assert.throws(() => other.open(sealed));
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.startsWith('A') ? 'B' : 'A'}${parts[3]?.slice(1) ?? ''}`;
    assert.throws(() => box.open(parts.join('.')));
    assert.ok(readFileSync(join(dir, 'data-key'), 'utf8').length > 40);
  });
});

describe('scryptPasswordHasher', () => {
  it('records its parameters in the hash and verifies only the right password', async () => {
    const h = await scryptPasswordHasher.hash('kata sandi yang panjang');
    assert.match(h, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await scryptPasswordHasher.verify('kata sandi yang panjang', h), true);
    assert.equal(await scryptPasswordHasher.verify('kata sandi yang salah', h), false);
    assert.equal(await scryptPasswordHasher.verify('x', 'garbage'), false);
  });
});

describe('generateEd25519: the gateway\'s own SSH keys (host key, target credentials)', () => {
  it('writes keys that ssh-keygen and ssh2 read back, every time (ssh2\'s own generator drops a leading zero byte about once in 300)', () => {
    for (let i = 0; i < 1000; i++) {
      const pair = generateEd25519('jaga@gateway');
      const parsed = ssh2.utils.parseKey(pair.privateKey);
      assert.ok(!(parsed instanceof Error) && !Array.isArray(parsed), `key ${i} parses`);
      assert.equal(`ssh-ed25519 ${parsed.getPublicSSH().toString('base64')} jaga@gateway`, pair.publicKey);
    }
    const pair = generateEd25519('ops laptop');
    const dir = mkdtempSync(join(tmpdir(), 'jaga-key-'));
    try {
      writeFileSync(join(dir, 'k'), pair.privateKey, { mode: 0o600 });
      assert.equal(execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'k')]).toString().trim(), pair.publicKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
