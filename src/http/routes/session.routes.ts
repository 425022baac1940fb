import { Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import {
  TerminateSessionInput, authorizeWatch, checkWatch, listCaseSessions, listLiveSessions, recordingFor, terminateSession,
} from '../../app/access/gateway-session-views.js';
import { RevealMaskedInputInput, revealMaskedInput } from '../../app/access/masked-input.js';
import type { LiveSessionEvent, LiveSessionInfo, LiveSessions } from '../../ports/live-sessions.js';
import type { RecordingDownload } from '../../ports/recording-store.js';
import { DomainError } from '../../domain/errors.js';
import type { RouteDef } from '../route.js';
import { ASCIICAST_V2 } from '../websocket.js';
import { route } from '../route.js';
import { GatewaySessionSchema, LiveSessionSchema, RevealedInputSchema } from '../schemas.js';

/** A watcher whose unsent messages exceed this is too slow: it is disconnected (1013) instead of held in memory. */
export const WATCH_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** When `jaga serve` runs no gateway here: nothing is live. */
export const NO_LIVE_SESSIONS: LiveSessions = Object.freeze({
  list: () => [], get: () => undefined, watch: () => null, terminate: () => Promise.resolve(false),
});

const SessionParams = z.object({ id: z.string().min(1).max(100) });
const RecordingParams = z.object({ id: z.string().min(1).max(100), channel: z.string().regex(/^\d{1,6}$/).describe('the SSH channel number') });

const WATCH_DESCRIPTION = 'A WebSocket (send `Connection: Upgrade`, `Upgrade: websocket`); authenticated like every request '
  + '(session cookie past TOTP, or a bearer token); with the cookie, `Origin` must be this host. Read-only, for the superadmin, '
  + 'the koordinator of the case\'s unit and auditors; each watch is logged. The server sends JSON text messages: first '
  + '`{"type":"session","info":LiveSession}`, then the session\'s events as they happen: `{"type":"channel","channel","width","height"}`, '
  + '`{"type":"o"|"i"|"r","channel","t","data"}` (asciicast output, input, resize), and finally `{"type":"end","reason"}`, after which '
  + 'it closes with 1000. A message from the client closes the socket with 1008; a watcher that falls 8 MiB behind is closed with 1013. '
  + 'Offering the `v2.asciicast` subprotocol (as asciinema-player\'s websocket driver does), the watcher gets instead an asciicast v2 '
  + 'stream of the session\'s first terminal: a header `{"version":2,"width","height"}`, then `[t,"o",data]` and `[t,"r","WxH"]` events '
  + '(no input), closed with 1000 at the end. '
  + 'A session another node carries (`node` in its info) is relayed from that node: when that node stops answering, '
  + 'the socket closes with 1011. '
  + 'Without the upgrade the answer is 426 once the request is authorised.';

/**
 * Relays a live session to one read-only watcher: its info, then every event; closes with 1000
 * at the end, 1008 when the watcher sends anything, 1013 when it cannot keep up.
 */
function relay(ws: WebSocket, live: LiveSessions, info: LiveSessionInfo): void {
  let unsubscribe: (() => void) | null = null;
  let done = false;
  const finish = (code: number, reason: string) => {
    if (done) return;
    done = true;
    unsubscribe?.();
    unsubscribe = null;
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  };
  const send = (message: { type: 'session'; info: LiveSessionInfo } | LiveSessionEvent | AsciicastMessage): void => {
    if (done || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > WATCH_MAX_BUFFERED_BYTES) { finish(1013, 'watcher too slow'); return; }
    ws.send(JSON.stringify(message));
  };
  ws.on('message', () => finish(1008, 'read-only'));
  ws.on('close', () => { done = true; unsubscribe?.(); unsubscribe = null; });
  const forward = ws.protocol === ASCIICAST_V2 ? asciicastStream(info, (m) => send(m)) : (e: LiveSessionEvent) => send(e);
  if (ws.protocol !== ASCIICAST_V2) send({ type: 'session', info });
  const off = live.watch(info.id, (e) => {
    // A relay from the node carrying the session that stops without the end is not sent on: the close says it.
    if (e.type === 'relay_lost') {
      if (e.why === 'gone') finish(1000, 'session ended');
      else if (e.why === 'dropped') finish(1013, 'watcher too slow');
      else finish(1011, 'node carrying the session not answering');
      return;
    }
    forward(e);
    if (e.type === 'end') finish(1000, 'session ended');
  }, info.node);
  if (off === null) { finish(1000, 'session ended'); return; }
  if (done) off();
  else unsubscribe = off;
}

type AsciicastMessage = { version: 2; width: number; height: number } | [number, 'o' | 'r', string];

/** The size a terminal is assumed to have until its channel tells (a watcher who joins late never hears it). */
const ASSUMED_SIZE = { width: 80, height: 24 };

/**
 * Jaga's live events as asciinema-player's `v2.asciicast` stream: the header at once, then the
 * output and resizes of ONE terminal (the first shell or pty channel; a player shows one), its
 * size as an `r` event when the channel announces it. Input is left out (the player shows output).
 */
function asciicastStream(info: LiveSessionInfo, send: (m: AsciicastMessage) => void): (e: LiveSessionEvent) => void {
  let followed: number | null = info.channels.find((c) => c.pty || c.kind === 'shell')?.channel ?? null;
  let last = 0;
  send({ version: 2, ...ASSUMED_SIZE });
  return (e) => {
    if (e.type === 'end' || e.type === 'i' || e.type === 'relay_lost') return;
    if (e.type === 'channel') {
      followed ??= e.channel;
      if (e.channel === followed) send([last, 'r', `${e.width}x${e.height}`]);
      return;
    }
    followed ??= e.channel;
    if (e.channel !== followed) return;
    last = Math.max(last, e.t);
    send([e.t, e.type, e.data]);
  };
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

export const sessionRoutes: RouteDef[] = [
  route({
    method: 'GET', path: '/api/v1/gateway/sessions', summary: 'Gateway sessions running now that you may see', tag: 'gateway', access: 'user',
    description: 'Live sessions of every `jaga serve` node sharing the store (`node`): all of the cases you may view for the superadmin, '
      + 'koordinator and auditors; your own for an executor. A session of another node is told as the store has it '
      + '(its channels are not listed, its byte counts are those stored, its last activity the node\'s last confirmation).',
    response: z.array(LiveSessionSchema),
    handle: ({ app, inv, options }) => listLiveSessions(app, inv, options.live),
  }),
  route({
    method: 'GET', path: '/api/v1/cases/{id}/sessions', summary: 'The gateway sessions of a case (history, with recording hashes)', tag: 'gateway',
    access: 'user', params: SessionParams, response: z.array(GatewaySessionSchema),
    handle: ({ app, inv, params }) => listCaseSessions(app, inv, params['id'] as string),
  }),
  route({
    method: 'POST', path: '/api/v1/gateway/sessions/{id}/terminate', summary: 'End a live session now (koordinator of the unit, superadmin)',
    tag: 'gateway', access: 'user', params: SessionParams, body: TerminateSessionInput,
    response: z.object({ id: z.string(), terminated: z.literal(true), session: LiveSessionSchema }),
    async handle({ app, inv, params, body, options }) {
      const session = await terminateSession(app, inv, options.live, params['id'] as string, body ?? {});
      return { id: session.id, terminated: true, session };
    },
  }),
  route({
    method: 'GET', path: '/api/v1/gateway/sessions/{id}/recordings/{channel}', summary: 'Download a channel\'s asciicast v2 recording',
    description: 'The `.cast` file as recorded; `X-Content-SHA256` is the hash stored when the session ended (check it). Each download is logged.',
    tag: 'gateway', access: 'user', params: RecordingParams, response: null, produces: 'application/x-asciicast',
    async handle({ app, inv, params, reply }) {
      const id = params['id'] as string;
      let opened: RecordingDownload | undefined;
      // Opened before the download is logged: a recording that cannot be served is not logged as downloaded.
      const ref = await recordingFor(app, inv, id, Number(params['channel']), async (r) => { opened = await app.recordings.open(r.file); })
        .catch(async (err: unknown) => {
          // Opened, then refused or not logged: it is not served.
          await opened?.close();
          throw err;
        });
      const download = opened as RecordingDownload;
      // The hash stored when the session ended, not the store's: the client checks the bytes against the evidence.
      void reply.header('content-type', 'application/x-asciicast')
        .header('content-disposition', `attachment; filename="jaga-${safeName(ref.sessionId)}-${ref.channel}.cast"`)
        .header('content-length', String(download.bytes))
        .header('x-content-sha256', ref.sha256);
      return download.body instanceof Readable ? download.body : Readable.from(download.body, { objectMode: false });
    },
  }),
  route({
    method: 'POST', path: '/api/v1/gateway/sessions/{id}/masked-input/reveal', summary: 'Reveal what was typed at a session\'s password prompts (auditor, superadmin)',
    description: 'What is typed at a secret prompt is recorded as `*` and kept sealed in the logbook (`gateway.masked_input`). An auditor '
      + 'or the superadmin who may view the case gets the plaintext, stating a `reason`; never the executor of the session. Each reveal '
      + '(who, session, lines, reason; never the plaintext) and each refusal is logged. `text` is the bytes as UTF-8, as typed '
      + '(backspaces included); `base64` the exact bytes; both null for a sealed value that cannot be opened.',
    tag: 'gateway', access: 'user', params: SessionParams, body: RevealMaskedInputInput, response: RevealedInputSchema,
    handle: ({ app, inv, params, body }) => revealMaskedInput(app, inv, params['id'] as string, body ?? {}),
  }),
  route({
    method: 'GET', path: '/api/v1/gateway/sessions/{id}/watch', summary: 'Watch a live session, read-only (WebSocket)', description: WATCH_DESCRIPTION,
    tag: 'gateway', access: 'user', params: SessionParams, response: null, websocket: true,
    async handle({ app, inv, params, request, reply, options }) {
      const id = params['id'] as string;
      if (!options.websockets.isUpgrade(request)) {
        await checkWatch(app, inv, options.live, id);
        void reply.header('upgrade', 'websocket');
        throw DomainError.of('precondition', 'http.upgrade_required', {});
      }
      const info = await authorizeWatch(app, inv, options.live, id);
      options.websockets.accept(request, reply, (ws) => relay(ws, options.live, info));
      return undefined;
    },
  }),
];
