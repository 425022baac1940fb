/**
 * What a person types in a channel, followed byte by byte, whether or not the channel is still
 * being recorded: the typed line (for escalations such as `sudo`, logged when Enter is pressed)
 * and the input typed at a password prompt (masked in the recording, its real bytes handed out to
 * be sealed). Pure: no I/O, no clock.
 */
import { escalationIn } from '../domain/access/escalation.js';

/** The longest typed line followed (longer lines are cut; the recording has them whole). */
const MAX_LINE = 4096;

/**
 * Keeps the line being typed in an interactive session (backspace and ^U applied, escape
 * sequences dropped) so that typed `sudo`/`su` commands can be logged when Enter is pressed.
 * Bytes go into a fixed buffer: bulk data through a channel costs a few comparisons a byte.
 */
export class TypedLine {
  private readonly buf = Buffer.alloc(MAX_LINE);
  private len = 0;
  private esc = 0;
  feed(chunk: Buffer, onLine: (line: string) => void): void {
    for (const b of chunk) {
      if (this.esc === 1) { this.esc = b === 0x5b || b === 0x4f ? 2 : 0; continue; }
      if (this.esc === 2) { if (b >= 0x40 && b <= 0x7e) this.esc = 0; continue; }
      if (b >= 0x20 && b !== 0x7f) { if (this.len < MAX_LINE) this.buf[this.len++] = b; }
      else if (b === 0x1b) this.esc = 1;
      else if (b === 0x0d || b === 0x0a) {
        const line = this.buf.toString('utf8', 0, this.len);
        this.len = 0;
        if (line.trim()) onLine(line);
      } else if (b === 0x7f || b === 0x08) {
        // one character, not one byte, as the terminal erases it
        while (this.len > 0 && ((this.buf[this.len - 1] as number) & 0xc0) === 0x80) this.len--;
        if (this.len > 0) this.len--;
      }
      else if (b === 0x15 || b === 0x03) this.len = 0;
    }
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

/** What an escalation typed at a password prompt is logged as (the line itself is sealed). */
const TYPED_AT_PROMPT = '(diketik pada prompt kata sandi / typed at a password prompt)';
/** A line continued with a trailing backslash is joined to the next, as the shell does (up to this length). */
const MAX_CONTINUED = 8192;

/** What an InputAudit reports. */
export interface InputAuditEvents {
  /** An escalation or a suspected evasion typed: the data of a `gateway.escalation` event (the channel is the caller's). */
  escalation(data: Record<string, unknown>): void;
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

  constructor(private readonly on: InputAuditEvents) {
    this.secrets = new SecretInputMask((bytes) => on.secretLine(bytes));
  }

  /** Client input: what the recording and watchers may see of it. */
  input(d: Buffer): Buffer {
    const { shown, masked } = this.secrets.input(d);
    this.lineMasked ||= masked;
    this.typed.feed(d, (line) => this.line(line));
    return shown;
  }

  /** Output to the client (a prompt arms the mask). */
  output(d: Buffer): void {
    this.secrets.output(d.subarray(-512).toString('latin1'));
  }

  /** The channel ends. */
  end(): void {
    this.secrets.end();
  }

  private line(typed: string): void {
    const hidden = this.lineMasked;
    this.lineMasked = false;
    if (hidden) {
      // A line typed (partly) at a password prompt is logged without its text (that is sealed).
      this.continued = '';
      const e = escalationEvent(typed);
      if (e) this.on.escalation({ ...e, command: TYPED_AT_PROMPT, typed: true, masked: true });
      return;
    }
    const line = this.continued + typed;
    if (/(?:^|[^\\])(?:\\\\)*\\$/.test(line) && line.length < MAX_CONTINUED) {
      this.continued = line.slice(0, -1);
      return;
    }
    this.continued = '';
    const e = escalationEvent(line);
    if (e) this.on.escalation({ ...e, typed: true });
  }
}
