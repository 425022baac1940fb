import { z } from 'zod';
import { evaluationScope } from '../../domain/auth/evaluation.policy.js';
import type { Actor } from '../../domain/auth/case.policy.js';
import { notFound } from '../../domain/errors.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../domain/sop/builtin-sops.js';
import type { SopDefinition, StepCode, Text } from '../../domain/sop/sop-definition.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import type { EvaluationNote } from '../../domain/report/evaluation-note.js';
import type { Assessment, EvaluationDeviation, EvaluationPeriod, SopEvaluation } from '../../domain/report/sop-evaluation.js';
import { SopEvaluator, evaluationPeriod, localDate, proposedAssessment, readWindow, trendMonths } from '../../domain/report/sop-evaluation.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { Repositories } from '../../ports/repositories.js';
import type { PersonRecord } from '../case/get-case-view.js';
import { findEach, personRecord } from '../case/get-case-view.js';

/** The period and unit of an evaluation, as every edge takes them. */
export const EvaluationPeriodInput = z.object({
  unit: z.string().trim().min(1).max(100).optional().describe('unit id or code (default: your unit; the superadmin and national auditors: all units)'),
  month: z.string().trim().max(20).optional().describe('a month, YYYY-MM (default: this month)'),
  from: z.string().trim().max(20).optional().describe('first day, YYYY-MM-DD (with `to`, instead of `month`)'),
  to: z.string().trim().max(20).optional().describe('last day, YYYY-MM-DD (included)'),
});
export type EvaluationPeriodInput = z.infer<typeof EvaluationPeriodInput>;

/** One row of Tabel 7: the step, the assessment the data proposes, what the assessor set, and who (the paraf). */
export interface EvaluationTableRow {
  readonly step: StepCode;
  readonly procedure: Text;
  readonly proposed: Assessment | null;
  /** The assessor's override, else the proposal. */
  readonly assessment: Assessment | null;
  readonly overridden: boolean;
  readonly reason: string | null;
  readonly notes: string | null;
  readonly action: string | null;
  readonly assessor: PersonRecord | null;
  readonly updatedAt: string | null;
}

/** A deviation with the name of who explained it. */
export interface EvaluationDeviationView extends Omit<EvaluationDeviation, 'explainedBy'> {
  readonly explainedBy: PersonRecord | null;
  readonly unitCode: string;
}

/**
 * The SOP monitoring and evaluation of a unit (or all units) for a period, names resolved: what
 * the PDF, the JSON answer and the web page show.
 */
export interface SopEvaluationData {
  readonly sop: { readonly code: string; readonly version: string; readonly number: string; readonly title: Text; readonly issuer: Text };
  readonly unit: Pick<LpseUnit, 'id' | 'code' | 'name' | 'timeZone'> | null;
  readonly period: EvaluationPeriod;
  readonly trendMonths: readonly string[];
  /** The share of cases meeting a standard at which *berjalan dengan baik* is proposed, in percent. */
  readonly thresholdPercent: number;
  readonly evaluation: Omit<SopEvaluation, 'deviations'> & { readonly deviations: readonly EvaluationDeviationView[] };
  readonly table: readonly EvaluationTableRow[];
  /** The document's own date (the PDF's metadata): the latest note's change, else the period's last day. */
  readonly documentDate: string;
}

/** The unit named (or the actor's, or all), as the actor may see it. */
export async function evaluationUnit(tx: Repositories, actor: Actor, key: string | undefined): Promise<LpseUnit | null> {
  const unit = key === undefined ? undefined : await tx.units.findByIdOrCode(key);
  if (key !== undefined && !unit) throw notFound('unit', key);
  const id = evaluationScope(actor, unit?.id ?? null, unit?.code ?? null);
  return id === null ? null : (unit ?? (await tx.units.findById(id)) ?? null);
}

/** The period asked for, a month by default: this month in the unit's zone (all units: WIB, LKPP's). */
export function periodOf(input: EvaluationPeriodInput, unit: Pick<LpseUnit, 'timeZone'> | null, now: string): EvaluationPeriod {
  return evaluationPeriod(input, localDate(now, unit?.timeZone ?? 'Asia/Jakarta'));
}

/** Reads and evaluates, in the caller's transaction. */
export async function sopEvaluationData(tx: Repositories, unit: LpseUnit | null, period: EvaluationPeriod, thresholdShare: number): Promise<SopEvaluationData> {
  const sop = await tx.sops.findCurrent(REMOTE_REPAIR_SOP_CODE);
  if (!sop) throw notFound('sop', REMOTE_REPAIR_SOP_CODE);
  const months = trendMonths(period);
  const window = readWindow(`${months[0] as string}-01`, period.to);
  const versions = new Map<string, SopDefinition>([[`${sop.code}\n${sop.version}`, sop]]);
  const evaluator = new SopEvaluator(sop, period);
  // The scope was decided by evaluationScope: within it, every case counts.
  for await (const page of tx.cases.eachTiming({ visibility: { all: true }, unitId: unit?.id, reportedFrom: window.from, reportedTo: window.to })) {
    for (const c of page) {
      const key = `${c.sopCode}\n${c.sopVersion}`;
      let own = versions.get(key);
      if (!own) versions.set(key, (own = (await tx.sops.findByVersion(c.sopCode, c.sopVersion)) ?? sop));
      evaluator.add(c, own);
    }
  }
  const evaluation = evaluator.result();
  const notes = unit ? await tx.evaluationNotes.listFor(unit.id, period.from, period.to) : [];
  const people = new Map((await findEach([...evaluation.deviations.map((d) => d.explainedBy), ...notes.map((n) => n.assessorId)],
    (id) => tx.users.findById(id))).map((u) => [u.id, personRecord(u)]));
  const units = new Map((await findEach(evaluation.deviations.map((d) => d.unitId), (id) => tx.units.findById(id))).map((u) => [u.id, u.code]));
  const noteOf = new Map<StepCode, EvaluationNote>(notes.map((n) => [n.step, n]));
  const latest = notes.map((n) => n.updatedAt).sort().pop();
  return {
    sop: { code: sop.code, version: sop.version, number: sop.identity.number, title: sop.identity.title, issuer: sop.identity.issuer },
    unit: unit ? { id: unit.id, code: unit.code, name: unit.name, timeZone: unit.timeZone } : null,
    period, trendMonths: months, thresholdPercent: Math.round(thresholdShare * 10000) / 100,
    evaluation: { ...evaluation, deviations: evaluation.deviations.map((d) => ({ ...d, unitCode: units.get(d.unitId) ?? d.unitId,
      explainedBy: d.explainedBy === null ? null : people.get(d.explainedBy) ?? null })) },
    table: STEP_CODES.map((step): EvaluationTableRow => {
      const stats = evaluation.steps.find((s) => s.step === step);
      const proposed = stats ? proposedAssessment(stats, thresholdShare) : null;
      const n = noteOf.get(step);
      return {
        step, procedure: sop.steps.find((s) => s.code === step)?.activity ?? { id: step, en: step }, proposed,
        assessment: n?.assessment ?? proposed, overridden: (n?.assessment ?? null) !== null, reason: n?.reason ?? null, notes: n?.notes ?? null, action: n?.action ?? null,
        assessor: n ? people.get(n.assessorId) ?? null : null, updatedAt: n?.updatedAt ?? null,
      };
    }),
    documentDate: latest ?? `${period.to}T00:00:00.000Z`,
  };
}
