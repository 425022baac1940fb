import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import { recordingFor } from '../app/access/gateway-session-views.js';
import type { App } from '../app/app.js';
import { getCasePage } from '../app/case/get-case-page.js';
import type { Invocation } from '../app/app-deps.js';
import { DomainError } from '../domain/errors.js';
import { messageOf } from '../messages/catalogue.js';
import type { Lang } from '../messages/catalogue.js';
import { searchTranscript, transcriptOf } from '../presenters/transcript.js';
import { presentCasePage } from '../presenters/view-models/case-page-view.js';
import type { RecordingDownload } from '../ports/recording-store.js';
import { statusOf } from '../http/http-errors.js';
import type { FormAction } from './case-action-forms.js';
import { ACTION_FORMS, actionInput, actionOfVerb } from './case-action-forms.js';
import type { ActionFormState, CasePageProps, TranscriptState } from './pages/case-page.js';
import { CasePage, playing } from './pages/case-page.js';
import { formErrors } from './form-errors.js';
import { PAGE_HELMET, PLAYER_CSP } from './web-csp.js';
import type { SignedIn } from './web-visitor.js';
import { checkForm, invocationOf } from './web-visitor.js';

/** What web-pages.ts lends the case routes: its sign-in guard, page sender and redirect. */
export interface PageKit {
  signedIn(req: FastifyRequest, reply: FastifyReply): Promise<SignedIn | undefined>;
  sendPage(reply: FastifyReply, page: Child, status?: number): Promise<FastifyReply>;
  redirect(reply: FastifyReply, to: string): FastifyReply;
  /** Cookies only over HTTPS (the server's setting). */
  readonly cookieSecure: boolean;
}

/**
 * The move just made on a case, for the notice of the page the form's redirect leads to: a
 * short-lived cookie, not the address (a link saying `?done=approve` could tell someone a case
 * was approved that was not).
 */
const DONE_COOKIE = 'jaga_done';

/** The most of one recording the page reads for its transcript (a longer one is cut, and says so). */
const MAX_RECORDING_BYTES = 8 * 1024 * 1024;
/** `<session id>:<channel>`: the recording a page shows the transcript of. */
const RECORDING_PARAM = /^([A-Za-z0-9._-]{1,100}):(\d{1,6})$/;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const casePath = (id: string): string => `/cases/${encodeURIComponent(id)}`;

/** Reads a recording through the API download's use case (authorised and logged) and the RecordingStore, at most `MAX_RECORDING_BYTES`. */
async function readRecording(app: App, inv: Invocation, sessionId: string, channel: number): Promise<{ text: string; cut: boolean }> {
  let opened: RecordingDownload | undefined;
  await recordingFor(app, inv, sessionId, channel, async (r) => { opened = await app.recordings.open(r.file); })
    .catch(async (err: unknown) => { await opened?.close(); throw err; });
  const download = opened as RecordingDownload;
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for await (const chunk of download.body) {
    const room = MAX_RECORDING_BYTES - size;
    chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.byteLength, room);
    if (size >= MAX_RECORDING_BYTES) { cut = download.bytes > size; break; }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), cut };
}

/** The transcript the page asked for (`?rec=<session>:<channel>&q=`), or its refusal in the visitor's language. */
async function transcriptState(app: App, inv: Invocation, lang: Lang, query: Record<string, unknown>): Promise<TranscriptState | undefined> {
  const m = RECORDING_PARAM.exec(str(query['rec']));
  if (!m) return undefined;
  const sessionId = m[1] as string;
  const channel = Number(m[2]);
  const q = str(query['q']).slice(0, 200);
  try {
    const { text, cut } = await readRecording(app, inv, sessionId, channel);
    const transcript = transcriptOf(text);
    return { sessionId, channel, query: q, transcript, cut, matches: new Set(searchTranscript(transcript, q)) };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { sessionId, channel, query: q, error: messageOf(e, lang) };
  }
}

/**
 * The case page and its forms: `GET /cases/:id` (the case, the viewer's next moves, the sessions,
 * a recording's transcript on request) and `POST /cases/:id/<verb>` for each move, calling the
 * API's use case; a refusal re-renders the page with the use case's message next to its field.
 */
export function registerCasePages(web: FastifyInstance, app: App, kit: PageKit): void {
  async function render(req: FastifyRequest, reply: FastifyReply, v: SignedIn, id: string, extra: Partial<CasePageProps> = {}, status = 200): Promise<FastifyReply> {
    const inv = invocationOf(v, req);
    const view = presentCasePage(await getCasePage(app, inv, id));
    const query = req.query as Record<string, unknown>;
    const transcript = await transcriptState(app, inv, v.lang, query);
    // Only a page that plays a recording allows WebAssembly (the player's terminal).
    if (playing(transcript)) void reply.header('content-security-policy', PLAYER_CSP);
    return kit.sendPage(reply, CasePage({ visitor: v, view, transcript, ...extra }), status);
  }

  web.get('/cases/:id', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const id = (req.params as { id: string }).id;
    const [doneId, doneVerb] = str(req.cookies[DONE_COOKIE]).split(' ');
    const done = doneId === id ? actionOfVerb(doneVerb ?? '') : undefined;
    if (req.cookies[DONE_COOKIE] !== undefined) void reply.clearCookie(DONE_COOKIE, { path: '/' });
    return render(req, reply, v, id, done ? { done } : {});
  });

  web.post('/cases/:id/:verb', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const { id, verb } = req.params as { id: string; verb: string };
    const action: FormAction | undefined = actionOfVerb(verb);
    if (!action) throw DomainError.of('not_found', 'http.not_found', { method: 'POST', path: req.url.split('?')[0] ?? '', websocket: false });
    const form = ACTION_FORMS[action];
    const input = actionInput(form, body);
    try {
      await form.run(app, invocationOf(v, req), id, input);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const { form: formError, ...errors } = formErrors(e, v.lang, form.fields.map((f) => f.name));
      const state: ActionFormState = { action, values: input, errors, ...(formError === undefined ? {} : { formError }) };
      return render(req, reply, v, id, { form: state }, statusOf(e));
    }
    void reply.setCookie(DONE_COOKIE, `${id} ${form.verb}`, { path: '/', httpOnly: true, sameSite: 'strict', secure: kit.cookieSecure, maxAge: 60 });
    return kit.redirect(reply, `${casePath(id)}#notice`);
  });
}
