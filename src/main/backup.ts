import type { Command } from '../cli/command.js';

/**
 * `jaga backup` and `jaga restore`: one encrypted archive with everything a restore needs (the
 * database, the data key, the signing key or where it lives, the gateway host key, the
 * recordings). The code (the archive format, pg_dump/pg_restore) is loaded only when they run.
 */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'write one encrypted archive of the installation (database, keys, host key, recordings); passphrase from stdin or a recipient key',
  options: {
    out: { type: 'string', help: 'archive to write (never overwritten)', required: true, value: 'FILE' },
    'passphrase-stdin': { type: 'boolean', help: 'read the archive passphrase (at least 12 characters) from standard input' },
    recipient: { type: 'string', help: "instead of a passphrase: seal the archive for this X25519 public key (PEM; openssl genpkey -algorithm X25519)", value: 'FILE' },
    'database-only': { type: 'boolean', help: 'only a copy of the SQLite database and the signing key beside it, unencrypted (PostgreSQL: prints the pg_dump command)' },
  },
  run: async (ctx) => (await import('./backup-run.js')).runBackup(ctx),
};

export const restoreCommand: Command = {
  name: 'restore',
  args: '<file>',
  summary: 'restore a jaga backup archive into an empty data directory (--data-dir) and, for PostgreSQL, an empty database (--database-url)',
  options: {
    'passphrase-stdin': { type: 'boolean', help: "read the archive's passphrase from standard input" },
    identity: { type: 'string', help: 'the X25519 private key (PEM) of an archive sealed with --recipient', value: 'FILE' },
    'database-url': { type: 'string', help: 'postgres://… of an EMPTY database to restore a PostgreSQL backup into (default: $JAGA_DATABASE_URL)', value: 'URL' },
  },
  run: async (ctx) => (await import('./backup-run.js')).runRestore(ctx),
};
