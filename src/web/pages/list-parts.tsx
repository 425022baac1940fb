import type { Child } from 'hono/jsx';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';

/** A labelled date (`YYYY-MM-DD`, the visitor's zone) with its hint and the API's message next to it. */
export function DateField({ name, label, value, hint, error }: { name: string; label: string; value?: string | undefined; hint: string; error?: string | undefined }) {
  const described = [`${name}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={name}>{label}</label>
      <input id={name} name={name} type="date" value={value ?? ''} autofocus={Boolean(error)}
        aria-invalid={error ? 'true' : undefined} aria-describedby={described} />
      <p id={`${name}-hint`} class="field-hint">{hint}</p>
      {error && <p id={`${name}-error`} class="field-error" role="alert">{error}</p>}
    </div>
  );
}

/** A GET filter form: the fields, Apply, and a link that clears them. */
export function FilterForm({ lang, action, children, error }: { lang: Lang; action: string; children: Child; error?: string | undefined }) {
  return (
    <form method="get" action={action} class="panel filters" role="search" aria-label={t(lang, 'web.lists.filters')}>
      {error && <p class="alert" role="alert">{error}</p>}
      <div class="filter-fields">{children}</div>
      <div class="filter-actions">
        <button type="submit" class="primary">{t(lang, 'web.lists.apply')}</button>
        <a href={action}>{t(lang, 'web.lists.reset')}</a>
      </div>
    </form>
  );
}

/** The address of a list's page from `offset`, keeping the filters. */
export function pageHref(path: string, filters: Readonly<Record<string, string | undefined>>, offset: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && k !== 'offset') q.set(k, v);
  if (offset > 0) q.set('offset', String(offset));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** `first–last of total` and links to the pages before and after, keeping the filters. */
export function Pager({ lang, path, filters, offset, limit, total, capped = false, back, forward }: {
  lang: Lang; path: string; filters: Readonly<Record<string, string | undefined>>; offset: number; limit: number; total: number;
  /** More than `total` match (the count stopped there): the range says so and there is always a next page. */
  capped?: boolean;
  back: 'web.lists.previous' | 'web.lists.newer'; forward: 'web.lists.next' | 'web.lists.older';
}) {
  const href = (to: number): string => pageHref(path, filters, to);
  const last = Math.min(total, offset + limit);
  return (
    <nav class="pager" aria-label={t(lang, 'web.lists.pages')}>
      <span>{total === 0 ? '' : t(lang, capped ? 'web.lists.shown_more' : 'web.lists.shown', { first: offset + 1, last: capped ? offset + limit : last, total })}</span>
      {offset > 0 && <a href={href(Math.max(0, offset - limit))} rel="prev">{t(lang, back)}</a>}
      {(capped || last < total) && <a href={href(offset + limit)} rel="next">{t(lang, forward)}</a>}
    </nav>
  );
}
