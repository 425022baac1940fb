import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { DomainError } from '../../domain/errors.js';

/**
 * The backup archive's encryption: a passphrase-derived key (scrypt, its salt and parameters in
 * the header) and AES-256-GCM over fixed-size chunks, so an archive of many GiB is written and
 * read as a stream.
 *
 * ```
 * file   = MAGIC(8) ‖ u32be(n) ‖ header(n bytes, JSON) ‖ record*
 * record = AES-256-GCM(key, nonce = u64be(counter) ‖ 0 0 0 ‖ final, aad = SHA-256(MAGIC ‖ u32be(n) ‖ header), chunk) ‖ tag(16)
 * ```
 * Every chunk holds exactly `chunk` bytes except the last, which holds fewer (possibly none) and
 * is sealed with the final flag. So a flipped byte anywhere (header included, through the AAD),
 * two records swapped (the counter), a cut at a record boundary (no final record) or inside one
 * (a full record read as final) and bytes appended after the end all fail authentication.
 * `check` (an HMAC of the salt under the derived key) tells a wrong passphrase apart from damage
 * before the first record is read.
 *
 * Instead of a passphrase, an archive may be sealed for a recipient's X25519 public key: a fresh
 * ephemeral key pair per archive, the key from HKDF over the shared secret (salt, ephemeral and
 * recipient public keys in the header); only the recipient's private key opens it, so the host
 * that makes backups never holds what reads them.
 */
export const BACKUP_MAGIC = Buffer.from('JAGABAK\x01', 'latin1');
const CHUNK = 64 * 1024;
const TAG = 16;
const MAX_HEADER = 4096;
/** scrypt with N = 2^17, r = 8: 128 MiB and about half a second per derivation on a small machine. */
const KDF = { N: 2 ** 17, r: 8, p: 1 } as const;

interface CipherHeader {
  readonly format: 'jaga-backup';
  readonly version: 1;
  readonly cipher: 'aes-256-gcm';
  readonly chunk: number;
  readonly kdf: ScryptKdf | X25519Kdf;
  readonly check: string;
}
interface ScryptKdf { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string }
/** `ephemeral`, `recipient`: raw 32-byte public keys, base64. */
interface X25519Kdf { readonly name: 'x25519'; readonly ephemeral: string; readonly recipient: string; readonly salt: string }

/** What seals an archive: a passphrase, or a recipient's X25519 public key. */
export type SealingSecret = { readonly passphrase: string } | { readonly recipient: KeyObject };
/** What opens one: the passphrase, or the recipient's X25519 private key. */
export type OpeningSecret = { readonly passphrase: string } | { readonly identity: KeyObject };

/**
 * An X25519 key from a PEM file (`openssl genpkey -algorithm X25519`; `openssl pkey -pubout` for its
 * public half): `public` accepts either half, `private` only the private one.
 */
export function readX25519Key(file: string, want: 'public' | 'private'): KeyObject {
  let key: KeyObject;
  try {
    const pem = readFileSync(file);
    key = want === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (err) {
    throw DomainError.of('invalid', 'backup.key_invalid', { file, want, reason: (err as NodeJS.ErrnoException).code ?? '' });
  }
  if (key.asymmetricKeyType !== 'x25519') throw DomainError.of('invalid', 'backup.key_invalid', { file, want, reason: key.asymmetricKeyType ?? '' });
  return key;
}

const rawX25519 = (k: KeyObject): Buffer => Buffer.from((k.export({ format: 'jwk' }).x ?? '') as string, 'base64url');
const x25519Public = (raw: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw, 'base64').toString('base64url') }, format: 'jwk' });

function x25519Master(own: KeyObject, other: KeyObject, kdf: Omit<X25519Kdf, 'name'>): Buffer {
  const shared = diffieHellman({ privateKey: own, publicKey: other });
  const info = Buffer.concat([Buffer.from('jaga backup x25519'), Buffer.from(kdf.ephemeral, 'base64'), Buffer.from(kdf.recipient, 'base64')]);
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(kdf.salt, 'base64'), info, 32));
}

