import {
  Content, SHA256_EMPTY, TransferObserver, Unparseable, type FileOperation, type ObserverOptions, type OnOperation,
} from './transfer-observer.js';

/**
 * The `sftp` subsystem (or an sftp-server run as a command) as the evidence log sees it
 * (draft-ietf-secsh-filexfer-02, protocol version 3): packets are framed from each direction's
 * chunks, payloads (WRITE, DATA) streamed into the transfer's content hash, control packets and
 * replies collected whole and parsed, small metadata requests (STAT, READDIR…) skipped. Nothing
 * may carry data past the files: a WRITE or READ of a handle never opened, DATA that answers no
 * READ, an extension not followed (see EXTENSIONS) or any other packet type stops observing.
 */
const FXP = {
  INIT: 1, VERSION: 2, OPEN: 3, CLOSE: 4, READ: 5, WRITE: 6, LSTAT: 7, FSTAT: 8, SETSTAT: 9, FSETSTAT: 10, OPENDIR: 11,
  READDIR: 12, REMOVE: 13, MKDIR: 14, RMDIR: 15, REALPATH: 16, STAT: 17, RENAME: 18, READLINK: 19, SYMLINK: 20,
  STATUS: 101, HANDLE: 102, DATA: 103, NAME: 104, ATTRS: 105, EXTENDED: 200, EXTENDED_REPLY: 201,
} as const;
const FXF_WRITING = 0x02 | 0x04 | 0x08 | 0x10; // WRITE | APPEND | CREAT | TRUNC
const FX_OK = 0;
const FX_EOF = 1;
const FX_OP_UNSUPPORTED = 8;
const REFUSED_TEXT = 'Jaga: this SFTP extension is not allowed (it cannot be logged)';

const u32be = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const sftpString = (text: string): Buffer => { const b = Buffer.from(text, 'utf8'); return Buffer.concat([u32be(b.length), b]); };
/** SSH_FXP_STATUS for request `id`. */
const statusPacket = (id: number, code: number, message: string): Buffer => {
  const body = Buffer.concat([Buffer.from([FXP.STATUS]), u32be(id), u32be(code), sftpString(message), sftpString('en')]);
  return Buffer.concat([u32be(body.length), body]);
};
const STATUS_NAMES = ['OK', 'EOF', 'no such file', 'permission denied', 'failure', 'bad message', 'no connection',
  'connection lost', 'operation unsupported'];

/** Larger than any SFTP server accepts (OpenSSH: 256 KiB); beyond it the stream is not SFTP. */
const MAX_PACKET = 16 * 1024 * 1024;
/** Largest non-payload packet collected whole. */
const MAX_CONTROL = 1024 * 1024;
const MAX_HANDLE = 4096;
/** Requests awaiting a reply (OpenSSH's client keeps 64 in flight). */
const MAX_REQUESTS = 65536;

/** Largest request that only reads metadata (a path or a handle): skipped unread, so kept small. */
const MAX_SKIPPED = 64 * 1024;

/**
 * Packet types collected whole and parsed; payload types (WRITE, DATA) are streamed; requests
 * that only read metadata skipped (up to MAX_SKIPPED); any other type is not SFTP v3.
 */
const CLIENT_COLLECT = new Set<number>([FXP.INIT, FXP.OPEN, FXP.CLOSE, FXP.READ, FXP.SETSTAT, FXP.FSETSTAT, FXP.REMOVE,
  FXP.MKDIR, FXP.RMDIR, FXP.RENAME, FXP.SYMLINK, FXP.EXTENDED]);
const CLIENT_SKIP = new Set<number>([FXP.LSTAT, FXP.FSTAT, FXP.OPENDIR, FXP.READDIR, FXP.REALPATH, FXP.STAT, FXP.READLINK]);
const SERVER_COLLECT = new Set<number>([FXP.VERSION, FXP.STATUS, FXP.HANDLE, FXP.NAME, FXP.ATTRS, FXP.EXTENDED_REPLY]);
const SERVER_SKIP = new Set<number>();

