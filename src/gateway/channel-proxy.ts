import { performance } from 'node:perf_hooks';
import type { Client as SshClient, ClientChannel, PseudoTtyInfo, ServerChannel, Session } from 'ssh2';
import { sessionRecordingKey } from '../app/access/session-recordings.js';
import type { Clock } from '../ports/clock.js';
import type { LiveSessionEvent } from '../ports/live-sessions.js';
import type { RecordingStore } from '../ports/recording-store.js';
import type { SessionRecording } from '../ports/repositories.js';
import type { GatewayLines } from '../presenters/gateway-messages.js';
import { holdUntil, sendToClient } from './backpressure.js';
import { transferOf, type Transfer } from './channel-kind.js';
import { AsciicastRecorder } from './recorder.js';
import { ScpObserver } from './scp-observer.js';
import { InputAudit, escalationEvent } from './typed-input.js';
import { SftpObserver } from './sftp-observer.js';
import { StreamAudit, type RecordingBudget } from './stream-audit.js';
import { transferReports } from './transfer-observer.js';

/** What a channel needs from the connection that carries it. */
export interface ChannelContext {
  readonly sessionId: string;
  readonly upstream: SshClient;
  /** Where the channel's recording is written; the clock times it. */
  readonly recordings: RecordingStore;
  readonly clock: Clock;
  /** Extra header fields of every recording (user, target, case…). */
  readonly recordingMeta: Record<string, unknown>;
  readonly recordingTitle: string;
  /** Queues a logbook event for the session (in order). */
  event(type: `gateway.${string}`, data: Record<string, unknown>): void;
  /** Traffic seen (resets the idle timer) and byte counts. */
  traffic(up: number, down: number): void;
  live(e: LiveSessionEvent): void;
  /** The person's words, in their language. */
  readonly lines: GatewayLines;
  /** The recording could not be written: the whole session must end (fail closed). */
  recordingFailed(err: Error): void;
  /** What the session may still record, shared by its channels (JAGA_SSH_RECORDING_QUOTA). */
  readonly recordingBudget: RecordingBudget;
  /** A line typed at a secret prompt: its real bytes, to be sealed into the logbook (and counted for the session). */
  maskedInput(channel: number, bytes: Buffer): void;
}

type Kind = 'shell' | 'exec' | 'sftp';

/** Signals of one channel logged one by one; past this they are counted into one `gateway.signals_counted` entry at its end. */
export const MAX_LOGGED_SIGNALS = 100;
const ENV_FORWARDED = /^(LANG|LC_[A-Z]+)$/;

/** Resolves once everything written to the stream so far has been handed to the SSH layer. */
const flushed = (w: NodeJS.WritableStream & { writableLength?: number; destroyed?: boolean }): Promise<void> =>
  new Promise((resolve) => (w.destroyed || !w.writable ? resolve() : w.write(Buffer.alloc(0), () => resolve())));

/** Resolves once everything the stream held has been read (at once when it already has, or cannot be). */
const ended = (r: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean }): Promise<void> =>
  new Promise((resolve) => {
    if (r.readableEnded || r.destroyed || !r.readable) { resolve(); return; }
    r.once('end', () => resolve());
    r.once('close', () => resolve());
  });

/** A client that stops reading (withholds its SSH window) must not keep a session from ending. */
const FLUSH_GRACE_MS = 2_000;
/** However slowly a client reads, a channel's last output is not waited for longer than this. */
const MAX_DRAIN_MS = 10 * 60_000;
const within = (ms: number, p: Promise<unknown>): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), ms); })]).finally(() => clearTimeout(timer));
};

/** The signal names SSH (RFC 4254 §6.10) and ssh2 know; any other (`BUS@openssh.com`…) is passed on as exit status 255, like OpenSSH's client reports it. */
const SSH_SIGNALS = new Set(['ABRT', 'ALRM', 'FPE', 'HUP', 'ILL', 'INT', 'QUIT', 'SEGV', 'TERM', 'USR1', 'USR2', 'KILL', 'PIPE']);
const sshSignal = (name: string): string | null => {
  const n = name.toUpperCase().replace(/^SIG/, '');
  return SSH_SIGNALS.has(n) ? n : null;
};

/** What one resize event takes of the recording quota: its line (`[123456.789, "r", "65535x65535"]`), rounded up. */
const RESIZE_EVENT_BYTES = 40;

/** Size of the recording of a shell the client opened without a pty (`ssh -T`): still recorded, as a plain terminal. */
const NO_PTY_SIZE = { cols: 80, rows: 24 };

