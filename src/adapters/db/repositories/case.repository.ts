import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { CaseStatus, CaseSummary, RepairCase, Urgency } from '../../../domain/case/repair-case.js';
import { currentStep } from '../../../domain/case/repair-case.js';
import { DomainError } from '../../../domain/errors.js';
import type { CaseTiming } from '../../../domain/report/case-timing.js';
import { caseTiming } from '../../../domain/report/case-timing.js';
import type { CaseFilter, CaseRepository } from '../../../ports/repositories.js';
import type { Database } from '../schema.js';

const columns = (c: RepairCase) => ({
  unit_id: c.unitId, target_id: c.targetId, status: c.status, executor_id: c.acknowledgement?.executorId ?? null,
  reported_at: c.report.reportedAt, revision: c.revision, deviations: c.deviations.length, system: c.report.system, urgency: c.report.urgency, sop_code: c.sopCode, sop_version: c.sopVersion, doc: JSON.stringify(c),
  timing: JSON.stringify(caseTiming(c)),
});

/** A stored case; one stored before returns for correction existed has none, nor corrections. */
const fromDoc = (doc: string): RepairCase => ({ returns: [], corrections: [], ...(JSON.parse(doc) as Omit<RepairCase, 'returns' | 'corrections'>) });

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function visible(eb: ExpressionBuilder<Database, 'cases'>, f: Pick<CaseFilter, 'visibility'>) {
  const v = f.visibility;
  if (v.all) return sql<boolean>`1 = 1`;
  const ors = [];
  if (v.unitIds.length) ors.push(eb('unit_id', 'in', [...v.unitIds]));
  for (const ut of v.unitTargets) ors.push(eb.and([eb('unit_id', '=', ut.unitId), eb('target_id', '=', ut.targetId)]));
  if (v.executorId) ors.push(eb('executor_id', '=', v.executorId));
  return ors.length ? eb.or(ors) : sql<boolean>`1 = 0`;
}

/** The ids of the cases `visibility` lets see, as a subquery (the gateway sessions' search). */
export function visibleCaseIds(db: Kysely<Database>, visibility: CaseFilter['visibility']) {
  return db.selectFrom('cases').select('id').$if(!visibility.all, (x) => x.where((eb) => visible(eb, { visibility })));
}

function filtered<O>(q: SelectQueryBuilder<Database, 'cases', O>, f: CaseFilter): SelectQueryBuilder<Database, 'cases', O> {
  // No WHERE at all for the unrestricted: `WHERE 1 = 1` costs SQLite its fast count(*).
  return q.$if(!f.visibility.all, (x) => x.where((eb) => visible(eb, f)))
    .$if(f.unitId !== undefined, (x) => x.where('unit_id', '=', f.unitId as string))
    .$if(f.statuses !== undefined, (x) => (f.statuses?.length ? x.where('status', 'in', [...f.statuses]) : x.where(sql<boolean>`1 = 0`)))
    .$if(f.executorId !== undefined, (x) => x.where('executor_id', '=', f.executorId as string))
    .$if(f.targetId !== undefined, (x) => x.where('target_id', '=', f.targetId as string))
    .$if(f.reportedFrom !== undefined, (x) => x.where('reported_at', '>=', f.reportedFrom as string))
    .$if(f.reportedTo !== undefined, (x) => x.where('reported_at', '<', f.reportedTo as string))
    // ESCAPE is explicit: SQLite has no default escape character for LIKE.
    .$if(f.text !== undefined, (x) => x.where(sql<boolean>`lower(doc) like ${`%${escapeLike((f.text as string).toLowerCase())}%`} escape '\\'`));
}

export function caseRepository(db: Kysely<Database>, now: () => string): CaseRepository {
  const findDoc = async (id: string): Promise<RepairCase> => fromDoc((await db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirstOrThrow()).doc);
  return {
    insert: async (c) => { await db.insertInto('cases').values({ id: c.id, updated_at: now(), ...columns(c) }).execute(); },
    findById: async (id) => {
      const r = await db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirst();
      return r && fromDoc(r.doc);
    },
    update: async (c) => {
      const res = await db.updateTable('cases').set({ updated_at: now(), ...columns(c) })
        .where('id', '=', c.id).where('revision', '=', c.revision - 1).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw DomainError.of('conflict', 'case.concurrent_change', {}, { caseId: c.id });
      }
    },
    list: async (f) => (await filtered(db.selectFrom('cases').select('doc'), f)
      .orderBy(f.sort ?? 'reported_at', f.order ?? 'desc').orderBy('id')
      .limit(f.limit ?? 100).offset(f.offset ?? 0).execute()).map((r) => fromDoc(r.doc)),
    summaries: async (f) => (await filtered(db.selectFrom('cases')
      .select(['id', 'unit_id', 'target_id', 'status', 'revision', 'reported_at', 'updated_at', 'executor_id', 'system', 'urgency', 'deviations', 'sop_version']), f)
      .orderBy(f.sort ?? 'reported_at', f.order ?? 'desc').orderBy('id')
      .limit(f.limit ?? 100).offset(f.offset ?? 0).execute()).map((r): CaseSummary => ({
      id: r.id, unitId: r.unit_id, targetId: r.target_id, status: r.status as CaseStatus, step: currentStep({ status: r.status as CaseStatus }),
      revision: r.revision, reportedAt: r.reported_at, updatedAt: r.updated_at, executorId: r.executor_id, system: r.system,
      urgency: r.urgency as Urgency, deviations: r.deviations, sopVersion: r.sop_version,
    })),
    count: async (f, atMost) => Number((atMost === undefined
      ? await filtered(db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')), f).executeTakeFirstOrThrow()
      : await db.selectFrom(filtered(db.selectFrom('cases').select('id'), f).limit(atMost).as('m')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    deviationCount: async () => Number((await db.selectFrom('cases').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('deviations'), eb.lit(0)).as('n')).executeTakeFirstOrThrow()).n),
    async storedTimings(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('cases').select(['id', 'timing']).where('id', 'in', [...ids]).execute();
      return new Map(rows.map((r) => [r.id, r.timing]));
    },
    async *eachTiming(f, pageSize = 5000) {
      let after: { reportedAt: string; id: string } | undefined;
      for (;;) {
        const at = after;
        // Keyset paging along cases_unit_reported / cases_reported_at: each page starts where the last ended.
        const rows = await filtered(db.selectFrom('cases').select(['id', 'reported_at', 'timing']), { ...f, sort: undefined, order: undefined, offset: undefined, limit: undefined })
          .$if(at !== undefined, (x) => x.where((eb) => eb.or([eb('reported_at', '>', (at as { reportedAt: string }).reportedAt),
            eb.and([eb('reported_at', '=', (at as { reportedAt: string }).reportedAt), eb('id', '>', (at as { id: string }).id)])])))
          .orderBy('reported_at').orderBy('id').limit(pageSize).execute();
        if (rows.length === 0) return;
        const out: CaseTiming[] = [];
        for (const r of rows) {
          out.push(r.timing === null ? caseTiming(await findDoc(r.id)) : JSON.parse(r.timing) as CaseTiming);
        }
        yield out;
        const last = rows[rows.length - 1] as { id: string; reported_at: string };
        after = { reportedAt: last.reported_at, id: last.id };
        if (rows.length < pageSize) return;
      }
    },
    countByStatus: async () => Object.fromEntries((await db.selectFrom('cases').select((eb) => ['status', eb.fn.countAll().as('n')]).groupBy('status').execute())
      .map((r) => [r.status, Number(r.n)])),
  };
}
