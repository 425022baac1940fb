/**
 * What a person types in a channel, followed byte by byte, whether or not the channel is still
 * being recorded: the typed line (for escalations such as `sudo`, logged when Enter is pressed)
 * and the input typed at a password prompt (masked in the recording, its real bytes handed out to
 * be sealed). Pure: no I/O, no clock.
 */
import { isUtf8 } from 'node:buffer';
import { ESCALATIONS, escalationIn } from '../domain/access/escalation.js';
import { evidenceText } from '../presenters/gateway-messages.js';

/** The longest typed line followed (longer lines are cut; the recording has them whole). */
const MAX_LINE = 4096;

/** Bytes that make a line look like data rather than typing (control characters other than the keys TypedLine applies). */
const isDataByte = (b: number): boolean => b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a && b !== 0x1b && b !== 0x08 && b !== 0x15 && b !== 0x03;

/**
 * Bytes and byte pairs without which the escalation tokenizer finds nothing in a line (a
 * superset: quotes, `$`, backticks, backslashes, globs, braces, and a pair from each of `su`,
 * `doas`, `pkexec`, `run0`, `machinectl`, `eval`, `alias`). A line with none is not decoded.
 */
const SPECIAL = new Uint8Array(256);
for (const c of '$`\\\'"?*[{') SPECIAL[c.charCodeAt(0)] = 1;
const PAIRS = new Uint8Array(65536);
for (const p of ['su', 'oa', 'ke', 'n0', 'ct', 'va', 'li']) PAIRS[(p.charCodeAt(0) << 8) | p.charCodeAt(1)] = 1;

/**
 * Keeps the line being typed in an interactive session (backspace and ^U applied, escape
 * sequences dropped) so that typed `sudo`/`su` commands can be logged when Enter is pressed.
 * Bytes go into a fixed buffer: bulk data through a channel costs a few comparisons a byte.
 * `onLine` also learns whether the line held other control bytes (`data`: binary data, or
 * editing keys such as ^A), and gets the raw bytes to look into before decoding them.
 */
export class TypedLine {
  private readonly buf = Buffer.alloc(MAX_LINE);
  private len = 0;
  private esc = 0;
  private data = false;
  private special = false;
  feed(chunk: Buffer, onLine: (line: Buffer, data: boolean, special: boolean) => void): void {
    // Locals in the loop, fields written back once: this runs over every byte of bulk input.
    const buf = this.buf;
    let { len, esc, data, special } = this;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (esc !== 0) {
        if (esc === 1) esc = b === 0x5b || b === 0x4f ? 2 : 0;
        else if (b >= 0x40 && b <= 0x7e) esc = 0;
        continue;
      }
      if (b >= 0x20 && b !== 0x7f) {
        if (len < MAX_LINE) {
          if (SPECIAL[b] === 1 || (len > 0 && PAIRS[((buf[len - 1] as number) << 8) | b] === 1)) special = true;
          buf[len++] = b;
        }
      }
      else if (b === 0x0d || b === 0x0a) {
        if (len > 0) onLine(buf.subarray(0, len), data, special);
        len = 0;
        data = false;
        special = false;
      } else if (b === 0x1b) esc = 1;
      else if (b === 0x7f || b === 0x08) {
        // one character, not one byte, as the terminal erases it
        while (len > 0 && ((buf[len - 1] as number) & 0xc0) === 0x80) len--;
        if (len > 0) len--;
      } else if (b === 0x15 || b === 0x03) len = 0;
      else if (isDataByte(b)) data = true;
    }
    this.len = len;
    this.esc = esc;
    this.data = data;
    this.special = special;
  }

  /** The line typed so far (raw bytes), and forget it. */
  take(): Buffer {
    const line = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    this.esc = 0;
    this.data = false;
    this.special = false;
    return line;
  }
}

