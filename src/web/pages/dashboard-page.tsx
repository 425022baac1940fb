import { t } from '../../messages/catalogue.js';
import type { Lang } from '../../messages/catalogue.js';
import { wordDate, wordDateTime } from '../../presenters/format-time.js';
import type { ClockView, DashboardRowView, DashboardViewModel } from '../../presenters/view-models/dashboard-view.js';
import type { StepCode } from '../../domain/sop/sop-definition.js';
import { watchesSessions } from '../../domain/auth/gateway-session.policy.js';
import { isExecutorRole } from '../../domain/auth/role.js';
import { readsSopEvaluation } from '../../domain/auth/evaluation.policy.js';
import type { LiveSessionView } from '../../presenters/view-models/live-session-view.js';
import type { Visitor } from '../web-visitor.js';
import { REFRESH_HX_HEADERS } from '../web-visitor.js';
import { Layout } from './layout.js';

/** `H:MM:SS` (or `MM:SS` under an hour) of a span in milliseconds, as the countdown script writes it too. */
export function clockSpan(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/**
 * The running step's deadline; amber and red are said in words too, not by colour alone. Its
 * `data-*` are what assets/countdown.js counts down from (every second, against the server's time
 * the page was made at: the `data-now` of the section around it) and the words it switches to.
 */
export function Clock({ clock, lang, now }: { clock: ClockView; lang: Lang; now: string }) {
  const left = Date.parse(clock.deadline.utc) - Date.parse(now);
  return (
    <>
      <p class={`clock clock-${clock.level}`} data-started={clock.startedAt.utc} data-deadline={clock.deadline.utc}
        data-amber={t(lang, 'web.clock.amber')} data-red={t(lang, 'web.clock.red')}>
        <time datetime={clock.deadline.utc}>{t(lang, 'web.clock.deadline', { step: clock.step, when: wordDateTime(clock.deadline, lang) })}</time>
        {clock.level !== 'normal' && <strong class="clock-level">{t(lang, clock.level === 'red' ? 'web.clock.red' : 'web.clock.amber')}</strong>}
      </p>
      <p class="countdown" data-left={t(lang, 'web.clock.left')} data-over={t(lang, 'web.clock.over')}>
        {`${t(lang, left >= 0 ? 'web.clock.left' : 'web.clock.over')} ${clockSpan(left)}`}
      </p>
    </>
  );
}

function CaseCard({ c, lang, now }: { c: DashboardRowView; lang: Lang; now: string }) {
  const executor = c.executor ? (c.executor.name ?? c.executor.username ?? c.executor.id) : t(lang, 'web.case.no_executor');
  return (
    <li class={`case case-${c.clock?.level ?? 'normal'}`}>
      <div class="case-head">
        <a class="case-link" href={`/cases/${encodeURIComponent(c.id)}`}>{c.system}</a>
        {/* The start of the id is what people read out to each other; the link carries all of it. */}
        <span class="case-id">{t(lang, 'case.heading', { id: c.id.slice(0, 8) })}</span>
      </div>
      <p class="case-description">{c.description || t(lang, 'web.case.no_description')}</p>
      {c.clock && <Clock clock={c.clock} lang={lang} now={now} />}
      <dl class="case-facts">
        <div><dt>{t(lang, 'case.label.urgency')}</dt><dd><span class={`badge urgency-${c.urgency}`}>{t(lang, `case.urgency.${c.urgency}`)}</span></dd></div>
        <div><dt>{t(lang, 'case.label.reported')}</dt><dd><time datetime={c.reportedAt.utc}>{wordDateTime(c.reportedAt, lang)}</time></dd></div>
        <div><dt>{t(lang, 'case.label.unit')}</dt><dd>{c.unit.name ?? c.unit.code ?? c.unit.id}</dd></div>
        <div><dt>{t(lang, 'case.label.executor')}</dt><dd>{executor}</dd></div>
      </dl>
    </li>
  );
}

/**
 * The cases a step's section shows (oldest report first: the step's clock has run longest on them);
 * the rest are one link away in the case list, so the page stays small on a phone with many cases open.
 */
export const STEP_CASES_SHOWN = 10;

function StepSection({ step, cases, lang, now }: { step: StepCode; cases: readonly DashboardRowView[]; lang: Lang; now: string }) {
  const headingId = `step-${step}`;
  return (
    <section class={cases.length === 0 ? 'step step-empty' : 'step'} aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span class="step-code">{step}</span>
        <span class="step-name">{t(lang, `case.step.${step}`)}</span>
        <span class="step-count">{t(lang, 'web.dashboard.step_count', { count: cases.length })}</span>
      </h2>
      {cases.length > 0 && <ul class="cases">{cases.slice(0, STEP_CASES_SHOWN).map((c) => <CaseCard c={c} lang={lang} now={now} />)}</ul>}
      {cases.length > STEP_CASES_SHOWN && (
        <p class="step-more"><a href={`/cases?step=${step}`}>{t(lang, 'web.dashboard.step_more', { step, count: cases.length, shown: STEP_CASES_SHOWN })}</a></p>
      )}
    </section>
  );
}

/** One line of a short list: the case's system linked to `href`, its number, and its clock when one runs. */
export function BriefRow({ c, lang, now, href, detail = false }: { c: DashboardRowView; lang: Lang; now: string; href: string; detail?: boolean }) {
  const executor = c.executor ? (c.executor.name ?? c.executor.username ?? c.executor.id) : t(lang, 'web.case.no_executor');
  return (
    <li class={`brief case-${c.clock?.level ?? 'normal'}`}>
      <div class="case-head">
        <a class="brief-link" href={href}>{c.system}</a>
        <span class="case-id">{t(lang, 'case.heading', { id: c.id.slice(0, 8) })}</span>
      </div>
      {c.clock && <Clock clock={c.clock} lang={lang} now={now} />}
      {detail && <p class="brief-detail">{t(lang, 'web.approvals.detail', { executor, deviations: c.deviations })}</p>}
    </li>
  );
}

/** A short list under its heading, or the word that there is nothing. */
function BriefSection({ id, title, rows, lang, now, href }: {
  id: string; title: string; rows: readonly DashboardRowView[]; lang: Lang; now: string; href: (c: DashboardRowView) => string;
}) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{title} <span class="step-count">{t(lang, 'web.dashboard.step_count', { count: rows.length })}</span></h2>
      {rows.length === 0 ? <p class="muted">{t(lang, 'web.dashboard.none')}</p>
        : <ul class="briefs">{rows.map((c) => <BriefRow c={c} lang={lang} now={now} href={href(c)} />)}</ul>}
    </section>
  );
}

