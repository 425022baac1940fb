import { z } from 'zod';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';

/** A checkpoint as witnesses store and send it (the export format of `jaga logbook checkpoint`). */
export const CheckpointJson = z.object({
  seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.string().max(40),
  keyId: z.string().max(200), signature: z.string().max(200),
}).strict();

export const parseCheckpoint = (raw: unknown): Checkpoint | undefined => {
  const r = CheckpointJson.safeParse(raw);
  return r.success ? r.data : undefined;
};

/** The same checkpoint (every field), whatever the key order of its JSON. */
export const sameCheckpoint = (a: Checkpoint, b: Checkpoint): boolean =>
  a.seq === b.seq && a.hash === b.hash && a.at === b.at && a.keyId === b.keyId && a.signature === b.signature;

export const checkpointText = (cp: Checkpoint): string =>
  `${JSON.stringify({ seq: cp.seq, hash: cp.hash, at: cp.at, keyId: cp.keyId, signature: cp.signature }, null, 2)}\n`;
