import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { SshKeyGenerator } from '../ports/crypto.js';

/**
 * The gateway's own ed25519 host key, created on first start (owner-only) and reused after, so
 * executors' known_hosts entries stay valid across restarts. Returns the private key (OpenSSH
 * format) and its public key line. A new key comes from the `SshKeyGenerator` port.
 */
export function loadOrCreateHostKey(path: string, keys: SshKeyGenerator): { privateKey: string; publicKey: string } {
  if (!existsSync(path)) {
    const pair = keys.ed25519('jaga-gateway');
    writeFileSync(path, pair.privateKey, { mode: 0o600, flag: 'wx' });
    writeFileSync(`${path}.pub`, `${pair.publicKey}\n`, { mode: 0o644 });
  }
  chmodSync(path, 0o600);
  const privateKey = readFileSync(path, 'utf8');
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    throw new Error(`the gateway host key ${path} cannot be read: ${parsed instanceof Error ? parsed.message : 'several keys'}`);
  }
  return { privateKey, publicKey: `${parsed.type} ${parsed.getPublicSSH().toString('base64')}` };
}
