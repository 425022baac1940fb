import { raw } from 'hono/html';
import type { EvaluationTableRow, SopEvaluationData } from '../../app/report/sop-evaluation-data.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import { formatDate, zoneAbbreviation } from '../../presenters/format-time.js';
import { minutesText, trendChartSvg } from '../../presenters/sop-evaluation-chart.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { TextInput } from './form-controls.js';
import { FormToken, Layout } from './layout.js';
import { DateField, FilterForm } from './list-parts.js';

export const EVALUATION_FILTER_FIELDS = ['unit', 'month', 'from', 'to'] as const;
export type EvaluationFilterField = (typeof EVALUATION_FILTER_FIELDS)[number];
export const NOTE_FIELDS = ['assessment', 'reason', 'notes', 'action'] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];

/** A refused note form: its step, what was typed, and the API's message next to the field. */
export interface NoteForm {
  readonly step: string;
  readonly values: Partial<Record<NoteField, string>>;
  readonly errors: FormErrors<NoteField>;
}

export interface SopEvaluationPageProps {
  readonly visitor: SignedIn;
  readonly filters: Partial<Record<EvaluationFilterField, string>>;
  readonly data?: SopEvaluationData;
  /** Whether the visitor may set this unit's notes (maySetEvaluationNotes). */
  readonly mayEdit?: boolean;
  readonly errors?: FormErrors<EvaluationFilterField>;
  readonly noteForm?: NoteForm;
  /** The step whose note was just saved. */
  readonly saved?: string;
}

const PATH = '/reports/evaluation';

/** The API's address of the same evaluation in `format` (the download is the API's, logged like any issue). */
function downloadHref(data: SopEvaluationData, format: 'pdf' | 'json', lang: Lang): string {
  const q = new URLSearchParams({ ...(data.unit ? { unit: data.unit.code } : {}), from: data.period.from, to: data.period.to, format, lang });
  return `/api/v1/reports/evaluation?${q.toString()}`;
}

function assessmentText(row: EvaluationTableRow, lang: Lang): string {
  if (row.assessment === null) return t(lang, 'report.evaluation.not_assessed');
  const word = t(lang, `report.evaluation.assessment.${row.assessment}`);
  return row.overridden ? `${word} (${t(lang, 'report.evaluation.overridden', { reason: row.reason ?? '' })})` : `${word} (${t(lang, 'report.evaluation.proposed')})`;
}

function basisText(data: SopEvaluationData, row: EvaluationTableRow, lang: Lang): string {
  const s = data.evaluation.steps.find((x) => x.step === row.step);
  if (!s || s.standardMinutes === null) return t(lang, 'report.evaluation.basis_no_standard');
  if (s.cases === 0 || s.met === null || s.metShare === null) return t(lang, 'report.evaluation.basis_no_cases');
  return t(lang, 'report.evaluation.basis', { minutes: s.standardMinutes, met: s.met, cases: s.cases, pct: minutesText(Math.round(s.metShare * 1000) / 10, lang) });
}

