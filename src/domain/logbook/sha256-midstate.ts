/**
 * SHA-256 (FIPS 180-4) split at a block boundary: the state after the whole 64-byte blocks of a
 * prefix, and the hash finished from such a state and the bytes after it. Node's hash cannot
 * export its state, and a sealed logbook entry (`sealed-entry.ts`) is exactly that: an entry's
 * hash recomputed from its state past its content, without the content.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

export const SHA256_BLOCK = 64;

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

function compress(h: Uint32Array, block: Uint8Array, at: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] = ((block[j] as number) << 24) | ((block[j + 1] as number) << 16) | ((block[j + 2] as number) << 8) | (block[j + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) >>> 0;
  }
  let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number];
  for (let i = 0; i < 64; i++) {
    const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
  }
  const out = [a, b, c, d, e, f, g, hh];
  for (let i = 0; i < 8; i++) h[i] = ((h[i] as number) + (out[i] as number)) >>> 0;
}

const hexOf = (h: Uint32Array): string => Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');

/** The state (hex, 64 characters) after the first `blocks` whole blocks of `bytes`. */
export function sha256State(bytes: Uint8Array, blocks: number): string {
  if (!Number.isInteger(blocks) || blocks < 0 || blocks * SHA256_BLOCK > bytes.length) throw new RangeError('sha256State: not whole blocks of the input');
  const h = new Uint32Array(INITIAL);
  const w = new Uint32Array(64);
  for (let i = 0; i < blocks; i++) compress(h, bytes, i * SHA256_BLOCK, w);
  return hexOf(h);
}

/**
 * The SHA-256 (hex) of a message whose first `prefixBytes` bytes (a multiple of 64) left the
 * state `state`, and whose remaining bytes are `rest`. Null when the state or length is malformed.
 */
export function sha256FromState(state: string, prefixBytes: number, rest: Uint8Array): string | null {
  if (!/^[0-9a-f]{64}$/.test(state) || !Number.isSafeInteger(prefixBytes) || prefixBytes < 0 || prefixBytes % SHA256_BLOCK !== 0) return null;
  const h = new Uint32Array(8);
  for (let i = 0; i < 8; i++) h[i] = Number.parseInt(state.slice(i * 8, i * 8 + 8), 16);
  const total = prefixBytes + rest.length;
  const padded = new Uint8Array(Math.ceil((rest.length + 9) / SHA256_BLOCK) * SHA256_BLOCK);
  padded.set(rest);
  padded[rest.length] = 0x80;
  // The length in bits, big-endian, in the last 8 bytes (a safe integer times 8 fits in 2^56).
  const bits = total * 8;
  const hi = Math.floor(bits / 2 ** 32);
  const lo = bits >>> 0;
  const end = padded.length;
  padded[end - 8] = (hi >>> 24) & 0xff; padded[end - 7] = (hi >>> 16) & 0xff; padded[end - 6] = (hi >>> 8) & 0xff; padded[end - 5] = hi & 0xff;
  padded[end - 4] = (lo >>> 24) & 0xff; padded[end - 3] = (lo >>> 16) & 0xff; padded[end - 2] = (lo >>> 8) & 0xff; padded[end - 1] = lo & 0xff;
  const w = new Uint32Array(64);
  for (let at = 0; at < end; at += SHA256_BLOCK) compress(h, padded, at, w);
  return hexOf(h);
}