type PathOp = 'remove' | 'rename' | 'mkdir' | 'rmdir' | 'setstat' | 'symlink' | 'hardlink' | 'fsync' | 'query';

/**
 * The extensions followed (OpenSSH's sftp-server offers these): each is logged like the
 * operation it is; `copy-data` as a copy whose content the gateway cannot see. Any other
 * extended request is not followed, and ends observing (the channel ends before it reaches the target).
 */
const EXTENSIONS: Record<string, (r: Reader, handle: (key: string) => string) => { op: PathOp; path: string; toPath?: string }> = {
  'posix-rename@openssh.com': (r) => ({ op: 'rename', path: r.str(), toPath: r.str() }),
  'hardlink@openssh.com': (r) => ({ op: 'hardlink', path: r.str(), toPath: r.str() }),
  'lsetstat@openssh.com': (r) => ({ op: 'setstat', path: r.str() }),
  'fsync@openssh.com': (r, h) => ({ op: 'fsync', path: h(r.key()) }),
  'statvfs@openssh.com': (r) => ({ op: 'query', path: r.str() }),
  'fstatvfs@openssh.com': (r, h) => ({ op: 'query', path: h(r.key()) }),
  'limits@openssh.com': () => ({ op: 'query', path: '' }),
  'expand-path@openssh.com': (r) => ({ op: 'query', path: r.str() }),
  'home-directory': (r) => ({ op: 'query', path: r.str() }),
  'users-groups-by-id@openssh.com': () => ({ op: 'query', path: '' }),
};
const COPY_DATA = 'copy-data';

/** Bounds-checked big-endian reader over one packet body. */
class Reader {
  private o = 0;
  constructor(private readonly b: Buffer) {}
  u32(): number {
    if (this.o + 4 > this.b.length) throw new Unparseable('truncated packet');
    const v = this.b.readUInt32BE(this.o);
    this.o += 4;
    return v;
  }
  u64(): number {
    const hi = this.u32();
    return hi * 0x1_0000_0000 + this.u32();
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.o + n > this.b.length) throw new Unparseable('string past the end of its packet');
    const v = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return v;
  }
  str(): string {
    return this.bytes().toString('utf8');
  }
  /** A handle as a map key (binary-safe). */
  key(): string {
    return this.bytes().toString('latin1');
  }
  get left(): number {
    return this.b.length - this.o;
  }
}

interface OpenFile {
  readonly path: string;
  readonly pflags: number;
  write: Content | null;
  read: Content | null;
  error: string | null;
  /** copy-data wrote into it, on the target (content not seen). */
  copiedInto?: boolean;
}

type SftpRequest =
  | { readonly k: 'open'; readonly path: string; readonly pflags: number }
  | { readonly k: 'read'; readonly f: OpenFile; readonly offset: number }
  | { readonly k: 'write'; readonly f: OpenFile }
  | { readonly k: 'close'; readonly f: OpenFile }
  | { readonly k: 'op'; readonly op: PathOp; readonly path: string; readonly toPath?: string; readonly extension?: string }
  | { readonly k: 'copy'; readonly from: OpenFile; readonly to: OpenFile; readonly length: number };

const LEN = 0;
const HEAD = 1;
const BODY = 2;
const STREAM = 3;
const SKIP = 4;

/** Parsing state of one direction of the channel. */
class Direction {
  phase = LEN;
  buf = Buffer.allocUnsafe(64);
  have = 0;
  want = 5;
  /** Bytes of the current packet not consumed yet (after its type byte). */
  remaining = 0;
  type = 0;
  packets = 0;
  headStage = 0;
  streamLeft = 0;
  streamOffset = 0;
  streamTo: Content | null = null;