/**
 * One session channel from the client, proxied to a channel of the same kind on the target:
 * shell, exec (command, exit status, bytes logged) and the sftp subsystem. Each gets one of two
 * treatments (`channel-kind.ts`): a recognised file transfer (SCP in scp's server form, SFTP as
 * subsystem or sftp-server command) is followed by its observer, every file operation logged
 * with its SHA-256, and only its stderr recorded; everything else is recorded in full as
 * asciicast v2, input and output, within the session's recording quota. Either way each stream
 * (stdin, stdout, stderr) is counted and SHA-256-hashed in full, and the closing event says
 * which treatment the channel got. A transfer whose stream stops being valid, or a recording
 * past its quota, ends the channel with a message: the bytes that would pass unfollowed or
 * unrecorded do not pass (fail closed).
 * Requests are accepted synchronously and the client's data waits (paused, so SSH flow control
 * holds it) until the upstream channel is open: a client that sends EOF right away loses nothing.
 */
export class ProxiedChannel {
  kind: Kind | null = null;
  command: string | null = null;
  private pty: PseudoTtyInfo | null = null;
  private readonly env: Record<string, string> = {};
  private down: ServerChannel | null = null;
  private up: ClientChannel | null = null;
  private recorder: AsciicastRecorder | null = null;
  private recording: SessionRecording | null = null;
  private bytesUp = 0;
  private bytesDown = 0;
  private transfer: Transfer | null = null;
  private readonly streams = { stdin: new StreamAudit(), stdout: new StreamAudit(), stderr: new StreamAudit() };
  private overQuota = false;
  private exitInfo: { code: number | null; signal?: string; dump?: boolean; desc?: string } | null = null;
  private ending: Promise<void> | null = null;
  /** Resolves when the client has closed its side of the channel too. */
  private downClosed: Promise<void> = Promise.resolve();
  /** What is typed, followed whether recorded or not (not for a recognised transfer's stream). */
  private audit: InputAudit | null = null;
  private forced = false;
  /** Signals passed on and logged one by one, then only counted (a flood of them is one entry). */
  private signalsLogged = 0;
  private signalsCounted = 0;
  /** Resolves when the channel is fully closed, with its recording (if it had one). */
  readonly done: Promise<SessionRecording | null>;
  private resolveDone!: (r: SessionRecording | null) => void;

  constructor(private readonly ctx: ChannelContext, readonly channel: number, session: Session) {
    this.done = new Promise((r) => { this.resolveDone = r; });
    session.on('pty', (accept, _reject, info) => { this.pty = info; accept?.(); });
    session.on('env', (accept, reject, info) => {
      // Only before the program starts: what is passed on is in the recording's header (see open()).
      if (!this.down && ENV_FORWARDED.test(info.key) && Object.keys(this.env).length < 16) { this.env[info.key] = String(info.val).slice(0, 256); accept?.(); } else reject?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      accept?.();
      // Each resize is a line of the recording: taken from the session's quota like the data (a
      // client sending them without end must not grow a recording past it).
      if (this.recorder && !this.withinQuota(RESIZE_EVENT_BYTES)) return;
      if (this.pty) this.pty = { ...this.pty, cols: info.cols, rows: info.rows, width: info.width, height: info.height };
      this.up?.setWindow(info.rows, info.cols, info.height, info.width);
      this.recorder?.resize(info.cols, info.rows);
    });
    session.on('signal', (accept, reject, info) => {
      const name = sshSignal(String(info.name));
      if (name) this.up?.signal(name); else reject?.();
      // A refused signal is always an event (the session's refusal counters summarise those).
      if (name && this.signalsLogged >= MAX_LOGGED_SIGNALS) this.signalsCounted++;
      else {
        if (name) this.signalsLogged++;
        this.ctx.event('gateway.signal', { channel: this.channel, signal: String(info.name).slice(0, 64), ...(name ? {} : { refused: 'unknown signal' }) });
      }
      if (name) accept?.();
    });
    const refuse = (what: string) => (_accept: unknown, reject?: () => void) => {
      reject?.();
      this.ctx.event('gateway.forwarding_refused', { channel: this.channel, request: what, rule: 'recording' });
    };
    session.on('auth-agent', refuse('auth-agent'));
    session.on('x11', refuse('x11'));
    session.on('shell', (accept) => this.start('shell', accept()));
    session.on('exec', (accept, _reject, info) => this.start('exec', accept(), info.command));
    session.on('subsystem', (accept, reject, info) => {
      if (info.name !== 'sftp') {
        const ch = accept();
        ch.stderr.write(this.ctx.lines.subsystemRefused(info.name));
        ch.exit(1);
        ch.end();
        this.ctx.event('gateway.subsystem_refused', { channel: this.channel, subsystem: info.name });
        void reject;
        return;
      }
      this.start('sftp', accept());
    });
    session.on('close', () => { void this.end(); });
  }

