import { CASE_STATUSES } from '../../domain/case/repair-case.js';
import { STEP_CODES } from '../../domain/sop/sop-definition.js';
import { t } from '../../messages/catalogue.js';
import { wordDateTime } from '../../presenters/format-time.js';
import type { CaseListViewModel } from '../../presenters/view-models/case-list-view.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { SelectField, TextInput } from './form-controls.js';
import { Layout } from './layout.js';
import { DateField, FilterForm, Pager } from './list-parts.js';

/** The case list's filters: the query parameters of `GET /api/v1/cases` the form sends. */
export const CASE_FILTER_FIELDS = ['q', 'status', 'step', 'unit', 'target', 'executor', 'from', 'to'] as const;
export type CaseFilterField = (typeof CASE_FILTER_FIELDS)[number];

export interface CaseListPageProps {
  readonly visitor: SignedIn;
  /** The filters as typed (dates as `YYYY-MM-DD`), for the form and the pager's links. */
  readonly filters: Partial<Record<CaseFilterField | 'offset', string>>;
  /** The zone abbreviation the dates are read in. */
  readonly zone: string;
  readonly view?: CaseListViewModel;
  /** A refused filter: the API's message by field (`form`: none of them). */
  readonly errors?: FormErrors<CaseFilterField | 'offset'>;
}

/**
 * The cases the visitor may see, filtered and searched by a GET form (works without script), a
 * page at a time, newest report first; each row links to its case page, its times in its unit's zone.
 */
export function CaseListPage({ visitor, filters, zone, view, errors = {} }: CaseListPageProps) {
  const { lang } = visitor;
  const any = { value: '', label: t(lang, 'web.lists.any') };
  const formError = [errors.form, errors.offset].filter(Boolean).join(' ') || undefined;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.cases.title')} here="/cases" signedIn>
      <h1>{t(lang, 'web.cases.title')}</h1>
      <FilterForm lang={lang} action="/cases" error={formError}>
        <div class="filter-wide">
          <TextInput name="q" label={t(lang, 'web.cases.search')} value={filters.q} maxlength={200} error={errors.q} />
        </div>
        <SelectField name="status" label={t(lang, 'case.label.status')} value={filters.status} error={errors.status}
          choices={[any, ...CASE_STATUSES.map((s) => ({ value: s, label: t(lang, `case.status.${s}`) }))]} />
        <SelectField name="step" label={t(lang, 'web.cases.step')} value={filters.step} error={errors.step}
          choices={[any, ...STEP_CODES.map((s) => ({ value: s, label: `${s} · ${t(lang, `case.step.${s}`)}` }))]} />
        <TextInput name="unit" label={t(lang, 'web.cases.unit')} value={filters.unit} maxlength={100} error={errors.unit} />
        <TextInput name="target" label={t(lang, 'web.cases.target')} value={filters.target} maxlength={100} error={errors.target} />
        <TextInput name="executor" label={t(lang, 'web.cases.executor')} value={filters.executor} maxlength={100} error={errors.executor} />
        <DateField name="from" label={t(lang, 'web.lists.from')} value={filters.from} hint={t(lang, 'web.lists.date_hint', { zone })} error={errors.from} />
        <DateField name="to" label={t(lang, 'web.lists.to')} value={filters.to} hint={t(lang, 'web.lists.date_hint', { zone })} error={errors.to} />
      </FilterForm>
      {view && (view.items.length === 0 ? <p class="panel muted" role="status">{t(lang, 'web.cases.none')}</p> : (
        <>
          <div class="table-wrap">
            <table class="list-table case-table">
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'web.cases.case')}</th>
                  <th scope="col">{t(lang, 'case.label.status')}</th>
                  <th scope="col">{t(lang, 'case.label.unit')}</th>
                  <th scope="col">{t(lang, 'case.label.target')}</th>
                  <th scope="col">{t(lang, 'case.label.executor')}</th>
                  <th scope="col">{t(lang, 'case.label.reported')}</th>
                  <th scope="col">{t(lang, 'web.cases.deviations')}</th>
                </tr>
              </thead>
              <tbody>
                {view.items.map((c) => (
                  <tr>
                    <td data-label={t(lang, 'web.cases.case')}>
                      <a class="case-link" href={`/cases/${encodeURIComponent(c.id)}`}>{c.system}</a>
                      <span class="case-id">{` ${c.id.slice(0, 8)} · `}<span class={`badge urgency-${c.urgency}`}>{t(lang, `case.urgency.${c.urgency}`)}</span></span>
                    </td>
                    <td data-label={t(lang, 'case.label.status')}>{c.step ? `${c.step} · ` : ''}{t(lang, `case.status.${c.status}`)}</td>
                    <td data-label={t(lang, 'case.label.unit')}>{c.unit.code ?? c.unit.name ?? c.unit.id}</td>
                    <td data-label={t(lang, 'case.label.target')}>{c.target ? (c.target.name ?? c.target.id) : '—'}</td>
                    <td data-label={t(lang, 'case.label.executor')}>{c.executor ? (c.executor.username ?? c.executor.id) : t(lang, 'web.case.no_executor')}</td>
                    <td data-label={t(lang, 'case.label.reported')}><time datetime={c.reportedAt.utc}>{wordDateTime(c.reportedAt, lang)}</time></td>
                    <td data-label={t(lang, 'web.cases.deviations')}>{String(c.deviations)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager lang={lang} path="/cases" filters={filters} offset={view.offset} limit={view.limit} total={view.total} capped={view.totalCapped} back="web.lists.previous" forward="web.lists.next" />
        </>
      ))}
    </Layout>
  );
}
