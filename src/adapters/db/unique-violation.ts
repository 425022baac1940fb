import { conflict } from '../../domain/errors.js';

/** True for a unique/primary-key violation from SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** Runs an insert and turns a duplicate key into a coded `conflict` error naming the value. */
export async function insertUnique(what: { id: string; en: string }, key: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('registry.duplicate', `${what.id} '${key}' sudah terdaftar.`, `${what.en} '${key}' is already registered.`, { key });
    }
    throw err;
  }
}
