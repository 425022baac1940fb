import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import type { OpeningSecret, SealingSecret } from '../../src/adapters/backup/backup-cipher.js';
import { openingStream, readX25519Key, sealingStream } from '../../src/adapters/backup/backup-cipher.js';
import { DomainError } from '../../src/domain/errors.js';

const PASS = 'a passphrase of some length';
const RECORD = 64 * 1024 + 16;
const dir = mkdtempSync(join(tmpdir(), 'jaga-cipher-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function seal(plain: Buffer, secret: SealingSecret = { passphrase: PASS }): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from([plain]), await sealingStream(secret), new Writable({ write(c: Buffer, _e, done) { out.push(c); done(); } }));
  return Buffer.concat(out);
}

let n = 0;
/** Opens `archive` as restore does: header and passphrase first, then the records as a stream. */
async function unseal(archive: Buffer, secret: OpeningSecret | string = PASS): Promise<Buffer> {
  const file = join(dir, `a${n++}`);
  writeFileSync(file, archive);
  const fh = await open(file, 'r');
  try {
    const { offset, stream } = await openingStream(file, fh, typeof secret === 'string' ? { passphrase: secret } : secret);
    const out: Buffer[] = [];
    await pipeline(fh.createReadStream({ start: offset, autoClose: false }), stream, new Writable({ write(c: Buffer, _e, done) { out.push(c); done(); } }));
    return Buffer.concat(out);
  } finally {
    await fh.close();
  }
}

const refused = (code: string, reason?: string) => (e: unknown): boolean => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code);
  if (reason) assert.equal((e.params as { reason: string }).reason, reason);
  return true;
};

const start = (archive: Buffer): number => 12 + archive.readUInt32BE(8);

describe('the backup archive cipher (scrypt, AES-256-GCM in chunks)', () => {
  const plain = randomBytes(3 * 64 * 1024 + 1234);
  let sealed: Buffer;

  it('reads back what it wrote: empty, exactly one chunk, several chunks; a fresh salt each time', async () => {
    for (const p of [Buffer.alloc(0), randomBytes(64 * 1024), plain]) {
      const s = await seal(p);
      assert.deepEqual(await unseal(s), p);
    }
    sealed = await seal(plain);
    assert.notDeepEqual(sealed, await seal(plain));
    assert.equal(sealed.subarray(0, 8).toString('latin1'), 'JAGABAK\x01');
    assert.equal(sealed.length - start(sealed), 3 * RECORD + 1234 + 16);
  });

  it('tells a wrong passphrase apart, before any record', async () => {
    await assert.rejects(unseal(sealed, 'another passphrase'), refused('backup.passphrase_wrong'));
  });

  it('refuses a file that is not an archive, and a changed header', async () => {
    await assert.rejects(unseal(Buffer.from('SQLite format 3\0 and more bytes')), refused('backup.damaged', 'not_a_backup'));
    const h = Buffer.from(sealed);
    const at = h.indexOf('"chunk":65536');
    h.write('"chunk":65537', at);
    await assert.rejects(unseal(h), refused('backup.damaged', 'header'));
    // A header change that still parses (the salt's last character) is caught by the passphrase check or the records' AAD.
    const salt = Buffer.from(sealed);
    const s = salt.indexOf('"salt":"') + 9;
    salt[s] = salt[s] === 0x41 ? 0x42 : 0x41;
    await assert.rejects(unseal(salt), (e: unknown) => e instanceof DomainError && ['backup.passphrase_wrong', 'backup.damaged'].includes(e.code));
  });

  it('refuses any flipped byte in a record, naming the record', async () => {
    for (const at of [start(sealed), start(sealed) + RECORD + 5, sealed.length - 1]) {
      const b = Buffer.from(sealed);
      b[at] = (b[at] as number) ^ 0x80;
      await assert.rejects(unseal(b), refused('backup.damaged', 'chunk'));
    }
  });

  it('refuses records swapped, a cut at a record boundary or inside one, and bytes appended', async () => {
    const s = start(sealed);
    const swapped = Buffer.concat([sealed.subarray(0, s), sealed.subarray(s + RECORD, s + 2 * RECORD), sealed.subarray(s, s + RECORD), sealed.subarray(s + 2 * RECORD)]);
    await assert.rejects(unseal(swapped), refused('backup.damaged', 'chunk'));
    await assert.rejects(unseal(sealed.subarray(0, s + 3 * RECORD)), refused('backup.damaged', 'truncated'));
    await assert.rejects(unseal(sealed.subarray(0, s + 2 * RECORD)), refused('backup.damaged', 'truncated'));
    await assert.rejects(unseal(sealed.subarray(0, sealed.length - 100)), refused('backup.damaged', 'chunk'));
    await assert.rejects(unseal(sealed.subarray(0, s + 5)), refused('backup.damaged', 'truncated'));
    await assert.rejects(unseal(Buffer.concat([sealed, Buffer.from([0])])), refused('backup.damaged', 'chunk'));
    // The final record of another archive under the same passphrase does not fit either (another key).
    const other = await seal(plain);
    await assert.rejects(unseal(Buffer.concat([sealed.subarray(0, sealed.length - 1250), other.subarray(other.length - 1250)])), refused('backup.damaged', 'chunk'));
  });

  it("seals for a recipient's X25519 public key: only its private key opens it, and each refusal says why", async () => {
    const pair = generateKeyPairSync('x25519');
    const pub = join(dir, 'recipient.pub.pem');
    const priv = join(dir, 'recipient.pem');
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const sealed = await seal(plain, { recipient: readX25519Key(pub, 'public') });
    const raw = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('base64');
    assert.ok(sealed.subarray(0, start(sealed)).includes(`"recipient":"${raw}"`), 'the header names the recipient key');
    assert.deepEqual(await unseal(sealed, { identity: readX25519Key(priv, 'private') }), plain);
    await assert.rejects(unseal(sealed, { identity: generateKeyPairSync('x25519').privateKey }), refused('backup.key_wrong'));
    await assert.rejects(unseal(sealed, PASS), (e: unknown) => e instanceof DomainError && e.code === 'backup.secret_kind' && (e.params as { sealedWith: string }).sealedWith === 'key');
    await assert.rejects(unseal(await seal(Buffer.from('x')), { identity: pair.privateKey }), refused('backup.secret_kind'));
    const b = Buffer.from(sealed);
    b[b.length - 3] = (b[b.length - 3] as number) ^ 1;
    await assert.rejects(unseal(b, { identity: pair.privateKey }), refused('backup.damaged', 'chunk'));
    const ed = join(dir, 'ed25519.pem');
    writeFileSync(ed, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    assert.throws(() => readX25519Key(ed, 'public'), refused('backup.key_invalid'));
    assert.throws(() => readX25519Key(pub, 'private'), refused('backup.key_invalid'));
    assert.throws(() => readX25519Key(join(dir, 'nope.pem'), 'public'), refused('backup.key_invalid'));
  });
});