/**
 * The gateway sessions running now that the visitor may see (the live sessions page's view
 * model): who, to which target, since when, and for a supervisor the read-only live view.
 */
function LiveSection({ sessions, lang, watches }: { sessions: readonly LiveSessionView[]; lang: Lang; watches: boolean }) {
  return (
    <section class="panel" aria-labelledby="live">
      <h2 id="live">{t(lang, 'web.dashboard.live')} <span class="step-count">{t(lang, 'web.dashboard.live_count', { count: sessions.length })}</span></h2>
      {sessions.length === 0 ? <p class="muted">{t(lang, 'web.dashboard.none')}</p> : (
        <ul class="briefs dash-live">
          {sessions.map((s) => (
            <li class="brief">
              <div class="case-head">
                {watches
                  ? <a class="brief-link" href={`/sessions/live/${encodeURIComponent(s.id)}`}>{`${s.username} → ${s.target}`}</a>
                  : <span class="brief-link">{`${s.username} → ${s.target}`}</span>}
                <a class="case-id" href={`/cases/${encodeURIComponent(s.caseId)}`}>{t(lang, 'case.heading', { id: s.caseId.slice(0, 8) })}</a>
              </div>
              <p class="brief-detail"><time datetime={s.startedAt.utc}>{t(lang, 'web.dashboard.live_since', { when: wordDateTime(s.startedAt, lang) })}</time></p>
            </li>
          ))}
        </ul>
      )}
      {/* Nothing to follow when nothing runs (the header links the live sessions page all the same). */}
      {sessions.length > 0 && <p class="small"><a href="/sessions/live">{t(lang, 'web.dashboard.live_all')}</a></p>}
    </section>
  );
}

