import type { GatewaySession } from '../../ports/repositories.js';
import type { CaseStepAction } from '../../domain/case/case-lifecycle.js';
import { t } from '../../messages/catalogue.js';
import type { Lang } from '../../messages/catalogue.js';
import { localTime, wordDateTime } from '../../presenters/format-time.js';
import type { CaseViewModel, PersonRef } from '../../presenters/view-models/case-view.js';
import type { DashboardViewModel } from '../../presenters/view-models/dashboard-view.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { REFRESH_HX_HEADERS } from '../web-visitor.js';
import { BriefRow, approvalHref } from './dashboard-page.js';
import { TextArea } from './form-controls.js';
import { FormToken, Layout } from './layout.js';

const who = (p: PersonRef | null | undefined): string => (p ? p.name || p.username || p.id : '—');

/**
 * What needs the koordinator, on a phone: the closed records waiting for approval (each to its
 * approval screen), then the running clocks that are amber or red, most used first.
 */
export function ApprovalQueuePage({ visitor, view }: { visitor: SignedIn; view: DashboardViewModel }) {
  const { lang } = visitor;
  const now = view.at.utc;
  const caseHref = (id: string): string => `/cases/${encodeURIComponent(id)}`;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.approvals.title')} here="/approvals" signedIn>
      <div id="approvals-live" data-now={now} hx-get="/approvals" hx-trigger="every 30s" hx-headers={REFRESH_HX_HEADERS} hx-select="#approvals-live" hx-swap="outerHTML">
        <h1>{t(lang, 'web.approvals.title')}</h1>
        <p class="muted small as-of">{t(lang, 'web.dashboard.as_of', { when: wordDateTime(view.at, lang) })}</p>
        <section class="panel" aria-labelledby="queue-awaiting">
          <h2 id="queue-awaiting">{t(lang, 'web.approvals.awaiting')} <span class="step-count">{t(lang, 'web.dashboard.step_count', { count: view.awaitingApproval.length })}</span></h2>
          {view.awaitingApproval.length === 0 ? <p class="muted">{t(lang, 'web.approvals.none_awaiting')}</p> : (
            <ul class="briefs">{view.awaitingApproval.map((c) => <BriefRow c={c} lang={lang} now={now} href={approvalHref(c)} detail />)}</ul>
          )}
        </section>
        <section class="panel" aria-labelledby="queue-attention">
          <h2 id="queue-attention">{t(lang, 'web.approvals.attention')} <span class="step-count">{t(lang, 'web.dashboard.step_count', { count: view.attention.length })}</span></h2>
          {view.attention.length === 0 ? <p class="muted">{t(lang, 'web.approvals.none_attention')}</p> : (
            <ul class="briefs">{view.attention.map((c) => <BriefRow c={c} lang={lang} now={now} href={caseHref(c.id)} />)}</ul>
          )}
        </section>
      </div>
    </Layout>
  );
}

export interface ApprovalForms {
  /** What was typed, shown again after a refusal. */
  readonly notes?: string;
  readonly reason?: string;
  readonly errors?: FormErrors<'notes' | 'reason'>;
  /** Just done: the screen says so. */
  readonly done?: 'approved' | 'returned' | undefined;
}

function Fact({ label, wide = false, children }: { label: string; wide?: boolean; children: unknown }) {
  return <div class={wide ? 'wide' : undefined}><dt>{label}</dt><dd>{children}</dd></div>;
}

/** The recordings of the case's gateway sessions, each a download of its asciicast (the API's route). */
function Recordings({ sessions, lang, zone }: { sessions: readonly GatewaySession[]; lang: Lang; zone: string }) {
  const items = sessions.flatMap((s) => s.recordings.map((r) => ({ s, r })));
  if (items.length === 0) return <p class="muted">{t(lang, 'web.approval.no_recordings')}</p>;
  return (
    <ul class="evidence">
      {items.map(({ s, r }) => (
        <li><a href={`/api/v1/gateway/sessions/${encodeURIComponent(s.id)}/recordings/${r.channel}`}>
          {t(lang, 'web.approval.recording', { channel: r.channel, when: wordDateTime(localTime(s.startedAt, zone), lang) })}
        </a></li>
      ))}
    </ul>
  );
}

/**
 * One approval on a phone: the case in a few lines (target, executor, times, deviations), the
 * evidence, and — only when the policy lets this visitor now — *Setujui* and *Kembalikan*.
 */
