import type { A2Field } from '../../domain/case/a2-documentation.js';
import type { CorrectableField } from '../../domain/case/repair-case.js';
import type { StepCode } from '../../domain/sop/sop-definition.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import { localTime, wordDate, wordDateTime } from '../../presenters/format-time.js';
import type { LocalTime } from '../../presenters/format-time.js';
import { terminalSafe } from '../../presenters/terminal-safe.js';
import type { Transcript, TranscriptLine } from '../../presenters/transcript.js';
import type { CasePageViewModel, SessionView, TransferView } from '../../presenters/view-models/case-page-view.js';
import type { CaseViewModel, PersonRef, TimelineRowView } from '../../presenters/view-models/case-view.js';
import type { ActionForm, FormAction } from '../case-action-forms.js';
import { ACTION_FORMS } from '../case-action-forms.js';
import type { Visitor } from '../web-visitor.js';
import { Clock } from './dashboard-page.js';
import { FormToken, Layout } from './layout.js';

/** A form the visitor sent and the use case refused: what they typed, and the use case's message next to its field (or above the form). */
export interface ActionFormState {
  readonly action: FormAction;
  readonly values: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Partial<Record<string, string>>>;
  readonly formError?: string;
}

/** The transcript of the recording the visitor asked for, or why it cannot be shown. */
export type TranscriptState = {
  readonly sessionId: string;
  readonly channel: number;
  readonly query: string;
} & ({ readonly transcript: Transcript; readonly cut: boolean; readonly matches: ReadonlySet<number>; readonly error?: undefined } | { readonly error: string });

export interface CasePageProps {
  readonly visitor: Visitor;
  readonly view: CasePageViewModel;
  readonly transcript?: TranscriptState | undefined;
  readonly form?: ActionFormState;
  /** The move just made (after its redirect): said in a notice. */
  readonly done?: FormAction;
}

const A2_KEYS = {
  location: 'case.a2.location', network: 'case.a2.network', date: 'case.a2.date', accessStart: 'case.a2.access_start',
  accessEnd: 'case.a2.access_end', analysis: 'case.a2.analysis', repair: 'case.a2.repair',
} as const satisfies Record<A2Field, string>;
const CORRECTABLE_KEYS = {
  initialFix: 'case.label.initial_fix', rootCause: 'case.label.root_cause', permanentFix: 'case.label.permanent_fix',
} as const satisfies Record<CorrectableField, string>;

/** `Andi Saputra (andi)`, or the id when the user record is gone. */
const personName = (p: PersonRef): string => (p.username === null ? p.id : p.name && p.name !== p.username ? `${p.name} (${p.username})` : p.username);

function When({ at, lang }: { at: LocalTime | null; lang: Lang }) {
  return at ? <time datetime={at.utc}>{wordDateTime(at, lang)}</time> : <span>—</span>;
}

/** Who did a step's work: the person the case records for it. */
function stepBy(v: CaseViewModel, step: StepCode): PersonRef | null {
  switch (step) {
    case 'B1': return v.acknowledgement?.by ?? null;
    case 'B2': return v.preparation?.by ?? null;
    case 'B3': return v.accesses[0]?.recordedBy ?? null;
    case 'B4': return v.restoration?.by ?? null;
    case 'B5': return v.rootCause?.by ?? null;
    case 'B6': return v.closure?.by ?? null;
  }
}

