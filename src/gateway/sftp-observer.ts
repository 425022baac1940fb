import { createHash, type Hash } from 'node:crypto';

/**
 * Passive observers of file transfers on a proxied SSH channel, for the evidence log: the
 * `sftp` subsystem (SftpObserver) and legacy SCP (`scp -t` / `scp -f`, ScpObserver). They read
 * copies of the bytes the gateway forwards and never alter, hold back or delay them; payloads are
 * hashed straight from the incoming chunks (out-of-order pieces alone are copied, up to a bound).
 * Neither ever throws: a stream that cannot be parsed stops the observer with one `unparseable`
 * report (and reports the transfers it was following as `incomplete`).
 */

export interface FileOperation {
  readonly protocol: 'sftp' | 'scp';
  /**
   * upload = client → target; download = target → client. `unparseable` is not a file operation:
   * it is the one note an observer gives when it stops observing (`error` says why; path '').
   */
  readonly op: 'upload' | 'download' | 'remove' | 'rename' | 'mkdir' | 'rmdir' | 'setstat' | 'symlink' | 'unparseable';
  readonly path: string;
  /** rename/symlink: the second path (symlink: as OpenSSH sends it, `path` is the link's target and `toPath` the link). */
  readonly toPath?: string;
  /** scp: how sure `path` is (the sink's target may be the file itself or the directory it goes into). */
  readonly pathNote?: string;
  /** Bytes transferred (upload/download): distinct bytes of the file; else 0. */
  readonly bytes: number;
  /**
   * SHA-256 hex of the bytes transferred, in file order (from the first offset transferred); null
   * when it could not be computed (then `hashNote` says why). Also given, with a `hashNote`, for a
   * transfer that stopped early: the hash of the contiguous bytes that did pass.
   */
  readonly sha256: string | null;
  /** e.g. 'non-sequential writes', 'incomplete: channel closed', 'partial read', 'from offset 4096'. */
  readonly hashNote?: string;
  /** 'ok' when the target confirmed it (SSH_FXP_STATUS OK for the CLOSE / the op; scp: the final \0 ack), else 'failed' (with the status text if any); 'incomplete' when the channel closed first. */
  readonly status: 'ok' | 'failed' | 'incomplete';
  readonly error?: string;
}

export interface ObserverOptions {
  /**
   * Out-of-order payload held (copied) before hashing is given up for the transfer that would go
   * over it. One budget per observer (channel), shared by its open files. Default 8 MiB.
   */
  readonly maxPendingBytes?: number;
}

type OnOperation = (op: FileOperation) => void;

const DEFAULT_MAX_PENDING = 8 * 1024 * 1024;
const SHA256_EMPTY = createHash('sha256').digest('hex');

/** Calls the consumer; its failure must never break the proxied stream. */
function deliver(cb: OnOperation, op: FileOperation): void {
  try {
    cb(op);
  } catch {
    // The consumer's own problem; the stream goes on.
  }
}

/** Separate byte ranges a transfer keeps track of; past this, bytes written twice may be counted twice. */
const MAX_RANGES = 4096;
/** Out-of-order pieces held per transfer (whatever their size). */
const MAX_PENDING_PIECES = 4096;

/** Distinct byte ranges seen (sorted, disjoint, merged); appending at the end is O(1). */
class Coverage {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  total = 0;
  /** Too many separate ranges: later ones are added without checking for overlap. */
  overflow = false;

  /** Where the range beginning at `start` ends (`start` if none does). */
  endFrom(start: number): number {
    return this.starts[0] === start ? (this.ends[0] as number) : start;
  }

  add(s: number, e: number): void {
    if (e <= s) return;
    const { starts, ends } = this;
    const n = ends.length;
    const lastEnd = n > 0 ? (ends[n - 1] as number) : -1;
    if (lastEnd === s) { ends[n - 1] = e; this.total += e - s; return; }
    if (n >= MAX_RANGES || this.overflow) { this.overflow = true; this.total += e - s; return; }
    if (lastEnd < s) { starts.push(s); ends.push(e); this.total += e - s; return; }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ends[mid] as number) < s) lo = mid + 1; else hi = mid;
    }
    let j = lo;
    let ns = s;
    let ne = e;
    let removed = 0;
    while (j < n && (starts[j] as number) <= e) {
      ns = Math.min(ns, starts[j] as number);
      ne = Math.max(ne, ends[j] as number);
      removed += (ends[j] as number) - (starts[j] as number);
      j++;
    }
    starts.splice(lo, j - lo, ns);
    ends.splice(lo, j - lo, ne);
    this.total += ne - ns - removed;
  }
}

