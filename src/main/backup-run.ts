import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { BackupFile, BackupInfo } from '../adapters/backup/backup-archive.js';
import { moveIntoPlace, readBackupArchive, writeBackupArchive } from '../adapters/backup/backup-archive.js';
import type { OpeningSecret, SealingSecret } from '../adapters/backup/backup-cipher.js';
import { readX25519Key } from '../adapters/backup/backup-cipher.js';
import { findPgTool, pgServerMajor, pgUserRelations, runPgTool } from '../adapters/db/pg-tools.js';
import { LocalRecordingStore } from '../adapters/recordings/local-recording-store.js';
import type { CommandContext } from '../cli/command.js';
import { flag, say, sayLinesErr, str } from '../cli/commands/helpers.js';
import { runDatabaseCopy } from '../cli/commands/setup.commands.js';
import { UsageError } from '../cli/error-presenter.js';
import { describeDatabase, loadConfig } from '../config/config.js';
import { DomainError } from '../domain/errors.js';

/** A passphrase of fewer characters is refused: the archive holds every secret of the installation. */
const MIN_PASSPHRASE = 12;

async function passphrase(ctx: CommandContext, command: 'backup' | 'restore', min: number): Promise<string> {
  if (!flag(ctx, 'passphrase-stdin')) throw UsageError.of('backup.passphrase_stdin_required', { command });
  const p = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
  if (p.length < Math.max(min, 1)) throw DomainError.of('invalid', 'backup.passphrase_short', { min: Math.max(min, 1) });
  return p;
}

/** The key file given instead of a passphrase (`--recipient`, `--identity`); never both. */
function keyOption(ctx: CommandContext, option: 'recipient' | 'identity'): string | undefined {
  const file = str(ctx, option);
  if (file === undefined) return undefined;
  if (flag(ctx, 'passphrase-stdin')) throw UsageError.of('cli.options_exclusive', { first: option, second: 'passphrase-stdin' });
  return resolve(file);
}

async function sealingSecret(ctx: CommandContext): Promise<SealingSecret> {
  const file = keyOption(ctx, 'recipient');
  return file === undefined ? { passphrase: await passphrase(ctx, 'backup', MIN_PASSPHRASE) } : { recipient: readX25519Key(file, 'public') };
}

async function openingSecret(ctx: CommandContext): Promise<OpeningSecret> {
  const file = keyOption(ctx, 'identity');
  return file === undefined ? { passphrase: await passphrase(ctx, 'restore', 1) } : { identity: readX25519Key(file, 'private') };
}

/** The archive's key files and where this installation keeps them. */
const KEY_FILES = { data: 'keys/data-key', signing: 'keys/logbook-signing-key.pem', host: 'keys/ssh_host_ed25519_key', hostPub: 'keys/ssh_host_ed25519_key.pub' } as const;