  /** Appends up to `want - have` bytes of `c` from `i`; returns the new index. */
  collect(c: Buffer, i: number): number {
    if (this.buf.length < this.want) {
      const bigger = Buffer.allocUnsafe(Math.max(this.want, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.have);
      this.buf = bigger;
    }
    const k = Math.min(this.want - this.have, c.length - i);
    c.copy(this.buf, this.have, i, i + k);
    this.have += k;
    return i + k;
  }

  release(): void {
    if (this.buf.length > 4096) this.buf = Buffer.allocUnsafe(64);
  }
}

/** Observes one `sftp` subsystem channel (SFTP version 3, as OpenSSH speaks it). */
export class SftpObserver extends TransferObserver {
  private readonly up = new Direction();
  private readonly down = new Direction();
  private readonly requests = new Map<number, SftpRequest>();
  private readonly handles = new Map<string, OpenFile>();
  /** Opened and not yet reported (a CLOSE may be under way). */
  private readonly live = new Set<OpenFile>();

  /** Inside filterClient/filterServer: what passes is collected in `out`. */
  private filtering = false;
  private out: Buffer[] = [];
  /** Index in the chunk being filtered from which its bytes pass; -1 while a packet is held back. */
  private passFrom = 0;
  /** A client packet is held back across chunks (its header is cut, or it is an extended request). */
  private clientHeld = false;
  private refusedNow = false;
  /** Replies to refused requests, waiting for a packet boundary of the server's stream. */
  private replies: Buffer[] = [];

  constructor(onOperation: OnOperation, opts?: ObserverOptions) {
    super('sftp', onOperation, opts);
  }

  /**
   * Observes a client chunk and returns what of it the gateway passes on, in order: all of it,
   * except extended requests the observer does not follow, which are answered by `takeReplies`
   * instead (SSH_FX_OP_UNSUPPORTED). An extended request is held until it is whole, and so is a
   * packet header cut by the chunk's end (its type decides). Empty once `following` is false.
   */
  override filterClient(chunk: Buffer): Buffer[] {
    this.passFrom = this.clientHeld ? -1 : 0;
    const out = this.filter(chunk, true);
    this.clientHeld = this.passFrom < 0;
    return out;
  }

  /** Observes a target chunk and returns what the client gets: the chunk, with any refusal replies at packet boundaries. */
  override filterServer(chunk: Buffer): Buffer[] {
    this.passFrom = 0;
    const out = this.filter(chunk, false);
    if (this.replies.length && this.down.phase === LEN && this.down.have === 0) out.push(...this.takeReplies());
    return out;
  }

  /** The refusal replies the client may get now (the target's stream is between packets), else none yet. */
  override takeReplies(): Buffer[] {
    if (!this.replies.length || this.down.phase !== LEN || this.down.have !== 0) return [];
    const r = this.replies;
    this.replies = [];
    return r;
  }

  private filter(chunk: Buffer, client: boolean): Buffer[] {
    this.filtering = true;
    this.out = [];
    try {
      if (client) this.fromClient(chunk); else this.fromServer(chunk);
    } finally {
      this.filtering = false;
    }
    if (!this.following) return [];
    if (this.passFrom >= 0 && this.passFrom < chunk.length) this.out.push(this.passFrom === 0 ? chunk : chunk.subarray(this.passFrom));
    return this.out;
  }

  /** What passed of the chunk up to `end`; nothing more passes until released. */
  private passUntil(c: Buffer, end: number): void {
    if (this.passFrom < 0) return;
    if (end > this.passFrom) this.out.push(c.subarray(this.passFrom, end));
    this.passFrom = -1;
  }

  /** A client packet's header is whole: an extended request is held until it is whole; any other passes. */
  private typeKnown(d: Direction, c: Buffer, carried: number, start: number): void {
    if (d.type === FXP.EXTENDED) { this.passUntil(c, start); return; }
    if (this.passFrom < 0) {
      // its first bytes came in an earlier chunk (held): they pass now, and this chunk from its start
      this.out.push(Buffer.from(d.buf.subarray(0, carried)));
      this.passFrom = 0;
    }
  }

