import { createHash, type Hash } from 'node:crypto';

/**
 * What the two passive observers of file transfers on a proxied SSH channel share (the `sftp`
 * subsystem, `sftp-observer.ts`, and legacy SCP, `scp-observer.ts`): the report they give for
 * each operation, the content hashing of a transfer, and the stop/guard rule. They read the bytes
 * before the gateway forwards them and never alter or delay them; payloads are hashed straight
 * from the incoming chunks (out-of-order pieces alone are copied, up to a bound). Neither ever
 * throws: a stream that cannot be parsed stops the observer with one `unparseable` report (and
 * reports the transfers it was following as `incomplete`), `following` turns false so the chunk
 * that broke it is not forwarded, and the channel that carries it is ended (see
 * {@link transferReports}): what an observer cannot follow does not pass.
 */

export interface FileOperation {
  readonly protocol: 'sftp' | 'scp';
  /**
   * upload = client → target; download = target → client. `unparseable` is not a file operation:
   * it is the one note an observer gives when it stops observing (`error` says why; path '').
   */
  readonly op: 'upload' | 'download' | 'remove' | 'rename' | 'mkdir' | 'rmdir' | 'setstat' | 'symlink' | 'hardlink' | 'copy' | 'fsync'
    | 'query' | 'refused' | 'unparseable';
  /**
   * sftp: the extension (`hardlink@openssh.com`, `copy-data`…) the operation came as. `query`
   * is an extension that only asks (statvfs, limits, expand-path, home-directory, users-groups-by-id);
   * `refused`, one the observer does not follow, which never reached the target.
   */
  readonly extension?: string;
  readonly path: string;
  /**
   * rename/symlink/hardlink/copy: the second path (symlink and hardlink: as OpenSSH sends them,
   * `path` is the link's target and `toPath` the link; copy: `path` the source, `toPath` the destination).
   */
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

export type OnOperation = (op: FileOperation) => void;

const DEFAULT_MAX_PENDING = 8 * 1024 * 1024;
/** SHA-256 of nothing: the hash of a file opened and closed without data. */
export const SHA256_EMPTY = createHash('sha256').digest('hex');

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
export interface PendingBudget { used: number; readonly max: number }

export interface ContentResult { readonly bytes: number; readonly sha256: string | null; readonly hashNote?: string }

/**
 * The content of one transfer: hashes the bytes in file order as they arrive (contiguous pieces
 * straight from the caller's buffer), holds copies of pieces that arrive ahead of a gap, and
 * counts the distinct bytes.
 */
export class Content {
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

/** A stream the observer cannot follow (its message says where it went wrong). */
export class Unparseable extends Error {}

/**
 * What a channel does with its observer's reports: each is logged; the one that says observing
 * stopped ends the channel, since a transfer that can no longer be followed would go on
 * unlogged (fails closed).
 */
export function transferReports(log: OnOperation, unobservable: () => void): OnOperation {
  return (op) => {
    log(op);
    if (op.op === 'unparseable') unobservable();
  };
}

/**
 * The stop/guard rule both observers follow: every chunk is parsed inside a guard; anything the
 * parser throws stops observing for good, with one `unparseable` report and every transfer still
 * followed reported `incomplete`. The end of the channel reports those as `incomplete` too.
 */
export abstract class TransferObserver {
  protected readonly budget: PendingBudget;
  /** No more parsing: the channel ended or the stream could not be followed. */
  protected stopped = false;

  constructor(private readonly protocol: FileOperation['protocol'], private readonly onOperation: OnOperation, opts?: ObserverOptions) {
    this.budget = { used: 0, max: opts?.maxPendingBytes ?? DEFAULT_MAX_PENDING };
  }

  /** The stream could not be followed (one `unparseable` report was given). */
  private broken = false;

  /** Whether the stream is still valid: false once it could not be parsed (its bytes must not pass on). */
  get following(): boolean {
    return !this.broken;
  }

  /**
   * Observes a client chunk and returns what of it the gateway passes on: all of it, or nothing
   * once `following` is false (an observer may also hold back requests it refuses: SFTP).
   */
  filterClient(chunk: Buffer): Buffer[] {
    this.fromClient(chunk);
    return this.following ? [chunk] : [];
  }

  /** Observes a target chunk and returns what the client gets of it (see filterClient). */
  filterServer(chunk: Buffer): Buffer[] {
    this.fromServer(chunk);
    return this.following ? [chunk] : [];
  }

  /** Replies the client is owed, now, for requests the observer refused (none unless it refuses any). */
  takeReplies(): Buffer[] {
    return [];
  }

  /** Bytes the client sent to the target on this channel. */
  fromClient(chunk: Buffer): void {
    this.guard(chunk, true);
  }

  /** Bytes the target sent to the client on this channel. */
  fromServer(chunk: Buffer): void {
    this.guard(chunk, false);
  }

  /** Channel closed: whatever is still open or unanswered is reported as `incomplete`. */
  end(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.flushOpen('incomplete: channel closed');
  }

  /** Parses one chunk of one direction; throws Unparseable where the stream stops making sense. */
  protected abstract parse(chunk: Buffer, fromClient: boolean): void;

  /** Reports every transfer or operation still followed as incomplete (with `note`), then forgets them. */
  protected abstract flushOpen(note: string): void;

  /** After observing stopped: let go of what parsing held. */
  protected released(): void {}

  protected emit(op: FileOperation): void {
    deliver(this.onOperation, op);
  }

  private guard(chunk: Buffer, fromClient: boolean): void {
    if (this.stopped || chunk.length === 0) return;
    try {
      this.parse(chunk, fromClient);
    } catch (err) {
      this.stop(err instanceof Unparseable ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.broken = true;
    this.emit({ protocol: this.protocol, op: 'unparseable', path: '', bytes: 0, sha256: null,
      hashNote: 'observing stopped', status: 'incomplete', error: `unparseable: ${reason}` });
    this.flushOpen('incomplete: observing stopped (unparseable stream)');
    this.released();
  }
}