  /** Whether this channel has a pty. */
  get hasPty(): boolean {
    return this.pty !== null;
  }

  /** Writes a line on the client's stderr (refusal, termination notice). */
  notice(line: string): void {
    if (this.down && this.down.writable) this.down.stderr.write(line);
  }

  /**
   * Ends both sides; resolves when the recording is closed. A forced end (termination, revoked
   * access, shutdown, idle timeout) gives the client FLUSH_GRACE_MS to take what is still buffered
   * for it; any other end waits for as long as the client keeps taking it.
   */
  end(forced = false): Promise<void> {
    if (forced) this.forced = true;
    this.ending ??= this.finish();
    return this.ending;
  }

  private start(kind: Kind, down: ServerChannel, command?: string): void {
    // one program per session channel (RFC 4254 §6.5), and none once the channel is ending
    if (this.down || this.ending) { down.close(); return; }
    this.kind = kind;
    this.command = command ?? null;
    this.down = down;
    down.pause(); // hold the client's bytes until the target side is ready
    this.downClosed = new Promise((r) => down.once('close', () => r()));
    down.on('close', () => { void this.end(); });
    down.on('error', () => { void this.end(); });
    down.stderr.on('error', () => {});
    void this.open(kind, down, command).catch((err: Error) => {
      this.notice(this.ctx.lines.targetUnreachable('', err.message));
      void this.end();
    });
  }

  private async open(kind: Kind, down: ServerChannel, command?: string): Promise<void> {
    // Every channel has a recording: in full for every shell and command (`ssh -T`, `ssh host
    // bash`, `tar c | ssh host 'tar x'`…), only stderr for a file transfer (its observer logs
    // every file instead).
    this.transfer = transferOf(kind, command ?? null, this.pty !== null);
    const file = sessionRecordingKey(this.ctx.sessionId, this.channel);
    const size = this.pty ?? NO_PTY_SIZE;
    // The variables passed on to the target (LANG, LC_*) are bytes from the client too (`ssh -o
    // SetEnv=LC_X=… host 'eval "$LC_X"'`): they are recorded, in the header, as they were sent.
    const env = { ...this.env };
    try {
      this.recorder = await AsciicastRecorder.create(this.ctx.recordings, file, {
        width: size.cols, height: size.rows, title: this.ctx.recordingTitle,
        env: { ...env, TERM: this.pty?.term || 'xterm' },
        jaga: { ...this.ctx.recordingMeta, sessionId: this.ctx.sessionId, channel: this.channel, kind, command: command ?? null, pty: this.pty !== null,
          treatment: this.transfer ? 'transfer' : 'recorded', ...(this.transfer ? { transfer: this.transfer.protocol, recorded: 'stderr' } : {}) },
      }, {
        clock: this.ctx.clock,
        onFailure: (err) => this.ctx.recordingFailed(err),
        onEvent: ([t, type, data]) => this.ctx.live({ type, channel: this.channel, t, data }),
      });
      this.recording = { channel: this.channel, file, sha256: '', bytes: 0 };
      this.ctx.live({ type: 'channel', channel: this.channel, width: size.cols, height: size.rows });
    } catch (err) {
      this.ctx.recordingFailed(err as Error);
      return;
    }
    if (this.ending) return;
    await new Promise<void>((resolve, reject) => {
      // Wire inside the callback, synchronously: a quick command's data, exit status and close can
      // arrive in the same TCP segment as the channel's confirmation, and would be emitted before
      // a continuation after `await` could attach its listeners.
      const cb = (err: Error | undefined, up: ClientChannel): void => {
        if (err) { reject(err); return; }
        if (this.ending) { up.close(); resolve(); return; }
        this.up = up;
        this.wire(kind, down, up, command);
        resolve();
      };
      const window = this.pty ? { rows: this.pty.rows, cols: this.pty.cols, height: this.pty.height, width: this.pty.width, term: this.pty.term, modes: this.pty.modes } : undefined;
      const opts = { env, ...(window ? { pty: window } : {}) };
      if (kind === 'sftp') this.ctx.upstream.subsys('sftp', cb);
      else if (kind === 'shell') this.ctx.upstream.shell(window ?? false, { env }, cb);
      else this.ctx.upstream.exec(command ?? '', opts, cb);
    });
  }

