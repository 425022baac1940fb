import { z } from 'zod';
import { logbookReadScope } from '../../domain/auth/registry.policy.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { isoTime, parseInput } from '../input.js';
import { notifiedReport } from '../notification/verification-failed.js';
import { runUseCase } from '../use-case.js';
import type { VerifyReport } from './verify-logbook.js';
import { verifyLogbook } from './verify-logbook.js';

export const LogbookPageInput = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}).strict();

export const LogbookExportInput = z.object({ from: isoTime().optional(), to: isoTime().optional() }).strict();

/** A page of entries the actor may read, oldest first; continue with `afterSeq` = last seq. */
export function readLogbookPage(deps: AppDeps, inv: Invocation, raw: unknown): Promise<LogbookEntry[]> {
  return runUseCase(deps, inv, 'logbook.read', async (ctx) => {
    const scope = logbookReadScope(actorOf(ctx));
    const input = parseInput(LogbookPageInput, raw);
    return ctx.tx.logbook.page({ afterSeq: input.afterSeq, limit: input.limit, ...(scope === 'all' ? {} : { unitId: scope.unitId }) });
  }, { readOnly: true });
}

/**
 * The entries of a period the actor may read, page by page, for streaming out: authorised and
 * validated when called, read as the consumer pulls.
 */
export async function exportLogbook(deps: AppDeps, inv: Invocation, raw: unknown): Promise<AsyncIterable<LogbookEntry[]>> {
  const { scope, input } = await runUseCase(deps, inv, 'logbook.export', async (ctx) => ({ scope: logbookReadScope(actorOf(ctx)), input: parseInput(LogbookExportInput, raw) }), { readOnly: true });
  return deps.store.read(async (r) => r.logbook.range({ from: input.from, to: input.to, ...(scope === 'all' ? {} : { unitId: scope.unitId }) }));
}

/** Verification of the whole chain, for those who may read the logbook. */
export async function verifyLogbookAs(deps: AppDeps, inv: Invocation): Promise<VerifyReport> {
  await runUseCase(deps, inv, 'logbook.verify', async (ctx) => { logbookReadScope(actorOf(ctx)); }, { readOnly: true });
  // issue 13: a failed verification is notified
  return notifiedReport(deps, await verifyLogbook(deps, undefined, { records: deps }));
}

export async function latestCheckpoint(deps: AppDeps, inv: Invocation): Promise<Checkpoint | null> {
  return runUseCase(deps, inv, 'logbook.checkpoint', async (ctx) => {
    logbookReadScope(actorOf(ctx));
    const all = await ctx.tx.logbook.checkpoints();
    return all[all.length - 1] ?? null;
  }, { readOnly: true });
}
