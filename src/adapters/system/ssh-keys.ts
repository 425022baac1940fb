import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';

/** PKCS#8 DER of an Ed25519 private key up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
import ssh2 from 'ssh2';
import type { KeyFileProblem } from '../../domain/error-codes.js';
import { DomainError } from '../../domain/errors.js';
import type { SshKeyGenerator, SshKeyInspector } from '../../ports/crypto.js';

const { utils } = ssh2;

/** authorized_keys comments are one line of printable text. */
const cleanComment = (c: string): string => c.replace(/[^\x20-\x7e]/g, '').trim().slice(0, 200);

const unreadable = (problem: KeyFileProblem, detail?: string) =>
  DomainError.of('invalid', 'target.credential_key_invalid', detail === undefined ? { problem } : { problem, detail });
const encrypted = () => DomainError.of('invalid', 'target.credential_key_encrypted', {});
const damaged = (detail: string) => unreadable('damaged', detail);

const sshString = (b: Buffer | string): Buffer => {
  const body = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
};

/**
 * A new Ed25519 key pair in OpenSSH's own formats (private key as `ssh-keygen` writes it, without a
 * passphrase; public key as an authorized_keys line). Generated with node:crypto and encoded here:
 * ssh2's generator drops a leading zero byte of the public key about once in 300 keys, leaving a
 * key nothing can read.
 */
export function generateEd25519(comment: string): { privateKey: string; publicKey: string } {
  // The seed comes from the CSPRNG and the public key is derived from it, rather than from
  // generateKeyPairSync + a JWK export: on Node 20 that pair can deadlock when a garbage collection
  // during the export finalises the key-generation job (seen as a hung test, main thread blocked in
  // ~KeyGenJob under ExportJWK).
  const seed = randomBytes(32);
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  const note = cleanComment(comment);
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(note)]);
  const pad = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const nkeys = Buffer.alloc(4);
  nkeys.writeUInt32BE(1);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), nkeys, sshString(publicBlob), sshString(secret)]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `ssh-ed25519 ${publicBlob.toString('base64')}${note ? ` ${note}` : ''}`,
  };
}

/** Key generation and ssh2's parser: the gateway's own keys for its logins to targets. */
export const sshKeys: SshKeyGenerator & SshKeyInspector = {
  ed25519: generateEd25519,

  publicKeyOf(privateKey) {
    // PKCS#8 (`BEGIN [ENCRYPTED] PRIVATE KEY`), as openssl writes it, is not read by ssh2.
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(privateKey)) throw encrypted();
    if (/-----BEGIN PRIVATE KEY-----/.test(privateKey)) {
      throw unreadable('pkcs8');
    }
    // ssh2 would read the first of several blocks; the gateway must use the one the operator meant.
    if (privateKey.split('-----BEGIN ').length > 2) throw unreadable('several_keys');
    let parsed: ReturnType<typeof utils.parseKey>;
    try {
      parsed = utils.parseKey(privateKey);
    } catch (e) {
      // ssh2 reports most problems as a returned Error; a few malformed inputs throw.
      throw damaged((e as Error).message);
    }
    if (parsed instanceof Error) {
      if (/passphrase/i.test(parsed.message)) throw encrypted();
      throw damaged(parsed.message);
    }
    // A file may hold several keys; the gateway uses exactly one.
    const keys = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    const key = keys[0] as typeof parsed | undefined;
    if (keys.length !== 1 || !key) throw unreadable('several_keys');
    if (!key.isPrivateKey()) throw unreadable('public_key');
    const comment = cleanComment(key.comment);
    return `${key.type} ${key.getPublicSSH().toString('base64')}${comment ? ` ${comment}` : ''}`;
  },
};
