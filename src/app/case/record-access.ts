import { z } from 'zod';
import { checkAccess } from '../../domain/access/access-rules.js';
import { requireIp } from '../../domain/access/cidr.js';
import { endAccess, startAccess } from '../../domain/case/case-lifecycle.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name } from '../input.js';
import { runCaseAction } from './case-access.js';

export const StartAccessInput = z.object({
  network: name().optional().describe('network used; defaults to the one stated at B2'),
  sourceIp: z.string().trim().max(64).optional(),
  /** Set by the gateway: its session id, so the session's end can be matched. */
  accessId: z.string().trim().min(1).max(100).optional(),
}).strict();

/**
 * B3: an access to the target starts now (manually recorded, or called by the SSH gateway
 * when a session opens). The first access completes B3: waktu mulai akses.
 */
export function recordAccessStart(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'access', StartAccessInput, raw, async ({ ctx, c, input, by }) => {
    if (input.accessId !== undefined && inv.via !== 'gateway') {
      throw DomainError.of('invalid', 'access.id_reserved', {});
    }
    const source = input.sourceIp === undefined ? null : requireIp(input.sourceIp);
    const networkKey = input.network ?? c.preparation?.networkId;
    if (!networkKey) {
      throw DomainError.of('precondition', 'access.not_prepared', {});
    }
    const network = await ctx.tx.networks.findByIdOrName(networkKey);
    if (!network) throw notFound('network', networkKey);
    const target = c.targetId === null ? null : (await ctx.tx.targets.findById(c.targetId)) ?? null;
    // Order matters: a case still in B2 with failed A1 checks must say so, not "wrong network".
    const access = { id: input.accessId ?? deps.ids.newId(), startedAt: ctx.now, endedAt: null,
      via: inv.via === 'gateway' ? 'gateway' as const : 'manual' as const, sourceIp: input.sourceIp ?? null, networkId: network.id, recordedBy: by };
    const next = startAccess(c, access);
    checkAccess(c, network, (await ctx.tx.units.findById(network.unitId)) ?? null, target, source);
    // A manual record states the source; the address the record itself came from is kept beside it.
    return { next, type: 'case.access_started', data: { accessId: access.id, via: access.via, network: network.name, networkId: network.id, sourceIp: access.sourceIp,
      observedIp: inv.sourceIp ?? null, first: c.accesses.length === 0 } };
  });
}

export const EndAccessInput = z.object({
  accessId: z.string().trim().min(1).max(100).optional().describe('defaults to the only open access'),
}).strict();

/** Records the end of an access now (waktu selesai akses). */
export function recordAccessEnd(deps: AppDeps, inv: Invocation, caseId: string, raw: unknown): Promise<RepairCase> {
  return runCaseAction(deps, inv, caseId, 'access', EndAccessInput, raw, ({ ctx, c, input }) => {
    const open = c.accesses.filter((a) => a.endedAt === null);
    const accessId = input.accessId ?? (open.length === 1 ? open[0]?.id : undefined);
    if (!accessId) {
      throw DomainError.of('precondition', 'access.ambiguous', { open: open.length });
    }
    const next = endAccess(c, accessId, ctx.now);
    return { next, type: 'case.access_ended', data: { accessId } };
  });
}
