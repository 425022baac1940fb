import type { Kysely } from 'kysely';
import type { EvaluationNote } from '../../../domain/report/evaluation-note.js';
import type { Assessment } from '../../../domain/report/sop-evaluation.js';
import type { StepCode } from '../../../domain/sop/sop-definition.js';
import type { EvaluationNoteRepository } from '../../../ports/repositories.js';
import type { Database } from '../schema.js';

export function evaluationNoteRepository(db: Kysely<Database>): EvaluationNoteRepository {
  return {
    listFor: async (unitId, periodFrom, periodTo) => (await db.selectFrom('sop_evaluation_notes').selectAll()
      .where('unit_id', '=', unitId).where('period_from', '=', periodFrom).where('period_to', '=', periodTo).orderBy('step').execute())
      .map((r): EvaluationNote => ({
        unitId: r.unit_id, periodFrom: r.period_from, periodTo: r.period_to, step: r.step as StepCode, assessment: r.assessment as Assessment | null,
        reason: r.reason, notes: r.notes, action: r.action, assessorId: r.assessor_id, updatedAt: r.updated_at,
      })),
    upsert: async (n) => {
      const row = { assessment: n.assessment, reason: n.reason, notes: n.notes, action: n.action, assessor_id: n.assessorId, updated_at: n.updatedAt };
      await db.insertInto('sop_evaluation_notes').values({ unit_id: n.unitId, period_from: n.periodFrom, period_to: n.periodTo, step: n.step, ...row })
        .onConflict((oc) => oc.columns(['unit_id', 'period_from', 'period_to', 'step']).doUpdateSet(row)).execute();
    },
  };
}