/** Out-of-order bytes held by all the transfers of one observer. */
interface PendingBudget { used: number; readonly max: number }

interface ContentResult { readonly bytes: number; readonly sha256: string | null; readonly hashNote?: string }

/**
 * The content of one transfer: hashes the bytes in file order as they arrive (contiguous pieces
 * straight from the caller's buffer), holds copies of pieces that arrive ahead of a gap, and
 * counts the distinct bytes.
 */
class Content {
  private hash: Hash | null = createHash('sha256');
  private start = -1;
  private next = 0;
  private pending: Map<number, Buffer> | null = null;
  private pendingBytes = 0;
  private readonly covered = new Coverage();
  private lost: string | null = null;
  /** Lowest offset a READ got EOF for (downloads). */
  private eofAt = Infinity;
  private result: ContentResult | null = null;

  constructor(private readonly budget: PendingBudget, private readonly orderNote: string) {}

  /** The first request fixes where hashing starts (pieces may then arrive in any order). */
  begin(offset: number): void {
    if (this.start < 0) { this.start = offset; this.next = offset; }
  }

  eof(offset: number): void {
    if (offset < this.eofAt) this.eofAt = offset;
  }

  feed(offset: number, piece: Buffer): void {
    const len = piece.length;
    if (len === 0 || this.result) return;
    if (this.start < 0) this.begin(offset);
    this.covered.add(offset, offset + len);
    const h = this.hash;
    if (!h) return;
    if (offset === this.next) {
      h.update(piece);
      this.next += len;
      if (this.pendingBytes > 0) this.drain(h);
    } else if (offset > this.next) {
      const budget = this.budget;
      if (budget.used + len > budget.max || (this.pending?.size ?? 0) >= MAX_PENDING_PIECES) {
        this.giveUp(`out-of-order data over ${budget.max} bytes`);
        return;
      }
      const pending = (this.pending ??= new Map());
      if (pending.has(offset)) { this.giveUp(this.orderNote); return; }
      pending.set(offset, Buffer.from(piece));
      this.pendingBytes += len;
      budget.used += len;
    } else {
      this.giveUp(this.orderNote);
    }
  }

  private drain(h: Hash): void {
    const pending = this.pending;
    if (!pending) return;
    for (let b = pending.get(this.next); b !== undefined; b = pending.get(this.next)) {
      pending.delete(this.next);
      this.pendingBytes -= b.length;
      this.budget.used -= b.length;
      h.update(b);
      this.next += b.length;
    }
  }

  private giveUp(note: string): void {
    this.lost ??= note;
    this.hash = null;
    this.pending = null;
    this.budget.used -= this.pendingBytes;
    this.pendingBytes = 0;
  }

  /** Final figures (computed once); `download` adds the 'partial read' check, `extraNote` e.g. the channel closing. */
  finish(download: boolean, extraNote?: string): ContentResult {
    if (this.result) return this.result;
    if (this.pendingBytes > 0) this.giveUp(this.orderNote);
    const notes: string[] = [];
    if (this.lost) notes.push(this.lost);
    if (this.start > 0) notes.push(`from offset ${this.start}`);
    if (this.covered.overflow) notes.push('byte count may include bytes sent twice');
    if (download && this.start < 0) notes.push('no data read');
    else if (download && this.eofAt > Math.max(this.next, this.covered.endFrom(this.start))) notes.push('partial read');
    if (extraNote) notes.push(extraNote);
    const sha256 = this.hash ? this.hash.digest('hex') : null;
    this.hash = null;
    this.result = { bytes: this.covered.total, sha256, ...(notes.length ? { hashNote: notes.join('; ') } : {}) };
    return this.result;
  }
}

// ---------------------------------------------------------------------------------------------
// SFTP (draft-ietf-secsh-filexfer-02, protocol version 3)