/** What goes into the logbook for an escalation (or a suspected evasion) in `command`; null: none. */
export function escalationEvent(command: string): Record<string, unknown> | null {
  const f = escalationIn(command);
  if (!f) return null;
  return { command, program: f.program, ...(f.evasion ? { suspected_evasion: true, evasion: f.evasion } : {}) };
}

// eslint-disable-next-line no-control-regex -- terminal escape sequences are what is being removed
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[PX^_][^\u001b]*\u001b\\|[ -/]*[0-~])/g;
// eslint-disable-next-line no-control-regex -- so are the other control characters (SI, BEL, CR…)
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;
const SECRET_WORDS = /(?:password|pass ?phrase|passcode|kata ?sandi|sandi|token|secret|otp|verification code)[^\n]{0,80}:\s*$/i;
/** `PIN` only in capitals (not `Typing:`, `Skipping:`). */
const PIN_PROMPT = /\bPIN\b[^\n]{0,80}:\s*$/;

/** Whether the end of the screen output is a prompt for a secret (escape sequences and control characters ignored). */
export function endsWithSecretPrompt(output: string): boolean {
  const text = output.replace(ANSI, '').replace(CONTROL, '');
  return SECRET_WORDS.test(text) || PIN_PROMPT.test(text);
}

/** A line typed at a prompt longer than this is sealed in parts (each counts as a masked line). */
export const MAX_SEALED_LINE = 4096;

/**
 * What is typed at a password prompt (`[sudo] password for …:`, `Password:`, a passphrase, a
 * token) is not written into the recording or shown to watchers: the terminal does not echo it,
 * and a recording is evidence, not a store of credentials. Each such byte is recorded as `*`
 * until Enter, Ctrl-C or Ctrl-D (which stay visible), whatever output comes meanwhile. The real
 * bytes of each such line are handed to `onSecret` when the line ends, to be sealed: masked is
 * not lost (a prompt faked with `PS1="Password: "` hides nothing from an auditor).
 */
export class SecretInputMask {
  private tail = '';
  private masking = false;
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(private readonly onSecret: (bytes: Buffer) => void = () => {}) {}

  output(text: string): void {
    this.tail = (this.tail + text).slice(-512);
  }

  /** The input as it may be recorded, and whether it was (partly) masked. */
  input(chunk: Buffer): { shown: Buffer; masked: boolean } {
    if (chunk.length === 0) return { shown: chunk, masked: false };
    if (!this.masking && endsWithSecretPrompt(this.tail)) this.masking = true;
    if (!this.masking) return { shown: chunk, masked: false };
    const shown = Buffer.from(chunk);
    for (let i = 0; i < shown.length; i++) {
      const b = shown[i] as number;
      if (b === 0x0d || b === 0x0a || b === 0x03 || b === 0x04) {
        this.hold(chunk.subarray(0, i));
        this.release();
        this.masking = false;
        this.tail = '';
        // what follows in the same chunk is ordinary input again (typed ahead)
        const rest = this.input(chunk.subarray(i + 1));
        rest.shown.copy(shown, i + 1);
        return { shown, masked: true };
      }
      shown[i] = 0x2a;
    }
    this.hold(chunk);
    return { shown, masked: true };
  }

  /** The channel ends: a line still being typed at a prompt is handed out as it stands. */
  end(): void {
    if (this.masking) this.release();
    this.masking = false;
  }

  private hold(bytes: Buffer): void {
    for (let at = 0; at < bytes.length;) {
      const part = bytes.subarray(at, at + MAX_SEALED_LINE - this.heldBytes);
      this.held.push(Buffer.from(part));
      this.heldBytes += part.length;
      at += part.length;
      if (this.heldBytes >= MAX_SEALED_LINE) this.release();
    }
  }

  private release(): void {
    const line = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.onSecret(line);
  }
}

/** What an escalation typed at a password prompt is logged as (the line itself is sealed): evidence, so in both languages. */
const TYPED_AT_PROMPT = `(${evidenceText('gateway.typed_at_prompt')})`;
/** A line continued with a trailing backslash is joined to the next, as the shell does (up to this length). */
const MAX_CONTINUED = 8192;

