import { statusWhileIn } from '../../domain/case/repair-case.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import type { StoreGauges } from '../../ports/metrics.js';
import type { Store } from '../../ports/repositories.js';

/** One read of the store for every store gauge (a scrape asks for all of them at once). */
export async function readStoreGauges(store: Store): Promise<StoreGauges> {
  const { byStatus, deviations, head } = await store.read(async (r) => ({
    byStatus: await r.cases.countByStatus(), deviations: await r.cases.deviationCount(), head: await r.logbook.readHead(),
  }));
  return {
    openByStep: STEP_CODES.map((step) => ({ step, count: byStatus[statusWhileIn(step)] ?? 0 })),
    byStatus, deviations, logbookEntries: head.seq,
  };
}
