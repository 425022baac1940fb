import type { ReportOptions } from '../../app/case/report-options.js';
import { URGENCIES } from '../../domain/case/repair-case.js';
import { t } from '../../messages/catalogue.js';
import { wordDateTime } from '../../presenters/format-time.js';
import type { CaseViewModel } from '../../presenters/view-models/case-view.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { RadioGroup, SelectField, TextArea, TextInput } from './form-controls.js';
import { FormToken, Layout } from './layout.js';

/** The fields of the report form (the names {@link reportFault}'s input has). */
export const REPORT_FIELDS = ['unit', 'target', 'system', 'description', 'urgency'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export interface ReportForm {
  readonly values: Partial<Record<ReportField, string>>;
  readonly errors?: FormErrors<ReportField>;
}

/**
 * B1 for someone who is not technical: the unit comes from the account, four questions in plain
 * words (which system, what is wrong, how urgent, which server if known), one button.
 */
export function ReportPage({ visitor, options, form }: { visitor: SignedIn; options: ReportOptions; form: ReportForm }) {
  const { lang } = visitor;
  const errors = form.errors ?? {};
  const unit = form.values.unit ?? options.units[0]?.id;
  // With several units (a grant holder) each server says whose it is; the use case refuses a mismatch next to the field.
  const unitCode = new Map(options.units.map((u) => [u.id, u.code]));
  const targetLabel = (x: ReportOptions['targets'][number]): string => (options.units.length > 1 ? `${x.name} (${unitCode.get(x.unitId) ?? x.unitId})` : x.name);
  return (
    <Layout visitor={visitor} title={t(lang, 'web.report.title')} here="/report" signedIn>
      <section class="card narrow report">
        <h1>{t(lang, 'web.report.title')}</h1>
        {options.units.length === 0 ? <p class="notice" role="status">{t(lang, 'web.report.no_unit')}</p> : (
          <>
            <p class="muted">{t(lang, 'web.report.intro')}</p>
            {errors.form && <p class="alert" role="alert">{errors.form}</p>}
            <form method="post" action="/report" class="stack">
              <FormToken visitor={visitor} />
              {options.units.length === 1
                ? (
                  <div class="field">
                    <span class="field-label">{t(lang, 'web.report.unit')}</span>
                    <p class="fixed-value">{options.units[0]?.name}</p>
                    <input type="hidden" name="unit" value={options.units[0]?.id} />
                  </div>
                )
                : <SelectField name="unit" label={t(lang, 'web.report.unit')} value={unit} error={errors.unit}
                  choices={options.units.map((u) => ({ value: u.id, label: u.name }))} />}
              <TextInput name="system" label={t(lang, 'web.report.system')} hint={t(lang, 'web.report.system_hint')} value={form.values.system}
                maxlength={200} required autofocus={!form.errors} error={errors.system} />
              <TextArea name="description" label={t(lang, 'web.report.description')} hint={t(lang, 'web.report.description_hint')}
                value={form.values.description} maxlength={4000} required error={errors.description} />
              <RadioGroup name="urgency" label={t(lang, 'web.report.urgency')} value={form.values.urgency} required error={errors.urgency}
                choices={[...URGENCIES].reverse().map((u) => ({ value: u, label: t(lang, `web.report.urgency.${u}`) }))} />
              {options.targets.length > 0 && (
                <SelectField name="target" label={t(lang, 'web.report.target')} value={form.values.target ?? ''} error={errors.target}
                  choices={[{ value: '', label: t(lang, 'web.report.target_unknown') }, ...options.targets.map((x) => ({ value: x.id, label: targetLabel(x) }))]} />
              )}
              <button type="submit" class="primary big">{t(lang, 'web.report.submit')}</button>
            </form>
          </>
        )}
      </section>
    </Layout>
  );
}

/** After the report: the case number to quote, and what happens next with its deadline. */
export function ReportSentPage({ visitor, view }: { visitor: SignedIn; view: CaseViewModel }) {
  const { lang } = visitor;
  const b1 = view.timeline.find((r) => r.step === 'B1');
  const href = `/cases/${encodeURIComponent(view.id)}`;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.report.sent.title')} here={`/report/sent/${encodeURIComponent(view.id)}`} signedIn>
      <section class="card narrow report-sent">
        <h1>{t(lang, 'web.report.sent.title')}</h1>
        <div class="case-number" role="status">
          <span class="case-number-label">{t(lang, 'web.report.sent.number')}</span>
          <strong class="case-number-value">{view.id.slice(0, 8)}</strong>
          <span class="case-id">{view.id}</span>
        </div>
        <p class="muted">{t(lang, 'web.report.sent.number_hint')}</p>
        <dl class="case-facts">
          <div><dt>{t(lang, 'case.label.system')}</dt><dd>{view.report.system}</dd></div>
          <div><dt>{t(lang, 'case.label.urgency')}</dt><dd>{t(lang, `case.urgency.${view.report.urgency}`)}</dd></div>
          <div><dt>{t(lang, 'case.label.reported')}</dt><dd><time datetime={view.report.at.utc}>{wordDateTime(view.report.at, lang)}</time></dd></div>
        </dl>
        <h2>{t(lang, 'web.report.sent.next')}</h2>
        <ol class="next-steps">
          {b1?.deadline && b1.standardMinutes !== null && (
            <li>{t(lang, 'web.report.sent.next_ack', { when: wordDateTime(b1.deadline, lang), minutes: b1.standardMinutes })}</li>
          )}
          <li>{t(lang, 'web.report.sent.next_repair')}</li>
        </ol>
        <p class="actions">
          <a class="button primary" href={href}>{t(lang, 'web.report.sent.open_case')}</a>
          <a class="button" href="/report">{t(lang, 'web.report.sent.another')}</a>
        </p>
      </section>
    </Layout>
  );
}