/** At most this many escalations of one channel are logged one by one; the rest are counted (see InputAudit.end). */
export const MAX_ESCALATION_EVENTS = 1000;
/** After this many lines of data (binary, or not UTF-8) a channel is taken to carry data, not typing. */
const DATA_STREAM_AFTER = 16;
/** Whether a line of data (not typing) can name an escalation at all: cheap, on the bytes. */
const NAMES = ['su', 'doas', 'pkexec', 'run0', 'machinectl'].map((n) => Buffer.from(n));
/** The programs a name found in data can be part of: only a whole word among these is read as a line. */
const PROGRAM_WORDS = new Set([...ESCALATIONS, 'machinectl']);
const isWordByte = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

const LONGEST_PROGRAM = Math.max(...[...PROGRAM_WORDS].map((w) => w.length));

/** Whether the word (letters, digits, `_`) around `hay[at]` is one of PROGRAM_WORDS: in bulk data most hits are not. */
function namesProgram(hay: Buffer, at: number): boolean {
  let start = at;
  while (start > 0 && isWordByte(hay[start - 1] as number) && at - start <= LONGEST_PROGRAM) start--;
  let end = at;
  while (end < hay.length && isWordByte(hay[end] as number) && end - start <= LONGEST_PROGRAM) end++;
  return end - start <= LONGEST_PROGRAM && PROGRAM_WORDS.has(hay.toString('latin1', start, end));
}

/** What an InputAudit reports. */
export interface InputAuditEvents {
  /** An escalation or a suspected evasion typed: the data of a `gateway.escalation` event (the channel is the caller's). */
  escalation(data: Record<string, unknown>): void;
  /** The channel ended having had `count` escalations more than MAX_ESCALATION_EVENTS (logged as a count, not one by one). */
  uncounted?(count: number): void;
  /** A line typed at a secret prompt ended: its real bytes, to be sealed; never recorded or logged as they are. */
  secretLine(bytes: Buffer): void;
}

/**
 * Everything the gateway follows of what a person types in one channel, recorded or not: the
 * typed line (escalations and evasions, on the raw bytes: masking cannot hide a `sudo`) and the
 * secret-prompt mask (what the recording may show, and the real bytes to seal). It never switches
 * off: a recording past its size limit stops recording, not following.
 */
export class InputAudit {
  private readonly typed = new TypedLine();
  private readonly secrets: SecretInputMask;
  private lineMasked = false;
  private continued = '';
  private logged = 0;
  private over = 0;
  private dataLines = 0;
  /** In a channel that carries data: the unfinished last line of the previous chunk. */
  private tail: Buffer | null = null;

  /**
   * `interactive`: the channel has a pty (a person types; bulk data through a terminal is rare and
   * slow): it is never taken to carry data, and a line that is not UTF-8 is still read for an
   * escalation its quotes or backslashes hide (`s\\udo -i # \xe9`).
   */
  constructor(private readonly on: InputAuditEvents, private readonly opts: { readonly interactive?: boolean } = {}) {
    this.secrets = new SecretInputMask((bytes) => on.secretLine(bytes));
  }

  /** Client input: what the recording and watchers may see of it. */
  input(d: Buffer): Buffer {
    const { shown, masked } = this.secrets.input(d);
    this.lineMasked ||= masked;
    if (this.dataStream) this.scanData(d);
    else this.typed.feed(d, (line, data, special) => this.line(line, data, special));
    return shown;
  }

