import { Content, TransferObserver, Unparseable, type ObserverOptions, type OnOperation } from './transfer-observer.js';

/**
 * Legacy SCP as the evidence log sees it (the rcp protocol: `scp -t` sink, `scp -f` source, run
 * as an exec command; which command is scp's server form: `channel-kind.ts`): the control
 * records, data and acks of its channel. The stream must stay valid SCP: the source waits for
 * each ack, so nothing may come from it while an ack is awaited.
 */

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
const C_WAIT = 0; // waiting for the sink's ack (no control bytes may come meanwhile)
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
export class ScpObserver extends TransferObserver {
  private readonly certainDir: boolean;
  private state = C_WAIT;
  private expect: ScpExpect | null = { k: 'start' };
  private line: Buffer[] = [];
  private lineLen = 0;
  private file: ScpFile | null = null;
  private dataLeft = 0;
  private readonly dirs: ScpDir[] = [];
  // ack stream
  private ackMsg: Buffer[] | null = null;
  private ackMsgLen = 0;
  private ackFatal = false;
  private unsolicited = 0;

  constructor(
    private readonly mode: 'upload' | 'download',
    private readonly basePath: string,
    onOperation: OnOperation,
    opts?: ObserverOptions & {
      /** `scp -d` (the client sends several files): the upload target is a directory. */
      readonly targetIsDirectory?: boolean;
    },
  ) {
    super('scp', onOperation, opts);
    const b = basePath;
    this.certainDir = !!opts?.targetIsDirectory || b === '' || b === '.' || b === '..' || b === '~' || b.endsWith('/')
      || b.endsWith('/.') || b.endsWith('/..');
  }

  /** The source sends control records and data; the sink answers with acks. */
  protected parse(chunk: Buffer, fromClient: boolean): void {
    if (fromClient === (this.mode === 'upload')) this.control(chunk); else this.acks(chunk);
  }

  protected flushOpen(note: string): void {
    const f = this.file ?? (this.expect && (this.expect.k === 'file' || this.expect.k === 'fileEnd') ? this.expect.file : null);
    if (f) this.reportFile(f, 'incomplete', undefined, note);
    this.file = null;
    this.expect = null;
    this.line = [];
  }

  // --- control stream (source → sink) ----------------------------------------------------------

  private control(c: Buffer): void {
    let i = 0;
    const n = c.length;
    while (i < n && !this.stopped) {
      switch (this.state) {
        case C_WAIT: {
          // The source waits for each ack, and the gateway sees every ack before the client or the
          // target can answer it: bytes now are not SCP (they would pass without being followed).
          throw new Unparseable('data from the source before the ack it waits for');
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
      // An error the sink reports on its own (it is about to exit): once, not as a channel of its own.
      if (this.unsolicited++ > 0) throw new Unparseable('more than one error from the sink unasked');
      this.emit({ protocol: 'scp', op: this.mode, path: this.basePath, bytes: 0, sha256: null, hashNote: 'not transferred', status: 'failed', error });
      return;
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
    // The sink gave up (it exits): nothing more may follow from the source.
    if (fatal) this.state = C_WAIT;
  }

  private reportFile(f: ScpFile, status: 'ok' | 'failed' | 'incomplete', error?: string, note?: string): void {
    const res = f.content.finish(false, note);
    this.emit({ protocol: 'scp', op: this.mode, path: f.path, ...(f.pathNote ? { pathNote: f.pathNote } : {}), ...res, status,
      ...(error ? { error } : {}) });
  }
}
