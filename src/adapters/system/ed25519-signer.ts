import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { DomainError } from '../../domain/errors.js';
import type { CheckpointSigner, CheckpointVerifier, PublicKeyReader } from '../../ports/crypto.js';

/** The key's id: SHA-256 of its raw public key, so an exported checkpoint names the key that signed it. */
function keyIdOf(pub: KeyObject): string {
  const der = pub.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

function verifierOf(pub: KeyObject): CheckpointVerifier {
  return {
    keyId: keyIdOf(pub),
    verify: (payload, sig) => {
      try {
        return verify(null, Buffer.from(payload, 'utf8'), pub, Buffer.from(sig, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

/**
 * Reads a key file that whoever may write could swap for their own: one writable by its group or
 * by everyone is refused. It may belong to another user (root, a key custodian) as long as Jaga
 * can read it, so a Jaga process that is taken over cannot replace it.
 */
function readKeyFile(keyFile: string): Buffer {
  let mode: number;
  try {
    mode = statSync(keyFile).mode;
  } catch (err) {
    throw DomainError.of('invalid', 'signing_key.unreadable', { file: keyFile, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
  }
  if ((mode & 0o022) !== 0) throw DomainError.of('invalid', 'signing_key.unsafe_mode', { file: keyFile, mode: (mode & 0o777).toString(8).padStart(4, '0') });
  try {
    return readFileSync(keyFile);
  } catch (err) {
    throw DomainError.of('invalid', 'signing_key.unreadable', { file: keyFile, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
  }
}

/**
 * Ed25519 checkpoint signer with its private key in a PEM file. In the data directory (the
 * default) it is created on first use, mode 0600; a key file configured elsewhere
 * (`JAGA_SIGNING_KEY_FILE`) must exist already — Jaga never creates a key where an operator
 * said one is kept.
 */
export function loadOrCreateSigner(keyFile: string, opts: { create: boolean } = { create: true }): CheckpointSigner {
  if (opts.create && !existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx': never overwrite a key another process created a moment ago.
    try {
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  let priv: KeyObject;
  try {
    priv = createPrivateKey(readKeyFile(keyFile));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw DomainError.of('invalid', 'signing_key.unreadable', { file: keyFile, reason: (err as Error).message });
  }
  const pub = createPublicKey(priv);
  return {
    ...verifierOf(pub),
    publicKeyPem: pub.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), priv).toString('base64'),
  };
}

/** Checks signatures against an installation's public key (SPKI PEM, as `jaga logbook public-key` prints it). */
export function loadCheckpointVerifier(publicKeyFile: string): CheckpointVerifier {
  try {
    return verifierOf(createPublicKey(readFileSync(publicKeyFile)));
  } catch (err) {
    throw DomainError.of('invalid', 'signing_key.unreadable', { file: publicKeyFile, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
  }
}

/** An Ed25519 public key given as text (an evidence bundle's, or one an auditor supplies); undefined for anything else. */
export const readPublicKeyPem: PublicKeyReader = (pem) => {
  try {
    const pub = createPublicKey(pem);
    return pub.asymmetricKeyType === 'ed25519' ? verifierOf(pub) : undefined;
  } catch {
    return undefined;
  }
};
