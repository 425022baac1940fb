import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { DomainError } from '../../domain/errors.js';
import type { AppDeps } from '../app-deps.js';
import { signCheckpoint } from './logbook-writer.js';

/**
 * Signs the current head now (for export and offline checks). Returns the existing
 * checkpoint when the head already has one.
 */
export function createCheckpoint(deps: AppDeps): Promise<Checkpoint> {
  return deps.store.transaction(async (tx) => {
    const head = await tx.logbook.lockHead();
    if (head.seq === 0) throw DomainError.of('precondition', 'logbook.empty', {});
    const existing = (await tx.logbook.checkpoints()).find((c) => c.seq === head.seq);
    if (existing) return existing;
    const cp = signCheckpoint(deps.signer, head, deps.clock.now().toISOString());
    await tx.logbook.insertCheckpoint(cp);
    return cp;
  });
}
