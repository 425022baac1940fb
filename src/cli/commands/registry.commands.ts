import { readFileSync, statSync } from 'node:fs';
import { createGrant } from '../../app/registry/create-grant.js';
import { createNetwork } from '../../app/registry/create-network.js';
import { createUnit } from '../../app/registry/create-unit.js';
import { addWorkstationKey, registerWorkstation } from '../../app/registry/register-workstation.js';
import { registerTarget } from '../../app/registry/register-target.js';
import { setTargetCredential } from '../../app/registry/target-credential.js';
import { networkWarning, networkWarningText } from '../../presenters/registry-list.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { actor, arg, defined, flag, intOption, list, say, str, word } from './helpers.js';
import { keyLines } from './ssh-key-lines.js';
import { registryLifecycleCommands } from './registry-lifecycle.commands.js';
import { registryListCommands } from './registry-list.commands.js';

/** A private key file; refused before reading when it is clearly not one (a directory, something huge). */
function readKeyFile(file: string): string {
  try {
    if (statSync(file).size > 64 * 1024) {
      throw UsageError.of('cli.key_file_too_large', { file });
    }
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw UsageError.of('cli.key_file_unreadable', { file, reason: (e as NodeJS.ErrnoException).code ?? '' });
  }
}

type CreatedKey = 'cli.registry.unit_created' | 'cli.registry.network_created' | 'cli.registry.workstation_registered'
  | 'cli.registry.target_registered' | 'cli.registry.grant_created';

const created = (ctx: CommandContext, what: CreatedKey, id: string, label: string): void => {
  ctx.io.err(`${say(ctx, what)}: ${label}`);
  ctx.io.out(id);
};

