import { isAbsolute, join, resolve } from 'node:path';
import type { DatabaseLocation } from '../adapters/db/dialect.js';
import { invalid } from '../domain/errors.js';

export interface Config {
  readonly dataDir: string;
  readonly database: DatabaseLocation;
  /** Ed25519 key that signs logbook checkpoints. */
  readonly signingKeyFile: string;
}

/**
 * Parses the environment (and `--data-dir`) once into a frozen Config. Bad values are
 * refused with a message, never replaced by a default.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, flags: { dataDir?: string } = {}, cwd = process.cwd()): Config {
  const rawDir = flags.dataDir ?? env['JAGA_DATA_DIR'] ?? 'data';
  if (rawDir.trim() === '' || rawDir.includes('\0')) {
    throw invalid('config.data_dir_invalid', 'Direktori data (--data-dir / JAGA_DATA_DIR) tidak boleh kosong.', 'The data directory (--data-dir / JAGA_DATA_DIR) must not be empty.');
  }
  const dataDir = isAbsolute(rawDir) ? rawDir : resolve(cwd, rawDir);
  const url = env['JAGA_DATABASE_URL'];
  let database: DatabaseLocation;
  if (url === undefined || url === '') {
    database = { dialect: 'sqlite', file: join(dataDir, 'jaga.sqlite') };
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw invalid('config.database_url_invalid', 'JAGA_DATABASE_URL bukan URL yang valid.', 'JAGA_DATABASE_URL is not a valid URL.');
    }
    database = { dialect: 'postgres', url };
  } else {
    throw invalid('config.database_url_invalid', 'JAGA_DATABASE_URL harus diawali postgres:// (kosongkan untuk SQLite).',
      'JAGA_DATABASE_URL must start with postgres:// (leave it unset for SQLite).');
  }
  return Object.freeze({ dataDir, database, signingKeyFile: join(dataDir, 'logbook-signing-key.pem') });
}

/** The database location with any password removed, for messages. */
export function describeDatabase(d: DatabaseLocation): string {
  if (d.dialect === 'sqlite') return `SQLite ${d.file}`;
  const u = new URL(d.url);
  u.password = '';
  return `PostgreSQL ${u.toString()}`;
}