  /** An extended request is whole (it ends at `end` in the chunk): it passes, unless it was refused. */
  private extendedDone(body: Buffer, end: number): void {
    if (this.refusedNow) this.refusedNow = false;
    else if (this.following) this.out.push(Buffer.concat([u32be(body.length + 1), Buffer.from([FXP.EXTENDED]), body]));
    this.passFrom = end;
  }

  /** Refusal replies go out where the target's stream is between packets (at `at` in its chunk). */
  private inject(c: Buffer, at: number): void {
    if (at > this.passFrom) this.out.push(c.subarray(this.passFrom, at));
    this.out.push(...this.replies);
    this.replies = [];
    this.passFrom = at;
  }

  protected parse(chunk: Buffer, fromClient: boolean): void {
    this.consume(fromClient ? this.up : this.down, chunk, fromClient);
  }

  protected override released(): void {
    this.up.release();
    this.down.release();
  }
  /** Reports every open file and unanswered operation as incomplete, then forgets them. */
  protected flushOpen(note: string): void {
    for (const f of this.live) this.report(f, 'incomplete', undefined, note);
    this.live.clear();
    for (const r of this.requests.values()) {
      if (r.k === 'op' || r.k === 'copy') {
        this.emit({ ...this.opReport(r), status: 'incomplete', error: 'no reply: channel closed' });
      } else if (r.k === 'open') {
        this.emit({ protocol: 'sftp', op: r.pflags & FXF_WRITING ? 'upload' : 'download', path: r.path, bytes: 0,
          sha256: null, hashNote: note, status: 'incomplete', error: 'open not answered' });
      }
    }
    this.requests.clear();
    this.handles.clear();
  }

  private consume(d: Direction, c: Buffer, client: boolean): void {
    const n = c.length;
    let i = 0;
    while (i < n && !this.stopped) {
      switch (d.phase) {
        case LEN: {
          const carried = d.have;
          const start = i;
          if (carried === 0 && this.filtering && !client && this.replies.length) this.inject(c, i);
          i = d.collect(c, i);
          if (d.have < 5) {
            if (this.filtering && client) this.passUntil(c, start); // its type decides whether it passes
            return;
          }
          d.have = 0;
          this.startPacket(d, client, d.buf.readUInt32BE(0), d.buf[4] as number);
          if (this.filtering && client) this.typeKnown(d, c, carried, start);
          break;
        }
        case HEAD: {
          i = d.collect(c, i);
          if (d.have === d.want) this.headDone(d, client);
          break;
        }
        case BODY: {
          if (d.have === 0 && n - i >= d.remaining) {
            // The whole packet is inside this chunk: parse it in place.
            const body = c.subarray(i, i + d.remaining);
            i += d.remaining;
            d.remaining = 0;
            d.phase = LEN;
            d.want = 5;
            this.packet(client, d.type, body);
            if (this.filtering && client && d.type === FXP.EXTENDED) this.extendedDone(body, i);
          } else {
            i = d.collect(c, i);
            if (d.have === d.want) {
              const body = d.buf.subarray(0, d.want);
              d.have = 0;
              d.remaining = 0;
              d.phase = LEN;
              d.want = 5;
              this.packet(client, d.type, body);
              if (this.filtering && client && d.type === FXP.EXTENDED) this.extendedDone(body, i);
              d.release();
            }
          }
          break;
        }
        case STREAM: {
          const k = Math.min(d.streamLeft, n - i);
          if (k > 0) {
            d.streamTo?.feed(d.streamOffset, c.subarray(i, i + k));
            d.streamOffset += k;
            d.streamLeft -= k;
            d.remaining -= k;
            i += k;
          }
          if (d.streamLeft === 0) this.afterPayload(d);
          break;
        }
        default: { // SKIP
          const k = Math.min(d.remaining, n - i);
          i += k;
          d.remaining -= k;
          if (d.remaining === 0) { d.phase = LEN; d.want = 5; }
        }
      }
    }
  }

