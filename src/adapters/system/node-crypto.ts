import { createHash } from 'node:crypto';
import type { Sha256Hex } from '../../ports/crypto.js';

export const sha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** OpenSSH-style fingerprint of a key blob: `SHA256:` + unpadded base64. */
export function sshFingerprint(base64Blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64Blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}
