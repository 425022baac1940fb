import { chmodSync, copyFileSync } from 'node:fs';
import { migrateInstallation } from '../../app/setup/migrate-installation.js';
import { createUser } from '../../app/registry/create-user.js';
import { describeDatabase } from '../../config/config.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { actor, defined, say, str } from './helpers.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'create or upgrade the database schema and store the built-in SOP versions',
  options: {},
  async run(ctx) {
    const app = await ctx.app();
    const r = await migrateInstallation(app);
    ctx.io.out(`${describeDatabase(app.config.database)}: ${r.migrations.length ? `applied ${r.migrations.join(', ')}` : 'schema up to date'}` +
      `${r.sops.length ? `; SOP stored: ${r.sops.join(', ')}` : ''}`);
  },
};

export const adminCreateCommand: Command = {
  name: 'admin create',
  summary: 'create a user (without --as: installation bootstrap by the operator); password read from stdin',
  options: {
    username: { type: 'string', help: 'login name', required: true, value: 'U' },
    role: { type: 'string', help: 'pelapor | admin_lpse | dit_eproc | pihak_berwenang | koordinator | auditor | superadmin', required: true, value: 'R' },
    unit: { type: 'string', help: 'LPSE unit code or id', value: 'ID' },
    nip: { type: 'string', help: 'NIP (18 digits)', value: 'NIP' },
    'display-name': { type: 'string', help: 'full name as printed on forms', value: 'NAME' },
    'password-stdin': { type: 'boolean', help: 'read the password from standard input (required)' },
    email: { type: 'string', help: 'email address for notifications (optional)', value: 'ADDR' },
    as: { type: 'string', help: 'acting superadmin (default: $JAGA_ACTOR; omit both for bootstrap)', value: 'USER' },
  },
  async run(ctx) {
    if (ctx.values['password-stdin'] !== true) {
      throw UsageError.of('cli.password_stdin_only', { plural: false });
    }
    const password = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
    const app = await ctx.app();
    // The installation's first user is created by the operator (no acting user exists yet), even
    // when $JAGA_ACTOR is already exported for the commands that follow it.
    const bootstrap = (await app.store.read((r) => r.users.list())).length === 0;
    const user = await createUser(app, bootstrap ? { ...actor(ctx), actor: null } : actor(ctx), defined({
      username: str(ctx, 'username'), role: str(ctx, 'role'), unit: str(ctx, 'unit'), nip: str(ctx, 'nip'),
      displayName: str(ctx, 'display-name'), password, email: str(ctx, 'email'),
    }));
    ctx.io.err(`${say(ctx, 'cli.registry.user_created')}: ${user.username} (${user.role})`);
    ctx.io.out(user.id);
  },
};

/**
 * `jaga backup --database-only --out FILE`: a consistent online copy of the SQLite database and
 * the signing key beside it, unencrypted and without the data key (PostgreSQL: the pg_dump command
 * to run). The whole installation goes in `jaga backup`'s encrypted archive (src/main/backup.ts).
 */
export async function runDatabaseCopy(ctx: CommandContext): Promise<void> {
  const app = await ctx.app();
  const out = str(ctx, 'out') as string;
  if (app.config.database.dialect === 'postgres') {
    const u = new URL(app.config.database.url);
    u.password = '';
    ctx.io.out(`pg_dump --format=custom --file=${JSON.stringify(out)} ${JSON.stringify(u.toString())}`);
    ctx.io.err(`PostgreSQL: ${say(ctx, 'cli.backup.pg_dump_hint')}`);
    return;
  }
  await app.store.backup(out);
  // The signing key is needed to verify checkpoints; keep it beside the copy, owner-only.
  copyFileSync(app.config.signingKeyFile, `${out}.signing-key.pem`);
  chmodSync(`${out}.signing-key.pem`, 0o600);
  ctx.io.err(`${say(ctx, 'cli.backup.written')}: ${out} (+ ${out}.signing-key.pem)`);
}
