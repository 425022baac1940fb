import { createHash, createHmac } from 'node:crypto';
import type { HmacSha256Base64 } from '../../domain/notification/webhook-signature.js';
import type { NewSha256Stream, Sha256Hex } from '../../ports/crypto.js';

export const sha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** OpenSSH-style fingerprint of a key blob: `SHA256:` + unpadded base64. */
export function sshFingerprint(base64Blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64Blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** SHA-256 over bytes fed in pieces. */
export const sha256Stream: NewSha256Stream = () => {
  const h = createHash('sha256');
  return { update: (b) => { h.update(b); }, hex: () => h.digest('hex') };
};

/** HMAC-SHA256 under a base64 key, base64 out: the MAC of a Standard Webhooks signature. */
export const hmacSha256Base64: HmacSha256Base64 = (keyBase64, message) =>
  createHmac('sha256', Buffer.from(keyBase64, 'base64')).update(message, 'utf8').digest('base64');
