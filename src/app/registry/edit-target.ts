import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { Target } from '../../domain/registry/target.js';
import { requireHost, requireHostKeyFingerprint, requireNonRootAccount } from '../../domain/registry/target.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import { getTarget, reason } from './registry-lookups.js';

export const EditTargetBody = z.object({
  host: z.string().trim().min(1).max(253).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  loginAccount: z.string().trim().min(1).max(32).optional(),
  reason: reason(),
}).strict();
export const EditTargetInput = EditTargetBody.extend({ target: name() }).strict();

async function targetInService(ctx: UseCaseContext, key: string): Promise<Target> {
  const t = await getTarget(ctx, key);
  if (isRetired(t.retiredAt)) throw DomainError.of('conflict', 'target.retired', { name: t.name });
  return t;
}

const shape = (t: Target) => ({ host: t.host, port: t.port, loginAccount: t.loginAccount, hostKeyFingerprint: t.hostKeyFingerprint });

/**
 * Changes a target's address or login account (never root). Its name and unit stay: cases and
 * the logbook use them. A moved target usually has a new host key: re-pin it (`repinTargetHostKey`).
 */
export function editTarget(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Target> {
  return runUseCase(deps, inv, 'registry.target.edit', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(EditTargetInput, raw);
    const before = await targetInService(ctx, input.target);
    if (input.host === undefined && input.port === undefined && input.loginAccount === undefined) {
      throw DomainError.of('invalid', 'registry.nothing_to_change', {});
    }
    const after: Target = {
      ...before, host: input.host === undefined ? before.host : requireHost(input.host), port: input.port ?? before.port,
      loginAccount: input.loginAccount === undefined ? before.loginAccount : requireNonRootAccount(input.loginAccount),
    };
    await ctx.tx.targets.update(after);
    ctx.log({ type: 'registry.target.edited', unitId: after.unitId, caseId: null,
      data: { targetId: after.id, name: after.name, before: shape(before), after: shape(after), reason: input.reason } });
    return after;
  });
}

export const RepinHostKeyBody = z.object({
  fingerprint: z.string().trim().max(100).describe('the new host key fingerprint, SHA256:…'),
  reason: reason(),
}).strict();
export const RepinHostKeyInput = RepinHostKeyBody.extend({
  target: name(),
  /** What the operator expected (`jaga target scan-host-key --expect`); a different fingerprint is refused. */
  expected: z.string().trim().max(100).optional(),
}).strict();

/**
 * Pins a new host key for a target (the gateway refuses any other from then on). `source`: read
 * from the target by `jaga target scan-host-key`, or given by the operator (the API).
 */
export function repinTargetHostKey(deps: AppDeps, inv: Invocation, raw: unknown, source: 'scan' | 'given' = 'given'): Promise<Target> {
  return runUseCase(deps, inv, 'registry.target.repin_host_key', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(RepinHostKeyInput, raw);
    const before = await targetInService(ctx, input.target);
    const fingerprint = requireHostKeyFingerprint(input.fingerprint);
    if (input.expected !== undefined && input.expected !== fingerprint) {
      throw DomainError.of('precondition', 'target.host_key_mismatch', { expected: input.expected, scanned: fingerprint });
    }
    if (fingerprint === before.hostKeyFingerprint) throw DomainError.of('conflict', 'target.host_key_same', { fingerprint });
    const after: Target = { ...before, hostKeyFingerprint: fingerprint };
    await ctx.tx.targets.update(after);
    ctx.log({ type: 'registry.target.host_key_repinned', unitId: after.unitId, caseId: null,
      data: { targetId: after.id, name: after.name, before: before.hostKeyFingerprint, after: fingerprint, source, reason: input.reason } });
    return after;
  });
}
