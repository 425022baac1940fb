import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CheckpointSigner } from '../../ports/crypto.js';

/** The key's id: SHA-256 of its raw public key, so an exported checkpoint names the key that signed it. */
function keyIdOf(pub: KeyObject): string {
  const der = pub.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Ed25519 checkpoint signer with its private key in a PEM file (mode 0600) in the data
 * directory, created on first use.
 */
export function loadOrCreateSigner(keyFile: string): CheckpointSigner {
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx': never overwrite a key another process created a moment ago.
    try {
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const priv = createPrivateKey(readFileSync(keyFile));
  const pub = createPublicKey(priv);
  const keyId = keyIdOf(pub);
  return {
    keyId,
    sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), priv).toString('base64'),
    verify: (payload, sig) => {
      try {
        return verify(null, Buffer.from(payload, 'utf8'), pub, Buffer.from(sig, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