  private wire(kind: Kind, down: ServerChannel, up: ClientChannel, command?: string): void {
    const rec = this.recorder;
    const t = this.transfer;
    const onOp = transferReports((op) => this.ctx.event('gateway.file_transfer', { channel: this.channel, ...op }), () => {
      this.notice(this.ctx.lines.transferUnobservable);
      void this.end();
    });
    const observer = t?.protocol === 'sftp' ? new SftpObserver(onOp)
      : t ? new ScpObserver(t.mode, t.path, onOp, { targetIsDirectory: t.targetIsDirectory }) : null;
    if (kind === 'exec' && command !== undefined) {
      const esc = escalationEvent(command);
      if (esc) this.ctx.event('gateway.escalation', { channel: this.channel, ...esc });
    }
    const audit = this.audit = observer ? null : new InputAudit({
      escalation: (data) => this.ctx.event('gateway.escalation', { channel: this.channel, ...data }),
      secretLine: (bytes) => this.ctx.maskedInput(this.channel, bytes),
      uncounted: (count) => this.ctx.event('gateway.escalations_counted', { channel: this.channel, count }),
    }, { interactive: this.pty !== null });
    /** The target's channel is not taking more: the client's side is held until it drains. */
    let targetFull = false;
    up.on('error', () => { void this.end(); });
    up.stderr.on('error', () => {});
    // client → target (nothing more once the channel is ending: a terminated session takes no more input)
    // (an observer passes on what it follows; SFTP requests it does not follow are refused instead)
    down.on('data', (d: Buffer) => {
      if (this.ending || !up.writable) return;
      const pass = observer ? observer.filterClient(d) : null;
      if (observer && !observer.following) { this.recordUnfollowed(d, 'i'); return; }
      if (!observer && !this.withinQuota(d.length)) return;
      this.bytesUp += d.length;
      this.ctx.traffic(d.length, 0);
      this.streams.stdin.update(d);
      // A transfer's input is its observer's (files hashed), not the recording's. On every other
      // channel the typed line, the secret-prompt mask and escalations are followed, recorded or not.
      const shown = audit ? audit.input(d) : d;
      if (rec?.capturing && !observer) {
        rec.input(shown);
        const backlog = rec.backlog();
        if (backlog) holdUntil(down, backlog); // the store is behind: the client waits, its bytes are not lost
      }
      let writable = true;
      if (pass) for (const p of pass) writable = up.write(p) && writable;
      else writable = up.write(d);
      if (!writable && !targetFull) {
        targetFull = true;
        holdUntil(down, new Promise((resolve) => up.once('drain', resolve)).finally(() => { targetFull = false; }));
      }
      if (observer) for (const r of observer.takeReplies()) toClient(r, down, up, false);
    });
    down.on('end', () => { if (up.writable) up.end(); });
    // target → client
    const toClient = (d: Buffer, w: NodeJS.WritableStream, src: NodeJS.ReadableStream, recorded: boolean): void => {
      this.bytesDown += d.length;
      this.ctx.traffic(0, d.length);
      if (recorded && rec?.capturing) {
        rec.output(d);
        const backlog = rec.backlog();
        if (backlog) holdUntil(src, backlog); // the store is behind: the target waits
      }
      audit?.output(d);
      sendToClient(w, src, d);
    };
    up.on('data', (d: Buffer) => {
      if (observer) {
        const parts = observer.filterServer(d);
        if (!observer.following) { this.recordUnfollowed(d, 'o'); return; }
        this.streams.stdout.update(d);
        for (const p of parts) toClient(p, down, up, false);
      } else if (this.withinQuota(d.length)) {
        this.streams.stdout.update(d);
        toClient(d, down, up, true);
      }
    });
    // stderr is recorded on every channel, transfers included
    up.stderr.on('data', (d: Buffer) => {
      if (!this.withinQuota(d.length)) return;
      this.streams.stderr.update(d);
      toClient(d, down.stderr, up.stderr, true);
    });
    up.on('exit', (code: number | null, signal?: string, dump?: boolean, desc?: string) => {
      this.exitInfo = { code, ...(signal ? { signal, dump: !!dump, desc: desc ?? '' } : {}) };
    });
    up.on('close', () => {
      observer?.end();
      // ssh2 closes a target channel once its stdout has ended, whatever its stderr still holds
      // (held while the recording or the client catches up): the channel ends after that too.
      void within(MAX_DRAIN_MS, ended(up.stderr)).then(() => this.end());
    });

    down.resume();
  }