const FXP = {
  INIT: 1, VERSION: 2, OPEN: 3, CLOSE: 4, READ: 5, WRITE: 6, LSTAT: 7, FSTAT: 8, SETSTAT: 9, FSETSTAT: 10, OPENDIR: 11,
  READDIR: 12, REMOVE: 13, MKDIR: 14, RMDIR: 15, REALPATH: 16, STAT: 17, RENAME: 18, READLINK: 19, SYMLINK: 20,
  STATUS: 101, HANDLE: 102, DATA: 103, NAME: 104, ATTRS: 105, EXTENDED: 200, EXTENDED_REPLY: 201,
} as const;
const FXF_WRITING = 0x02 | 0x04 | 0x08 | 0x10; // WRITE | APPEND | CREAT | TRUNC
const FX_OK = 0;
const FX_EOF = 1;
const STATUS_NAMES = ['OK', 'EOF', 'no such file', 'permission denied', 'failure', 'bad message', 'no connection',
  'connection lost', 'operation unsupported'];

/** Larger than any SFTP server accepts (OpenSSH: 256 KiB); beyond it the stream is not SFTP. */
const MAX_PACKET = 16 * 1024 * 1024;
/** Largest non-payload packet collected whole. */
const MAX_CONTROL = 1024 * 1024;
const MAX_HANDLE = 4096;
/** Requests awaiting a reply (OpenSSH's client keeps 64 in flight). */
const MAX_REQUESTS = 65536;

/** Packet types collected whole and parsed; payload types (WRITE, DATA) are streamed; the rest skipped. */
const CLIENT_COLLECT = new Set<number>([FXP.INIT, FXP.OPEN, FXP.CLOSE, FXP.READ, FXP.SETSTAT, FXP.FSETSTAT, FXP.REMOVE,
  FXP.MKDIR, FXP.RMDIR, FXP.RENAME, FXP.SYMLINK, FXP.EXTENDED]);
const CLIENT_SKIP = new Set<number>([FXP.LSTAT, FXP.FSTAT, FXP.OPENDIR, FXP.READDIR, FXP.REALPATH, FXP.STAT, FXP.READLINK]);
const SERVER_COLLECT = new Set<number>([FXP.VERSION, FXP.STATUS, FXP.HANDLE]);
const SERVER_SKIP = new Set<number>([FXP.NAME, FXP.ATTRS, FXP.EXTENDED_REPLY]);

class Unparseable extends Error {}

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
}

type SftpRequest =
  | { readonly k: 'open'; readonly path: string; readonly pflags: number }
  | { readonly k: 'read'; readonly f: OpenFile; readonly offset: number }
  | { readonly k: 'write'; readonly f: OpenFile }
  | { readonly k: 'close'; readonly f: OpenFile }
  | { readonly k: 'op'; readonly op: 'remove' | 'rename' | 'mkdir' | 'rmdir' | 'setstat' | 'symlink'; readonly path: string; readonly toPath?: string };

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
export class SftpObserver {
  private readonly budget: PendingBudget;
  private readonly up = new Direction();
  private readonly down = new Direction();
  private readonly requests = new Map<number, SftpRequest>();
  private readonly handles = new Map<string, OpenFile>();
  /** Opened and not yet reported (a CLOSE may be under way). */
  private readonly live = new Set<OpenFile>();
  private stopped = false;

  constructor(private readonly onOperation: OnOperation, opts?: ObserverOptions) {
    this.budget = { used: 0, max: opts?.maxPendingBytes ?? DEFAULT_MAX_PENDING };
  }

  /** Bytes the client sent to the target on this channel. */
  fromClient(chunk: Buffer): void {
    this.guard(this.up, chunk, true);
  }

  /** Bytes the target sent to the client on this channel. */
  fromServer(chunk: Buffer): void {
    this.guard(this.down, chunk, false);
  }

  /** Channel closed: whatever is still open or unanswered is reported as `incomplete`. */
  end(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.flushOpen('incomplete: channel closed');
  }

