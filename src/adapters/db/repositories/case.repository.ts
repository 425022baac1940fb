import type { Kysely } from 'kysely';
import type { RepairCase } from '../../../domain/case/repair-case.js';
import { conflict } from '../../../domain/errors.js';
import type { CaseRepository } from '../../../ports/repositories.js';
import type { Database } from '../schema.js';

const columns = (c: RepairCase) => ({
  unit_id: c.unitId, target_id: c.targetId, status: c.status, executor_id: c.acknowledgement?.executorId ?? null,
  reported_at: c.report.reportedAt, revision: c.revision, sop_code: c.sopCode, sop_version: c.sopVersion, doc: JSON.stringify(c),
});

export function caseRepository(db: Kysely<Database>, now: () => string): CaseRepository {
  return {
    insert: async (c) => { await db.insertInto('cases').values({ id: c.id, updated_at: now(), ...columns(c) }).execute(); },
    find: async (id) => {
      const r = await db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirst();
      return r && (JSON.parse(r.doc) as RepairCase);
    },
    update: async (c) => {
      const res = await db.updateTable('cases').set({ updated_at: now(), ...columns(c) })
        .where('id', '=', c.id).where('revision', '=', c.revision - 1).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw conflict('case.concurrent_change', 'Kasus diubah oleh proses lain; muat ulang dan coba lagi.',
          'The case was changed by someone else; reload and try again.', { caseId: c.id });
      }
    },
    list: async (f) => (await db.selectFrom('cases').select('doc')
      .$if(f.unitId !== undefined, (q) => q.where('unit_id', '=', f.unitId as string))
      .$if(f.status !== undefined, (q) => q.where('status', '=', f.status as string))
      .$if(f.executorId !== undefined, (q) => q.where('executor_id', '=', f.executorId as string))
      .orderBy('reported_at', 'desc').orderBy('id').limit(f.limit ?? 100).execute()).map((r) => JSON.parse(r.doc) as RepairCase),
  };
}
