import { t } from '../../messages/catalogue.js';
import { wordDateTime } from '../../presenters/format-time.js';
import type { LiveSessionView } from '../../presenters/view-models/live-session-view.js';
import type { SignedIn } from '../web-visitor.js';
import { Layout } from './layout.js';

/** The API's read-only WebSocket of a live session: what the player connects to (authorised and logged there). */
export const watchPath = (sessionId: string): string => `/api/v1/gateway/sessions/${encodeURIComponent(sessionId)}/watch`;

/** What the head of the live view loads: the player's stylesheet and script, and Jaga's set-up of it. */
const LiveHead = () => (
  <>
    <link rel="stylesheet" href="/assets/asciinema-player.css" />
    <script src="/assets/asciinema-player.min.js" defer></script>
    <script src="/assets/jaga-live.js" defer></script>
  </>
);

/**
 * The read-only live view of a running gateway session: its case, user, target and start (in the
 * unit's zone), and the terminal as it happens (asciinema-player fed by the API's watch WebSocket;
 * jaga-live.js sets it up from `data-watch`). Only for those the policy lets watch.
 */
export function LiveViewPage({ visitor, session }: { visitor: SignedIn; session: LiveSessionView }) {
  const { lang } = visitor;
  const s = session;
  return (
    <Layout visitor={visitor} title={t(lang, 'web.live_view.title')} here="/sessions/live" signedIn head={<LiveHead />}>
      <p><a href="/sessions/live">{t(lang, 'web.live_view.back')}</a></p>
      <h1>{t(lang, 'web.live_view.title')}</h1>
      <dl class="case-facts summary panel">
        <div><dt>{t(lang, 'web.live.case')}</dt><dd><a href={`/cases/${encodeURIComponent(s.caseId)}`}>{s.caseId.slice(0, 8)}</a></dd></div>
        <div><dt>{t(lang, 'web.live_view.user')}</dt><dd>{s.username}</dd></div>
        <div><dt>{t(lang, 'web.live_view.target')}</dt><dd>{s.target}</dd></div>
        <div><dt>{t(lang, 'web.live.started')}</dt><dd><time datetime={s.startedAt.utc}>{wordDateTime(s.startedAt, lang)}</time></dd></div>
        <div><dt>{t(lang, 'web.live.source')}</dt><dd>{s.sourceIp}</dd></div>
      </dl>
      <p class="muted small">{t(lang, 'web.live_view.note')}</p>
      <div id="live-player" class="player live-player" data-watch={watchPath(s.id)} role="region" aria-label={t(lang, 'web.live_view.terminal')}>
        <p class="muted no-script">{t(lang, 'web.live_view.no_script')}</p>
      </div>
    </Layout>
  );
}