export function ApprovalPage({ visitor, view, actions, sessions, forms }: {
  visitor: SignedIn; view: CaseViewModel; actions: readonly CaseStepAction[]; sessions: readonly GatewaySession[]; forms: ApprovalForms;
}) {
  const { lang } = visitor;
  const id = encodeURIComponent(view.id);
  const errors = forms.errors ?? {};
  const deviations = view.timeline.filter((r) => r.deviation && r.deviation.overMinutes > 0);
  const target = view.target ? `${view.target.name ?? view.target.id}${view.target.host ? ` (${view.target.host})` : ''}` : '—';
  const title = t(lang, 'web.approval.title', { id: view.id.slice(0, 8) });
  return (
    <Layout visitor={visitor} title={title} here={`/approvals/${id}`} signedIn>
      <article class="approval">
        <p class="crumbs"><a href="/approvals">{t(lang, 'web.approval.back')}</a></p>
        <h1>{view.report.system}</h1>
        <p class="case-id">{t(lang, 'case.heading', { id: view.id })}</p>
        {(actions.includes('approve') || actions.includes('return')) && <p class="jump"><a href="#decide">{t(lang, 'web.approval.to_decision')}</a></p>}
        {forms.done && <p class="notice done" role="status">{t(lang, forms.done === 'approved' ? 'web.approval.approved' : 'web.approval.was_returned')}</p>}
        {errors.form && <p class="alert" role="alert">{errors.form}</p>}
        <section class="panel" aria-labelledby="approval-summary">
          <h2 id="approval-summary">{t(lang, 'web.approval.summary')}</h2>
          <p class="case-description">{view.report.description}</p>
          <dl class="case-facts summary">
            <Fact label={t(lang, 'case.label.status')}><span class={`badge status-${view.status}`}>{t(lang, `case.status.${view.status}`)}</span></Fact>
            <Fact label={t(lang, 'case.label.target')}>{target}</Fact>
            <Fact label={t(lang, 'case.label.executor')}>{who(view.acknowledgement?.executor)}</Fact>
            <Fact label={t(lang, 'case.label.reported')}><time datetime={view.report.at.utc}>{wordDateTime(view.report.at, lang)}</time></Fact>
            <Fact wide label={t(lang, 'web.approval.access')}>{`${wordDateTime(view.a2.accessStart, lang)} – ${wordDateTime(view.a2.accessEnd, lang)}`}</Fact>
            <Fact wide label={t(lang, 'case.label.initial_fix')}>{view.restoration?.initialFix ?? '—'}</Fact>
            <Fact wide label={t(lang, 'case.label.root_cause')}>{view.rootCause?.rootCause ?? '—'}</Fact>
            <Fact wide label={t(lang, 'case.label.permanent_fix')}>{view.rootCause?.permanentFix ?? '—'}</Fact>
            <Fact wide label={t(lang, 'web.approval.closed')}>{view.closure ? `${wordDateTime(view.closure.at, lang)}, ${t(lang, 'case.label.by', { who: who(view.closure.by) })}` : '—'}</Fact>
          </dl>
          {view.returns.length > 0 && <p class="muted small">{t(lang, 'web.approval.returned_before', { count: view.returns.length })}</p>}
        </section>
        <section class="panel" aria-labelledby="approval-deviations">
          <h2 id="approval-deviations">{t(lang, 'web.approval.deviations')}</h2>
          {deviations.length === 0 ? <p class="muted">{t(lang, 'web.approval.no_deviations')}</p> : (
            <ul class="deviations">
              {deviations.map((r) => (
                <li>
                  <strong>{r.step}</strong>{' '}
                  {t(lang, r.deviation?.recorded ? 'case.timeline.deviation' : 'case.timeline.running_late', { minutes: r.deviation?.overMinutes ?? 0 })}
                  <br />
                  {r.deviation?.explanation
                    ? <span class="muted">{`${t(lang, 'case.timeline.explanation')}: ${r.deviation.explanation.text}`}</span>
                    : <strong class="unexplained">{t(lang, 'case.timeline.unexplained')}</strong>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="panel" aria-labelledby="approval-evidence">
          <h2 id="approval-evidence">{t(lang, 'web.approval.evidence')}</h2>
          <p><a href={`/cases/${id}`}>{t(lang, 'web.approval.case_page')}</a></p>
          <Recordings sessions={sessions} lang={lang} zone={view.unit.timeZone} />
        </section>
        {!actions.includes('approve') && !actions.includes('return') && !forms.done && (
          <p class="notice" role="status">{t(lang, 'web.approval.nothing_to_do', { status: t(lang, `case.status.${view.status}`) })}</p>
        )}
        <div id="decide">
        {actions.includes('approve') && (
          <section class="panel decide" aria-labelledby="approve-heading">
            <h2 id="approve-heading">{t(lang, 'web.approval.approve_heading')}</h2>
            <form method="post" action={`/approvals/${id}/approve`} class="stack">
              <FormToken visitor={visitor} />
              <TextArea name="notes" label={t(lang, 'web.approval.notes')} value={forms.notes} rows={2} maxlength={4000} error={errors.notes} />
              <button type="submit" class="primary big">{t(lang, 'web.approval.approve')}</button>
            </form>
          </section>
        )}
        {actions.includes('return') && (
          <section class="panel decide" aria-labelledby="return-heading">
            <h2 id="return-heading">{t(lang, 'web.approval.return_heading')}</h2>
            <form method="post" action={`/approvals/${id}/return`} class="stack">
              <FormToken visitor={visitor} />
              <TextArea name="reason" label={t(lang, 'web.approval.reason')} value={forms.reason} rows={3} maxlength={4000} required error={errors.reason} />
              <button type="submit" class="danger big">{t(lang, 'web.approval.return')}</button>
            </form>
          </section>
        )}
        </div>
      </article>
    </Layout>
  );
}
