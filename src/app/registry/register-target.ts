import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { notFound } from '../../domain/errors.js';
import type { Target } from '../../domain/registry/target.js';
import { requireHost, requireHostKeyFingerprint, requireNonRootAccount } from '../../domain/registry/target.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const RegisterTargetInput = z.object({
  name: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, . _ -'),
  unit: name(),
  host: z.string().trim().min(1).max(253),
  port: z.coerce.number().int().min(1).max(65535).default(22),
  loginAccount: z.string().trim().min(1).max(32),
  hostKeyFingerprint: z.string().trim().max(100),
}).strict();

/** Registers a target server; a root (uid-0) login account is refused (A1c). */
export function registerTarget(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Target> {
  return runUseCase(deps, inv, 'registry.target.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(RegisterTargetInput, raw);
    const unit = await ctx.tx.units.findByIdOrCode(input.unit);
    if (!unit) throw notFound('unit', input.unit);
    const t: Target = {
      id: deps.ids.newId(), name: input.name, unitId: unit.id, host: requireHost(input.host), port: input.port,
      loginAccount: requireNonRootAccount(input.loginAccount), hostKeyFingerprint: requireHostKeyFingerprint(input.hostKeyFingerprint), createdAt: ctx.now,
    };
    await ctx.tx.targets.insert(t);
    ctx.log({ type: 'registry.target.created', unitId: t.unitId, caseId: null, data: {
      targetId: t.id, name: t.name, host: t.host, port: t.port, loginAccount: t.loginAccount, hostKeyFingerprint: t.hostKeyFingerprint } });
    return t;
  });
}