  private afterPayload(d: Direction): void {
    d.streamTo = null;
    // WRITE and DATA end with their data (SFTP v3; OpenSSH's client and server send nothing after
    // it): bytes past it would cross the gateway in no file's hash, so the stream is not SFTP.
    if (d.remaining > 0) throw new Unparseable(`${d.remaining} bytes after the data of a ${d.type === FXP.WRITE ? 'WRITE' : 'DATA'} packet`);
    d.phase = LEN;
    d.want = 5;
  }

  private startPacket(d: Direction, client: boolean, len: number, type: number): void {
    if (len < 1 || len > MAX_PACKET) throw new Unparseable(`packet length ${len}`);
    const first = d.packets++ === 0;
    if (first && type !== (client ? FXP.INIT : FXP.VERSION)) {
      throw new Unparseable(`first ${client ? 'client' : 'server'} packet has type ${type}`);
    }
    d.type = type;
    d.remaining = len - 1;
    d.have = 0;
    const payloadType = client ? FXP.WRITE : FXP.DATA;
    if (type === payloadType) {
      d.phase = HEAD;
      d.headStage = 0;
      d.want = 8; // WRITE: id, handle length / DATA: id, data length
      if (d.remaining < 8) throw new Unparseable('truncated packet');
    } else if ((client ? CLIENT_COLLECT : SERVER_COLLECT).has(type)) {
      if (d.remaining > MAX_CONTROL) {
        throw new Unparseable(`type ${type} packet of ${len} bytes`);
      } else {
        d.phase = BODY;
        d.want = d.remaining;
        if (d.remaining === 0) throw new Unparseable('truncated packet');
      }
    } else if ((client ? CLIENT_SKIP : SERVER_SKIP).has(type)) {
      if (d.remaining > MAX_SKIPPED) throw new Unparseable(`type ${type} packet of ${len} bytes`);
      d.phase = d.remaining > 0 ? SKIP : LEN;
      d.want = 5;
    } else {
      throw new Unparseable(`unknown ${client ? 'client' : 'server'} packet type ${type}`);
    }
  }

  private headDone(d: Direction, client: boolean): void {
    const b = d.buf;
    const id = b.readUInt32BE(0);
    if (!client) { // DATA: id, data length
      const dlen = b.readUInt32BE(4);
      d.remaining -= 8;
      if (dlen > d.remaining) throw new Unparseable('DATA longer than its packet');
      const req = this.requests.get(id);
      // Data that answers no READ would pass without belonging to any file.
      if (req?.k !== 'read') throw new Unparseable('DATA that answers no READ');
      this.requests.delete(id);
      this.beginStream(d, dlen, req.f.read, req.offset);
      return;
    }
    if (d.headStage === 0) { // WRITE: id, handle length … then handle, offset, data length
      const hlen = b.readUInt32BE(4);
      if (hlen > MAX_HANDLE || 8 + hlen + 12 > d.remaining) throw new Unparseable('bad WRITE header');
      d.headStage = 1;
      d.want = 8 + hlen + 12;
      return;
    }
    const hlen = b.readUInt32BE(4);
    const key = b.toString('latin1', 8, 8 + hlen);
    const offset = b.readUInt32BE(8 + hlen) * 0x1_0000_0000 + b.readUInt32BE(12 + hlen);
    const dlen = b.readUInt32BE(16 + hlen);
    d.remaining -= d.want;
    if (dlen > d.remaining) throw new Unparseable('WRITE longer than its packet');
    const f = this.handles.get(key);
    // Data written to no open file would pass without belonging to any file.
    if (!f) throw new Unparseable('WRITE to a handle that was not opened');
    const to = f.write ??= new Content(this.budget, 'non-sequential writes');
    to.begin(offset);
    this.request(id, { k: 'write', f });
    this.beginStream(d, dlen, to, offset);
  }

  private beginStream(d: Direction, dlen: number, to: Content | null, offset: number): void {
    d.have = 0;
    d.streamLeft = dlen;
    d.streamOffset = offset;
    d.streamTo = to;
    d.phase = STREAM;
    if (dlen === 0) this.afterPayload(d);
  }

