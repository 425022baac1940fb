import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { isExecutorRole } from '../../domain/auth/role.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { Grant } from '../../domain/registry/grant.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { isoTime, name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const CreateGrantInput = z.object({
  user: name(),
  unit: name(),
  target: name().optional(),
  validUntil: isoTime().optional(),
}).strict();

/** Grants an executor the right to repair a unit (or one target of it). */
export function createGrant(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Grant> {
  return runUseCase(deps, inv, 'registry.grant.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'grant');
    const input = parseInput(CreateGrantInput, raw);
    const user = await ctx.tx.users.findByIdOrUsername(input.user);
    if (!user) throw notFound('user', input.user);
    if (!isExecutorRole(user.role)) {
      throw DomainError.of('invalid', 'grant.not_executor', { username: user.username, role: user.role });
    }
    const unit = await ctx.tx.units.findByIdOrCode(input.unit);
    if (!unit) throw notFound('unit', input.unit);
    const target = input.target === undefined ? undefined : await ctx.tx.targets.findByIdOrName(input.target);
    if (input.target !== undefined && (!target || target.unitId !== unit.id)) throw notFound('target', input.target);
    if (target && isRetired(target.retiredAt)) throw DomainError.of('conflict', 'target.retired', { name: target.name });
    if (input.validUntil !== undefined && input.validUntil <= ctx.now) {
      throw DomainError.of('invalid', 'grant.expired', {});
    }
    const g: Grant = { id: deps.ids.newId(), userId: user.id, unitId: unit.id, targetId: target?.id ?? null, validUntil: input.validUntil ?? null, createdAt: ctx.now };
    await ctx.tx.grants.insert(g);
    ctx.log({ type: 'registry.grant.created', unitId: unit.id, caseId: null, data: {
      grantId: g.id, user: user.username, unit: unit.code, target: target?.name ?? null, validUntil: g.validUntil } });
    return g;
  });
}
