import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { openApp } from '../../src/main/open-app.js';
import { JAGA_BIN } from '../support/jaga-cli.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';

function jaga(dataDir: string, args: readonly string[], input = '', env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [JAGA_BIN, ...args, '--lang', 'en'], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...env }, input, encoding: 'utf8' });
}

/** `jaga backup` / `jaga restore` on SQLite: the recipient key instead of a passphrase, and the command line's refusals. */
describe('jaga backup and jaga restore on the command line', () => {
  const place = mkdtempSync(join(tmpdir(), 'jaga-cli-backup-'));
  const dir = join(place, 'data');
  const pub = join(place, 'backup-recipient.pub.pem');
  const priv = join(place, 'backup-recipient.pem');
  before(() => {
    assert.equal(jaga(dir, ['migrate']).status, 0);
    assert.equal(jaga(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], 'long-enough-password\n').status, 0);
    const pair = generateKeyPairSync('x25519');
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  });
  after(() => rmSync(place, { recursive: true, force: true }));

  it("seals an archive for a recipient's public key, which only its private key restores", () => {
    const archive = join(place, 'for-recipient.backup');
    const b = jaga(dir, ['backup', '--out', archive, '--recipient', pub]);
    assert.equal(b.status, 0, b.stderr);
    const without = jaga(join(place, 'r0'), ['restore', archive, '--passphrase-stdin'], 'a passphrase\n');
    assert.equal(without.status, 2);
    assert.match(without.stderr, /is sealed for an X25519 key: give --identity FILE; nothing was written\. \[backup\.secret_kind\]/);
    const other = join(place, 'other.pem');
    writeFileSync(other, generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const wrong = jaga(join(place, 'r1'), ['restore', archive, '--identity', other]);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /sealed for another X25519 key than the one given; nothing was written\. \[backup\.key_wrong\]/);
    const r = jaga(join(place, 'r2'), ['restore', archive, '--identity', priv]);
    assert.equal(r.status, 0, r.stderr);
    const v = jaga(join(place, 'r2'), ['logbook', 'verify']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.deepEqual(['r0', 'r1'].map((d) => existsSync(join(place, d))), [false, false]);
  });

  it('refuses what cannot make or read an archive, with words that say what to give', () => {
    const both = jaga(dir, ['backup', '--out', join(place, 'x.backup'), '--recipient', pub, '--passphrase-stdin'], 'long enough passphrase\n');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /recipient.*passphrase-stdin/);
    const short = jaga(dir, ['backup', '--out', join(place, 'x.backup'), '--passphrase-stdin'], 'short\n');
    assert.equal(short.status, 2);
    assert.match(short.stderr, /passphrase is too short: at least 12 characters/);
    const notKey = jaga(dir, ['backup', '--out', join(place, 'x.backup'), '--recipient', join(dir, 'logbook-signing-key.pem')]);
    assert.equal(notKey.status, 2);
    assert.match(notKey.stderr, /is not an X25519 public key in PEM \(ed25519\)/);
    const noSecret = jaga(join(place, 'r3'), ['restore', join(place, 'x.backup')]);
    assert.equal(noSecret.status, 3, noSecret.stderr);
    assert.match(noSecret.stderr, /Archive '.*x\.backup' cannot be read \(ENOENT\)/);
    const plain = join(place, 'plain.sqlite');
    writeFileSync(plain, 'SQLite format 3\0');
    const notArchive = jaga(join(place, 'r4'), ['restore', plain, '--passphrase-stdin'], 'a passphrase\n');
    assert.equal(notArchive.status, 2);
    assert.match(notArchive.stderr, /is not a Jaga backup archive; nothing was written/);
    const noDir = jaga(dir, ['backup', '--out', join(place, 'no-such-dir', 'x.backup'), '--passphrase-stdin'], 'long enough passphrase\n');
    assert.equal(noDir.status, 2);
    assert.match(noDir.stderr, /cannot create '.*no-such-dir\/x\.backup' \(ENOENT\)/);
    const noFlag = jaga(join(place, 'r5'), ['restore', plain]);
    assert.equal(noFlag.status, 2);
    assert.match(noFlag.stderr, /give --passphrase-stdin \(the passphrase on standard input\) or --identity FILE/);
    assert.deepEqual(readdirSync(place).filter((n) => /^r\d|\.restore-|\.work-|\.partial-/.test(n)).sort(), ['r2'], 'nothing else written');
  });

  it('says where a signing key kept outside the data directory (JAGA_SIGNING_KEY_FILE) lives, instead of copying it', () => {
    const elsewhere = join(place, 'keys-elsewhere');
    const ownKey = { JAGA_SIGNING_KEY_FILE: join(elsewhere, 'signing.pem') };
    const d = join(elsewhere, 'data');
    assert.equal(spawnSync('mkdir', ['-p', elsewhere]).status, 0);
    assert.equal(spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', ownKey.JAGA_SIGNING_KEY_FILE]).status, 0);
    assert.equal(jaga(d, ['migrate'], '', ownKey).status, 0);
    const archive = join(elsewhere, 'a.backup');
    const b = jaga(d, ['backup', '--out', archive, '--passphrase-stdin'], 'long enough passphrase\n', ownKey);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stderr, /the logbook signing key is not in the archive \(JAGA_SIGNING_KEY_FILE\): back up .*keys-elsewhere\/signing\.pem yourself/);
    const target = join(elsewhere, 'restored');
    const r = jaga(target, ['restore', archive, '--passphrase-stdin'], 'long enough passphrase\n');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /not in the archive; it lived at .*keys-elsewhere\/signing\.pem: put it in place and point JAGA_SIGNING_KEY_FILE at it/);
    assert.equal(existsSync(join(target, 'logbook-signing-key.pem')), false);
    const v = jaga(target, ['logbook', 'verify'], '', ownKey);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  });
});