  private packet(client: boolean, type: number, body: Buffer): void {
    const r = new Reader(body);
    if (client) this.clientPacket(type, r); else this.serverPacket(type, r);
  }

  private clientPacket(type: number, r: Reader): void {
    if (type === FXP.INIT) return;
    const id = r.u32();
    switch (type) {
      case FXP.OPEN: {
        const path = r.str();
        this.request(id, { k: 'open', path, pflags: r.u32() });
        return;
      }
      case FXP.CLOSE: {
        const key = r.key();
        const f = this.handles.get(key);
        if (f) { this.handles.delete(key); this.request(id, { k: 'close', f }); }
        return;
      }
      case FXP.READ: {
        const f = this.handles.get(r.key());
        const offset = r.u64();
        r.u32();
        if (!f) throw new Unparseable('READ of a handle that was not opened');
        (f.read ??= new Content(this.budget, 'non-sequential reads')).begin(offset);
        this.request(id, { k: 'read', f, offset });
        return;
      }
      case FXP.SETSTAT: return this.pathOp(id, 'setstat', r.str());
      case FXP.FSETSTAT: return this.pathOp(id, 'setstat', this.handles.get(r.key())?.path ?? '');
      case FXP.REMOVE: return this.pathOp(id, 'remove', r.str());
      case FXP.MKDIR: return this.pathOp(id, 'mkdir', r.str());
      case FXP.RMDIR: return this.pathOp(id, 'rmdir', r.str());
      case FXP.RENAME: { const from = r.str(); return this.pathOp(id, 'rename', from, r.str()); }
      case FXP.SYMLINK: { const a = r.str(); return this.pathOp(id, 'symlink', a, r.str()); }
      case FXP.EXTENDED: return this.extended(id, r.str(), r);
      default:
    }
  }

  private request(id: number, r: SftpRequest): void {
    if (this.requests.size >= MAX_REQUESTS && !this.requests.has(id)) throw new Unparseable(`over ${MAX_REQUESTS} requests unanswered`);
    this.requests.set(id, r);
  }

  private pathOp(id: number, op: PathOp, path: string, toPath?: string, extension?: string): void {
    this.request(id, { k: 'op', op, path, ...(toPath !== undefined ? { toPath } : {}), ...(extension !== undefined ? { extension } : {}) });
  }

  private extended(id: number, name: string, r: Reader): void {
    if (name === COPY_DATA) {
      const from = this.handles.get(r.key());
      r.u64();
      const length = r.u64();
      const to = this.handles.get(r.key());
      if (!from || !to) throw new Unparseable('copy-data between handles that were not opened');
      to.copiedInto = true;
      this.request(id, { k: 'copy', from, to, length });
      return;
    }
    const follow = Object.hasOwn(EXTENSIONS, name) ? EXTENSIONS[name] : undefined;
    if (!follow && this.filtering) {
      // Not passed on: the client is told the server does not support it (and the refusal logged).
      this.refusedNow = true;
      this.replies.push(statusPacket(id, FX_OP_UNSUPPORTED, REFUSED_TEXT));
      this.emit({ protocol: 'sftp', op: 'refused', extension: name.slice(0, 200), path: '', bytes: 0, sha256: null, status: 'failed',
        error: `not followed by the evidence log: refused (SSH_FX_OP_UNSUPPORTED)` });
      return;
    }
    if (!follow) throw new Unparseable(`extension '${name.slice(0, 100)}' is not followed`);
    const { op, path, toPath } = follow(r, (key) => this.handles.get(key)?.path ?? '');
    this.pathOp(id, op, path, toPath, name);
  }