const damaged = (file: string, reason: BackupDamage, at?: number): DomainError =>
  DomainError.of('invalid', 'backup.damaged', { file, reason, ...(at === undefined ? {} : { chunk: at }) });
export type BackupDamage = 'not_a_backup' | 'header' | 'chunk' | 'truncated' | 'contents';

function deriveKey(passphrase: string, kdf: ScryptKdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** The AES key and the passphrase check, both from the scrypt output (HKDF keeps them apart). */
function subkeys(master: Buffer, salt: string): { aes: Buffer; check: string } {
  const aes = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'jaga backup aes-256-gcm', 32));
  const check = createHmac('sha256', Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'jaga backup passphrase check', 32)))
    .update(Buffer.from(salt, 'base64')).digest('base64');
  return { aes, check };
}

const nonce = (counter: number, final: boolean): Buffer => {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(counter), 0);
  n[11] = final ? 1 : 0;
  return n;
};

function frame(header: CipherHeader): { bytes: Buffer; aad: Buffer } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  const bytes = Buffer.concat([BACKUP_MAGIC, len, json]);
  return { bytes, aad: headerAad(bytes) };
}

/** Every record is bound to the header's exact bytes. */
const headerAad = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

/** Chunks a stream of plaintext into sealed records; the header is its first output. */
class SealTransform extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private counter = 0;
  constructor(private readonly key: Buffer, private readonly aad: Buffer, head: Buffer) {
    super();
    this.push(head);
  }

  private seal(chunk: Buffer, final: boolean): void {
    const c = createCipheriv('aes-256-gcm', this.key, nonce(this.counter++, final));
    c.setAAD(this.aad);
    this.push(Buffer.concat([c.update(chunk), c.final(), c.getAuthTag()]));
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= CHUNK) {
      let all = Buffer.concat(this.pending);
      while (all.length >= CHUNK) {
        this.seal(all.subarray(0, CHUNK), false);
        all = all.subarray(CHUNK);
      }
      this.pending = [all];
      this.pendingBytes = all.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.seal(Buffer.concat(this.pending), true);
    done();
  }
}

/**
 * A stream that encrypts what is written to it under a passphrase (a fresh salt each time) or for
 * a recipient's X25519 public key (a fresh ephemeral key each time), and emits the archive's
 * bytes, header first.
 */
export async function sealingStream(secret: SealingSecret): Promise<Transform> {
  const salt = randomBytes(16).toString('base64');
  let kdf: CipherHeader['kdf'];
  let master: Buffer;
  if ('passphrase' in secret) {
    kdf = { name: 'scrypt', ...KDF, salt };
    master = await deriveKey(secret.passphrase, kdf);
  } else {
    const eph = generateKeyPairSync('x25519');
    kdf = { name: 'x25519', ephemeral: rawX25519(eph.publicKey).toString('base64'), recipient: rawX25519(secret.recipient).toString('base64'), salt };
    master = x25519Master(eph.privateKey, secret.recipient, kdf);
  }
  const { aes, check } = subkeys(master, salt);
  const { bytes, aad } = frame({ format: 'jaga-backup', version: 1, cipher: 'aes-256-gcm', chunk: CHUNK, kdf, check });
  return new SealTransform(aes, aad, bytes);
}

function parseHeader(file: string, json: Buffer): CipherHeader {
  let h: Partial<CipherHeader>;
  try {
    h = JSON.parse(json.toString('utf8')) as Partial<CipherHeader>;
  } catch {
    throw damaged(file, 'header');
  }
  const k = h.kdf;
  const key32 = (v: unknown): boolean => typeof v === 'string' && Buffer.from(v, 'base64').length === 32;
  // Bounded parameters: a forged header must not make the reader spend minutes or gigabytes.
  const ok = h.format === 'jaga-backup' && h.version === 1 && h.cipher === 'aes-256-gcm' && h.chunk === CHUNK && typeof h.check === 'string' &&
    k !== undefined && typeof k.salt === 'string' && (k.name === 'scrypt'
      ? Number.isInteger(k.N) && k.N >= 2 ** 14 && k.N <= 2 ** 20 && (k.N & (k.N - 1)) === 0 && Number.isInteger(k.r) && k.r >= 1 && k.r <= 16 &&
        Number.isInteger(k.p) && k.p >= 1 && k.p <= 4
      : k.name === 'x25519' && key32(k.ephemeral) && key32(k.recipient));
  if (!ok) throw damaged(file, 'header');
  return h as CipherHeader;
}