function Summary({ view, lang }: { view: CasePageViewModel; lang: Lang }) {
  const v = view.case;
  const executor = v.acknowledgement?.executor;
  return (
    <section class="card case-summary" aria-labelledby="summary-h">
      <h2 id="summary-h" class="visually-hidden">{t(lang, 'web.case_page.summary')}</h2>
      <p class="case-status">
        <span class={`badge status-${v.status}`}>{t(lang, `case.status.${v.status}`)}</span>
        {v.step && <span class="step-code">{v.step}</span>}
        {v.step && <span>{t(lang, `case.step.${v.step}`)}</span>}
        {v.status === 'root_caused' && v.returns.length > 0 && <strong class="returned">{t(lang, 'case.label.awaiting_correction')}</strong>}
      </p>
      {view.clock && <Clock clock={view.clock} lang={lang} now={view.now} />}
      <p class="case-system">{v.report.system}</p>
      <p class="case-description">{v.report.description || t(lang, 'web.case.no_description')}</p>
      <dl class="case-facts">
        <div><dt>{t(lang, 'case.label.urgency')}</dt><dd><span class={`badge urgency-${v.report.urgency}`}>{t(lang, `case.urgency.${v.report.urgency}`)}</span></dd></div>
        <div><dt>{t(lang, 'case.label.reported')}</dt><dd><When at={v.report.at} lang={lang} /> {t(lang, 'case.label.by', { who: personName(v.report.reporter) })}</dd></div>
        <div><dt>{t(lang, 'case.label.unit')}</dt><dd>{v.unit.name ?? v.unit.code ?? v.unit.id}</dd></div>
        {v.target && <div><dt>{t(lang, 'case.label.target')}</dt><dd>{v.target.name ?? v.target.id}{v.target.host ? ` (${v.target.loginAccount ?? '?'}@${v.target.host})` : ''}</dd></div>}
        <div><dt>{t(lang, 'case.label.executor')}</dt><dd>{executor ? personName(executor) : t(lang, 'web.case.no_executor')}</dd></div>
        <div><dt>{t(lang, 'case.label.sop')}</dt><dd>{`${v.sop.code} ${v.sop.version}`}</dd></div>
        {v.acknowledgement && <div><dt>{t(lang, 'case.label.classification')}</dt><dd>{v.acknowledgement.classification}</dd></div>}
        {v.acknowledgement && <div><dt>{t(lang, 'case.label.impact')}</dt><dd class="user-text">{v.acknowledgement.impact}</dd></div>}
      </dl>
    </section>
  );
}

function TimelineStep({ row, view, lang }: { row: TimelineRowView; view: CasePageViewModel; lang: Lang }) {
  const v = view.case;
  const requirement = view.requirements[row.step];
  const by = stepBy(v, row.step);
  const d = row.deviation;
  const running = row.state === 'in_progress' && view.clock?.step === row.step;
  return (
    <li class={`timeline-step step-${row.state}${d && d.overMinutes > 0 ? ' step-late' : ''}`} aria-current={row.state === 'in_progress' ? 'step' : undefined}>
      <h3><span class="step-code">{row.step}</span> {row.activity[lang]}</h3>
      <dl class="step-facts">
        {requirement && <div><dt>{t(lang, 'web.case_page.requirement')}</dt><dd>{requirement[lang]}</dd></div>}
        {row.output && <div><dt>{t(lang, 'web.case_page.output')}</dt><dd>{row.output[lang]}</dd></div>}
        <div><dt>{t(lang, 'web.case_page.standard')}</dt>
          <dd>{row.standardMinutes === null ? t(lang, 'case.timeline.no_standard') : t(lang, 'case.timeline.standard', { minutes: row.standardMinutes })}</dd></div>
        <div><dt>{t(lang, 'case.timeline.started')}</dt><dd>{row.startedAt ? <When at={row.startedAt} lang={lang} /> : t(lang, 'case.timeline.not_started')}</dd></div>
        <div><dt>{t(lang, 'case.timeline.completed')}</dt><dd>{row.completedAt ? <When at={row.completedAt} lang={lang} /> : row.state === 'in_progress' ? t(lang, 'case.timeline.in_progress') : '—'}</dd></div>
        {by && <div><dt>{t(lang, 'web.case_page.who')}</dt><dd>{personName(by)}</dd></div>}
      </dl>
      {running && view.clock && <Clock clock={view.clock} lang={lang} now={view.now} />}
      {row.judged && <p class="muted">{t(lang, 'case.timeline.judged_at_first_close', { count: v.returns.length })}</p>}
      {d && d.overMinutes > 0 && (
        <p class="deviation">
          {t(lang, d.recorded ? 'case.timeline.deviation' : 'case.timeline.running_late', { minutes: d.overMinutes })}
          {!d.explanation && <strong> — {t(lang, 'case.timeline.unexplained')}</strong>}
        </p>
      )}
      {d?.explanation && (
        <p class="explanation">
          <span class="label">{t(lang, 'case.timeline.explanation')}</span> ({t(lang, 'case.label.by', { who: personName(d.explanation.by) })}, <When at={d.explanation.at} lang={lang} />):{' '}
          <span class="user-text">{d.explanation.text}</span>
        </p>
      )}
    </li>
  );
}

