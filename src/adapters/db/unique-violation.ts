import type { DuplicateEntity } from '../../domain/error-codes.js';
import { DomainError } from '../../domain/errors.js';
import type { Text } from '../../domain/sop/sop-definition.js';

/** True for a unique/primary-key violation from SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Runs an insert and turns a duplicate key into a coded `conflict` error naming the value.
 * `what` is the catalogue's name for the thing (`DuplicateEntity`); a bilingual noun is the
 * transitional form the registry repositories still pass until they are converted.
 */
export async function insertUnique(what: DuplicateEntity | Text, key: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw typeof what === 'string'
        ? DomainError.of('conflict', 'registry.duplicate', { entity: what, key }, { key })
        : new DomainError('conflict', 'registry.duplicate', { id: `${what.id} '${key}' sudah terdaftar.`, en: `${what.en} '${key}' is already registered.` }, { key });
    }
    throw err;
  }
}
