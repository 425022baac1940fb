import { z } from 'zod';
import type { ApiTokenScope } from '../../domain/auth/sign-in.policy.js';
import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES } from '../../domain/auth/sign-in.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { NO_PASSWORD } from '../../domain/intake/intake-integration.js';
import type { ApiTokenRecord } from '../../ports/auth-repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from '../case/case-access.js';

export const CreateApiTokenInput = z.object({
  name: name(),
  scope: z.enum(API_TOKEN_SCOPES).default('read'),
  expiresInDays: z.coerce.number().int().min(1).max(API_TOKEN_MAX_DAYS).default(90),
}).strict();

export type ApiTokenView = Omit<ApiTokenRecord, 'tokenHash'>;
const view = ({ tokenHash: _h, ...rest }: ApiTokenRecord): ApiTokenView => rest;

/**
 * The credential a token is asked for with: the CLI (the operating-system operator acting `--as`),
 * a signed-in web session (whether it passed TOTP), or another token (its scope and expiry).
 */
export type TokenMinter =
  | { readonly via: 'cli' }
  | { readonly via: 'session'; readonly mfaPassed: boolean }
  | { readonly via: 'token'; readonly scope: ApiTokenScope; readonly expiresAt: string };

/** Whether a token of scope `parent` may stand behind one of scope `child`. */
const covers = (parent: ApiTokenScope, child: ApiTokenScope): boolean => parent === child || (parent === 'full' && child === 'read');

/**
 * A personal API token for the acting user: shown once (only its hash is stored), scoped
 * (`read` = GET only, `full` = what the user's role allows, `metrics` = /metrics only, for a
 * superadmin), expiring, revocable. Over HTTP only a signed-in session that passed TOTP may create
 * one; a token never creates a token that outlives it or exceeds its scope.
 */
export function createApiToken(deps: AppDeps, inv: Invocation, raw: unknown, by: TokenMinter = { via: 'cli' }): Promise<{ token: string; record: ApiTokenView }> {
  return runUseCase(deps, inv, 'auth.token.create', async (ctx) => {
    const input = parseInput(CreateApiTokenInput, raw);
    const user = actorOf(ctx).user;
    const expiresAt = new Date(Date.parse(ctx.now) + input.expiresInDays * 86_400_000).toISOString();
    if (by.via === 'token') {
      if (!covers(by.scope, input.scope)) throw DomainError.of('forbidden', 'auth.token_scope_exceeded', { scope: input.scope, parentScope: by.scope });
      if (Date.parse(expiresAt) > Date.parse(by.expiresAt)) throw DomainError.of('forbidden', 'auth.token_outlives_parent', { expiresAt: by.expiresAt });
    }
    if (by.via === 'token' || (by.via === 'session' && !(by.mfaPassed && (await ctx.tx.mfa.findByUserId(user.id))?.enabledAt))) {
      throw DomainError.of('forbidden', 'auth.token_needs_totp_session', {});
    }
    // Alertmanager intake (issue 13): an integration's identity acts only through its webhook.
    if ((await ctx.tx.users.findPasswordHash(user.id)) === NO_PASSWORD) throw DomainError.of('forbidden', 'intake.identity_without_token', { username: user.username });
    if (input.scope === 'metrics' && user.role !== 'superadmin') throw DomainError.of('forbidden', 'auth.token_scope_not_allowed', { scope: input.scope });
    const token = `jaga_${deps.randomToken(32)}`;
    const record: ApiTokenRecord = {
      id: deps.ids.newId(), userId: user.id, name: input.name, tokenHash: deps.sha256(token), scope: input.scope,
      createdAt: ctx.now, expiresAt, revokedAt: null, lastUsedAt: null,
    };
    await ctx.tx.apiTokens.insert(record);
    ctx.log({ type: 'auth.token_created', unitId: user.unitId, caseId: null, data: { tokenId: record.id, name: record.name, scope: record.scope, expiresAt: record.expiresAt, credential: by.via } });
    return { token, record: view(record) };
  });
}

export function listApiTokens(deps: AppDeps, inv: Invocation): Promise<ApiTokenView[]> {
  return runUseCase(deps, inv, 'auth.token.list', async (ctx) => (await ctx.tx.apiTokens.listForUser(actorOf(ctx).user.id)).map(view), { readOnly: true });
}

/** Revokes a token: its owner, or a superadmin for anyone's. */
export function revokeApiToken(deps: AppDeps, inv: Invocation, tokenId: string): Promise<ApiTokenView> {
  return runUseCase(deps, inv, 'auth.token.revoke', async (ctx) => {
    const actor = actorOf(ctx).user;
    const t = await ctx.tx.apiTokens.findById(tokenId);
    if (!t || (t.userId !== actor.id && actor.role !== 'superadmin')) throw notFound('token', tokenId);
    if (t.revokedAt !== null) throw DomainError.of('forbidden', 'auth.token_revoked', {});
    await ctx.tx.apiTokens.revoke(t.id, ctx.now);
    ctx.log({ type: 'auth.token_revoked', unitId: actor.unitId, caseId: null, data: { tokenId: t.id, name: t.name } });
    return view({ ...t, revokedAt: ctx.now });
  });
}