/** `jaga backup --out FILE --passphrase-stdin | --recipient KEY` (see `backup.ts`). */
export async function runBackup(ctx: CommandContext): Promise<void> {
  if (flag(ctx, 'database-only')) return runDatabaseCopy(ctx);
  const out = resolve(str(ctx, 'out') as string);
  if (existsSync(out)) throw DomainError.of('conflict', 'backup.exists', { file: out });
  const secret = await sealingSecret(ctx);
  const app = await ctx.app();
  const { config } = app;
  // The database copy is plaintext: it waits in an owner-only directory beside the archive and is removed after.
  let work: string;
  try {
    work = mkdtempSync(join(dirname(out), `.${basename(out)}.work-`));
  } catch (err) {
    throw UsageError.of('cli.file_create_failed', { file: out, reason: (err as NodeJS.ErrnoException).code ?? '' });
  }
  try {
    const db = config.database;
    let copy: BackupFile;
    if (db.dialect === 'sqlite') {
      copy = { name: 'database/jaga.sqlite', path: join(work, 'jaga.sqlite') };
      await app.store.backup(copy.path);
    } else {
      copy = { name: 'database/jaga.pgdump', path: join(work, 'jaga.pgdump') };
      const bin = findPgTool('pg_dump', await pgServerMajor(db.url), ctx.io.env);
      await runPgTool(bin, 'pg_dump', ['--format=custom', `--file=${copy.path}`], db.url);
    }
    const files: BackupFile[] = [copy, { name: KEY_FILES.data, path: config.dataKeyFile }];
    // A signing key configured elsewhere (JAGA_SIGNING_KEY_FILE) is often another account's: the archive says where it lives.
    if (!config.signingKeyConfigured) files.push({ name: KEY_FILES.signing, path: config.signingKeyFile });
    // The host key exists once `jaga serve` has run.
    if (existsSync(config.ssh.hostKeyFile)) files.push({ name: KEY_FILES.host, path: config.ssh.hostKeyFile });
    if (existsSync(`${config.ssh.hostKeyFile}.pub`)) files.push({ name: KEY_FILES.hostPub, path: `${config.ssh.hostKeyFile}.pub` });
    const info: Omit<BackupInfo, 'format' | 'version'> = {
      createdAt: app.clock.now().toISOString(), dialect: db.dialect,
      signingKey: config.signingKeyConfigured ? { included: false, location: config.signingKeyFile } : { included: true },
      // Recordings in object storage are 'listed': keys and hashes only, the bucket (with its own replicas) keeps the bytes.
      recordings: config.recordingStorage.kind === 's3' ? 'listed' : 'copied',
    };
    const manifest = await writeBackupArchive(out, secret, { info, files, recordings: app.recordings });
    ctx.io.err(say(ctx, 'cli.backup.archive_written', { file: out, parts: manifest.parts.length, recordings: manifest.recordings.length, bytes: statSync(out).size }));
    if (!info.signingKey.included) sayLinesErr(ctx, 'cli.backup.signing_key_elsewhere', { location: config.signingKeyFile });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Where each part of the archive goes in the new data directory. */
const RESTORED_NAME: Readonly<Record<string, string>> = {
  'database/jaga.sqlite': 'jaga.sqlite', 'database/jaga.pgdump': 'jaga.pgdump',
  [KEY_FILES.data]: 'data-key', [KEY_FILES.signing]: 'logbook-signing-key.pem', [KEY_FILES.host]: 'ssh_host_ed25519_key', [KEY_FILES.hostPub]: 'ssh_host_ed25519_key.pub',
};

function emptyDir(dir: string): boolean {
  if (!existsSync(dir)) return true;
  return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
}

/** `jaga restore FILE [--data-dir DIR] [--database-url URL] --passphrase-stdin | --identity KEY` (see `backup.ts`). */
export async function runRestore(ctx: CommandContext): Promise<void> {
  const file = resolve(ctx.positionals[0] as string);
  const url = str(ctx, 'database-url');
  const dataDir = str(ctx, 'data-dir');
  const config = loadConfig({ ...ctx.io.env, ...(url === undefined ? {} : { JAGA_DATABASE_URL: url }) }, dataDir === undefined ? {} : { dataDir });
  const db = config.database;
  const dir = config.dataDir;
  if (!emptyDir(dir)) throw DomainError.of('conflict', 'restore.target_not_empty', { target: dir });
  let pgRestore: string | undefined;
  if (db.dialect === 'postgres') {
    if (await pgUserRelations(db.url) > 0) throw DomainError.of('conflict', 'restore.target_not_empty', { target: describeDatabase(db) });
    pgRestore = findPgTool('pg_restore', await pgServerMajor(db.url), ctx.io.env);
  }
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error(), { code: 'EISDIR' });
  } catch (err) {
    throw DomainError.of('not_found', 'restore.file_unreadable', { file, reason: (err as NodeJS.ErrnoException).code ?? '' });
  }
  const secret = await openingSecret(ctx);
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  // Everything is written into a new directory beside the target and moved into place only when
  // the whole archive has checked: a wrong passphrase or a damaged archive leaves nothing behind.
  const tmp = mkdtempSync(join(dirname(dir), `.${basename(dir)}.restore-`));
  try {
    const { info, manifest } = await readBackupArchive(file, secret, {
      dir: tmp, fileName: (name) => RESTORED_NAME[name] as string, recordings: new LocalRecordingStore(join(tmp, 'recordings')),
      accept: (i) => {
        if (i.dialect !== db.dialect) throw DomainError.of('conflict', 'restore.dialect_mismatch', { archive: i.dialect, target: db.dialect });
      },
    });
    if (db.dialect === 'postgres') {
      // One transaction: a dump that does not load leaves the database as empty as it was.
      const dump = join(tmp, 'jaga.pgdump');
      await runPgTool(pgRestore as string, 'pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', dump], db.url);
      unlinkSync(dump);
    }
    await moveIntoPlace(tmp, dir);
    ctx.io.err(say(ctx, 'cli.restore.done', { target: `${dir}${db.dialect === 'postgres' ? ` + ${describeDatabase(db)}` : ''}`,
      parts: manifest.parts.length, recordings: manifest.recordings.length, createdAt: info.createdAt }));
    if (!info.signingKey.included) sayLinesErr(ctx, 'cli.restore.signing_key_elsewhere', { location: info.signingKey.location });
    if (info.recordings === 'listed') sayLinesErr(ctx, 'cli.restore.recordings_listed', { count: manifest.recordings.length });
    sayLinesErr(ctx, 'cli.restore.verify_hint');
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