/** Opens the records after the header; each is checked as it is read. */
class OpenTransform extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  private counter = 0;
  constructor(private readonly file: string, private readonly key: Buffer, private readonly aad: Buffer) {
    super();
  }

  private open(record: Buffer, final: boolean): Buffer {
    const d = createDecipheriv('aes-256-gcm', this.key, nonce(this.counter, final));
    d.setAAD(this.aad);
    d.setAuthTag(record.subarray(record.length - TAG));
    try {
      const out = Buffer.concat([d.update(record.subarray(0, record.length - TAG)), d.final()]);
      this.counter++;
      return out;
    } catch {
      throw damaged(this.file, 'chunk', this.counter);
    }
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
      // A full record followed by more bytes is never the last one.
      while (this.buf.length > CHUNK + TAG) {
        this.push(this.open(this.buf.subarray(0, CHUNK + TAG), false));
        this.buf = this.buf.subarray(CHUNK + TAG);
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.buf.length < TAG) throw damaged(this.file, 'truncated', this.counter);
      if (this.buf.length === CHUNK + TAG) {
        this.open(this.buf, false);
        throw damaged(this.file, 'truncated', this.counter);
      }
      this.push(this.open(this.buf, true));
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}

/**
 * Reads the header of an archive and checks `passphrase` against it (`backup.passphrase_wrong`;
 * not an archive, or a damaged header: `backup.damaged`). Resolves with the offset of the first
 * record and a stream that decrypts the records written into it; it fails with `backup.damaged`
 * at the first record that does not authenticate, or at the end when the last is missing.
 */
export async function openingStream(file: string, fh: FileHandle, secret: OpeningSecret): Promise<{ offset: number; stream: Transform }> {
  const head = Buffer.alloc(BACKUP_MAGIC.length + 4);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  if (bytesRead < head.length || !head.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) throw damaged(file, 'not_a_backup');
  const n = head.readUInt32BE(BACKUP_MAGIC.length);
  if (n < 2 || n > MAX_HEADER) throw damaged(file, 'header');
  const json = Buffer.alloc(n);
  if ((await fh.read(json, 0, n, head.length)).bytesRead < n) throw damaged(file, 'header');
  const header = parseHeader(file, json);
  const kdf = header.kdf;
  let master: Buffer;
  if (kdf.name === 'scrypt') {
    if (!('passphrase' in secret)) throw DomainError.of('invalid', 'backup.secret_kind', { file, sealedWith: 'passphrase' });
    master = await deriveKey(secret.passphrase, kdf);
  } else {
    if (!('identity' in secret)) throw DomainError.of('invalid', 'backup.secret_kind', { file, sealedWith: 'key' });
    const own = createPublicKey(secret.identity);
    if (!rawX25519(own).equals(Buffer.from(kdf.recipient, 'base64'))) throw DomainError.of('invalid', 'backup.key_wrong', { file });
    master = x25519Master(secret.identity, x25519Public(kdf.ephemeral), kdf);
  }
  const { aes, check } = subkeys(master, kdf.salt);
  const given = Buffer.from(header.check, 'base64');
  const want = Buffer.from(check, 'base64');
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw kdf.name === 'scrypt' ? DomainError.of('invalid', 'backup.passphrase_wrong', { file }) : damaged(file, 'header');
  }
  return { offset: head.length + n, stream: new OpenTransform(file, aes, headerAad(Buffer.concat([head, json]))) };
}
