import { DomainError } from '../../domain/errors.js';
import type { LiveSessionEvent, LiveSessionInfo, LiveSessions } from '../../ports/live-sessions.js';
import type { NodeBus } from '../../ports/node-bus.js';

/*
 * Any node watches and ends any session: the node a request lands on (B) asks the node carrying
 * the session (A) over the NodeBus. Authorisation and the logbook stay with B's use cases, as for
 * a session of its own; A only does what B asks of a session A holds.
 *
 * - terminate: B sends `terminate {r, from, id, by}`; A ends the session (recorded `terminated`
 *   by `by`) and answers `terminated {r, ok}`; B waits at most `answerMs`.
 * - watch: B sends `watch {w, from, id}`; A subscribes to the session locally and sends its events
 *   to B on demand, only while B renews (`renew` every third of `silenceMs`; A lets go after
 *   `silenceMs` without one, so a watcher whose node died costs nothing for long). Events are
 *   batched per turn of the event loop and cut into pieces below the bus's payload limit; every
 *   message A sends for a watch carries the next sequence number, so B notices a lost piece.
 *   A pings when it has had nothing to send for a third of `silenceMs`; B takes silence for
 *   longer as loss. The `end` event ends the relay; `gone` says A does not hold the session.
 * - Bounds: A keeps at most RELAY_MAX_PENDING_BYTES unsent per watch and serves at most
 *   RELAY_MAX_WATCHES at once; a watch past its bound is dropped (`dropped`), never the session
 *   slowed. B assembles at most RELAY_MAX_BATCH_BYTES of one batch.
 */

/** Bytes a carrying node holds for one relayed watch, sent or not yet acknowledged by the bus; past it the watch is dropped. */
export const RELAY_MAX_PENDING_BYTES = 1024 * 1024;
/** Relayed watches one node serves at once; a watch asked past it is answered `dropped`. */
export const RELAY_MAX_WATCHES = 64;
/** The largest batch of events a watching node puts together from pieces. */
export const RELAY_MAX_BATCH_BYTES = 2 * RELAY_MAX_PENDING_BYTES;
/** Room left in a message for its header line (`{"k":"ev","w":"…","s":…,"f":…}`). */
const HEADER_ROOM = 400;

export interface NodeRelayOptions {
  /** How long a terminate waits for the carrying node's answer (ms; default 10 000). */
  readonly answerMs?: number;
  /** Silence after which either side of a relayed watch takes the other as gone (ms; default 15 000). */
  readonly silenceMs?: number;
  /** Operational lines (never credentials). */
  readonly log?: (line: string) => void;
}

type Header =
  | { k: 'terminate'; r: string; from: string; id: string; by: string }
  | { k: 'terminated'; r: string; ok: boolean }
  | { k: 'watch'; w: string; from: string; id: string }
  | { k: 'renew' | 'unwatch'; w: string; from: string }
  | { k: 'ev'; w: string; s: number; f: boolean }
  | { k: 'ping' | 'gone' | 'dropped'; w: string; s: number };

const encode = (h: Header, body = ''): string => `${JSON.stringify(h)}\n${body}`;

function decode(payload: string): { h: Header; body: string } | null {
  const nl = payload.indexOf('\n');
  try {
    const h = JSON.parse(nl < 0 ? payload : payload.slice(0, nl)) as Header;
    return typeof h === 'object' && h !== null && typeof h.k === 'string' ? { h, body: nl < 0 ? '' : payload.slice(nl + 1) } : null;
  } catch {
    return null;
  }
}

/** UTF-8 length of one UTF-16 code unit at `i` (a surrogate pair counts 4 at its first unit, 0 at its second). */
function utf8Units(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) return 4;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 3;
}

/** `text` cut into pieces of at most `maxBytes` UTF-8 bytes each, never inside a surrogate pair. */
export function utf8Pieces(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const n = utf8Units(text, i);
    if (n > 0 && bytes + n > maxBytes && i > start) {
      out.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += n;
  }
  if (start < text.length || out.length === 0) out.push(text.slice(start));
  return out;
}

/** A watch this node relays to another for a session it carries. */
interface Outbound {
  readonly key: string;
  readonly to: string;
  readonly w: string;
  seq: number;
  batch: LiveSessionEvent[];
  batchBytes: number;
  /** Bytes handed to the bus and not yet sent. */
  inFlight: number;
  scheduled: boolean;
  lastSent: number;
  lastRenew: number;
  off: (() => void) | null;
  ended: boolean;
}

/** A watch this node follows of a session another node carries. */
interface Inbound {
  readonly w: string;
  readonly node: string;
  readonly listener: (e: LiveSessionEvent) => void;
  expect: number;
  parts: string[];
  partsBytes: number;
  lastHeard: number;
}

/**
 * The live sessions of every node sharing the store: this node's own (`local`, the gateway) and,
 * through the NodeBus, those of the others (see the protocol above).
 */
