import type { LogbookBrowsePage } from '../../app/logbook/browse-logbook.js';
import { t } from '../../messages/catalogue.js';
import { localTime, wordDateTime, zoneAbbreviation } from '../../presenters/format-time.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { TextInput } from './form-controls.js';
import { Layout } from './layout.js';
import type { LogbookDownloadProps } from './logbook-download-form.js';
import { LogbookDownloadForm } from './logbook-download-form.js';
import { DateField, FilterForm, Pager } from './list-parts.js';

export const LOGBOOK_FILTER_FIELDS = ['case', 'from', 'to'] as const;
export type LogbookFilterField = (typeof LOGBOOK_FILTER_FIELDS)[number];

/** What `verifyLogbook` found: intact up to entry `seq`, or the first problem in words. */
export type Verification =
  | { readonly ok: true; readonly seq: number; readonly checkpoints: number }
  | { readonly ok: false; readonly seq: number; readonly problem: string };

export interface LogbookPageProps {
  readonly visitor: SignedIn;
  readonly filters: Partial<Record<LogbookFilterField | 'offset', string>>;
  /** IANA zone the dates are read in (and entries without a unit shown in). */
  readonly zone: string;
  readonly verification: Verification;
  /** The period as the API's export takes it. */
  readonly period: { readonly from: string | undefined; readonly to: string | undefined };
  readonly page?: LogbookBrowsePage;
  readonly errors?: FormErrors<LogbookFilterField | 'offset'>;
  /** The Logbook document's download form (null: the visitor may not issue it). */
  readonly download?: Omit<LogbookDownloadProps, 'lang'> | null;
}

/** The longest summary of an entry's data shown in the list (the export has all of it). */
const SUMMARY_CHARS = 160;

/** `key: value; …` of an entry's data (ids left out), short; shown as text (escaped). */
export function dataSummary(data: string): string {
  let text: string;
  try {
    const parsed = JSON.parse(data) as unknown;
    text = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      // Ids (`targetId` …) say little to a reader; the entry's case is linked beside it, the export has them all.
      ? Object.entries(parsed).filter(([k]) => !k.endsWith('Id')).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')
      : JSON.stringify(parsed);
  } catch {
    text = data;
  }
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
}

/**
 * The logbook entries the visitor may read, newest first, filtered by case and period; the hash
 * chain's verification at the top (intact up to entry N, or the first problem), and the API's CSV
 * export of the filtered period.
 */
export function LogbookPage({ visitor, filters, zone, verification, period, page, errors = {}, download = null }: LogbookPageProps) {
  const { lang } = visitor;
  const units = new Map(page?.records.units.map((u) => [u.id, u]) ?? []);
  const users = new Map(page?.records.users.map((u) => [u.id, u]) ?? []);
  const exportQuery = new URLSearchParams(Object.entries(period).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  const formError = [errors.form, errors.offset].filter(Boolean).join(' ') || undefined;
  const hint = t(lang, 'web.lists.date_hint', { zone: zoneAbbreviation(zone) });
  return (
    <Layout visitor={visitor} title={t(lang, 'web.logbook.title')} here="/logbook" signedIn>
      <h1>{t(lang, 'web.logbook.title')}</h1>
      <section aria-labelledby="verification" class={verification.ok ? 'notice done verification' : 'alert verification'} role="status">
        <h2 id="verification">{t(lang, 'web.logbook.verification')}</h2>
        <p>{verification.ok
          ? t(lang, 'web.logbook.verified', { seq: verification.seq, checkpoints: verification.checkpoints })
          : t(lang, 'web.logbook.broken', { seq: verification.seq, problem: verification.problem })}</p>
      </section>
      <FilterForm lang={lang} action="/logbook" error={formError}>
        <TextInput name="case" label={t(lang, 'web.logbook.case')} value={filters.case} maxlength={100} error={errors.case} />
        <DateField name="from" label={t(lang, 'web.lists.from')} value={filters.from} hint={hint} error={errors.from} />
        <DateField name="to" label={t(lang, 'web.lists.to')} value={filters.to} hint={hint} error={errors.to} />
      </FilterForm>
      <p class="export-links">
        <strong>{`${t(lang, 'web.logbook.export')}: `}</strong>
        <a href={`/api/v1/logbook/export.csv${exportQuery ? `?${exportQuery}` : ''}`} download="logbook.csv">{t(lang, 'web.logbook.export_csv')}</a>
        <span class="muted small">{` ${t(lang, 'web.logbook.export_note')}`}</span>
      </p>
      {download && <LogbookDownloadForm lang={lang} {...download} />}
      {page && (page.items.length === 0 ? <p class="panel muted" role="status">{t(lang, 'web.logbook.none')}</p> : (
        <>
          <div class="table-wrap">
            <table class="list-table logbook-table">
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'web.logbook.seq')}</th>
                  <th scope="col">{t(lang, 'web.logbook.at')}</th>
                  <th scope="col">{t(lang, 'web.logbook.type')}</th>
                  <th scope="col">{t(lang, 'web.logbook.actor')}</th>
                  <th scope="col">{t(lang, 'web.cases.case')}</th>
                  <th scope="col">{t(lang, 'web.logbook.data')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => {
                  const at = localTime(e.at, (e.unitId === null ? undefined : units.get(e.unitId)?.timeZone) ?? zone);
                  const actor = e.actorId === null ? t(lang, 'web.logbook.system_actor') : (users.get(e.actorId)?.username ?? e.actorId);
                  return (
                    <tr id={`seq-${e.seq}`}>
                      <td data-label={t(lang, 'web.logbook.seq')}>{`#${e.seq}`}</td>
                      <td data-label={t(lang, 'web.logbook.at')}><time datetime={e.at}>{wordDateTime(at, lang)}</time></td>
                      <td data-label={t(lang, 'web.logbook.type')}><code>{e.type}</code></td>
                      <td data-label={t(lang, 'web.logbook.actor')}>{actor}</td>
                      <td data-label={t(lang, 'web.cases.case')}>{e.caseId === null ? '—' : <a href={`/cases/${encodeURIComponent(e.caseId)}`}>{e.caseId.slice(0, 8)}</a>}</td>
                      <td data-label={t(lang, 'web.logbook.data')} class="user-text">{dataSummary(e.data)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager lang={lang} path="/logbook" filters={filters} offset={page.offset} limit={page.limit} total={page.total} back="web.lists.newer" forward="web.lists.older" />
        </>
      ))}
    </Layout>
  );
}
