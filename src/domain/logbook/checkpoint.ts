import { canonicalJson } from './canonical-json.js';

/** A signed statement "the chain had `seq` entries ending in `hash`", exportable for offline checks. */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  /** Fingerprint of the Ed25519 public key that signed it. */
  readonly keyId: string;
  /** Base64 Ed25519 signature over `checkpointPayload`. */
  readonly signature: string;
}

export const checkpointPayload = (c: Omit<Checkpoint, 'signature'>): string =>
  canonicalJson({ at: c.at, hash: c.hash, keyId: c.keyId, seq: c.seq, type: 'jaga.logbook.checkpoint', v: 1 });

/** How often the logbook writes a signed checkpoint on its own. */
export const CHECKPOINT_INTERVAL = 100;
