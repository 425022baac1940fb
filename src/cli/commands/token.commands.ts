import { createApiToken, listApiTokens, revokeApiToken } from '../../app/auth/api-tokens.js';
import { issueEnrolmentCode } from '../../app/auth/enrolment-code.js';
import type { Command } from '../command.js';
import { actor, arg, defined, flag, intOption, json, say, str, word } from './helpers.js';

export const tokenCommands: Command[] = [
  {
    name: 'user enrolment-code', args: '<username>', needsActor: true,
    summary: 'issue a one-time TOTP enrolment code for a user (superadmin, or the unit\'s koordinator); printed once on stdout, stored only as a hash, valid 24 h',
    options: {},
    async run(ctx) {
      const r = await issueEnrolmentCode(await ctx.app(), actor(ctx), arg(ctx));
      ctx.io.err(say(ctx, 'cli.token.enrolment_code', { username: r.username, expiresAt: r.expiresAt }));
      ctx.io.out(r.code);
    },
  },
  {
    name: 'token create', summary: 'create a personal API token for --as USER; printed once on stdout, stored only as a hash', needsActor: true,
    options: {
      name: { type: 'string', help: 'what the token is for, e.g. "prometheus"', required: true, value: 'NAME' },
      scope: { type: 'string', help: 'read (GET only, default) | full (everything the role allows) | metrics (/metrics only; superadmin)', value: 'SCOPE' },
      'expires-days': { type: 'string', help: 'days until it expires (default 90, max 365)', value: 'N' },
    },
    async run(ctx) {
      const r = await createApiToken(await ctx.app(), actor(ctx), defined({ name: str(ctx, 'name'), scope: str(ctx, 'scope'), expiresInDays: intOption(ctx, 'expires-days') }));
      ctx.io.err(say(ctx, 'cli.token.created', { name: r.record.name, scope: r.record.scope, expiresAt: r.record.expiresAt }));
      ctx.io.out(r.token);
    },
  },
  {
    name: 'token list', summary: 'your API tokens (never the secrets)', needsActor: true,
    options: { json: { type: 'boolean', help: 'as JSON' } },
    async run(ctx) {
      const list = await listApiTokens(await ctx.app(), actor(ctx));
      if (flag(ctx, 'json')) return json(ctx, list);
      for (const t of list) ctx.io.out(`${t.id}  ${t.scope.padEnd(4)}  ${t.revokedAt ? word(ctx, 'cli.registry.revoked') : `${word(ctx, 'cli.registry.until')} ${t.expiresAt}`}  ${t.name}`);
    },
  },
  {
    name: 'token revoke', summary: 'revoke an API token', args: '<token-id>', needsActor: true, options: {},
    async run(ctx) {
      const t = await revokeApiToken(await ctx.app(), actor(ctx), ctx.positionals[0] as string);
      ctx.io.err(say(ctx, 'cli.token.revoked', { name: t.name }));
    },
  },
];
