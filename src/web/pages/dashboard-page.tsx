import { t } from '../../messages/catalogue.js';
import type { Lang } from '../../messages/catalogue.js';
import { wordDateTime } from '../../presenters/format-time.js';
import type { ClockView, DashboardRowView, DashboardViewModel } from '../../presenters/view-models/dashboard-view.js';
import type { StepCode } from '../../domain/sop/sop-definition.js';
import type { Visitor } from '../web-visitor.js';
import { Layout } from './layout.js';

/** The running step's deadline; amber and red are said in words too, not by colour alone. */
function Clock({ clock, lang }: { clock: ClockView; lang: Lang }) {
  return (
    <p class={`clock clock-${clock.level}`}>
      <time datetime={clock.deadline.utc}>{t(lang, 'web.clock.deadline', { step: clock.step, when: wordDateTime(clock.deadline, lang) })}</time>
      {clock.level !== 'normal' && <strong class="clock-level">{t(lang, clock.level === 'red' ? 'web.clock.red' : 'web.clock.amber')}</strong>}
    </p>
  );
}

function CaseCard({ c, lang }: { c: DashboardRowView; lang: Lang }) {
  const executor = c.executor ? (c.executor.name ?? c.executor.username ?? c.executor.id) : t(lang, 'web.case.no_executor');
  return (
    <li class={`case case-${c.clock?.level ?? 'normal'}`}>
      <div class="case-head">
        <a class="case-link" href={`/cases/${encodeURIComponent(c.id)}`}>{c.system}</a>
        {/* The start of the id is what people read out to each other; the link carries all of it. */}
        <span class="case-id">{t(lang, 'case.heading', { id: c.id.slice(0, 8) })}</span>
      </div>
      <p class="case-description">{c.description || t(lang, 'web.case.no_description')}</p>
      {c.clock && <Clock clock={c.clock} lang={lang} />}
      <dl class="case-facts">
        <div><dt>{t(lang, 'case.label.urgency')}</dt><dd><span class={`badge urgency-${c.urgency}`}>{t(lang, `case.urgency.${c.urgency}`)}</span></dd></div>
        <div><dt>{t(lang, 'case.label.reported')}</dt><dd><time datetime={c.reportedAt.utc}>{wordDateTime(c.reportedAt, lang)}</time></dd></div>
        <div><dt>{t(lang, 'case.label.unit')}</dt><dd>{c.unit.name ?? c.unit.code ?? c.unit.id}</dd></div>
        <div><dt>{t(lang, 'case.label.executor')}</dt><dd>{executor}</dd></div>
      </dl>
    </li>
  );
}

function StepSection({ step, cases, lang }: { step: StepCode; cases: readonly DashboardRowView[]; lang: Lang }) {
  const headingId = `step-${step}`;
  return (
    <section class={cases.length === 0 ? 'step step-empty' : 'step'} aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span class="step-code">{step}</span>
        <span class="step-name">{t(lang, `case.step.${step}`)}</span>
        <span class="step-count">{t(lang, 'web.dashboard.step_count', { count: cases.length })}</span>
      </h2>
      {cases.length > 0 && <ul class="cases">{cases.map((c) => <CaseCard c={c} lang={lang} />)}</ul>}
    </section>
  );
}

/** The dashboard skeleton: the open cases, grouped by the SOP step each is in (B1–B6), from the dashboard view model. */
export function DashboardPage({ visitor, view }: { visitor: Visitor; view: DashboardViewModel }) {
  const { lang } = visitor;
  const open = view.byStep.reduce((n, g) => n + g.cases.length, 0);
  return (
    <Layout visitor={visitor} title={t(lang, 'web.dashboard.title')} here="/" signedIn>
      <h1>{t(lang, 'web.dashboard.open_cases')}</h1>
      <p class="lead">{t(lang, 'web.dashboard.open_total', { count: open })}</p>
      {view.truncated && <p class="notice" role="status">{t(lang, 'web.dashboard.truncated')}</p>}
      <div class="steps">{view.byStep.map((g) => <StepSection step={g.step} cases={g.cases} lang={lang} />)}</div>
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
