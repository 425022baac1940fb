import { z } from 'zod';
import type { Lang } from '../../messages/catalogue.js';
import { DEFAULT_LANG, LANGS } from '../../messages/catalogue.js';
import { parseInput } from '../input.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { runUseCase } from '../use-case.js';
import { FORM_ISSUED } from './issue-case-form.js';
import type { SopEvaluationData } from './sop-evaluation-data.js';
import { EvaluationPeriodInput, evaluationUnit, periodOf, sopEvaluationData } from './sop-evaluation-data.js';

export const EVALUATION_FORMATS = ['pdf', 'json'] as const;
export type EvaluationFormat = (typeof EVALUATION_FORMATS)[number];

export const IssueEvaluationInput = EvaluationPeriodInput.extend({
  format: z.enum(EVALUATION_FORMATS).optional().describe('pdf (default) or json (the same numbers, for the dashboard)'),
  lang: z.enum(LANGS).optional().describe('the language of the PDF (default: Indonesian; over HTTP, the request\'s language)'),
}).strict();

/** The document an issued SOP evaluation's `report.form_issued` entry names. */
export const SOP_EVALUATION = 'sop_evaluation';

/** Renders the SOP evaluation to PDF bytes (presenter + PDF adapter, wired in src/main); the same data and language give the same bytes. */
export type SopEvaluationRenderer = (data: SopEvaluationData, opts: { readonly lang: Lang }) => Promise<Uint8Array>;

/** What the evaluation's deps add to the use cases': its renderer and the proposal's threshold (JAGA_EVALUATION_THRESHOLD). */
export interface EvaluationDeps {
  readonly renderSopEvaluation: SopEvaluationRenderer;
  readonly config: { readonly report: { readonly evaluationThreshold: number } };
}

export interface IssuedEvaluation {
  readonly format: EvaluationFormat;
  readonly lang: Lang;
  readonly data: SopEvaluationData;
  /** The PDF, or the JSON text of `data` as UTF-8. */
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/** The JSON document of an evaluation: its data, as the dashboard reads it. */
export const evaluationJson = (data: SopEvaluationData): string => `${JSON.stringify(data, null, 2)}\n`;

/**
 * Reads the data of the SOP evaluation, for pages: the same scope and period rules as
 * `issueSopEvaluation`, nothing logged (nothing is issued).
 */
export function getSopEvaluation(deps: AppDeps & Pick<EvaluationDeps, 'config'>, inv: Invocation, raw: unknown): Promise<SopEvaluationData> {
  return runUseCase(deps, inv, 'report.evaluation', async (ctx) => {
    const input = parseInput(EvaluationPeriodInput.strict(), raw ?? {});
    const unit = await evaluationUnit(ctx.tx, actorOf(ctx), input.unit);
    return sopEvaluationData(ctx.tx, unit, periodOf(input, unit, ctx.now), deps.config.report.evaluationThreshold);
  }, { readOnly: true });
}

/**
 * Issues the SOP monitoring and evaluation (PermenPAN-RB 35/2012 Tabel 7 and the evaluation per
 * step) of a unit, or of all units for the superadmin and national auditors, for a period (a
 * month by default): read in one transaction, rendered as PDF or JSON, and logged as
 * `report.form_issued` (`document: 'sop_evaluation'`) with the SHA-256 of what was handed out.
 */
export function issueSopEvaluation(deps: AppDeps & EvaluationDeps, inv: Invocation, raw: unknown): Promise<IssuedEvaluation> {
  return runUseCase(deps, inv, 'report.evaluation', async (ctx) => {
    const input = parseInput(IssueEvaluationInput, raw ?? {});
    const unit = await evaluationUnit(ctx.tx, actorOf(ctx), input.unit);
    const period = periodOf(input, unit, ctx.now);
    const data = await sopEvaluationData(ctx.tx, unit, period, deps.config.report.evaluationThreshold);
    const format = input.format ?? 'pdf';
    const lang = input.lang ?? DEFAULT_LANG;
    const bytes = format === 'pdf' ? await deps.renderSopEvaluation(data, { lang }) : new TextEncoder().encode(evaluationJson(data));
    const h = deps.sha256Stream();
    h.update(bytes);
    const sha256 = h.hex();
    ctx.log({ type: FORM_ISSUED, unitId: unit?.id ?? null, caseId: null,
      data: { document: SOP_EVALUATION, format, lang, sha256, bytes: bytes.length, unit: unit?.code ?? null, from: period.from, to: period.to,
        cases: data.evaluation.cases, thresholdPercent: data.thresholdPercent } });
    return { format, lang, data, bytes, sha256 };
  });
}
