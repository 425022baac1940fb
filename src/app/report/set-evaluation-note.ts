import { z } from 'zod';
import { assertMaySetEvaluationNotes } from '../../domain/auth/evaluation.policy.js';
import { DomainError } from '../../domain/errors.js';
import type { EvaluationNote } from '../../domain/report/evaluation-note.js';
import { ASSESSMENTS } from '../../domain/report/sop-evaluation.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import { LIMITS } from '../../domain/validate.js';
import { parseInput } from '../input.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { runUseCase } from '../use-case.js';
import { EvaluationPeriodInput, evaluationUnit, periodOf } from './sop-evaluation-data.js';

/** Empty text clears a field; a field left out keeps what it says. */
const noteText = (max: number) => z.string().trim().max(max);

export const SetEvaluationNoteInput = EvaluationPeriodInput.extend({
  step: z.enum(STEP_CODES as [string, ...string[]]).describe('the SOP step (row of Tabel 7), B1…B6'),
  assessment: z.enum([...ASSESSMENTS, 'proposed']).optional()
    .describe('the assessor\'s own assessment, overriding the proposal; proposed: the data\'s proposal stands'),
  reason: noteText(LIMITS.shortText).optional().describe('why the assessment differs from the proposal (required with baik/tidak_baik)'),
  notes: noteText(LIMITS.longText).optional().describe('the notes on the assessment'),
  action: noteText(LIMITS.longText).optional().describe('the action to be taken'),
}).strict();

/** The logbook event of a change to Tabel 7's notes. */
export const EVALUATION_NOTE_SET = 'report.evaluation_note_set';

const orNull = (s: string | undefined, kept: string | null): string | null => (s === undefined ? kept : s === '' ? null : s);
const shown = (n: EvaluationNote | undefined) => (n ? { assessment: n.assessment, reason: n.reason, notes: n.notes, action: n.action, assessorId: n.assessorId } : null);

/**
 * Sets one row of Tabel 7 for a unit's period: the catatan hasil penilaian, the tindakan, and
 * optionally an assessment overriding the proposed one (with a reason). The unit's koordinator or
 * the superadmin; the one who sets it is the row's paraf. Each change is logged with what it replaced.
 */
/** A row of Tabel 7 as stored, with its unit's code (for people: names, not ids). */
export type SetNote = EvaluationNote & { readonly unitCode: string };

export function setEvaluationNote(deps: AppDeps, inv: Invocation, raw: unknown): Promise<SetNote> {
  return runUseCase(deps, inv, 'report.evaluation_note', async (ctx) => {
    const actor = actorOf(ctx);
    const input = parseInput(SetEvaluationNoteInput, raw ?? {});
    const key = input.unit ?? (actor.user.unitId ?? undefined);
    if (key === undefined) throw DomainError.of('invalid', 'report.evaluation_unit_required', {});
    const unit = await evaluationUnit(ctx.tx, actor, key);
    if (unit === null) throw DomainError.of('invalid', 'report.evaluation_unit_required', {});
    assertMaySetEvaluationNotes(actor, unit.id);
    const period = periodOf(input, unit, ctx.now);
    const step = input.step as EvaluationNote['step'];
    const before = (await ctx.tx.evaluationNotes.listFor(unit.id, period.from, period.to)).find((n) => n.step === step);
    const assessment = input.assessment === undefined ? before?.assessment ?? null : input.assessment === 'proposed' ? null : input.assessment;
    const reason = assessment === null ? null : orNull(input.reason, before?.reason ?? null);
    if (assessment !== null && reason === null) throw DomainError.of('invalid', 'report.override_reason_required', { step });
    const note: EvaluationNote = {
      unitId: unit.id, periodFrom: period.from, periodTo: period.to, step, assessment, reason,
      notes: orNull(input.notes, before?.notes ?? null), action: orNull(input.action, before?.action ?? null), assessorId: actor.user.id, updatedAt: ctx.now,
    };
    await ctx.tx.evaluationNotes.upsert(note);
    ctx.log({ type: EVALUATION_NOTE_SET, unitId: unit.id, caseId: null,
      data: { unit: unit.code, from: period.from, to: period.to, step, before: shown(before), after: shown(note) } });
    return { ...note, unitCode: unit.code };
  });
}