  /** The report of a path operation or a copy, without its outcome. */
  private opReport(r: Extract<SftpRequest, { k: 'op' | 'copy' }>): Omit<FileOperation, 'status'> {
    if (r.k === 'copy') {
      return { protocol: 'sftp', op: 'copy', extension: COPY_DATA, path: r.from.path, toPath: r.to.path, bytes: r.length, sha256: null,
        hashNote: `copied on the target: content not seen by the gateway${r.length === 0 ? '; length 0: up to the end of the source' : ''}` };
    }
    return { protocol: 'sftp', op: r.op, path: r.path, ...(r.toPath !== undefined ? { toPath: r.toPath } : {}),
      ...(r.extension !== undefined ? { extension: r.extension } : {}), bytes: 0, sha256: null };
  }

  private serverPacket(type: number, r: Reader): void {
    if (type === FXP.VERSION) {
      const version = r.u32();
      if (version !== 3) throw new Unparseable(`SFTP version ${version} (only 3 is understood)`);
      return;
    }
    const id = r.u32();
    const req = this.requests.get(id);
    if (!req) return;
    this.requests.delete(id);
    if (type === FXP.NAME || type === FXP.ATTRS || type === FXP.EXTENDED_REPLY) {
      // the answer of a query (expand-path, statvfs…); a file's requests are answered by STATUS, HANDLE or DATA
      if (req.k === 'op' || req.k === 'copy') this.emit({ ...this.opReport(req), status: 'ok' });
      return;
    }
    if (type === FXP.HANDLE) {
      if (req.k !== 'open') return;
      const f: OpenFile = { path: req.path, pflags: req.pflags, write: null, read: null, error: null };
      this.handles.set(r.key(), f);
      this.live.add(f);
      return;
    }
    // STATUS: id, code, [message, language]
    const code = r.u32();
    let message = '';
    if (r.left >= 4) { try { message = r.str(); } catch { message = ''; } }
    const text = message || STATUS_NAMES[code] || `status ${code}`;
    switch (req.k) {
      case 'open':
        this.emit({ protocol: 'sftp', op: req.pflags & FXF_WRITING ? 'upload' : 'download', path: req.path, bytes: 0,
          sha256: null, hashNote: 'not opened', status: 'failed', error: text });
        return;
      case 'read':
        if (code === FX_EOF) req.f.read?.eof(req.offset);
        else if (code !== FX_OK) req.f.error ??= text;
        return;
      case 'write':
        if (code !== FX_OK) req.f.error ??= text;
        return;
      case 'close':
        this.live.delete(req.f);
        this.report(req.f, code === FX_OK ? 'ok' : 'failed', code === FX_OK ? undefined : text);
        return;
      default:
        this.emit({ ...this.opReport(req), status: code === FX_OK ? 'ok' : 'failed', ...(code === FX_OK ? {} : { error: text }) });
    }
  }

  /** One file's transfer(s) at its CLOSE (or when the channel ends). */
  private report(f: OpenFile, status: 'ok' | 'failed' | 'incomplete', closeError?: string, note?: string): void {
    const writing = (f.pflags & FXF_WRITING) !== 0;
    const error = status === 'incomplete' ? f.error ?? undefined : f.error ?? closeError;
    const final = status === 'incomplete' ? 'incomplete' : error ? 'failed' : 'ok';
    const one = (op: 'upload' | 'download', c: Content | null): void => {
      const res = op === 'upload' && f.copiedInto
        ? { bytes: c ? c.finish(false).bytes : 0, sha256: null, hashNote: `copy-data wrote into it on the target (content not seen)${note ? `; ${note}` : ''}` }
        : c ? c.finish(op === 'download', note) : op === 'upload'
        ? { bytes: 0, sha256: SHA256_EMPTY, ...(note ? { hashNote: note } : {}) }
        : { bytes: 0, sha256: SHA256_EMPTY, hashNote: note ? `no data read; ${note}` : 'no data read' };
      this.emit({ protocol: 'sftp', op, path: f.path, ...res, status: final, ...(error ? { error } : {}) });
    };
    if (f.write || (!f.read && writing)) one('upload', f.write);
    if (f.read || (!f.write && !writing)) one('download', f.read);
  }
}