/** `jaga` as a child while this process keeps serving (the S3 server runs here: spawnSync would block it). */
function jagaAsync(dataDir: string, args: readonly string[], input = '', env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [JAGA_BIN, ...args, '--lang', 'en'], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** With recordings in object storage the archive lists them (keys, sizes, SHA-256) and keeps no bytes: the bucket keeps those. */
describe('jaga backup with recordings in S3-compatible object storage', () => {
  const place = mkdtempSync(join(tmpdir(), 'jaga-cli-backup-s3-'));
  const dir = join(place, 'data');
  let s3: S3TestServer;
  let env: Record<string, string>;
  let digest: { sha256: string; bytes: number };
  before(async () => {
    s3 = await startS3Server();
    env = s3.env('lkpp');
    assert.equal((await jagaAsync(dir, ['migrate'], '', env)).status, 0);
    // A finished recording in the bucket, written through the adapter `jaga serve` records with.
    const app = openApp(loadConfig({ JAGA_DATA_DIR: dir, ...env }));
    try {
      const w = await app.recordings.create('2026/sesi-0.cast');
      await w.append(Buffer.from('{"version":2,"width":80,"height":24}\n[0.1,"o","df -h\\r\\n"]\n'));
      digest = await w.finish();
    } finally {
      await app.store.close();
    }
  });
  after(async () => {
    await s3.stop();
    rmSync(place, { recursive: true, force: true });
  });

  it('lists each recording with its hash instead of copying it, and the restore says to point at the same bucket', async () => {
    const archive = join(place, 's3.backup');
    const b = await jagaAsync(dir, ['backup', '--out', archive, '--passphrase-stdin'], 'long enough passphrase\n', env);
    assert.equal(b.status, 0, b.stderr);
    const restored = join(place, 'restored');
    const r = await jagaAsync(restored, ['restore', archive, '--passphrase-stdin'], 'long enough passphrase\n', env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /1 recordings are in object storage, not in the archive: point JAGA_RECORDINGS_URL at the same bucket/);
    assert.deepEqual(existsSync(join(restored, 'recordings')) ? readdirSync(join(restored, 'recordings'), { recursive: true }) : [], [], 'no recording bytes were restored to the disk');
    const v = await jagaAsync(restored, ['logbook', 'verify'], '', env);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.ok(digest.bytes > 0);
  });
});
