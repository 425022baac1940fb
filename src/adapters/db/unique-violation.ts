import type { DuplicateEntity } from '../../domain/error-codes.js';
import { DomainError } from '../../domain/errors.js';

/** True for a unique/primary-key violation from SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Runs an insert and turns a duplicate key into a coded `conflict` error naming the value.
 * `what` is the catalogue's name for the thing (`DuplicateEntity`).
 */
export async function insertUnique(what: DuplicateEntity, key: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw DomainError.of('conflict', 'registry.duplicate', { entity: what, key }, { key });
    }
    throw err;
  }
}
