import type { GatewaySessionSearchPage } from '../../app/access/gateway-session-search.js';
import { t } from '../../messages/catalogue.js';
import { localTime, wordDateTime } from '../../presenters/format-time.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { TextInput } from './form-controls.js';
import { Layout } from './layout.js';
import { DateField, FilterForm, pageHref } from './list-parts.js';

/** The search's filters: the query parameters the GET form sends. */
export const SESSION_FILTER_FIELDS = ['user', 'target', 'from', 'to'] as const;
export type SessionFilterField = (typeof SESSION_FILTER_FIELDS)[number];

export interface SessionSearchPageProps {
  readonly visitor: SignedIn;
  /** The filters as typed (dates as `YYYY-MM-DD`), for the form and the pager's links. */
  readonly filters: Partial<Record<SessionFilterField | 'offset', string>>;
  /** The zone abbreviation the dates are read in. */
  readonly zone: string;
  readonly page?: GatewaySessionSearchPage;
  readonly errors?: FormErrors<SessionFilterField | 'offset'>;
}

/** Links to the newer and older pages, keeping the filters (the search knows only whether more follow). */
function SessionPager({ lang, filters, page }: { lang: SignedIn['lang']; filters: SessionSearchPageProps['filters']; page: GatewaySessionSearchPage }) {
  const href = (to: number): string => pageHref('/sessions', filters, to);
  if (page.offset === 0 && !page.more) return null;
  return (
    <nav class="pager" aria-label={t(lang, 'web.lists.pages')}>
      <span />
      {page.offset > 0 && <a href={href(Math.max(0, page.offset - page.limit))} rel="prev">{t(lang, 'web.lists.newer')}</a>}
      {page.more && <a href={href(page.offset + page.limit)} rel="next">{t(lang, 'web.lists.older')}</a>}
    </nav>
  );
}

/**
 * Gateway sessions and their recordings, of the cases the visitor may see, searched by a GET
 * form (works without script) by start date, user and target, newest first, a page at a time.
 * Each recording links to its transcript on the case page; the policy decides who has them.
 */
export function SessionSearchPage({ visitor, filters, zone, page, errors = {} }: SessionSearchPageProps) {
  const { lang } = visitor;
  const formError = [errors.form, errors.offset].filter(Boolean).join(' ') || undefined;
  const col = {
    started: t(lang, 'web.sessions.started'), ended: t(lang, 'web.sessions.ended'), who: t(lang, 'web.sessions.who'),
    target: t(lang, 'web.sessions.target_col'), source: t(lang, 'web.sessions.source'), end: t(lang, 'web.sessions.end_reason'),
    case: t(lang, 'web.sessions.case'), recordings: t(lang, 'web.sessions.recordings'),
  };
  return (
    <Layout visitor={visitor} title={t(lang, 'web.sessions.title')} here="/sessions" signedIn>
      <h1>{t(lang, 'web.sessions.title')}</h1>
      <FilterForm lang={lang} action="/sessions" error={formError}>
        <DateField name="from" label={t(lang, 'web.lists.from')} value={filters.from} hint={t(lang, 'web.lists.date_hint', { zone })} error={errors.from} />
        <DateField name="to" label={t(lang, 'web.lists.to')} value={filters.to} hint={t(lang, 'web.lists.date_hint', { zone })} error={errors.to} />
        <TextInput name="user" label={t(lang, 'web.sessions.user')} value={filters.user} maxlength={100} error={errors.user} />
        <TextInput name="target" label={t(lang, 'web.sessions.target')} value={filters.target} maxlength={100} error={errors.target} />
      </FilterForm>
      {page && (page.items.length === 0 ? <p class="panel muted" role="status">{t(lang, 'web.sessions.none')}</p> : (
        <>
          <p class="muted">{t(lang, 'web.sessions.newest_first')}</p>
          <div class="table-wrap">
            <table class="list-table session-table">
              <thead>
                <tr>{Object.values(col).map((c) => <th scope="col">{c}</th>)}</tr>
              </thead>
              <tbody>
                {page.items.map(({ session: s, recordings, username, target, network, workstation, timeZone }) => {
                  const started = localTime(s.startedAt, timeZone);
                  const ended = localTime(s.endedAt, timeZone);
                  const caseHref = `/cases/${encodeURIComponent(s.caseId)}`;
                  return (
                    <tr>
                      <td data-label={col.started}><time datetime={s.startedAt}>{wordDateTime(started, lang)}</time></td>
                      <td data-label={col.ended}>{ended ? <time datetime={ended.utc}>{wordDateTime(ended, lang)}</time> : t(lang, 'web.case_page.session_open')}</td>
                      <td data-label={col.who}>{username}</td>
                      <td data-label={col.target}>{target}</td>
                      <td data-label={col.source}>{`${s.sourceIp} · ${network} · ${workstation}`}</td>
                      <td data-label={col.end}>{s.endReason ? t(lang, `web.case_page.end.${s.endReason}`) : '—'}</td>
                      <td data-label={col.case}><a href={caseHref}><code>{s.caseId.slice(0, 8)}</code></a></td>
                      <td data-label={col.recordings}>
                        {recordings === null ? <span class="muted">{t(lang, 'web.sessions.recordings_withheld')}</span>
                          : recordings.length === 0 ? t(lang, 'web.case_page.recording_none') : (
                            <ul class="recordings">{recordings.map((r) => (
                              <li>
                                <a href={`${caseHref}?rec=${encodeURIComponent(`${s.id}:${r.channel}`)}#transcript`}>
                                  {`${t(lang, 'web.case_page.recording_channel', { channel: r.channel })}, ${t(lang, 'web.case_page.recording_bytes', { bytes: r.bytes })}`}
                                </a>
                                <code class="hash">{r.sha256}</code>
                              </li>
                            ))}</ul>
                          )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <SessionPager lang={lang} filters={filters} page={page} />
        </>
      ))}
    </Layout>
  );
}
