import type { AppDeps, Invocation } from '../app/app-deps.js';
import { acknowledgeReport } from '../app/case/acknowledge-report.js';
import { approveCase } from '../app/case/approve-case.js';
import { cancelCase } from '../app/case/cancel-case.js';
import { closeCase } from '../app/case/close-case.js';
import { correctDocumentation } from '../app/case/correct-documentation.js';
import { explainDeviation } from '../app/case/explain-deviation.js';
import { prepareWorkstation } from '../app/case/prepare-workstation.js';
import { recordRestoration } from '../app/case/record-restoration.js';
import { recordRootCause } from '../app/case/record-root-cause.js';
import { returnCase } from '../app/case/return-case.js';
import type { CaseStepAction } from '../domain/case/case-lifecycle.js';
import type { RepairCase } from '../domain/case/repair-case.js';
import type { UiKey } from '../messages/ui-messages.js';

/** The moves the case page has a form for (B3's access is the gateway's: the page says how). */
export type FormAction = Exclude<CaseStepAction, 'access'>;

/** One field of an action's form: its name is the use case's input field. */
export interface ActionField {
  readonly name: string;
  readonly kind: 'text' | 'textarea' | 'select';
  readonly label: UiKey;
  /** Sent even when blank, so the use case says what is missing (in its own words); optional fields left blank are not sent. */
  readonly required: boolean;
  readonly autocomplete?: string;
}

export interface ActionForm {
  /** The last segment of the form's address: `/cases/<id>/<verb>` (the API's verb). */
  readonly verb: string;
  readonly fields: readonly ActionField[];
  /** The same use case as the API route of this move. */
  readonly run: (deps: AppDeps, inv: Invocation, caseId: string, raw: unknown) => Promise<RepairCase>;
  /** A move a person cannot take back: its button is drawn as such. */
  readonly danger?: boolean;
}

const text = (name: string, label: UiKey, required = true): ActionField => ({ name, kind: 'text', label, required, autocomplete: 'off' });
const area = (name: string, label: UiKey, required = true): ActionField => ({ name, kind: 'textarea', label, required });

/** Every form of the case page, in the SOP's order (the order `nextCaseActions` gives the moves in). */
export const ACTION_FORMS: Readonly<Record<FormAction, ActionForm>> = {
  acknowledge: { verb: 'acknowledge', run: acknowledgeReport, fields: [
    text('classification', 'case.label.classification'), area('impact', 'case.label.impact'), text('executor', 'web.case_page.field.executor'),
  ] },
  prepare: { verb: 'prepare', run: prepareWorkstation, fields: [
    text('workstation', 'web.case_page.field.workstation'), text('location', 'case.label.location'), text('network', 'web.case_page.field.network'),
    text('sourceIp', 'web.case_page.field.source_ip', false),
  ] },
  restore: { verb: 'restore', run: recordRestoration, fields: [area('initialFix', 'web.case_page.field.initial_fix')] },
  root_cause: { verb: 'root-cause', run: recordRootCause, fields: [area('rootCause', 'case.label.root_cause'), area('permanentFix', 'case.label.permanent_fix')] },
  explain_deviation: { verb: 'explain-deviation', run: explainDeviation, fields: [
    { name: 'step', kind: 'select', label: 'web.case_page.field.step', required: true }, area('explanation', 'web.case_page.field.explanation'),
  ] },
  close: { verb: 'close', run: closeCase, fields: [area('notes', 'case.label.notes', false)] },
  approve: { verb: 'approve', run: approveCase, fields: [area('notes', 'case.label.notes', false)] },
  return: { verb: 'return', run: returnCase, fields: [area('reason', 'web.case_page.field.return_reason')] },
  correct: { verb: 'correct', run: correctDocumentation, fields: [
    area('initialFix', 'web.case_page.field.initial_fix', false), area('rootCause', 'case.label.root_cause', false), area('permanentFix', 'case.label.permanent_fix', false),
  ] },
  cancel: { verb: 'cancel', run: cancelCase, fields: [area('reason', 'case.label.reason')], danger: true },
};

/** The action a form address names (`root-cause` → `root_cause`), if the page has that form. */
export function actionOfVerb(verb: string): FormAction | undefined {
  return (Object.keys(ACTION_FORMS) as FormAction[]).find((a) => ACTION_FORMS[a].verb === verb);
}

/**
 * A form's body as the use case's input: its own fields only (the token and anything else left
 * out); a required field is sent as typed, blank included (the use case refuses it in its words),
 * an optional one only when filled in.
 */
export function actionInput(form: ActionForm, body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields) {
    const v = typeof body[f.name] === 'string' ? body[f.name] as string : '';
    if (f.required || v.trim() !== '') out[f.name] = v;
  }
  return out;
}
