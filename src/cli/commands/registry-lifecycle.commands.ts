import { changeOwnPassword } from '../../app/auth/change-password.js';
import { deactivateUser, reactivateUser } from '../../app/registry/deactivate-user.js';
import { editNetwork } from '../../app/registry/edit-network.js';
import { editTarget, repinTargetHostKey } from '../../app/registry/edit-target.js';
import { scanTargetHostKey } from '../../app/registry/scan-host-key.js';
import { replaceWorkstationKey, revokeWorkstationKey } from '../../app/registry/register-workstation.js';
import { resetUserPassword, resetUserTotp, unlockUser } from '../../app/registry/reset-user-credentials.js';
import { retireNetwork, retireTarget, retireWorkstation, revokeGrant } from '../../app/registry/retire-registry-entry.js';
import type { RegistryChange } from '../../messages/ui-messages.js';
import type { App } from '../../app/app.js';
import type { Command, CommandContext, OptionSpec } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { actor, arg, defined, flag, intOption, list, say, sayLinesErr, str } from './helpers.js';
import { keyLines } from './ssh-key-lines.js';

const REASON: Record<string, OptionSpec> = {
  reason: { type: 'string', help: 'why (kept in the logbook with who did it)', required: true, value: 'TEXT' },
};

const changed = (ctx: CommandContext, change: RegistryChange, subject: string): void => {
  ctx.io.err(say(ctx, 'cli.registry.changed', { change, subject }));
};

/** Passwords come only from standard input (never the command line, where `ps` and the shell history see them). */
async function stdinLines(ctx: CommandContext, count: number): Promise<string[]> {
  if (!flag(ctx, 'password-stdin')) {
    throw UsageError.of('cli.password_stdin_only', { plural: true });
  }
  const lines = (await ctx.io.readStdin()).split(/\r?\n/);
  if (lines.length < count || lines.slice(0, count).some((l) => l === '')) {
    throw UsageError.of('cli.password_lines', { count });
  }
  return lines.slice(0, count);
}

type Simple = (app: App, inv: ReturnType<typeof actor>, raw: unknown) => Promise<unknown>;

/** `jaga <registry> <verb> <key> --reason TEXT`: a change that needs nothing but the entry and why. */
const simple = (name: string, args: string, field: string, summary: string, run: Simple, done: RegistryChange): Command => ({
  name, args, summary, needsActor: true, options: REASON,
  async run(ctx) {
    await run(await ctx.app(), actor(ctx), { [field]: arg(ctx), reason: str(ctx, 'reason') });
    changed(ctx, done, arg(ctx));
  },
});

