import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RandomToken, Totp } from '../../ports/crypto.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0, value = 0, out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { out += ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.replace(/=+$/, '').toUpperCase();
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error('invalid base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const off = (h[h.length - 1] as number) & 15;
  const n = (h.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
  return n.toString().padStart(6, '0');
}

const STEP = 30_000;

export const rfc6238Totp: Totp = {
  newSecret: () => base32Encode(randomBytes(20)),
  code: (secret, at) => hotp(base32Decode(secret), Math.floor(at.getTime() / STEP)),
  verify(secret, code, at) {
    if (!/^\d{6}$/.test(code)) return null;
    const key = base32Decode(secret);
    const t = Math.floor(at.getTime() / STEP);
    let step: number | null = null;
    for (const d of [-1, 0, 1]) if (timingSafeEqual(Buffer.from(hotp(key, t + d)), Buffer.from(code))) step = t + d;
    return step;
  },
};

export const randomToken: RandomToken = (bytes) => randomBytes(bytes).toString('base64url');
