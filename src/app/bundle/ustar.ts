/**
 * The evidence bundle's container: a POSIX ustar archive (`tar -xf` opens it anywhere) written
 * one way only — regular files, mode 0644, owner 0, time 0, no names longer than 100 bytes — and
 * read back strictly: every header must be exactly the one this writer makes for that name and
 * size, padding zero, two zero blocks at the end and nothing after. So no byte of the file can
 * change without the reader noticing it, the container's own bytes included.
 */
export interface TarFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const BLOCK = 512;
const utf8 = new TextEncoder();
const MAX_SIZE = 8 ** 11 - 1;

const octal = (n: number, width: number): string => `${n.toString(8).padStart(width - 1, '0')}\0`;

/** The one header this writer makes for a file; throws for a name it cannot hold. */
function header(name: string, size: number): Uint8Array {
  const nameBytes = utf8.encode(name);
  if (nameBytes.length === 0 || nameBytes.length > 100 || !/^[A-Za-z0-9._/-]+$/.test(name) || name.startsWith('/') || name.split('/').includes('..')) {
    throw new RangeError(`ustar: file name not allowed: ${name}`);
  }
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_SIZE) throw new RangeError('ustar: file too large');
  const h = new Uint8Array(BLOCK);
  const put = (at: number, s: string) => h.set(utf8.encode(s), at);
  h.set(nameBytes, 0);
  put(100, octal(0o644, 8));
  put(108, octal(0, 8));
  put(116, octal(0, 8));
  put(124, octal(size, 12));
  put(136, octal(0, 12));
  put(148, '        ');
  put(156, '0');
  put(257, 'ustar\x0000');
  put(329, octal(0, 8));
  put(337, octal(0, 8));
  const sum = h.reduce((a, b) => a + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

const padded = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;

export function writeTar(files: readonly TarFile[]): Uint8Array {
  const total = files.reduce((a, f) => a + BLOCK + padded(f.bytes.length), 0) + 2 * BLOCK;
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of files) {
    out.set(header(f.name, f.bytes.length), at);
    out.set(f.bytes, at + BLOCK);
    at += BLOCK + padded(f.bytes.length);
  }
  return out;
}

export type TarRead = { readonly files: TarFile[] } | { readonly problem: { readonly offset: number; readonly reason: string } };

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const allZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** The files of an archive this writer made, or where and why it is not one. */
export function readTar(bytes: Uint8Array): TarRead {
  const files: TarFile[] = [];
  const names = new Set<string>();
  let at = 0;
  for (;;) {
    if (at + BLOCK > bytes.length) return { problem: { offset: at, reason: 'truncated' } };
    const h = bytes.subarray(at, at + BLOCK);
    if (allZero(h)) {
      if (bytes.length !== at + 2 * BLOCK || !allZero(bytes.subarray(at + BLOCK))) return { problem: { offset: at + BLOCK, reason: 'end' } };
      return { files };
    }
    const end = h.indexOf(0);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(h.subarray(0, end < 0 || end > 100 ? 100 : end));
    const sizeText = new TextDecoder().decode(h.subarray(124, 135));
    const size = /^[0-7]{11}$/.test(sizeText) ? Number.parseInt(sizeText, 8) : -1;
    let expected: Uint8Array | undefined;
    try {
      expected = header(name, size);
    } catch {
      expected = undefined;
    }
    if (!expected || !sameBytes(expected, h)) return { problem: { offset: at, reason: 'header' } };
    if (names.has(name)) return { problem: { offset: at, reason: 'duplicate' } };
    names.add(name);
    const body = at + BLOCK;
    if (body + padded(size) > bytes.length) return { problem: { offset: at, reason: 'truncated' } };
    if (!allZero(bytes.subarray(body + size, body + padded(size)))) return { problem: { offset: body + size, reason: 'padding' } };
    files.push({ name, bytes: bytes.subarray(body, body + size) });
    at = body + padded(size);
  }
}
