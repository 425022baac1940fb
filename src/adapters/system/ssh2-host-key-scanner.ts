import ssh2 from 'ssh2';
import { DomainError } from '../../domain/errors.js';
import type { HostKeyScanner, ScannedHostKey } from '../../ports/host-key-scanner.js';
import { sshFingerprint } from './node-crypto.js';

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return len > 0 && len < 64 && blob.length >= 4 + len ? blob.subarray(4, 4 + len).toString('latin1') : 'unknown';
}

/**
 * ssh2's client up to host-key verification: the verifier sees the key and answers "no", so the
 * handshake stops before any authentication is attempted (nothing is sent in our name).
 */
export const ssh2HostKeyScanner: HostKeyScanner = {
  scan: (host, port, opts = {}) => new Promise<ScannedHostKey>((resolve, reject) => {
    const client = new ssh2.Client();
    let seen: ScannedHostKey | undefined;
    let settled = false;
    const finish = (err?: string): void => {
      if (settled) return;
      settled = true;
      client.end();
      if (seen) resolve(seen);
      else reject(DomainError.of('precondition', 'target.scan_failed', { host, port, reason: err ?? 'no host key received' }));
    };
    client.on('error', (e: Error) => finish(e.message));
    client.on('close', () => finish());
    client.on('ready', () => finish());
    client.connect({
      host, port, username: 'jaga-host-key-scan', readyTimeout: opts.timeoutMs ?? 10_000,
      hostVerifier: (key: Buffer) => {
        seen = { fingerprint: sshFingerprint(key.toString('base64')), keyType: keyTypeOf(key) };
        setImmediate(() => finish());
        return false;
      },
    });
  }),
};