function A1Checks({ v, lang }: { v: CaseViewModel; lang: Lang }) {
  const prep = v.preparation;
  return (
    <section class="card" aria-labelledby="a1-h">
      <h2 id="a1-h">{t(lang, 'case.a1.heading')}{prep && <span class={prep.ready ? 'result-ok' : 'result-failed'}>{` — ${t(lang, prep.ready ? 'case.a1.passed' : 'case.a1.failed')}`}</span>}</h2>
      {!prep ? <p class="muted">{t(lang, 'web.case_page.a1_none')}</p> : (
        <ul class="checks">
          {prep.checks.map((ch) => (
            <li class={ch.passed ? 'check check-ok' : 'check check-failed'}>
              <p class="check-head"><span class="step-code">{`A1${ch.code}`}</span>
                <strong class={ch.passed ? 'result-ok' : 'result-failed'}>{t(lang, ch.passed ? 'case.a1.ok' : 'case.a1.failed')}</strong>
                {!ch.mandatory && <span class="muted">{` [${t(lang, 'case.a1.optional')}]`}</span>}</p>
              {ch.provision && <p class="provision">{ch.provision[lang]}</p>}
              <p class="check-reason">{ch.reason[lang]}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function A2Record({ v, lang }: { v: CaseViewModel; lang: Lang }) {
  const a2 = v.a2;
  const missing = new Set(a2.missing);
  const value: Record<A2Field, string | null> = {
    location: a2.location,
    network: a2.networks.length > 0 ? a2.networks.map((n) => n.name ?? n.id).join(', ') : a2.network,
    date: a2.accessStart ? wordDate(a2.accessStart, lang) : a2.date,
    accessStart: a2.accessStart ? wordDateTime(a2.accessStart, lang) : null,
    accessEnd: a2.accessEnd ? wordDateTime(a2.accessEnd, lang) : null,
    analysis: a2.analysis, repair: a2.repair,
  };
  const fields = Object.keys(A2_KEYS) as A2Field[];
  return (
    <section class="card" aria-labelledby="a2-h">
      <h2 id="a2-h">{t(lang, 'case.a2.heading')}<span class={missing.size === 0 ? 'result-ok' : 'result-failed'}>{` — ${t(lang, missing.size === 0 ? 'case.a2.complete' : 'case.a2.missing')}`}</span></h2>
      {missing.size > 0 && <p class="a2-missing-list" role="note"><strong>{t(lang, 'web.case_page.a2_missing_fields')}:</strong> {a2.missing.map((f) => t(lang, A2_KEYS[f])).join(', ')}</p>}
      <dl class="a2">
        {fields.map((f) => (
          <div class={missing.has(f) ? 'a2-field a2-missing' : 'a2-field'}>
            <dt>{t(lang, A2_KEYS[f])}</dt>
            <dd class="user-text">{missing.has(f) ? <strong>{t(lang, 'web.case_page.a2_field_missing')}</strong> : value[f]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const recParam = (s: { id: string }, channel: number): string => `${s.id}:${channel}`;

function Sessions({ view, lang, transcript }: { view: CasePageViewModel; lang: Lang; transcript: TranscriptState | undefined }) {
  const here = `/cases/${encodeURIComponent(view.case.id)}`;
  return (
    <section class="card" aria-labelledby="sessions-h">
      <h2 id="sessions-h">{t(lang, 'web.case_page.sessions')}</h2>
      {view.sessions.length === 0 ? <p class="muted">{t(lang, 'web.case_page.sessions_none')}</p> : (
        <ul class="sessions">
          {view.sessions.map((s: SessionView) => (
            <li class="session">
              <p class="session-head"><code class="session-id">{s.id}</code></p>
              <dl class="session-facts">
                <div><dt>{t(lang, 'web.case_page.session_user')}</dt><dd>{personName(s.user)}</dd></div>
                <div><dt>{t(lang, 'web.case_page.session_source')}</dt><dd>{`${s.sourceIp} · ${s.network.name ?? s.network.id} · ${s.workstation.assetTag ?? s.workstation.id}`}</dd></div>
                <div><dt>{t(lang, 'web.case_page.session_time')}</dt><dd><When at={s.startedAt} lang={lang} />{' – '}
                  {s.endedAt ? <When at={s.endedAt} lang={lang} /> : t(lang, 'web.case_page.session_open')}
                  {s.endReason && ` (${t(lang, `web.case_page.end.${s.endReason}`)})`}</dd></div>
                <div><dt>{t(lang, 'web.case_page.session_recordings')}</dt><dd>
                  {s.recordings.length === 0 ? t(lang, 'web.case_page.recording_none') : (
                    <ul class="recordings">{s.recordings.map((r) => (
                      <li>
                        <span>{`${t(lang, 'web.case_page.recording_channel', { channel: r.channel })}, ${t(lang, 'web.case_page.recording_bytes', { bytes: r.bytes })}`}</span>
                        <code class="hash">{r.sha256}</code>
                        {s.mayPlay && <a href={`${here}?rec=${encodeURIComponent(recParam(s, r.channel))}#transcript`}>{t(lang, 'web.case_page.recording_show')}</a>}
                      </li>
                    ))}</ul>
                  )}
                </dd></div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {view.sessions.some((s) => s.mayPlay) && <Transfers transfers={view.transfers} lang={lang} />}
      {transcript && <TranscriptView state={transcript} here={here} zone={view.case.unit.timeZone} lang={lang} />}
    </section>
  );
}

const TRANSFER_OPS = ['upload', 'download', 'remove', 'rename', 'mkdir', 'rmdir', 'setstat', 'symlink', 'hardlink', 'copy', 'fsync', 'refused', 'unparseable'] as const;
const TRANSFER_STATUSES = ['ok', 'failed', 'incomplete'] as const;
const known = <T extends string>(list: readonly T[], x: string): x is T => (list as readonly string[]).includes(x);

/** The file operations the gateway followed, each with its path, size and SHA-256 (or why there is none). */
function Transfers({ transfers, lang }: { transfers: readonly TransferView[]; lang: Lang }) {
  return (
    <section class="transfers" aria-labelledby="transfers-h">
      <h3 id="transfers-h">{t(lang, 'web.case_page.transfers')}</h3>
      {transfers.length === 0 ? <p class="muted">{t(lang, 'web.case_page.transfers_none')}</p> : (
        <ul class="transfer-list">
          {transfers.map((x) => (
            <li class={`transfer transfer-${x.status}`}>
              <p class="transfer-head">
                <strong>{known(TRANSFER_OPS, x.op) ? t(lang, `web.case_page.transfer_op.${x.op}`) : x.op}</strong>
                {` (${x.protocol}) · `}<When at={x.at} lang={lang} />{' · '}
                {known(TRANSFER_STATUSES, x.status) ? t(lang, `web.case_page.transfer_status.${x.status}`) : x.status}
              </p>
              {/* A path may hold control or bidi characters (a name made to read as another): shown as visible stand-ins. */}
              <p><code class="transfer-path">{x.toPath ? `${terminalSafe(x.path)} → ${terminalSafe(x.toPath)}` : terminalSafe(x.path)}</code></p>
              {(x.op === 'upload' || x.op === 'download' || x.op === 'copy') && (
                <p class="small">{t(lang, 'web.case_page.recording_bytes', { bytes: x.bytes })}{' · '}
                  {x.sha256 ? <code class="hash">{x.sha256}</code> : t(lang, 'web.case_page.transfer_no_hash')}
                  {x.hashNote && <span class="muted">{` (${x.hashNote})`}</span>}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `09.05.07` (id) or `09:05:07` (en): the wall-clock second of a transcript line, in the unit's zone. */
function lineClock(start: string | null, at: number, zone: string, lang: Lang): { iso: string; text: string } | null {
  if (start === null) return null;
  const iso = new Date(Date.parse(start) + Math.floor(at * 1000)).toISOString();
  const local = localTime(iso, zone) as LocalTime;
  const text = `${local.time}:${iso.slice(17, 19)}`;
  return { iso, text: lang === 'id' ? text.replaceAll(':', '.') : text };
}

/** The line's text with each occurrence of the query marked. */
function Marked({ text, query }: { text: string; query: string }) {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return <>{text}</>;
  const parts: (string | ReturnType<typeof Mark>)[] = [];
  const lower = text.toLocaleLowerCase();
  let i = 0;
  for (let at = lower.indexOf(q); at !== -1 && q.length > 0; at = lower.indexOf(q, i)) {
    parts.push(text.slice(i, at), <Mark text={text.slice(at, at + q.length)} />);
    i = at + q.length;
  }
  parts.push(text.slice(i));
  return <>{parts}</>;
}
const Mark = ({ text }: { text: string }) => <mark>{text}</mark>;

function TranscriptLineItem({ line, matched, clock, query, lang }: { line: TranscriptLine; matched: boolean; clock: { iso: string; text: string } | null; query: string; lang: Lang }) {
  const offset = `+${String(Math.floor(line.at / 60)).padStart(2, '0')}:${String(Math.floor(line.at % 60)).padStart(2, '0')}`;
  const kind = line.kind === 'data' ? line.direction : line.kind;
  return (
    <li class={`tl tl-${kind}${matched ? ' tl-match' : ''}`}>
      {clock ? <time datetime={clock.iso} class="tl-time">{clock.text}</time> : <span class="tl-time">{offset}</span>}
      {/* Shown by jaga-player.js once the player is there: plays the recording from this line. */}
      <button type="button" class="tl-seek" data-at={String(line.at)} hidden aria-label={t(lang, 'web.case_page.play_from', { at: clock?.text ?? offset })}>▶</button>
      <span class="tl-kind">{t(lang, kind === 'input' ? 'web.case_page.line_input' : 'web.case_page.line_output')}</span>
      <code class="tl-text">{line.kind === 'data' ? t(lang, 'web.case_page.line_data', { bytes: line.bytes }) : matched ? <Marked text={line.text} query={query} /> : line.text}</code>
    </li>
  );
}

/** The speeds the player offers (the issue: up to 16×). */
const PLAYER_SPEEDS = [1, 2, 4, 8, 16] as const;
/** The API's download of the recording: what the player fetches (authorised and logged like any download). */
const castUrl = (s: TranscriptState): string => `/api/v1/gateway/sessions/${encodeURIComponent(s.sessionId)}/recordings/${s.channel}`;

/** What the head of a page with the player loads: its stylesheet and script, and Jaga's set-up of it. */
export const PlayerHead = () => (
  <>
    <link rel="stylesheet" href="/assets/asciinema-player.css" />
    <script src="/assets/asciinema-player.min.js" defer></script>
    <script src="/assets/jaga-player.js" defer></script>
  </>
);

function TranscriptView({ state, here, zone, lang }: { state: TranscriptState; here: string; zone: string; lang: Lang }) {
  const rec = `${state.sessionId}:${state.channel}`;
  return (
    <section id="transcript" class="transcript-box" aria-labelledby="transcript-h" tabindex={-1}>
      <h3 id="transcript-h">{t(lang, 'web.case_page.transcript')}: {t(lang, 'web.case_page.transcript_of', { session: state.sessionId, channel: state.channel })}</h3>
      {state.error !== undefined ? <p class="alert" role="alert">{state.error}</p> : (
        <div class="playback">
          <div class="playback-player">
          <div id="player" class="player" data-cast={castUrl(state)} role="region" aria-label={t(lang, 'web.case_page.player')}></div>
          <div id="player-controls" class="player-controls" hidden>
            <label for="player-speed">{t(lang, 'web.case_page.player_speed')}</label>
            <select id="player-speed">{PLAYER_SPEEDS.map((x) => <option value={String(x)} selected={x === 1}>{`${x}×`}</option>)}</select>
          </div>
          </div>
          <div class="playback-text">
          <form method="get" action={`${here}#transcript`} class="transcript-search" role="search">
            <input type="hidden" name="rec" value={rec} />
            <label for="transcript-q">{t(lang, 'web.case_page.transcript_search')}</label>
            <input id="transcript-q" name="q" type="search" value={state.query} maxlength={200} autocomplete="off" spellcheck={false} />
            <button type="submit">{t(lang, 'web.case_page.transcript_search_submit')}</button>
          </form>
          {state.query.trim() !== '' && <p role="status" class="transcript-matches">{t(lang, 'web.case_page.transcript_matches', { count: state.matches.size, query: state.query.trim() })}</p>}
          {(state.cut || state.transcript.truncated) && <p class="notice">{t(lang, 'web.case_page.transcript_truncated')}</p>}
          {state.transcript.lines.length === 0 ? <p class="muted">{t(lang, 'web.case_page.transcript_empty')}</p> : (
            <ol class="transcript">
              {state.transcript.lines.map((line, i) => (
                <TranscriptLineItem line={line} matched={state.matches.has(i)} query={state.query}
                  clock={lineClock(state.transcript.startedAt, line.at, zone, lang)} lang={lang} />
              ))}
            </ol>
          )}
          </div>
        </div>
      )}
      <p class="muted small">{t(lang, 'web.case_page.transcript_logged')} <a href={here}>{t(lang, 'web.case_page.transcript_close')}</a></p>
    </section>
  );
}

/** The refusals logged under the case (the gateway's at B3 included), newest first: when, who, from where, and why, in the viewer's language. */
function Refusals({ view, lang }: { view: CasePageViewModel; lang: Lang }) {
  const r = view.refusals;
  if (r === null) return <></>;
  return (
    <section class="card" aria-labelledby="refusals-h">
      <h2 id="refusals-h">{t(lang, 'web.case_page.refusals')}</h2>
      {r.total === 0 && <p class="muted">{t(lang, 'web.case_page.refusals_none')}</p>}
      <ol class="refusals">
        {r.latest.map((x) => (
          <li class="refusal">
            <p class="refusal-head"><When at={x.at} lang={lang} />{' · '}{x.by ? personName(x.by) : x.claimedUsername ?? t(lang, 'web.case_page.refusal_unknown_actor')}
              {x.sourceIp && <>{' · '}<code>{x.sourceIp}</code></>}{' · '}<code>{x.code}</code></p>
            <p class="refusal-reason">{x.reason[lang] || x.reason.id}</p>
          </li>
        ))}
      </ol>
      {r.total > r.latest.length && <p class="muted small">{t(lang, 'web.case_page.refusals_more', { shown: r.latest.length, total: r.total })}</p>}
    </section>
  );
}

/**
 * What the viewer may take away: the Form Laporan in either language (the API's own download:
 * each is issued and logged) and, for those the policy allows, the evidence bundle.
 */
function Documents({ view, lang }: { view: CasePageViewModel; lang: Lang }) {
  const { formLaporan, bundle } = view.documents;
  if (!formLaporan && !bundle) return <></>;
  const api = `/api/v1/cases/${encodeURIComponent(view.case.id)}`;
  return (
    <section class="card" aria-labelledby="documents-h">
      <h2 id="documents-h">{t(lang, 'web.case_page.documents')}</h2>
      <ul class="documents">
        {formLaporan && <li><a class="button" href={`${api}/report/form?lang=id`} download>{t(lang, 'web.case_page.form_id')}</a></li>}
        {formLaporan && <li><a class="button" href={`${api}/report/form?lang=en`} download>{t(lang, 'web.case_page.form_en')}</a></li>}
        {bundle && <li><a class="button" href={`${api}/bundle`} download>{t(lang, 'web.case_page.bundle')}</a></li>}
      </ul>
      <p class="muted small">{t(lang, 'web.case_page.documents_logged')}</p>
    </section>
  );
}

function Trail({ v, lang }: { v: CaseViewModel; lang: Lang }) {
  const byAt = (by: PersonRef, at: LocalTime) => <>{t(lang, 'case.label.by', { who: personName(by) })}, <When at={at} lang={lang} /></>;
  const empty = v.returns.length === 0 && !v.closure && !v.approval && !v.cancellation;
  return (
    <section class="card" aria-labelledby="trail-h">
      <h2 id="trail-h">{t(lang, 'web.case_page.trail')}</h2>
      {empty && <p class="muted">{t(lang, 'web.case_page.trail_none')}</p>}
      <ol class="trail">
        {v.returns.map((r, i) => {
          const until = v.returns[i + 1]?.at.utc;
          const corrections = v.corrections.filter((x) => x.at.utc >= r.at.utc && (until === undefined || x.at.utc < until));
          return (
            <li class="trail-return">
              <p><strong>{t(lang, 'case.section.b6')}</strong> ({byAt(r.closure.by, r.closure.at)}){r.closure.notes && <>: <span class="user-text">{r.closure.notes}</span></>}</p>
              <p><strong>{t(lang, 'case.section.return', { n: i + 1 })}</strong> ({byAt(r.by, r.at)})</p>
              <p class="return-reason"><span class="label">{t(lang, 'case.label.reason')}:</span> <span class="user-text">{r.reason}</span></p>
              {corrections.map((x) => (
                <div class="correction">
                  <p><strong>{t(lang, 'case.label.corrected')}</strong> — {t(lang, CORRECTABLE_KEYS[x.field])} ({byAt(x.by, x.at)})</p>
                  <p><span class="user-text">{x.after}</span></p>
                  <p class="muted"><span class="label">{t(lang, 'case.label.before_correction')}:</span> <span class="user-text">{x.before}</span></p>
                </div>
              ))}
            </li>
          );
        })}
        {v.closure && <li><p><strong>{t(lang, 'case.section.b6')}</strong> ({byAt(v.closure.by, v.closure.at)}){v.closure.notes && <>: <span class="user-text">{v.closure.notes}</span></>}</p></li>}
        {v.approval && <li class="trail-approval"><p><strong>{t(lang, 'case.section.approval')}</strong> ({byAt(v.approval.by, v.approval.at)}){v.approval.notes && <>: <span class="user-text">{v.approval.notes}</span></>}</p></li>}
        {v.cancellation && <li><p><strong>{t(lang, 'case.section.cancellation')}</strong> ({byAt(v.cancellation.by, v.cancellation.at)})</p>
          <p><span class="label">{t(lang, 'case.label.reason')}:</span> <span class="user-text">{v.cancellation.reason}</span></p></li>}
      </ol>
    </section>
  );
}

function ActionFormView({ action, form, view, visitor, state }: { action: FormAction; form: ActionForm; view: CasePageViewModel; visitor: Visitor; state: ActionFormState | undefined }) {
  const { lang } = visitor;
  const mine = state?.action === action ? state : undefined;
  const lateSteps = view.case.timeline.filter((r) => r.deviation && r.deviation.overMinutes > 0).map((r) => r.step);
  const headingId = `action-${action}-h`;
  return (
    <section class={`action action-${action}${form.danger ? ' action-danger' : ''}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{t(lang, `web.case_page.action.${action}`)}</h3>
      {action === 'correct' && <p class="muted small">{t(lang, 'web.case_page.correct_hint')}</p>}
      <form method="post" action={`/cases/${encodeURIComponent(view.case.id)}/${form.verb}`} class="stack">
        <FormToken visitor={visitor} />
        {mine?.formError && <p class="alert" role="alert">{mine.formError}</p>}
        {form.fields.map((f) => {
          const id = `${action}-${f.name}`;
          const error = mine?.errors?.[f.name];
          const errorId = `${id}-error`;
          const value = mine?.values[f.name] ?? '';
          const common = { id, name: f.name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': error ? errorId : undefined, 'aria-required': f.required ? 'true' : undefined, autofocus: Boolean(error) };
          return (
            <div class={error ? 'field field-invalid' : 'field'}>
              <label for={id}>{t(lang, f.label)}{!f.required && <span class="muted">{` ${t(lang, 'web.case_page.optional')}`}</span>}</label>
              {f.kind === 'textarea' ? <textarea {...common} rows={3} maxlength={4000}>{value}</textarea>
                : f.kind === 'select' ? (
                  <select {...common}>{lateSteps.map((s) => <option value={s} selected={value === s}>{`${s} ${t(lang, `case.step.${s}`)}`}</option>)}</select>
                ) : <input {...common} type="text" value={value} autocomplete={f.autocomplete} maxlength={200} spellcheck={false} />}
              {error && <p id={errorId} class="field-error" role="alert">{error}</p>}
            </div>
          );
        })}
        <button type="submit" class={form.danger ? 'danger' : 'primary'}>{t(lang, `web.case_page.action.${action}`)}</button>
      </form>
    </section>
  );
}

function Actions({ view, visitor, form }: { view: CasePageViewModel; visitor: Visitor; form: ActionFormState | undefined }) {
  const { lang } = visitor;
  const late = view.case.timeline.some((r) => r.deviation && r.deviation.overMinutes > 0);
  // A move the policy allows whose facts make it pointless here (nothing late to explain) is not offered.
  const offered = view.nextActions.filter((a): a is FormAction => a !== 'access' && (a !== 'explain_deviation' || late));
  return (
    <section id="actions" class="card actions" aria-labelledby="actions-h">
      <h2 id="actions-h">{t(lang, 'web.case_page.actions')}</h2>
      {offered.length === 0 && !view.nextActions.includes('access') && <p class="muted">{t(lang, 'web.case_page.no_actions')}</p>}
      {/* A refused move the page does not offer (sent from elsewhere, or no longer possible): its reason here. */}
      {form && !offered.includes(form.action) && <p class="alert" role="alert">{form.formError ?? Object.values(form.errors ?? {}).join(' ')}</p>}
      {view.nextActions.includes('access') && <p class="notice">{t(lang, 'web.case_page.access_hint')}</p>}
      <div class="action-list">{offered.map((a) => <ActionFormView action={a} form={ACTION_FORMS[a]} view={view} visitor={visitor} state={form} />)}</div>
    </section>
  );
}

/** The page plays a recording: its transcript was read (so the viewer may play it). */
export const playing = (s: TranscriptState | undefined): boolean => s !== undefined && s.error === undefined;

/** The case page: where the case stands and what the viewer may do next, then the SOP timeline, A1, A2, the gateway sessions and the approval trail. */
/** The monitoring alerts of a case opened by Alertmanager (issue 13): each with when it fired and, once noted, when it was resolved. */
function Alerts({ v, lang }: { v: CaseViewModel; lang: Lang }) {
  if (v.alerts.length === 0) return <></>;
  return (
    <section class="card" aria-labelledby="alerts-h">
      <h2 id="alerts-h">{t(lang, 'case.section.alerts')}</h2>
      <ul class="alerts">
        {v.alerts.map((a) => (
          <li>
            <span class="user-text">{t(lang, 'case.alert.firing', { alertname: a.alertname ?? a.fingerprint, integration: a.integration, startsAt: wordDateTime(a.startsAt, lang) })}</span>
            {'; '}{a.endsAt ? <time datetime={a.endsAt.utc}>{t(lang, 'case.alert.resolved', { endsAt: wordDateTime(a.endsAt, lang) })}</time> : t(lang, 'case.alert.still_firing')}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CasePage({ visitor, view, transcript, form, done }: CasePageProps) {
  const { lang } = visitor;
  const v = view.case;
  const title = t(lang, 'case.heading', { id: v.id });
  return (
    <Layout visitor={visitor} title={title} here={`/cases/${encodeURIComponent(v.id)}`} signedIn head={playing(transcript) ? <PlayerHead /> : undefined}>
      <h1>{title}</h1>
      {done && (done === 'prepare' && v.preparation && !v.preparation.ready
        ? <p id="notice" class="alert" role="alert">{t(lang, 'web.case_page.done.prepare_failed')}</p>
        : <p id="notice" class="notice" role="status">{t(lang, `web.case_page.done.${done}`)}</p>)}
      {/* The server's time the page was made at: the countdown (assets/countdown.js) counts on from it. */}
      <div class="case-page" data-now={view.now}>
        <div class="case-main">
          <Summary view={view} lang={lang} />
          <Actions view={view} visitor={visitor} form={form} />
          <section class="card" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t(lang, 'case.section.timeline')}</h2>
            <p class="muted small">{`${t(lang, 'case.label.time_zone')} ${v.unit.zone}`}</p>
            <ol class="timeline">{v.timeline.map((row) => <TimelineStep row={row} view={view} lang={lang} />)}</ol>
          </section>
          <Alerts v={v} lang={lang} />
          <A1Checks v={v} lang={lang} />
          <A2Record v={v} lang={lang} />
          <Sessions view={view} lang={lang} transcript={transcript} />
          <Trail v={v} lang={lang} />
          <Refusals view={view} lang={lang} />
          <Documents view={view} lang={lang} />
        </div>
      </div>
    </Layout>
  );
}