const creationCommands: Command[] = [
  {
    name: 'unit add', summary: 'register an LPSE unit', needsActor: true,
    options: {
      code: { type: 'string', help: 'short code, e.g. gorontalo-prov', required: true, value: 'CODE' },
      name: { type: 'string', help: 'full name', required: true, value: 'NAME' },
      'time-zone': { type: 'string', help: 'IANA time zone (default Asia/Makassar, WITA)', value: 'TZ' },
      national: { type: 'boolean', help: 'a national unit (LKPP): its networks admit access to every unit\'s targets' },
    },
    async run(ctx) {
      const u = await createUnit(await ctx.app(), actor(ctx), defined({
        code: str(ctx, 'code'), name: str(ctx, 'name'), timeZone: str(ctx, 'time-zone'), national: flag(ctx, 'national'),
      }));
      created(ctx, 'cli.registry.unit_created', u.id, `${u.code} (${u.timeZone})${u.national ? ` ${word(ctx, 'cli.registry.national_short')}` : ''}`);
    },
  },
  {
    name: 'network add', summary: 'register a network (A1b/A1e): its unit, CIDRs, kind, intranet flag', needsActor: true,
    options: {
      name: { type: 'string', help: 'network name', required: true, value: 'NAME' },
      kind: { type: 'string', help: 'office_lpse | office_lkpp | vpn | other_allowed | public (public = refused)', required: true, value: 'KIND' },
      cidr: { type: 'string', multiple: true, help: 'IPv4/IPv6 CIDR', required: true, value: 'CIDR' },
      intranet: { type: 'boolean', help: 'part of the LKPP/LPSE intranet (needed for B5 work)' },
      unit: { type: 'string', help: 'owning LPSE unit (required): the network admits access to its targets, every unit\'s if it is national', value: 'UNIT' },
      'public-office': { type: 'boolean', help: 'confirm an office network with a public range (an office behind NAT); it is listed with a warning' },
    },
    async run(ctx) {
      const n = await createNetwork(await ctx.app(), actor(ctx), defined({
        name: str(ctx, 'name'), kind: str(ctx, 'kind'), cidrs: list(ctx, 'cidr'), intranet: flag(ctx, 'intranet'), unit: str(ctx, 'unit'),
        publicOffice: flag(ctx, 'public-office'),
      }));
      const warning = networkWarning(n);
      created(ctx, 'cli.registry.network_created', n.id,
        `${n.name} ${n.kind} ${n.cidrs.join(',')}${n.intranet ? ' intranet' : ''}${warning ? ` — ${networkWarningText(warning, ctx.lang)}` : ''}`);
    },
  },
  {
    name: 'workstation add', summary: 'register a workstation (A1a) and its SSH public keys', needsActor: true,
    options: {
      'asset-tag': { type: 'string', help: 'asset tag (unique)', required: true, value: 'TAG' },
      serial: { type: 'string', help: 'serial number', required: true, value: 'SN' },
      'owner-unit': { type: 'string', help: 'owning LPSE unit', value: 'UNIT' },
      'assigned-user': { type: 'string', help: 'the user who uses it', value: 'USER' },
      'organisation-owned': { type: 'boolean', help: 'owned by LKPP/LPSE (otherwise A1a fails)' },
      'ssh-key': { type: 'string', multiple: true, help: 'OpenSSH public key line', value: 'KEY' },
      'ssh-key-file': { type: 'string', multiple: true, help: 'file of OpenSSH public key lines', value: 'FILE' },
    },
    async run(ctx) {
      const w = await registerWorkstation(await ctx.app(), actor(ctx), defined({
        assetTag: str(ctx, 'asset-tag'), serialNumber: str(ctx, 'serial'), ownerUnit: str(ctx, 'owner-unit'),
        assignedUser: str(ctx, 'assigned-user'), organisationOwned: flag(ctx, 'organisation-owned'), sshKeys: keyLines(ctx),
      }));
      created(ctx, 'cli.registry.workstation_registered', w.id, `${w.assetTag} ${w.sshKeys.map((k) => k.fingerprint).join(' ')}`);
    },
  },
  {
    name: 'workstation add-key', summary: 'add an SSH public key to a workstation', args: '<asset-tag>', needsActor: true,
    options: {
      'ssh-key': { type: 'string', help: 'OpenSSH public key line', value: 'KEY' },
      'ssh-key-file': { type: 'string', help: 'file with one public key line', value: 'FILE' },
    },
    async run(ctx) {
      const lines = keyLines(ctx);
      if (lines.length !== 1) throw UsageError.of('cli.one_ssh_key', { replacement: false });
      const k = await addWorkstationKey(await ctx.app(), actor(ctx), { workstation: ctx.positionals[0], sshKey: lines[0] });
      ctx.io.out(k.fingerprint);
    },
  },
  {
    name: 'target add', summary: 'register a target server (root login refused, host key pinned)', needsActor: true,
    options: {
      name: { type: 'string', help: 'target name used in ssh user@, e.g. spse-gorontalo', required: true, value: 'NAME' },
      unit: { type: 'string', help: 'LPSE unit', required: true, value: 'UNIT' },
      host: { type: 'string', help: 'host name or address', required: true, value: 'HOST' },
      port: { type: 'string', help: 'SSH port (default 22)', value: 'PORT' },
      login: { type: 'string', help: 'login account on the target (never root)', required: true, value: 'ACCOUNT' },
      'host-key-fingerprint': { type: 'string', help: 'pinned host key, SHA256:…', required: true, value: 'FP' },
    },
    async run(ctx) {
      const t = await registerTarget(await ctx.app(), actor(ctx), defined({
        name: str(ctx, 'name'), unit: str(ctx, 'unit'), host: str(ctx, 'host'), port: intOption(ctx, 'port'),
        loginAccount: str(ctx, 'login'), hostKeyFingerprint: str(ctx, 'host-key-fingerprint'),
      }));
      created(ctx, 'cli.registry.target_registered', t.id, `${t.name} ${t.loginAccount}@${t.host}:${t.port}`);
    },
  },
  {
    name: 'target credential', args: '<target>', needsActor: true,
    summary: 'set the gateway\'s login to a target: a new key pair, a private key file, or a password from stdin',
    options: {
      generate: { type: 'boolean', help: 'make a new ed25519 key pair; prints the public key for the target\'s authorized_keys' },
      'key-file': { type: 'string', help: 'unencrypted OpenSSH/PEM private key file', value: 'PATH' },
      'password-stdin': { type: 'boolean', help: 'read the login account\'s password from standard input' },
    },
    async run(ctx) {
      const chosen = [flag(ctx, 'generate'), str(ctx, 'key-file') !== undefined, flag(ctx, 'password-stdin')].filter(Boolean).length;
      if (chosen !== 1) {
        throw UsageError.of('cli.credential_choice', {});
      }
      const input: Record<string, unknown> = { target: arg(ctx) };
      const keyFile = str(ctx, 'key-file');
      if (flag(ctx, 'generate')) input['generate'] = true;
      else if (keyFile !== undefined) input['privateKey'] = readKeyFile(keyFile);
      else input['password'] = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
      const c = await setTargetCredential(await ctx.app(), actor(ctx), input);
      ctx.io.err(`${say(ctx, 'cli.registry.credential_stored')}: ${c.target} (${c.kind})`);
      if (c.publicKey !== null) {
        ctx.io.out(c.publicKey);
        if (flag(ctx, 'generate')) {
          ctx.io.err(say(ctx, 'cli.registry.append_public_key', { target: c.target }));
        }
      }
    },
  },
  {
    name: 'grant add', summary: 'allow an executor to repair a unit (or one target of it)', needsActor: true,
    options: {
      user: { type: 'string', help: 'executor username', required: true, value: 'USER' },
      unit: { type: 'string', help: 'LPSE unit', required: true, value: 'UNIT' },
      target: { type: 'string', help: 'only this target', value: 'TARGET' },
      'valid-until': { type: 'string', help: 'expiry, ISO 8601', value: 'TIME' },
    },
    async run(ctx) {
      const g = await createGrant(await ctx.app(), actor(ctx), defined({
        user: str(ctx, 'user'), unit: str(ctx, 'unit'), target: str(ctx, 'target'), validUntil: str(ctx, 'valid-until'),
      }));
      created(ctx, 'cli.registry.grant_created', g.id, `${str(ctx, 'user') ?? ''} → ${str(ctx, 'unit') ?? ''}`);
    },
  },
];

export const registryCommands: Command[] = [...creationCommands, ...registryListCommands, ...registryLifecycleCommands];
