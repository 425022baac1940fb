import { terminatesSessions, watchesSessions } from '../../domain/auth/gateway-session.policy.js';
import { t } from '../../messages/catalogue.js';
import { wordDateTime } from '../../presenters/format-time.js';
import type { LiveSessionView } from '../../presenters/view-models/live-session-view.js';
import type { FormErrors } from '../form-errors.js';
import type { SignedIn } from '../web-visitor.js';
import { TextArea } from './form-controls.js';
import { FormToken, Layout } from './layout.js';

export interface LiveSessionsForm {
  /** The session a refused termination was for, what was typed and the API's message. */
  readonly session?: string;
  readonly reason?: string;
  readonly errors?: FormErrors<'reason'>;
  /** Just terminated. */
  readonly ended?: { readonly user: string; readonly target: string } | undefined;
}

/**
 * The gateway sessions running now that the visitor may see; for a koordinator or the superadmin,
 * each with a form to terminate it, the reason going into the logbook.
 */
export function LiveSessionsPage({ visitor, sessions, form }: { visitor: SignedIn; sessions: readonly LiveSessionView[]; form: LiveSessionsForm }) {
  const { lang } = visitor;
  const terminates = terminatesSessions(visitor.principal.user.role);
  const watches = watchesSessions(visitor.principal.user.role);
  return (
    <Layout visitor={visitor} title={t(lang, 'web.live.title')} here="/sessions/live" signedIn>
      <h1>{t(lang, 'web.live.title')}</h1>
      <p class="muted small">{t(lang, 'web.live.node_note')}</p>
      {form.ended && <p class="notice done" role="status">{t(lang, 'web.live.terminated', form.ended)}</p>}
      {form.errors?.form && <p class="alert" role="alert">{form.errors.form}</p>}
      {sessions.length === 0 ? <p class="panel muted">{t(lang, 'web.live.none')}</p> : (
        <ul class="live-sessions">
          {sessions.map((s) => {
            const headingId = `live-${s.id}`;
            const mine = form.session === s.id;
            return (
              <li class="panel live-session">
                <h2 id={headingId}>{`${s.username} → ${s.target}`}</h2>
                <dl class="case-facts summary">
                  <div><dt>{t(lang, 'web.live.case')}</dt><dd><a href={`/cases/${encodeURIComponent(s.caseId)}`}>{s.caseId.slice(0, 8)}</a></dd></div>
                  <div><dt>{t(lang, 'web.live.source')}</dt><dd>{s.sourceIp}</dd></div>
                  <div><dt>{t(lang, 'case.label.network')}</dt><dd>{s.network}</dd></div>
                  <div><dt>{t(lang, 'case.label.workstation')}</dt><dd>{s.workstation}</dd></div>
                  <div><dt>{t(lang, 'web.live.started')}</dt><dd><time datetime={s.startedAt.utc}>{wordDateTime(s.startedAt, lang)}</time></dd></div>
                  <div><dt>{t(lang, 'web.live.last_activity')}</dt><dd><time datetime={s.lastActivityAt.utc}>{wordDateTime(s.lastActivityAt, lang)}</time></dd></div>
                  <div><dt>{t(lang, 'web.live.traffic')}</dt><dd>{t(lang, 'web.live.bytes', { up: s.bytesUp, down: s.bytesDown })}</dd></div>
                  {s.node !== null && <div><dt>{t(lang, 'web.live.node')}</dt><dd>{s.node}</dd></div>}
                  <div class="wide"><dt>{t(lang, 'web.live.channels')}</dt>
                    <dd>{s.channels.map((c) => `${c.channel}: ${c.kind}${c.command ? ` (${c.command})` : ''}`).join('; ')}</dd></div>
                </dl>
                {watches && <p><a class="button" href={`/sessions/live/${encodeURIComponent(s.id)}`}>{t(lang, 'web.live_view.watch')}</a></p>}
                {terminates && (
                  <form method="post" action={`/sessions/live/${encodeURIComponent(s.id)}/terminate`} class="stack" aria-labelledby={headingId}>
                    <FormToken visitor={visitor} />
                    <TextArea name="reason" id={`reason-${s.id}`} label={t(lang, 'web.live.reason')} rows={2} maxlength={500} required
                      value={mine ? form.reason : undefined} error={mine ? form.errors?.reason : undefined} />
                    <button type="submit" class="danger">{t(lang, 'web.live.terminate')}</button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}