  /**
   * Whether `n` more bytes may be recorded in this session; past the quota the channel ends with
   * a message saying why and how to move files, and nothing more passes on it.
   */
  private withinQuota(n: number): boolean {
    if (!this.overQuota && this.ctx.recordingBudget.charge(n)) return true;
    if (!this.overQuota) {
      this.overQuota = true;
      const budget = this.ctx.recordingBudget;
      this.notice(this.ctx.lines.recordingQuota(budget.quota));
      this.ctx.event('gateway.recording_quota_reached', { channel: this.channel, quota: budget.quota, recorded: budget.recorded });
      void this.end();
    }
    return false;
  }

  /**
   * The chunk with which a transfer's stream stopped being valid: not passed on (the observer has
   * ended the channel), but kept in the channel's recording as what was attempted.
   */
  private recordUnfollowed(d: Buffer, type: 'i' | 'o'): void {
    if (!this.recorder || !this.ctx.recordingBudget.charge(d.length)) return;
    if (type === 'i') this.recorder.input(d); else this.recorder.output(d);
  }

  /** Waits until everything buffered for the client has gone out, while it keeps going out (see end()). */
  private async drainToClient(down: ServerChannel): Promise<boolean> {
    const done = Promise.all([flushed(down), flushed(down.stderr)]);
    const pending = (): number => down.writableLength + down.stderr.writableLength;
    const deadline = performance.now() + MAX_DRAIN_MS;
    let left = pending();
    while (performance.now() < deadline) {
      if (await within(FLUSH_GRACE_MS, done)) return true;
      const now = pending();
      if (this.forced || now >= left) return false; // forced, or no progress: the client stopped reading
      left = now;
    }
    return false;
  }

  private async finish(): Promise<void> {
    const { up, down } = this;
    // The target side first: nothing more is forwarded either way once a channel is ending.
    up?.close();
    if (down && !down.destroyed) {
      // Everything the target sent goes out before the exit status and EOF, unless the client
      // stops reading: then the channel is closed without them after a grace period.
      const drained = await this.drainToClient(down);
      const x = this.exitInfo;
      const signal = x?.signal ? sshSignal(x.signal) : null;
      try {
        if (drained) {
          if (signal) down.exit(signal, x?.dump ?? false, x?.desc ?? '');
          else if (x && x.code !== null) down.exit(x.code);
          else down.exit(255);
          down.end();
        }
        down.close();
      } catch (err) {
        this.ctx.event('gateway.channel_error', { channel: this.channel, error: (err as Error).message });
      }
      // The client answers the close once it has taken everything before it (OpenSSH writes out
      // what it holds first): only then may the connection be ended without losing the last lines.
      await within(FLUSH_GRACE_MS, this.downClosed);
    }
    this.audit?.end();
    // Which treatment the channel got, and each stream counted and hashed in full.
    const audit = { treatment: this.transfer ? 'transfer' : 'recorded', ...(this.transfer ? { transfer: this.transfer.protocol } : {}),
      streams: { stdin: this.streams.stdin.digest(), stdout: this.streams.stdout.digest(), stderr: this.streams.stderr.digest() } };
    if (this.signalsCounted > 0) this.ctx.event('gateway.signals_counted', { channel: this.channel, count: this.signalsCounted, logged: this.signalsLogged });
    if (this.kind === 'exec') {
      this.ctx.event('gateway.exec', { channel: this.channel, command: this.command, exitStatus: this.exitInfo?.code ?? null,
        ...(this.exitInfo?.signal ? { signal: this.exitInfo.signal } : {}), bytesUp: this.bytesUp, bytesDown: this.bytesDown, pty: this.pty !== null, ...audit });
    } else if (this.kind) {
      this.ctx.event('gateway.channel_closed', { channel: this.channel, kind: this.kind, bytesUp: this.bytesUp, bytesDown: this.bytesDown, pty: this.pty !== null, ...audit });
    }
    let rec: SessionRecording | null = null;
    if (this.recorder && this.recording) {
      const r = await this.recorder.close();
      rec = { ...this.recording, sha256: r.sha256, bytes: r.bytes };
      this.ctx.event('gateway.recording_closed', { channel: this.channel, file: rec.file, sha256: rec.sha256, bytes: rec.bytes,
        ...(this.recorder.failure ? { failure: this.recorder.failure.message } : {}) });
    }
    this.resolveDone(rec);
  }
}