export const registryLifecycleCommands: Command[] = [
  simple('user deactivate', '<username>', 'user', 'deactivate a user: no sign-in, no --as, gateway sessions end; sessions and tokens revoked',
    deactivateUser, 'user_deactivated'),
  simple('user reactivate', '<username>', 'user', 'reactivate a deactivated user', reactivateUser, 'user_reactivated'),
  {
    name: 'user reset-password', args: '<username>', needsActor: true,
    summary: 'set a temporary password (read from stdin) that the user must change at the next sign-in',
    options: { ...REASON, 'password-stdin': { type: 'boolean', help: 'read the temporary password from standard input (required)' } },
    async run(ctx) {
      const [password] = await stdinLines(ctx, 1);
      await resetUserPassword(await ctx.app(), actor(ctx), { user: arg(ctx), password, reason: str(ctx, 'reason') });
      changed(ctx, 'password_reset', arg(ctx));
    },
  },
  simple('user reset-totp', '<username>', 'user', 'reset a user\'s TOTP: they enrol again with a new enrolment code', resetUserTotp, 'totp_reset'),
  simple('user unlock', '<username>', 'user', 'lift a sign-in lock-out (wrong passwords or TOTP codes)', unlockUser, 'sign_in_unlocked'),
  {
    name: 'user change-password', needsActor: true,
    summary: 'change your own (--as) password: stdin holds the current password, then the new one, one per line',
    options: { 'password-stdin': { type: 'boolean', help: 'read the two passwords from standard input (required)' } },
    async run(ctx) {
      const [currentPassword, newPassword] = await stdinLines(ctx, 2);
      const u = await changeOwnPassword(await ctx.app(), actor(ctx), { currentPassword, newPassword });
      changed(ctx, 'own_password', u.username);
    },
  },
  {
    name: 'workstation revoke-key', args: '<asset-tag>', needsActor: true, summary: 'revoke one SSH key of a workstation (kept as history)',
    options: { ...REASON, fingerprint: { type: 'string', help: 'the key\'s SHA256:… fingerprint (jaga workstation list)', required: true, value: 'FP' } },
    async run(ctx) {
      await revokeWorkstationKey(await ctx.app(), actor(ctx), { workstation: arg(ctx), fingerprint: str(ctx, 'fingerprint'), reason: str(ctx, 'reason') });
      changed(ctx, 'key_revoked', str(ctx, 'fingerprint') ?? '');
    },
  },
  {
    name: 'workstation replace-key', args: '<asset-tag>', needsActor: true, summary: 'replace one SSH key of a workstation by a new one',
    options: {
      ...REASON, fingerprint: { type: 'string', help: 'the old key\'s SHA256:… fingerprint', required: true, value: 'FP' },
      'ssh-key': { type: 'string', help: 'the new OpenSSH public key line', value: 'KEY' },
      'ssh-key-file': { type: 'string', help: 'file with the new public key line', value: 'FILE' },
    },
    async run(ctx) {
      const lines = keyLines(ctx);
      if (lines.length !== 1) throw UsageError.of('cli.one_ssh_key', { replacement: true });
      const w = await replaceWorkstationKey(await ctx.app(), actor(ctx), {
        workstation: arg(ctx), fingerprint: str(ctx, 'fingerprint'), sshKey: lines[0], reason: str(ctx, 'reason') });
      ctx.io.out(w.sshKeys[w.sshKeys.length - 1]?.fingerprint ?? '');
    },
  },
  simple('workstation retire', '<asset-tag>', 'workstation', 'retire a workstation: none of its keys authenticates any more', retireWorkstation, 'workstation_retired'),
  {
    name: 'network edit', args: '<name>', needsActor: true, summary: 'change a network\'s kind, CIDRs (replaces them all), intranet flag, unit or public-office confirmation',
    options: {
      ...REASON,
      kind: { type: 'string', help: 'office_lpse | office_lkpp | vpn | other_allowed | public', value: 'KIND' },
      cidr: { type: 'string', multiple: true, help: 'the new CIDR list', value: 'CIDR' },
      intranet: { type: 'boolean', help: 'mark it intranet' },
      'not-intranet': { type: 'boolean', help: 'mark it not intranet' },
      unit: { type: 'string', help: 'owning LPSE unit (a national unit\'s network serves every unit)', value: 'UNIT' },
      'public-office': { type: 'boolean', help: 'confirm a public range of an office network (an office behind NAT)' },
    },
    async run(ctx) {
      if (flag(ctx, 'intranet') && flag(ctx, 'not-intranet')) throw UsageError.of('cli.options_exclusive', { first: 'intranet', second: 'not-intranet' });
      const cidrs = list(ctx, 'cidr');
      await editNetwork(await ctx.app(), actor(ctx), defined({
        network: arg(ctx), reason: str(ctx, 'reason'), kind: str(ctx, 'kind'), cidrs: cidrs.length ? cidrs : undefined,
        intranet: flag(ctx, 'intranet') ? true : flag(ctx, 'not-intranet') ? false : undefined,
        unit: str(ctx, 'unit'), publicOffice: flag(ctx, 'public-office') ? true : undefined,
      }));
      changed(ctx, 'network_edited', arg(ctx));
    },
  },
  simple('network retire', '<name>', 'network', 'retire a network: it admits nobody any more', retireNetwork, 'network_retired'),
  {
    name: 'target edit', args: '<name>', needsActor: true, summary: 'change a target\'s host, port or login account (never root)',
    options: {
      ...REASON,
      host: { type: 'string', help: 'host name or address', value: 'HOST' },
      port: { type: 'string', help: 'SSH port', value: 'PORT' },
      login: { type: 'string', help: 'login account on the target', value: 'ACCOUNT' },
    },
    async run(ctx) {
      await editTarget(await ctx.app(), actor(ctx), defined({
        target: arg(ctx), reason: str(ctx, 'reason'), host: str(ctx, 'host'), port: intOption(ctx, 'port'), loginAccount: str(ctx, 'login'),
      }));
      changed(ctx, 'target_edited', arg(ctx));
    },
  },
  {
    name: 'target scan-host-key', args: '<name>', needsActor: true,
    summary: 'read the target\'s SSH host key, show its SHA256 fingerprint and pin it (confirm on a terminal, or --expect for scripts)',
    options: {
      ...REASON,
      expect: { type: 'string', help: 'pin only if the key has this fingerprint (SHA256:…); needed without a terminal', value: 'FP' },
    },
    async run(ctx) {
      const app = await ctx.app();
      const name = arg(ctx);
      const expected = str(ctx, 'expect');
      if (expected === undefined && !ctx.io.confirm) {
        throw UsageError.of('cli.expect_required', {});
      }
      // Who asks is checked before Jaga connects out; an unknown or retired target is refused before anything is read.
      const scanned = await scanTargetHostKey(app, actor(ctx), { target: name });
      const p = { target: name, host: `${scanned.host}:${scanned.port}`, fingerprint: scanned.fingerprint, keyType: scanned.keyType, pinned: scanned.pinned ?? '' };
      sayLinesErr(ctx, 'cli.registry.scanned', p);
      ctx.io.out(scanned.fingerprint);
      if (expected === undefined && ctx.io.confirm && !(await ctx.io.confirm(`${say(ctx, 'cli.registry.confirm_pin')}:`))) {
        ctx.io.err(say(ctx, 'cli.registry.pin_declined'));
        return 5;
      }
      await repinTargetHostKey(app, actor(ctx), defined({ target: name, fingerprint: scanned.fingerprint, expected, reason: str(ctx, 'reason') }), 'scan');
      changed(ctx, 'host_key_pinned', `${name} → ${scanned.fingerprint}`);
    },
  },
  simple('target retire', '<name>', 'target', 'retire a target: the gateway never connects to it again', retireTarget, 'target_retired'),
  simple('grant revoke', '<grant-id>', 'grant', 'revoke a grant (ids: jaga grant list)', revokeGrant, 'grant_revoked'),
];