/** One step's note form: works without JS (a plain POST), ids unique per step. */
function NoteEditor({ visitor, data, row, form }: { visitor: SignedIn; data: SopEvaluationData; row: EvaluationTableRow; form: NoteForm | undefined }) {
  const { lang } = visitor;
  const id = (f: string): string => `note-${row.step}-${f}`;
  const mine = form?.step === row.step ? form : undefined;
  const value = (f: NoteField, stored: string | null): string => mine?.values[f] ?? stored ?? '';
  const err = (f: NoteField): string | undefined => mine?.errors[f];
  const current = mine?.values.assessment ?? (row.overridden ? row.assessment ?? 'proposed' : 'proposed');
  const proposal = row.proposed === null ? t(lang, 'report.evaluation.not_assessed') : t(lang, `report.evaluation.assessment.${row.proposed}`);
  const choices = [
    { value: 'proposed', label: t(lang, 'web.evaluation.assessment_proposed', { proposal }) },
    { value: 'baik', label: t(lang, 'report.evaluation.assessment.baik') },
    { value: 'tidak_baik', label: t(lang, 'report.evaluation.assessment.tidak_baik') },
  ];
  const field = (f: NoteField) => (err(f) ? 'field field-invalid' : 'field');
  return (
    <details class="panel evaluation-note" id={`note-${row.step}`} open={Boolean(mine)}>
      <summary>{t(lang, 'web.evaluation.edit_step', { step: row.step })}</summary>
      <form method="post" action={`${PATH}/notes`}>
        <FormToken visitor={visitor} />
        {data.unit && <input type="hidden" name="unit" value={data.unit.code} />}
        <input type="hidden" name="from" value={data.period.from} />
        <input type="hidden" name="to" value={data.period.to} />
        <input type="hidden" name="step" value={row.step} />
        {mine?.errors.form && <p class="alert" role="alert">{mine.errors.form}</p>}
        <fieldset class={`${field('assessment')} choices`} aria-describedby={err('assessment') ? id('assessment-error') : undefined}>
          <legend>{t(lang, 'web.evaluation.assessment')}</legend>
          {choices.map((c) => (
            <label class="choice">
              <input type="radio" name="assessment" value={c.value} checked={c.value === current} />
              <span>{c.label}</span>
            </label>
          ))}
          {err('assessment') && <p id={id('assessment-error')} class="field-error" role="alert">{err('assessment')}</p>}
        </fieldset>
        {(['reason', 'notes', 'action'] as const).map((f) => (
          <div class={field(f)}>
            <label for={id(f)}>{t(lang, `web.evaluation.${f}`)}</label>
            {f === 'reason'
              ? <input id={id(f)} name={f} type="text" maxlength={500} value={value(f, row.reason)} autofocus={Boolean(err(f))}
                aria-invalid={err(f) ? 'true' : undefined} aria-describedby={err(f) ? id(`${f}-error`) : undefined} />
              : <textarea id={id(f)} name={f} rows={3} maxlength={10000} autofocus={Boolean(err(f))} aria-invalid={err(f) ? 'true' : undefined}
                aria-describedby={err(f) ? id(`${f}-error`) : undefined}>{value(f, f === 'notes' ? row.notes : row.action)}</textarea>}
            {err(f) && <p id={id(`${f}-error`)} class="field-error" role="alert">{err(f)}</p>}
          </div>
        ))}
        <button type="submit" class="primary">{t(lang, 'web.evaluation.save', { step: row.step })}</button>
      </form>
    </details>
  );
}

/**
 * The SOP monitoring and evaluation of a unit (or all units) for a period: Tabel 7 with the
 * assessment the data proposes and the assessor's notes (a form per step for the koordinator and
 * the superadmin), the numbers per step, the deviations, the two monthly trends as inline SVG
 * (presentation attributes only, under the pages' CSP), and the PDF/JSON downloads of the API.
 */
