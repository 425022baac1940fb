import type { StepCode } from '../../domain/sop/sop-definition.js';
import { t } from '../../messages/catalogue.js';
import type { Lang } from '../../messages/catalogue.js';
import { wordDateTime } from '../../presenters/format-time.js';
import type { CaseListViewModel, CaseRowView } from '../../presenters/view-models/case-list-view.js';
import type { Visitor } from '../web-visitor.js';
import { Layout } from './layout.js';

/** The open cases of one SOP step, as listed by the case-list use case. */
export interface StepGroup {
  readonly step: StepCode;
  readonly list: CaseListViewModel;
}

function CaseCard({ c, lang }: { c: CaseRowView; lang: Lang }) {
  const executor = c.executor ? (c.executor.name ?? c.executor.username ?? c.executor.id) : t(lang, 'web.case.no_executor');
  return (
    <li class="case">
      <div class="case-head">
        <a class="case-link" href={`/cases/${encodeURIComponent(c.id)}`}>{c.system}</a>
        {/* The start of the id is what people read out to each other; the link carries all of it. */}
        <span class="case-id">{t(lang, 'case.heading', { id: c.id.slice(0, 8) })}</span>
      </div>
      <p class="case-description">{c.description || t(lang, 'web.case.no_description')}</p>
      <dl class="case-facts">
        <div><dt>{t(lang, 'case.label.urgency')}</dt><dd><span class={`badge urgency-${c.urgency}`}>{t(lang, `case.urgency.${c.urgency}`)}</span></dd></div>
        <div><dt>{t(lang, 'case.label.reported')}</dt><dd><time datetime={c.reportedAt.utc}>{wordDateTime(c.reportedAt, lang)}</time></dd></div>
        <div><dt>{t(lang, 'case.label.unit')}</dt><dd>{c.unit.name ?? c.unit.code ?? c.unit.id}</dd></div>
        <div><dt>{t(lang, 'case.label.executor')}</dt><dd>{executor}</dd></div>
      </dl>
    </li>
  );
}

function StepSection({ group, lang }: { group: StepGroup; lang: Lang }) {
  const { step, list } = group;
  const headingId = `step-${step}`;
  return (
    <section class={list.total === 0 ? 'step step-empty' : 'step'} aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span class="step-code">{step}</span>
        <span class="step-name">{t(lang, `case.step.${step}`)}</span>
        <span class="step-count">{t(lang, 'web.dashboard.step_count', { count: list.total })}</span>
      </h2>
      {list.total > 0 && <ul class="cases">{list.items.map((c) => <CaseCard c={c} lang={lang} />)}</ul>}
      {list.total > list.items.length && <p class="muted small">{t(lang, 'web.dashboard.more', { shown: list.items.length, total: list.total })}</p>}
    </section>
  );
}

/** The dashboard: the open cases, grouped by the SOP step each is in (B1–B6). */
export function DashboardPage({ visitor, groups }: { visitor: Visitor; groups: readonly StepGroup[] }) {
  const { lang } = visitor;
  const open = groups.reduce((n, g) => n + g.list.total, 0);
  return (
    <Layout visitor={visitor} title={t(lang, 'web.dashboard.title')} here="/" signedIn>
      <h1>{t(lang, 'web.dashboard.open_cases')}</h1>
      <p class="lead">{t(lang, 'web.dashboard.open_total', { count: open })}</p>
      <div class="steps">{groups.map((g) => <StepSection group={g} lang={lang} />)}</div>
    </Layout>
  );
}

/** Until the case page exists: the case's id and the way back. */
export function CasePlaceholderPage({ visitor, id }: { visitor: Visitor; id: string }) {
  const { lang } = visitor;
  const title = t(lang, 'case.heading', { id });
  return (
    <Layout visitor={visitor} title={title} here={`/cases/${encodeURIComponent(id)}`} signedIn>
      <h1>{title}</h1>
      <p class="notice" role="status">{t(lang, 'web.case.placeholder')}</p>
      <p><a href="/">{t(lang, 'web.error.back')}</a></p>
    </Layout>
  );
}
