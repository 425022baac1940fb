import { z } from 'zod';
import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES } from '../../domain/auth/sign-in.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
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
 * A personal API token for the acting user: shown once (only its hash is stored), scoped
 * (`read` = GET only, `full` = what the user's role allows), expiring, revocable.
 */
export function createApiToken(deps: AppDeps, inv: Invocation, raw: unknown): Promise<{ token: string; record: ApiTokenView }> {
  return runUseCase(deps, inv, 'auth.token.create', async (ctx) => {
    const input = parseInput(CreateApiTokenInput, raw);
    const user = actorOf(ctx).user;
    const token = `jaga_${deps.randomToken(32)}`;
    const record: ApiTokenRecord = {
      id: deps.ids.newId(), userId: user.id, name: input.name, tokenHash: deps.sha256(token), scope: input.scope,
      createdAt: ctx.now, expiresAt: new Date(Date.parse(ctx.now) + input.expiresInDays * 86_400_000).toISOString(), revokedAt: null, lastUsedAt: null,
    };
    await ctx.tx.apiTokens.insert(record);
    ctx.log({ type: 'auth.token_created', unitId: user.unitId, caseId: null, data: { tokenId: record.id, name: record.name, scope: record.scope, expiresAt: record.expiresAt } });
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
