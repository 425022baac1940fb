import { canonicalJson } from '../../domain/logbook/canonical-json.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { CHECKPOINT_INTERVAL, checkpointPayload } from '../../domain/logbook/checkpoint.js';
import type { LogbookEntry, LogbookEntryInput } from '../../domain/logbook/logbook-entry.js';
import { entryPayload } from '../../domain/logbook/logbook-entry.js';
import type { CheckpointSigner, Sha256Hex } from '../../ports/crypto.js';
import type { LogbookRepository } from '../../ports/repositories.js';

export interface LogbookWriterDeps {
  readonly sha256: Sha256Hex;
  readonly signer: CheckpointSigner;
  readonly checkpointInterval?: number;
}

/**
 * Appends entries inside the caller's transaction: locks the head, links each entry to the
 * previous hash, and every `checkpointInterval` entries writes a signed checkpoint.
 */
export async function appendToLogbook(
  repo: LogbookRepository, deps: LogbookWriterDeps, at: string, inputs: readonly LogbookEntryInput[],
): Promise<LogbookEntry[]> {
  let head = await repo.lockHead();
  const written: LogbookEntry[] = [];
  const interval = deps.checkpointInterval ?? CHECKPOINT_INTERVAL;
  for (const input of inputs) {
    const base = {
      seq: head.seq + 1, at, type: input.type, actorId: input.actorId, unitId: input.unitId, caseId: input.caseId,
      data: canonicalJson(input.data), prevHash: head.hash,
    };
    const entry: LogbookEntry = { ...base, hash: deps.sha256(entryPayload(base)) };
    await repo.append(entry);
    written.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
    if (entry.seq % interval === 0) await repo.insertCheckpoint(signCheckpoint(deps.signer, head, at));
  }
  return written;
}

export function signCheckpoint(signer: CheckpointSigner, head: { seq: number; hash: string }, at: string): Checkpoint {
  const unsigned = { seq: head.seq, hash: head.hash, at, keyId: signer.keyId };
  return { ...unsigned, signature: signer.sign(checkpointPayload(unsigned)) };
}