export class NodeRelay implements LiveSessions {
  readonly nodeId: string;
  readonly #out = new Map<string, Outbound>();
  readonly #in = new Map<string, Inbound>();
  readonly #answers = new Map<string, { resolve: (ok: boolean) => void; timer: NodeJS.Timeout }>();
  readonly #stopListening: () => void;
  readonly #timer: NodeJS.Timeout;
  readonly #answerMs: number;
  readonly #silenceMs: number;
  #counter = 0;

  constructor(private readonly local: LiveSessions, private readonly bus: NodeBus, private readonly opts: NodeRelayOptions = {}) {
    this.nodeId = bus.nodeId;
    this.#answerMs = opts.answerMs ?? 10_000;
    this.#silenceMs = opts.silenceMs ?? 15_000;
    this.#stopListening = bus.listen((p) => this.#receive(p));
    this.#timer = setInterval(() => this.#tick(), Math.max(50, Math.floor(this.#silenceMs / 3)));
    this.#timer.unref();
  }

  list(): LiveSessionInfo[] {
    return this.local.list().map((i) => ({ ...i, node: this.nodeId }));
  }

  get(id: string): LiveSessionInfo | undefined {
    const i = this.local.get(id);
    return i && { ...i, node: this.nodeId };
  }

  watch(id: string, listener: (e: LiveSessionEvent) => void, node?: string): (() => void) | null {
    const off = this.local.watch(id, listener);
    if (off || node === undefined || node === this.nodeId) return off;
    const w = this.#newId();
    const inbound: Inbound = { w, node, listener, expect: 1, parts: [], partsBytes: 0, lastHeard: Date.now() };
    this.#in.set(w, inbound);
    this.#send(node, { k: 'watch', w, from: this.nodeId, id });
    return () => {
      if (this.#in.delete(w)) this.#send(node, { k: 'unwatch', w, from: this.nodeId });
    };
  }

  async terminate(id: string, by: string, node?: string): Promise<boolean> {
    if (this.local.get(id) || node === undefined || node === this.nodeId) return this.local.terminate(id, by);
    const r = this.#newId();
    const answered = new Promise<boolean | null>((resolve) => {
      const timer = setTimeout(() => { this.#answers.delete(r); resolve(null); }, this.#answerMs);
      this.#answers.set(r, { resolve, timer });
    });
    try {
      await this.bus.send(node, encode({ k: 'terminate', r, from: this.nodeId, id, by }));
    } catch {
      this.#settle(r, null);
    }
    const ok = await answered;
    if (ok === null) throw DomainError.of('precondition', 'gateway_session.node_unreachable', { node }, { node });
    return ok;
  }

  /** Stops relaying: watches of other nodes' sessions end as `unreachable`, this node's relays are let go. */
  close(): void {
    clearInterval(this.#timer);
    this.#stopListening();
    for (const o of this.#out.values()) this.#endOut(o, 'gone');
    for (const i of [...this.#in.values()]) this.#lose(i, 'unreachable');
    for (const r of [...this.#answers.keys()]) this.#settle(r, null);
  }

  #newId(): string {
    return `${Date.now().toString(36)}-${(++this.#counter).toString(36)}`;
  }

  #send(to: string, h: Header, body = ''): Promise<void> {
    return this.bus.send(to, encode(h, body)).catch((err: Error) => {
      // Requests and answers are worth a line; a relay's own pieces and pings fail together, and their watcher is told.
      if (h.k === 'terminate' || h.k === 'terminated' || h.k === 'watch') this.opts.log?.(`node relay: could not send ${h.k} to ${to}: ${err.message}`);
      throw err;
    });
  }

  #settle(r: string, ok: boolean | null): void {
    const a = this.#answers.get(r);
    if (!a) return;
    this.#answers.delete(r);
    clearTimeout(a.timer);
    (a.resolve as (v: boolean | null) => void)(ok);
  }

  #receive(payload: string): void {
    const m = decode(payload);
    if (!m) return;
    const { h, body } = m;
    switch (h.k) {
      case 'terminate':
        void this.local.terminate(h.id, h.by).then((ok) => ok, (err: Error) => {
          this.opts.log?.(`node relay: could not terminate ${h.id}: ${err.message}`);
          return false;
        }).then((ok) => this.#send(h.from, { k: 'terminated', r: h.r, ok })).catch(() => undefined);
        return;
      case 'terminated': this.#settle(h.r, h.ok === true); return;
      case 'watch': this.#startOut(h.from, h.w, h.id); return;
      case 'renew': { const o = this.#out.get(`${h.from} ${h.w}`); if (o) o.lastRenew = Date.now(); return; }
      case 'unwatch': { const o = this.#out.get(`${h.from} ${h.w}`); if (o) this.#endOut(o, null); return; }
      default: this.#receiveForWatch(h, body);
    }
  }

  // ── the carrying node's side ─────────────────────────────────────────────────────────

  #startOut(to: string, w: string, id: string): void {
    const key = `${to} ${w}`;
    if (this.#out.has(key)) return;
    const o: Outbound = { key, to, w, seq: 0, batch: [], batchBytes: 0, inFlight: 0, scheduled: false, lastSent: Date.now(), lastRenew: Date.now(), off: null, ended: false };
    if (this.#out.size >= RELAY_MAX_WATCHES) { this.#control(o, 'dropped'); return; }
    this.#out.set(key, o);
    this.#control(o, 'ping'); // the answer: the watch is served
    const off = this.local.watch(id, (e) => this.#queue(o, e));
    if (off === null) { this.#endOut(o, 'gone'); return; }
    if (o.ended) off(); else o.off = off;
  }

  #control(o: Outbound, k: 'ping' | 'gone' | 'dropped'): void {
    o.lastSent = Date.now();
    void this.#send(o.to, { k, w: o.w, s: ++o.seq }).catch(() => undefined);
  }

  #queue(o: Outbound, e: LiveSessionEvent): void {
    if (o.ended) return;
    const size = e.type === 'o' || e.type === 'i' || e.type === 'r' ? e.data.length * 2 + 64 : 64;
    if (o.inFlight + o.batchBytes + size > RELAY_MAX_PENDING_BYTES) { this.#endOut(o, 'dropped'); return; }
    o.batch.push(e);
    o.batchBytes += size;
    if (e.type === 'end') { this.#flush(o); this.#endOut(o, null); return; }
    if (!o.scheduled) {
      o.scheduled = true;
      setImmediate(() => { o.scheduled = false; this.#flush(o); });
    }
  }

  #flush(o: Outbound): void {
    if (o.batch.length === 0 || (o.ended && o.batch.at(-1)?.type !== 'end')) return;
    const pieces = utf8Pieces(JSON.stringify(o.batch), this.bus.maxPayloadBytes - HEADER_ROOM);
    o.batch = [];
    o.batchBytes = 0;
    o.lastSent = Date.now();
    pieces.forEach((piece, i) => {
      const bytes = piece.length;
      o.inFlight += bytes;
      // Sent in order without waiting: the bus keeps the order of one node's messages.
      this.#send(o.to, { k: 'ev', w: o.w, s: ++o.seq, f: i === pieces.length - 1 }, piece).then(
        () => { o.inFlight -= bytes; },
        () => { o.inFlight -= bytes; this.#endOut(o, null); }, // a lost piece: the watcher notices the gap or the silence
      );
    });
  }

  /** Stops relaying `o`, telling the watcher why (`null`: it knows, or cannot be told). */
  #endOut(o: Outbound, why: 'gone' | 'dropped' | null): void {
    if (o.ended) return;
    o.ended = true;
    o.off?.();
    o.off = null;
    o.batch = [];
    this.#out.delete(o.key);
    if (why) this.#control(o, why);
  }

  // ── the watching node's side ─────────────────────────────────────────────────────────

  #receiveForWatch(h: Header, body: string): void {
    if (h.k !== 'ev' && h.k !== 'ping' && h.k !== 'gone' && h.k !== 'dropped') return;
    const i = this.#in.get(h.w);
    if (!i) return;
    if (h.s !== i.expect) { this.#lose(i, 'unreachable'); return; }
    i.expect++;
    i.lastHeard = Date.now();
    if (h.k !== 'ev') {
      if (h.k !== 'ping') this.#lose(i, h.k, false);
      return;
    }
    i.parts.push(body);
    i.partsBytes += body.length;
    if (i.partsBytes > RELAY_MAX_BATCH_BYTES) { this.#lose(i, 'dropped'); return; }
    if (!h.f) return;
    const text = i.parts.join('');
    i.parts = [];
    i.partsBytes = 0;
    let events: LiveSessionEvent[];
    try {
      events = JSON.parse(text) as LiveSessionEvent[];
    } catch {
      this.#lose(i, 'unreachable');
      return;
    }
    for (const e of events) {
      if (!this.#in.has(i.w)) return; // unsubscribed by an earlier event's listener
      i.listener(e);
      if (e.type === 'end') { this.#in.delete(i.w); return; }
    }
  }

  /** The relay of `i` is lost: its watcher is told; the carrying node is told to stop (when it may still be relaying). */
  #lose(i: Inbound, why: 'gone' | 'dropped' | 'unreachable', tell = true): void {
    if (!this.#in.delete(i.w)) return;
    if (tell) void this.#send(i.node, { k: 'unwatch', w: i.w, from: this.nodeId }).catch(() => undefined);
    i.listener({ type: 'relay_lost', why });
  }

  #tick(): void {
    const now = Date.now();
    for (const i of [...this.#in.values()]) {
      if (now - i.lastHeard > this.#silenceMs) this.#lose(i, 'unreachable');
      else void this.#send(i.node, { k: 'renew', w: i.w, from: this.nodeId }).catch(() => undefined);
    }
    for (const o of [...this.#out.values()]) {
      if (now - o.lastRenew > this.#silenceMs) this.#endOut(o, null);
      else if (now - o.lastSent >= this.#silenceMs / 3 && o.batch.length === 0) this.#control(o, 'ping');
    }
  }
}