  /**
   * A channel that carries data is no longer followed keystroke by keystroke: each chunk is
   * searched (natively) for an escalation's name, and only the lines holding one are read.
   */
  private scanData(d: Buffer): void {
    this.tail ??= this.typed.take();
    const hay = this.tail.length > 0 ? Buffer.concat([this.tail, d]) : d;
    const lineEnd = (from: number): number => {
      const n = hay.indexOf(0x0a, from);
      const r = hay.indexOf(0x0d, from);
      return n < 0 ? r : r < 0 ? n : Math.min(n, r);
    };
    const starts = new Set<number>();
    for (const name of NAMES) {
      for (let i = hay.indexOf(name); i >= 0; i = hay.indexOf(name, i + name.length)) {
        if (!namesProgram(hay, i)) continue;
        const start = Math.max(hay.lastIndexOf(0x0a, i), hay.lastIndexOf(0x0d, i)) + 1;
        if (lineEnd(i) < 0) break; // unfinished: read with the next chunk
        starts.add(start);
      }
    }
    for (const start of [...starts].sort((a, b) => a - b)) {
      const line = hay.subarray(start, Math.min(lineEnd(start), start + MAX_LINE));
      const e = escalationEvent(line.toString('utf8'));
      if (e && e['program'] !== null) this.report({ ...e, typed: true });
    }
    const last = Math.max(hay.lastIndexOf(0x0a), hay.lastIndexOf(0x0d)) + 1;
    this.tail = Buffer.from(hay.subarray(Math.max(last, hay.length - MAX_LINE)));
  }

  /** Whether the channel is taken to carry data (not typing): only without a pty, after DATA_STREAM_AFTER lines that are not text. */
  private get dataStream(): boolean {
    return !this.opts.interactive && this.dataLines >= DATA_STREAM_AFTER;
  }

  /** Output to the client (a prompt arms the mask). */
  output(d: Buffer): void {
    this.secrets.output(d.subarray(-512).toString('latin1'));
  }

  /** The channel ends. */
  end(): void {
    this.secrets.end();
    if (this.over > 0) this.on.uncounted?.(this.over);
    this.over = 0;
  }

  private report(data: Record<string, unknown>): void {
    if (this.logged < MAX_ESCALATION_EVENTS) { this.logged++; this.on.escalation(data); } else this.over++;
  }

  private line(bytes: Buffer, data: boolean, special: boolean): void {
    const hidden = this.lineMasked;
    this.lineMasked = false;
    // Nothing the tokenizer could find, and nothing to join: not even decoded.
    if (!special && !data && this.continued === '') return;
    // A control byte alone does not make a line unreadable: ^L, ^A, ^E, ^W, ^R… are editing keys
    // (the line keeps only the printable bytes), and one typed or put in a comment must not hide a
    // `s\udo` from the tokenizer. Only what is not text (not UTF-8) is read as binary. Both kinds
    // count towards taking a channel without a pty for a data stream (a tarball's headers).
    const binary = this.dataStream || !isUtf8(bytes);
    if (binary || data) this.dataLines++;
    if (!binary && !special && this.continued === '') return;
    const typed = binary ? null : bytes.toString('utf8');
    if (typed === null) {
      // Binary data (an upload through a shell) is full of `$x` and quotes: in such a line, and in
      // a channel that has carried such lines, only an escalation named outright is reported, and
      // only a line that names one is decoded at all.
      this.continued = '';
      if (!NAMES.some((n) => bytes.includes(n)) && !(this.opts.interactive && special)) return;
      const e = escalationEvent(bytes.toString('utf8'));
      if (e && e['program'] !== null) this.report(hidden ? { ...e, command: TYPED_AT_PROMPT, typed: true, masked: true } : { ...e, typed: true });
      return;
    }
    if (!typed.trim()) return;
    if (hidden) {
      // A line typed (partly) at a password prompt is logged without its text (that is sealed).
      this.continued = '';
      const e = escalationEvent(typed);
      if (e) this.report({ ...e, command: TYPED_AT_PROMPT, typed: true, masked: true });
      return;
    }
    const line = this.continued + typed;
    if (/(?:^|[^\\])(?:\\\\)*\\$/.test(line) && line.length < MAX_CONTINUED) {
      this.continued = line.slice(0, -1);
      return;
    }
    this.continued = '';
    const e = escalationEvent(line);
    if (e) this.report({ ...e, typed: true });
  }
}