const caseHref = (c: DashboardRowView): string => `/cases/${encodeURIComponent(c.id)}`;
export const approvalHref = (c: DashboardRowView): string => `/approvals/${encodeURIComponent(c.id)}`;

/**
 * The dashboard, from its view model: what waits for approval, the visitor's assignments, this
 * month's missed time standards, and the open cases by the SOP step each is in (B1–B6), each
 * running clock counted down in the page. `#dashboard-live` fetches itself again every 30 s
 * (htmx, Jaga's own copy) and is swapped in place: no full reload, nothing inline.
 */
export function DashboardPage({ visitor, view, live = [] }: { visitor: Visitor; view: DashboardViewModel; live?: readonly LiveSessionView[] }) {
  const { lang } = visitor;
  const now = view.at.utc;
  const open = view.byStep.reduce((n, g) => n + g.cases.length, 0);
  const approves = visitor.principal?.user.role === 'koordinator';
  const role = visitor.principal?.user.role;
  // Who may see any live session (supervisors, and executors their own) gets the section, empty or not.
  const seesLive = role !== undefined && (watchesSessions(role) || isExecutorRole(role));
  return (
    <Layout visitor={visitor} title={t(lang, 'web.dashboard.title')} here="/" signedIn>
      <div id="dashboard-live" data-now={now} hx-get="/" hx-trigger="every 30s" hx-headers={REFRESH_HX_HEADERS} hx-select="#dashboard-live" hx-swap="outerHTML">
        <h1>{t(lang, 'web.dashboard.open_cases')}</h1>
        <p class="lead">{t(lang, 'web.dashboard.open_total', { count: open })}</p>
        <p class="muted small as-of">{t(lang, 'web.dashboard.as_of', { when: wordDateTime(view.at, lang) })}</p>
        {view.truncated && <p class="notice" role="status">{t(lang, 'web.dashboard.truncated')}</p>}
        <div class="panels">
          <BriefSection id="awaiting" title={t(lang, 'web.dashboard.awaiting')} rows={view.awaitingApproval} lang={lang} now={now}
            href={approves ? approvalHref : caseHref} />
          <BriefSection id="mine" title={t(lang, 'web.dashboard.mine')} rows={view.mine} lang={lang} now={now} href={caseHref} />
          {(seesLive || live.length > 0) && <LiveSection sessions={live} lang={lang} watches={role !== undefined && watchesSessions(role)} />}
          <section class="panel" aria-labelledby="month">
            <h2 id="month">{t(lang, 'web.dashboard.month', { since: wordDate(view.thisMonth.since, lang) })}</h2>
            <dl class="figures">
              <div><dt>{t(lang, 'web.dashboard.month_cases')}</dt><dd>{view.thisMonth.cases}</dd></div>
              <div><dt>{t(lang, 'web.dashboard.month_with')}</dt><dd>{view.thisMonth.casesWithDeviations}</dd></div>
              <div class={view.thisMonth.deviations > 0 ? 'figure-bad' : undefined}>
                <dt>{t(lang, 'web.dashboard.month_deviations')}</dt><dd>{view.thisMonth.deviations}</dd>
              </div>
            </dl>
          </section>
        </div>
        <div class="steps">{view.byStep.map((g) => <StepSection step={g.step} cases={g.cases} lang={lang} now={now} />)}</div>
        {/* After the steps, so the keyboard's path from the skip link still reaches the first case first. */}
        {visitor.principal && readsSopEvaluation(visitor.principal.user) && (
          <p class="month-more"><a href="/reports/evaluation">{t(lang, 'web.dashboard.month_evaluation')}</a></p>
        )}
      </div>
    </Layout>
  );
}