export function SopEvaluationPage({ visitor, filters, data, mayEdit = false, errors = {}, noteForm, saved }: SopEvaluationPageProps) {
  const { lang } = visitor;
  const zone = data?.unit?.timeZone ?? 'Asia/Jakarta';
  const day = (d: string): string => formatDate(`${d}T12:00:00.000Z`, 'UTC', lang);
  const min = (n: number | null): string => (n === null ? '—' : t(lang, 'report.evaluation.minutes', { n: minutesText(n, lang) }));
  return (
    <Layout visitor={visitor} title={t(lang, 'web.evaluation.title')} here={PATH} signedIn>
      <h1>{t(lang, 'web.evaluation.title')}</h1>
      <p class="muted">{t(lang, 'web.evaluation.intro')}</p>
      {saved && <p class="notice done" role="status">{t(lang, 'web.evaluation.saved', { step: saved })}</p>}
      <FilterForm lang={lang} action={PATH} error={errors.form}>
        <TextInput name="unit" label={t(lang, 'web.evaluation.unit')} hint={t(lang, 'web.evaluation.unit_hint')} value={filters.unit} maxlength={100} error={errors.unit} />
        <div class={errors.month ? 'field field-invalid' : 'field'}>
          <label for="month">{t(lang, 'web.evaluation.month')}</label>
          <input id="month" name="month" type="month" value={filters.month ?? ''} aria-describedby={errors.month ? 'month-hint month-error' : 'month-hint'}
            aria-invalid={errors.month ? 'true' : undefined} autofocus={Boolean(errors.month)} />
          <p id="month-hint" class="field-hint">{t(lang, 'web.evaluation.month_hint')}</p>
          {errors.month && <p id="month-error" class="field-error" role="alert">{errors.month}</p>}
        </div>
        <DateField name="from" label={t(lang, 'web.lists.from')} value={filters.from} hint={t(lang, 'web.lists.date_hint', { zone: zoneAbbreviation(zone) })} error={errors.from} />
        <DateField name="to" label={t(lang, 'web.lists.to')} value={filters.to} hint={t(lang, 'web.lists.date_hint', { zone: zoneAbbreviation(zone) })} error={errors.to} />
      </FilterForm>
      {data && (
        <>
          <section class="panel evaluation-summary" aria-labelledby="evaluation-summary">
            <h2 id="evaluation-summary">{data.unit ? `${data.unit.name} (${data.unit.code})` : t(lang, 'report.evaluation.all_units')}</h2>
            <dl class="facts">
              <dt>{t(lang, 'report.evaluation.period')}</dt><dd>{t(lang, 'report.evaluation.period_value', { from: day(data.period.from), to: day(data.period.to) })}</dd>
              <dt>{t(lang, 'report.evaluation.cases')}</dt>
              <dd>{t(lang, 'report.evaluation.cases_value', { cases: data.evaluation.cases, closed: data.evaluation.closed, cancelled: data.evaluation.cancelled })}</dd>
              <dt>{t(lang, 'report.evaluation.threshold')}</dt><dd>{t(lang, 'report.evaluation.threshold_value', { pct: minutesText(data.thresholdPercent, lang) })}</dd>
            </dl>
            <p class="export-links">
              <strong>{`${t(lang, 'web.evaluation.download')}: `}</strong>
              <a href={downloadHref(data, 'pdf', lang)} class="button">{t(lang, 'web.evaluation.download_pdf')}</a>
              {' '}
              <a href={downloadHref(data, 'json', lang)}>{t(lang, 'web.evaluation.download_json')}</a>
              <span class="muted small">{` ${t(lang, 'web.evaluation.download_note')}`}</span>
            </p>
          </section>
          <h2 id="tabel7">{t(lang, 'report.evaluation.section.monitoring')}</h2>
          <div class="table-wrap">
            <table class="list-table evaluation-table" aria-labelledby="tabel7">
              <thead><tr>
                {(['no', 'procedure', 'assessment', 'notes', 'action', 'paraf'] as const).map((k) => <th scope="col">{t(lang, `report.evaluation.col.${k}`)}</th>)}
              </tr></thead>
              <tbody>
                {data.table.map((row, i) => (
                  <tr id={`row-${row.step}`}>
                    <td data-label={t(lang, 'report.evaluation.col.no')}>{`${i + 1}.`}</td>
                    <td data-label={t(lang, 'report.evaluation.col.procedure')}><strong>{`${row.step}. `}</strong>{row.procedure[lang]}<br /><span class="muted small">{basisText(data, row, lang)}</span></td>
                    <td data-label={t(lang, 'report.evaluation.col.assessment')} class={`assessment assessment-${row.assessment ?? 'none'}`}>{assessmentText(row, lang)}</td>
                    <td data-label={t(lang, 'report.evaluation.col.notes')} class="user-text">{row.notes ?? ''}</td>
                    <td data-label={t(lang, 'report.evaluation.col.action')} class="user-text">{row.action ?? ''}</td>
                    <td data-label={t(lang, 'report.evaluation.col.paraf')}>{row.assessor
                      ? t(lang, 'report.evaluation.paraf', { name: row.assessor.displayName || row.assessor.username, when: formatDate(row.updatedAt, zone, lang) }) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!data.unit && <p class="muted small">{t(lang, 'report.evaluation.notes_unit_only')}</p>}
          {mayEdit && data.unit && (
            <section aria-labelledby="edit-heading">
              <h2 id="edit-heading">{t(lang, 'web.evaluation.edit_heading')}</h2>
              {data.table.map((row) => <NoteEditor visitor={visitor} data={data} row={row} form={noteForm} />)}
            </section>
          )}
          <h2 id="steps">{t(lang, 'report.evaluation.section.steps')}</h2>
          <div class="table-wrap">
            <table class="list-table evaluation-steps" aria-labelledby="steps">
              <thead><tr>
                {(['step', 'standard', 'cases', 'met', 'share', 'mean', 'p90', 'deviations'] as const).map((k) => <th scope="col">{t(lang, `report.evaluation.col.${k}`)}</th>)}
              </tr></thead>
              <tbody>
                {data.evaluation.steps.map((s) => (
                  <tr>
                    <td data-label={t(lang, 'report.evaluation.col.step')}><strong>{s.step}</strong></td>
                    <td data-label={t(lang, 'report.evaluation.col.standard')}>{min(s.standardMinutes)}</td>
                    <td data-label={t(lang, 'report.evaluation.col.cases')}>{String(s.cases)}</td>
                    <td data-label={t(lang, 'report.evaluation.col.met')}>{s.met === null ? '—' : String(s.met)}</td>
                    <td data-label={t(lang, 'report.evaluation.col.share')}>{s.metShare === null ? '—' : `${minutesText(Math.round(s.metShare * 1000) / 10, lang)} %`}</td>
                    <td data-label={t(lang, 'report.evaluation.col.mean')}>{min(s.meanMinutes)}</td>
                    <td data-label={t(lang, 'report.evaluation.col.p90')}>{min(s.p90Minutes)}</td>
                    <td data-label={t(lang, 'report.evaluation.col.deviations')}>{`${s.deviations} (${s.explained})`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted small">{t(lang, 'report.evaluation.p90_note')}</p>
          <h2 id="deviations">{t(lang, 'report.evaluation.section.deviations')}</h2>
          {data.evaluation.deviations.length === 0 ? <p class="panel muted">{t(lang, 'report.evaluation.no_deviations')}</p> : (
            <div class="table-wrap">
              <table class="list-table" aria-labelledby="deviations">
                <thead><tr>{(['case', 'step', 'over', 'explanation', 'by'] as const).map((k) => <th scope="col">{t(lang, `report.evaluation.col.${k}`)}</th>)}</tr></thead>
                <tbody>
                  {data.evaluation.deviations.map((d) => (
                    <tr>
                      <td data-label={t(lang, 'report.evaluation.col.case')}><a href={`/cases/${encodeURIComponent(d.caseId)}`}>{d.caseId.slice(0, 8)}</a></td>
                      <td data-label={t(lang, 'report.evaluation.col.step')}>{d.step}</td>
                      <td data-label={t(lang, 'report.evaluation.col.over')}>{min(d.overMinutes)}</td>
                      <td data-label={t(lang, 'report.evaluation.col.explanation')} class="user-text">{d.explanation ?? t(lang, 'report.evaluation.not_explained')}</td>
                      <td data-label={t(lang, 'report.evaluation.col.by')}>{d.explainedBy ? d.explainedBy.username : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2 id="charts">{t(lang, 'web.evaluation.charts')}</h2>
          {/* trendChartSvg writes only catalogue words and numbers, XML-escaped, with presentation attributes (no style=). */}
          <div class="evaluation-charts">
            <figure>{raw(trendChartSvg(data.evaluation.trend, 'restore', lang))}</figure>
            <figure>{raw(trendChartSvg(data.evaluation.trend, 'root_cause', lang))}</figure>
          </div>
        </>
      )}
    </Layout>
  );
}
