import { z } from 'zod';
import { logbookReadScope } from '../../domain/auth/registry.policy.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import type { PersonRecord } from '../case/get-case-view.js';
import { findEach, personRecord } from '../case/get-case-view.js';
import { isoTime, name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const BrowseLogbookInput = z.object({
  case: name().optional().describe('only the entries of this case (its id)'),
  from: isoTime().optional().describe('written at or after'),
  to: isoTime().optional().describe('written before'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
}).strict();

/** A page of the logbook, newest first, with the units and people its entries name. */
export interface LogbookBrowsePage {
  readonly items: readonly LogbookEntry[];
  /** Entries matching the filter (all pages). */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly records: {
    readonly units: readonly Pick<LpseUnit, 'id' | 'code' | 'name' | 'timeZone'>[];
    readonly users: readonly PersonRecord[];
  };
}

/**
 * The entries the actor may read (their unit's, or all for the superadmin and a national
 * auditor), optionally of one case and a period, newest first, paged by `offset`. The store's
 * range is read in `seq` order and only the page's window is kept: memory stays at
 * `offset + limit` entries, time grows with the period read (the page of the web UI; the API's
 * `afterSeq` paging and the export read the same entries oldest first).
 */
export function browseLogbook(deps: AppDeps, inv: Invocation, raw: unknown): Promise<LogbookBrowsePage> {
  return runUseCase(deps, inv, 'logbook.read', async (ctx) => {
    const scope = logbookReadScope(actorOf(ctx));
    const input = parseInput(BrowseLogbookInput, raw);
    const keep = input.offset + input.limit;
    const window: LogbookEntry[] = [];
    let total = 0;
    for await (const batch of ctx.tx.logbook.range({ from: input.from, to: input.to, ...(scope === 'all' ? {} : { unitId: scope.unitId }) })) {
      for (const e of batch) {
        if (input.case !== undefined && e.caseId !== input.case) continue;
        total++;
        window.push(e);
        // Trimmed now and then, not each entry (amortised constant time).
        if (window.length >= 2 * keep) window.splice(0, window.length - keep);
      }
    }
    // The window ends with the newest entries, oldest first: skip `offset` from its end, take `limit`.
    const end = Math.max(0, window.length - input.offset);
    const items = window.slice(Math.max(0, end - input.limit), end).reverse();
    const [units, users] = await Promise.all([
      findEach(items.map((e) => e.unitId), (id) => ctx.tx.units.findById(id)),
      findEach(items.map((e) => e.actorId), (id) => ctx.tx.users.findById(id)),
    ]);
    return {
      items, total, offset: input.offset, limit: input.limit,
      records: { units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, timeZone: u.timeZone })), users: users.map(personRecord) },
    };
  }, { readOnly: true });
}
