import { canonicalJson } from '../../domain/logbook/canonical-json.js';
import { checkCodeFromSha256 } from '../../domain/report/check-code.js';
import { DomainError } from '../../domain/errors.js';
import { z } from 'zod';
import type { Lang } from '../../messages/catalogue.js';
import { DEFAULT_LANG, LANGS } from '../../messages/catalogue.js';
import { parseInput } from '../input.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { loadCaseView } from '../case/get-case-view.js';
import { runUseCase } from '../use-case.js';
import type { CaseFormData } from './case-form-data.js';
import { caseFormData } from './case-form-data.js';

export const IssueFormInput = z.object({
  lang: z.enum(LANGS).optional().describe('the language of the form (default: Indonesian; over HTTP, the request\'s language)'),
}).strict();

/** The logbook event of an issued Form Laporan. */
export const FORM_ISSUED = 'report.form_issued';
/** The document an issued-form entry names (the logbook and the SOP evaluation name others). */
export const FORM_LAPORAN = 'form_laporan';

/**
 * Renders the Form Laporan of a case to PDF bytes: the presenter's document through the PDF
 * adapter (wired in src/main). The same data, language and code must give the same bytes.
 */
export type CaseFormRenderer = (data: CaseFormData, opts: { readonly lang: Lang; readonly checkCode: string }) => Promise<Uint8Array>;

export interface IssuedForm {
  readonly caseId: string;
  readonly lang: Lang;
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, as logged. */
  readonly sha256: string;
  readonly checkCode: string;
}

/**
 * The check code of a form: from what the form shows (the case, its records, sessions and
 * transfers, the language), so the same record in the same language always gets the same code,
 * and any change to what the form would say gives another.
 */
export function formCheckCode(deps: Pick<AppDeps, 'sha256'>, data: CaseFormData, lang: Lang): string {
  return checkCodeFromSha256(deps.sha256(`jaga.${FORM_LAPORAN}.v1\n${lang}\n${canonicalJson(data)}`));
}

/**
 * Issues the Form Laporan Pelaksanaan Perbaikan Secara Remote of a closed (or approved) case:
 * whoever may view the case may issue it. In one transaction: the case and everything the form
 * shows are read, the PDF is rendered, and `report.form_issued` is logged with its SHA-256 and
 * check code, so a printed copy can be matched to the logbook later (`checkFormCode`).
 */
export function issueCaseForm(deps: AppDeps & { readonly renderCaseForm: CaseFormRenderer }, inv: Invocation, caseId: string,
  raw: unknown): Promise<IssuedForm> {
  return runUseCase(deps, inv, 'report.form', async (ctx) => {
    // Authorise before validating: whoever may not see the case learns nothing from the input's errors.
    const view = await loadCaseView(ctx, caseId);
    const opts = { lang: parseInput(IssueFormInput, raw ?? {}).lang ?? DEFAULT_LANG };
    const c = view.case;
    if (c.status !== 'closed' && c.status !== 'approved') throw DomainError.of('conflict', 'report.case_not_closed', { status: c.status }, { status: c.status });
    const data = await caseFormData(ctx.tx, view);
    const checkCode = formCheckCode(deps, data, opts.lang);
    const bytes = await deps.renderCaseForm(data, { lang: opts.lang, checkCode });
    const h = deps.sha256Stream();
    h.update(bytes);
    const sha256 = h.hex();
    ctx.log({ type: FORM_ISSUED, unitId: c.unitId, caseId: c.id,
      data: { document: FORM_LAPORAN, lang: opts.lang, sha256, bytes: bytes.length, checkCode, status: c.status, revision: c.revision } });
    return { caseId: c.id, lang: opts.lang, bytes, sha256, checkCode };
  }, { caseId });
}
