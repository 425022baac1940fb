import type { LogbookEntry } from './logbook-entry.js';
import { entryPayload } from './logbook-entry.js';
import { SHA256_BLOCK, sha256FromState, sha256State } from './sha256-midstate.js';

/**
 * Another case's logbook entry as an evidence bundle carries it: enough to recompute its hash
 * and see which entry it links to, without its actor, time, case or data. The payload
 * (`entryPayload`) puts `prev` after the content, so the SHA-256 state after the whole 64-byte
 * blocks before `,"prev":` stands in for the content; `cut` is the rest of the content in the last
 * block (fewer than 64 bytes, base64: it may end inside a UTF-8 character) and `tail` everything
 * from `,"prev":` on (the link, seq, type, unit and format version). Forging one that hashes to
 * the same value with another `prev` is a second preimage of SHA-256's compression function.
 */
export interface SealedEntry {
  readonly seq: number;
  /** SHA-256 state after `length` bytes, hex. */
  readonly state: string;
  readonly length: number;
  readonly cut: string;
  readonly tail: string;
}

const PREV = ',"prev":"';
const TAIL = /^,"prev":"([0-9a-f]{64})","seq":(\d{1,15}),"type":("(?:[^"\\]|\\.)*"),"unit":(null|"(?:[^"\\]|\\.)*"),"v":1\}$/;

const utf8 = new TextEncoder();

export function sealEntry(e: LogbookEntry): SealedEntry {
  const payload = entryPayload(e);
  // The last `,"prev":"`: a string value cannot hold one (its quotes are escaped), data's own keys come before.
  const at = payload.lastIndexOf(PREV);
  const bytes = utf8.encode(payload);
  const prevAt = utf8.encode(payload.slice(0, at)).length;
  const blocks = Math.floor(prevAt / SHA256_BLOCK);
  const length = blocks * SHA256_BLOCK;
  return { seq: e.seq, state: sha256State(bytes, blocks), length, cut: base64Of(bytes.subarray(length, prevAt)), tail: payload.slice(at) };
}

/** What a sealed entry says of itself once its hash is recomputed; null when it is malformed. */
export interface OpenedSeal { readonly hash: string; readonly prevHash: string; readonly seq: number; readonly type: string; readonly unitId: string | null }

export function openSeal(s: SealedEntry): OpenedSeal | null {
  const m = TAIL.exec(s.tail);
  const cut = bytesOfBase64(s.cut);
  // Only the canonical form: another spelling of the same bytes would hash the same and slip past the chain.
  if (!m || !cut || cut.length >= SHA256_BLOCK || base64Of(cut) !== s.cut || Number(m[2]) !== s.seq) return null;
  const tail = utf8.encode(s.tail);
  const rest = new Uint8Array(cut.length + tail.length);
  rest.set(cut);
  rest.set(tail, cut.length);
  const hash = sha256FromState(s.state, s.length, rest);
  if (hash === null) return null;
  return { hash, prevHash: m[1] as string, seq: s.seq, type: JSON.parse(m[3] as string) as string, unitId: JSON.parse(m[4] as string) as string | null };
}

// Base64 by hand: the domain has no Buffer, and btoa/atob work on binary strings.
function base64Of(b: Uint8Array): string {
  return btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''));
}

function bytesOfBase64(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
