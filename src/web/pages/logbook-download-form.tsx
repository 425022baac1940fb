import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import type { Choice } from './form-controls.js';
import { SelectField } from './form-controls.js';
import { Layout, browsesLogbook } from './layout.js';
import { DateField } from './list-parts.js';

/** The form's fields, named apart from the logbook page's own filter (`from`, `to`) so their ids never clash. */
export const LOGBOOK_DOWNLOAD_FIELDS = ['unit', 'period_from', 'period_to', 'format'] as const;
export type LogbookDownloadField = (typeof LOGBOOK_DOWNLOAD_FIELDS)[number];

export interface LogbookDownloadProps {
  readonly lang: Lang;
  /** The units the visitor may ask for (the value `` first: every unit, only for those who may). */
  readonly units: readonly Choice[];
  /** The zone abbreviation the days are read in. */
  readonly zone: string;
  readonly values?: Partial<Record<LogbookDownloadField, string>>;
  readonly errors?: FormErrors<LogbookDownloadField>;
}

/**
 * A GET form that answers the Logbook document itself (PDF or CSV, as `GET /api/v1/reports/logbook`
 * does): it works without JavaScript; a refusal comes back as the API's message next to its field.
 */
export function LogbookDownloadForm({ lang, units, zone, values = {}, errors = {} }: LogbookDownloadProps) {
  const hint = t(lang, 'web.lists.date_hint', { zone });
  return (
    <form method="get" action="/logbook/download" class="panel logbook-download" aria-labelledby="logbook-download">
      <h2 id="logbook-download">{t(lang, 'web.logbook_report.heading')}</h2>
      <p class="muted small">{t(lang, 'web.logbook_report.intro')}</p>
      {errors.form && <p class="alert" role="alert">{errors.form}</p>}
      <div class="filter-fields">
        <SelectField name="unit" label={t(lang, 'web.logbook_report.unit')} choices={units} value={values.unit} error={errors.unit} />
        <DateField name="period_from" label={t(lang, 'web.logbook_report.from')} value={values.period_from} hint={hint} error={errors.period_from} />
        <DateField name="period_to" label={t(lang, 'web.logbook_report.to')} value={values.period_to} hint={hint} error={errors.period_to} />
        <SelectField name="format" label={t(lang, 'web.logbook_report.format')} value={values.format} error={errors.format}
          choices={[{ value: 'pdf', label: t(lang, 'web.logbook_report.pdf') }, { value: 'csv', label: t(lang, 'web.logbook_report.csv') }]} />
      </div>
      <div class="filter-actions">
        <button type="submit" class="primary">{t(lang, 'web.logbook_report.submit')}</button>
      </div>
    </form>
  );
}

/** A refused download: the form again, with the API's message next to the field it is about. */
export function LogbookDownloadPage({ visitor, form }: { visitor: SignedIn; form: Omit<LogbookDownloadProps, 'lang'> }) {
  const { lang } = visitor;
  const browses = browsesLogbook(visitor.principal.user);
  return (
    <Layout visitor={visitor} title={t(lang, 'web.logbook_report.heading')} here={browses ? '/logbook' : '/logbook/download'} signedIn>
      {browses && <p><a href="/logbook">{t(lang, 'web.logbook_report.back')}</a></p>}
      <h1>{t(lang, 'web.logbook.title')}</h1>
      <LogbookDownloadForm lang={lang} {...form} />
    </Layout>
  );
}