  private guard(d: Direction, chunk: Buffer, client: boolean): void {
    if (this.stopped || chunk.length === 0) return;
    try {
      this.consume(d, chunk, client);
    } catch (err) {
      this.stop(err instanceof Unparseable ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    deliver(this.onOperation, { protocol: 'sftp', op: 'unparseable', path: '', bytes: 0, sha256: null,
      hashNote: 'observing stopped', status: 'incomplete', error: `unparseable: ${reason}` });
    this.flushOpen('incomplete: observing stopped (unparseable stream)');
    this.up.release();
    this.down.release();
  }

  /** Reports every open file and unanswered operation as incomplete, then forgets them. */
  private flushOpen(note: string): void {
    for (const f of this.live) this.report(f, 'incomplete', undefined, note);
    this.live.clear();
    for (const r of this.requests.values()) {
      if (r.k === 'op') {
        this.emit({ protocol: 'sftp', op: r.op, path: r.path, ...(r.toPath !== undefined ? { toPath: r.toPath } : {}), bytes: 0,
          sha256: null, status: 'incomplete', error: 'no reply: channel closed' });
      } else if (r.k === 'open') {
        this.emit({ protocol: 'sftp', op: r.pflags & FXF_WRITING ? 'upload' : 'download', path: r.path, bytes: 0,
          sha256: null, hashNote: note, status: 'incomplete', error: 'open not answered' });
      }
    }
    this.requests.clear();
    this.handles.clear();
  }

  private emit(op: FileOperation): void {
    deliver(this.onOperation, op);
  }

  private consume(d: Direction, c: Buffer, client: boolean): void {
    const n = c.length;
    let i = 0;
    while (i < n && !this.stopped) {
      switch (d.phase) {
        case LEN: {
          i = d.collect(c, i);
          if (d.have < 5) return;
          d.have = 0;
          this.startPacket(d, client, d.buf.readUInt32BE(0), d.buf[4] as number);
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
          } else {
            i = d.collect(c, i);
            if (d.have === d.want) {
              const body = d.buf.subarray(0, d.want);
              d.have = 0;
              d.remaining = 0;
              d.phase = LEN;
              d.want = 5;
              this.packet(client, d.type, body);
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
    d.phase = d.remaining > 0 ? SKIP : LEN;
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
        if (type !== FXP.EXTENDED) throw new Unparseable(`type ${type} packet of ${len} bytes`);
        d.phase = SKIP;
      } else {
        d.phase = BODY;
        d.want = d.remaining;
        if (d.remaining === 0) throw new Unparseable('truncated packet');
      }
    } else if ((client ? CLIENT_SKIP : SERVER_SKIP).has(type)) {
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
      let to: Content | null = null;
      let offset = 0;
      if (req?.k === 'read') {
        this.requests.delete(id);
        to = req.f.read;
        offset = req.offset;
      }
      this.beginStream(d, dlen, to, offset);
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
    let to: Content | null = null;
    if (f) {
      to = f.write ??= new Content(this.budget, 'non-sequential writes');
      to.begin(offset);
      this.request(id, { k: 'write', f });
    }
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
        if (f) {
          (f.read ??= new Content(this.budget, 'non-sequential reads')).begin(offset);
          this.request(id, { k: 'read', f, offset });
        }
        return;
      }
      case FXP.SETSTAT: return this.pathOp(id, 'setstat', r.str());
      case FXP.FSETSTAT: return this.pathOp(id, 'setstat', this.handles.get(r.key())?.path ?? '');
      case FXP.REMOVE: return this.pathOp(id, 'remove', r.str());
      case FXP.MKDIR: return this.pathOp(id, 'mkdir', r.str());
      case FXP.RMDIR: return this.pathOp(id, 'rmdir', r.str());
      case FXP.RENAME: { const from = r.str(); return this.pathOp(id, 'rename', from, r.str()); }
      case FXP.SYMLINK: { const a = r.str(); return this.pathOp(id, 'symlink', a, r.str()); }
      case FXP.EXTENDED: {
        const name = r.str();
        if (name === 'posix-rename@openssh.com') { const from = r.str(); this.pathOp(id, 'rename', from, r.str()); }
        else if (name === 'lsetstat@openssh.com') this.pathOp(id, 'setstat', r.str());
        return;
      }
      default:
    }
  }

  private request(id: number, r: SftpRequest): void {
    if (this.requests.size >= MAX_REQUESTS && !this.requests.has(id)) throw new Unparseable(`over ${MAX_REQUESTS} requests unanswered`);
    this.requests.set(id, r);
  }

  private pathOp(id: number, op: 'remove' | 'rename' | 'mkdir' | 'rmdir' | 'setstat' | 'symlink', path: string, toPath?: string): void {
    this.request(id, { k: 'op', op, path, ...(toPath !== undefined ? { toPath } : {}) });
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
        this.emit({ protocol: 'sftp', op: req.op, path: req.path, ...(req.toPath !== undefined ? { toPath: req.toPath } : {}),
          bytes: 0, sha256: null, status: code === FX_OK ? 'ok' : 'failed', ...(code === FX_OK ? {} : { error: text }) });
    }
  }

  /** One file's transfer(s) at its CLOSE (or when the channel ends). */
  private report(f: OpenFile, status: 'ok' | 'failed' | 'incomplete', closeError?: string, note?: string): void {
    const writing = (f.pflags & FXF_WRITING) !== 0;
    const error = status === 'incomplete' ? f.error ?? undefined : f.error ?? closeError;
    const final = status === 'incomplete' ? 'incomplete' : error ? 'failed' : 'ok';
    const one = (op: 'upload' | 'download', c: Content | null): void => {
      const res = c ? c.finish(op === 'download', note) : op === 'upload'
        ? { bytes: 0, sha256: SHA256_EMPTY, ...(note ? { hashNote: note } : {}) }
        : { bytes: 0, sha256: SHA256_EMPTY, hashNote: note ? `no data read; ${note}` : 'no data read' };
      this.emit({ protocol: 'sftp', op, path: f.path, ...res, status: final, ...(error ? { error } : {}) });
    };
    if (f.write || (!f.read && writing)) one('upload', f.write);
    if (f.read || (!f.write && !writing)) one('download', f.read);
  }
}

// ---------------------------------------------------------------------------------------------
// Legacy SCP (rcp protocol: `scp -t` sink, `scp -f` source)

const MAX_LINE = 16 * 1024;

type ScpExpect =
  | { readonly k: 'start' | 'time' | 'enddir' }
  | { readonly k: 'file'; readonly file: ScpFile }
  | { readonly k: 'fileEnd'; readonly file: ScpFile }
  | { readonly k: 'dir'; readonly dir: ScpDir };

/** A directory being received; `alt`: where it is if the sink's target is an existing directory (see `resolve`). */
interface ScpDir { readonly path: string; readonly alt?: string }

interface ScpFile {
  readonly path: string;
  readonly pathNote?: string;
  readonly size: number;
  readonly content: Content;
  sourceError?: string;
}

/** Control stream states. */
const C_WAIT = 0; // waiting for the sink's ack (control bytes are held meanwhile)
const C_LINE = 1;
const C_DATA = 2;
const C_TRAILER = 3; // the source's \0 (or error line) after the data
const C_TRAILER_MSG = 4;

const stripSlashes = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') || '/' : p);
const joinPath = (dir: string, name: string): string =>
  dir === '' || dir === '.' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
const baseName = (p: string): string => {
  const s = stripSlashes(p);
  return s.slice(s.lastIndexOf('/') + 1);
};
const dirName = (p: string): string => {
  const s = stripSlashes(p);
  const k = s.lastIndexOf('/');
  return k < 0 ? '' : k === 0 ? '/' : s.slice(0, k);
};

/**
 * Observes one `scp -t` (upload: control lines and data from the client, acks from the target) or
 * `scp -f` (download: the reverse) channel. Each file is reported when the sink's final ack
 * arrives; with -r, directories are tracked (D … E) and, on upload, reported as `mkdir`.
 */
export class ScpObserver {
  private readonly budget: PendingBudget;
  private readonly certainDir: boolean;
  private state = C_WAIT;
  private expect: ScpExpect | null = { k: 'start' };
  private held: Buffer[] = [];
  private heldBytes = 0;
  private line: Buffer[] = [];
  private lineLen = 0;
  private file: ScpFile | null = null;
  private dataLeft = 0;
  private readonly dirs: ScpDir[] = [];
  // ack stream
  private ackMsg: Buffer[] | null = null;
  private ackMsgLen = 0;
  private ackFatal = false;
  private stopped = false;

  constructor(
    private readonly mode: 'upload' | 'download',
    private readonly basePath: string,
    private readonly onOperation: OnOperation,
    opts?: ObserverOptions & {
      /** `scp -d` (the client sends several files): the upload target is a directory. */
      readonly targetIsDirectory?: boolean;
    },
  ) {
    this.budget = { used: 0, max: opts?.maxPendingBytes ?? DEFAULT_MAX_PENDING };
    const b = basePath;
    this.certainDir = !!opts?.targetIsDirectory || b === '' || b === '.' || b === '..' || b === '~' || b.endsWith('/')
      || b.endsWith('/.') || b.endsWith('/..');
  }

  fromClient(chunk: Buffer): void {
    this.guard(chunk, this.mode === 'upload');
  }

  fromServer(chunk: Buffer): void {
    this.guard(chunk, this.mode === 'download');
  }

  end(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.flushOpen('incomplete: channel closed');
  }

  private guard(chunk: Buffer, control: boolean): void {
    if (this.stopped || chunk.length === 0) return;
    try {
      if (control) this.control(chunk); else this.acks(chunk);
    } catch (err) {
      this.stop(err instanceof Unparseable ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    deliver(this.onOperation, { protocol: 'scp', op: 'unparseable', path: '', bytes: 0, sha256: null,
      hashNote: 'observing stopped', status: 'incomplete', error: `unparseable: ${reason}` });
    this.flushOpen('incomplete: observing stopped (unparseable stream)');
  }

  private flushOpen(note: string): void {
    const f = this.file ?? (this.expect && (this.expect.k === 'file' || this.expect.k === 'fileEnd') ? this.expect.file : null);
    if (f) this.reportFile(f, 'incomplete', undefined, note);
    this.file = null;
    this.expect = null;
    this.held = [];
    this.line = [];
  }

  private emit(op: FileOperation): void {
    deliver(this.onOperation, op);
  }

  // --- control stream (source → sink) ----------------------------------------------------------

  private control(c: Buffer): void {
    let i = 0;
    const n = c.length;
    while (i < n && !this.stopped) {
      switch (this.state) {
        case C_WAIT: {
          // The source waits for each ack, so this only happens if the two directions are
          // observed out of causal order: hold the bytes until the ack is seen.
          const rest = c.subarray(i);
          if (this.heldBytes + rest.length > this.budget.max) throw new Unparseable('control data without an ack');
          this.held.push(Buffer.from(rest));
          this.heldBytes += rest.length;
          return;
        }
        case C_LINE:
        case C_TRAILER_MSG: {
          const nl = c.indexOf(0x0a, i);
          const end = nl < 0 ? n : nl;
          if (this.lineLen + (end - i) > MAX_LINE) throw new Unparseable('control line too long');
          if (end > i) { this.line.push(c.subarray(i, end)); this.lineLen += end - i; }
          if (nl < 0) {
            // Keep copies: the caller may reuse its buffer.
            this.line = [Buffer.concat(this.line)];
            return;
          }
          i = nl + 1;
          const line = Buffer.concat(this.line, this.lineLen);
          this.line = [];
          this.lineLen = 0;
          if (this.state === C_LINE) this.controlLine(line); else this.trailerError(line);
          break;
        }
        case C_DATA: {
          const k = Math.min(this.dataLeft, n - i);
          this.file?.content.feed((this.file.size - this.dataLeft), c.subarray(i, i + k));
          this.dataLeft -= k;
          i += k;
          if (this.dataLeft === 0) this.state = C_TRAILER;
          break;
        }
        default: { // C_TRAILER
          const b = c[i++] as number;
          if (b === 0) this.waitFor({ k: 'fileEnd', file: this.file as ScpFile });
          else if (b === 1 || b === 2) this.state = C_TRAILER_MSG;
          else throw new Unparseable(`byte ${b} after file data`);
        }
      }
    }
  }

  private waitFor(e: ScpExpect): void {
    if (e.k === 'fileEnd') this.file = null;
    this.expect = e;
    this.state = C_WAIT;
  }

  private trailerError(line: Buffer): void {
    const f = this.file as ScpFile;
    f.sourceError = line.toString('utf8').trim();
    this.waitFor({ k: 'fileEnd', file: f });
  }

  private controlLine(buf: Buffer): void {
    const kind = buf[0];
    if (kind === 1 || kind === 2) {
      // The source could not send something (the sink does not answer this).
      const error = buf.subarray(1).toString('utf8').trim();
      const dir = this.dirs[this.dirs.length - 1];
      this.emit({ protocol: 'scp', op: this.mode, path: dir?.path ?? this.basePath, bytes: 0, sha256: null, hashNote: 'not transferred',
        status: 'failed', error });
      return;
    }
    const line = buf.toString('utf8');
    if (line === 'E') {
      if (this.dirs.length === 0) throw new Unparseable('E outside a directory');
      this.waitFor({ k: 'enddir' });
      return;
    }
    if (kind === 0x54) { // T<mtime> 0 <atime> 0
      if (!/^T\d+ \d+ \d+ \d+$/.test(line)) throw new Unparseable('bad T line');
      this.waitFor({ k: 'time' });
      return;
    }
    const m = /^([CD])([0-7]{3,4}) (\d+) (.+)$/s.exec(line);
    if (!m) throw new Unparseable('expected a control record');
    const name = m[4] as string;
    const size = Number(m[3]);
    if (!Number.isSafeInteger(size)) throw new Unparseable('bad size');
    const { path, alt } = this.resolve(name);
    if (m[1] === 'D') {
      this.waitFor({ k: 'dir', dir: { path, ...(alt !== undefined ? { alt } : {}) } });
      return;
    }
    const file: ScpFile = { path, ...(alt !== undefined ? { pathNote: this.noteFor(alt) } : {}), size,
      content: new Content(this.budget, 'non-sequential data') };
    file.content.begin(0);
    this.waitFor({ k: 'file', file });
  }

  /** Where a file or directory named in a C/D record is on the target (`alt`: see below). */
  private resolve(name: string): { path: string; alt?: string } {
    const parent = this.dirs[this.dirs.length - 1];
    if (parent !== undefined) {
      return { path: joinPath(parent.path, name), ...(parent.alt !== undefined ? { alt: joinPath(parent.alt, name) } : {}) };
    }
    const base = this.basePath;
    if (this.mode === 'download') {
      // The source sends each file's base name: a plain path, or one match of a pattern.
      return { path: baseName(base) === name ? base : joinPath(dirName(base), name) };
    }
    if (this.certainDir) return { path: joinPath(base, name) };
    // The sink writes to `base` itself, or into it if it is an existing directory: only the
    // target knows. `path` is the target as given, `pathNote` the other possibility.
    const b = stripSlashes(base);
    return { path: b, alt: joinPath(b, name) };
  }

  private noteFor(alt: string): string {
    const b = stripSlashes(this.basePath);
    return `or '${alt}' if '${b}' is a directory`;
  }

  // --- ack stream (sink → source) ---------------------------------------------------------------

  private acks(c: Buffer): void {
    let i = 0;
    const n = c.length;
    while (i < n && !this.stopped) {
      if (this.ackMsg) {
        const nl = c.indexOf(0x0a, i);
        const end = nl < 0 ? n : nl;
        if (this.ackMsgLen + (end - i) > MAX_LINE) throw new Unparseable('error message too long');
        this.ackMsg.push(Buffer.from(c.subarray(i, end)));
        this.ackMsgLen += end - i;
        if (nl < 0) return;
        i = nl + 1;
        const msg = Buffer.concat(this.ackMsg).toString('utf8').trim();
        this.ackMsg = null;
        this.ackMsgLen = 0;
        this.onAck(msg, this.ackFatal);
        continue;
      }
      const b = c[i++] as number;
      if (b === 0) this.onAck(null, false);
      else if (b === 1 || b === 2) { this.ackMsg = []; this.ackFatal = b === 2; }
      else throw new Unparseable(`ack byte ${b}`);
    }
  }

  private onAck(error: string | null, fatal: boolean): void {
    const e = this.expect;
    if (!e) {
      if (error === null) throw new Unparseable('ack without a request');
      return; // an error the sink reports on its own (it is about to exit)
    }
    this.expect = null;
    this.state = C_LINE;
    switch (e.k) {
      case 'file':
        if (error !== null) {
          this.emit({ protocol: 'scp', op: this.mode, path: e.file.path, ...(e.file.pathNote ? { pathNote: e.file.pathNote } : {}),
            bytes: 0, sha256: null, hashNote: 'not transferred', status: 'failed', error });
        } else {
          this.file = e.file;
          this.dataLeft = e.file.size;
          this.state = e.file.size > 0 ? C_DATA : C_TRAILER;
        }
        break;
      case 'fileEnd':
        this.reportFile(e.file, error === null && !e.file.sourceError ? 'ok' : 'failed', e.file.sourceError ?? error ?? undefined);
        break;
      case 'dir':
        if (this.mode === 'upload') {
          this.emit({ protocol: 'scp', op: 'mkdir', path: e.dir.path, ...(e.dir.alt !== undefined ? { pathNote: this.noteFor(e.dir.alt) } : {}), bytes: 0,
            sha256: null, status: error === null ? 'ok' : 'failed', ...(error !== null ? { error } : {}) });
        }
        if (error === null) this.dirs.push(e.dir);
        break;
      case 'enddir':
        this.dirs.pop();
        break;
      default: // start, time
    }
    if (fatal) { this.end(); return; }
    this.replayHeld();
  }

  private replayHeld(): void {
    if (this.held.length === 0) return;
    const held = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.control(held);
  }

  private reportFile(f: ScpFile, status: 'ok' | 'failed' | 'incomplete', error?: string, note?: string): void {
    const res = f.content.finish(false, note);
    this.emit({ protocol: 'scp', op: this.mode, path: f.path, ...(f.pathNote ? { pathNote: f.pathNote } : {}), ...res, status,
      ...(error ? { error } : {}) });
  }
}

// ---------------------------------------------------------------------------------------------

/** Splits a command line into words the way a POSIX shell would for a plain command; null on shell syntax. */
function shellWords(command: string): string[] | null {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (ch === ' ' || ch === '\t') {
      if (inWord) { words.push(cur); cur = ''; inWord = false; }
    } else if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return null;
      cur += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      i++;
      for (; i < command.length && command[i] !== '"'; i++) {
        const c = command[i] as string;
        if (c === '$' || c === '`') return null;
        if (c === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1] as string)) { cur += command[++i]; continue; }
        cur += c;
      }
      if (i >= command.length) return null;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= command.length) return null;
      cur += command[++i];
      inWord = true;
    } else if (';&|<>()`$\n\r'.includes(ch)) {
      return null;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** scp options that take an argument (never sent to the remote side by OpenSSH, accepted anyway). */
const SCP_ARG_OPTIONS = 'cDFiJloPSX';

/**
 * Parses an exec command line; returns the mode and path for `scp [-flags] -t|-f [--] PATH`
 * (flags such as -r, -p, -d, -v, also combined, e.g. `-rt`), else null. Shell constructs
 * (`;`, pipes, `$`, redirections…) make it null: that is not a plain scp.
 */
export function parseScpCommand(command: string): {
  mode: 'upload' | 'download'; path: string; recursive: boolean; targetIsDirectory: boolean;
} | null {
  const words = shellWords(command.trim());
  if (!words || words.length < 2) return null;
  const prog = words[0] as string;
  if (prog !== 'scp' && !prog.endsWith('/scp')) return null;
  let mode: 'upload' | 'download' | null = null;
  let recursive = false;
  let targetIsDirectory = false;
  let k = 1;
  for (; k < words.length; k++) {
    const w = words[k] as string;
    if (w === '--') { k++; break; }
    if (!w.startsWith('-') || w === '-') break;
    for (let j = 1; j < w.length; j++) {
      const f = w[j] as string;
      if (SCP_ARG_OPTIONS.includes(f)) {
        if (j === w.length - 1) k++; // the argument is the next word
        break;
      }
      if (f === 't' || f === 'f') {
        const m = f === 't' ? 'upload' : 'download';
        if (mode && mode !== m) return null;
        mode = m;
      } else if (f === 'r') recursive = true;
      else if (f === 'd') targetIsDirectory = true;
      else if (!/[0-9A-Za-z]/.test(f)) return null;
    }
  }
  const path = words[k];
  if (!mode || path === undefined) return null;
  return { mode, path, recursive, targetIsDirectory };
}
