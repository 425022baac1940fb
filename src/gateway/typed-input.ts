/**
 * What a person types in a channel, followed byte by byte: the typed line (for escalations such
 * as `sudo`, logged when Enter is pressed) and the input typed at a password prompt (masked in
 * the recording). Pure: no I/O, no clock.
 */

const ESCALATION = /(?:^|[;&|`(!]\s*|\bthen\s+|\bdo\s+|\s)(sudo|su|doas|pkexec)(?=\s|$)/;

/** An escalation (`sudo`, `su`…) in a command line, as its own logbook event (A1c). */
export function escalationIn(command: string): string | null {
  return ESCALATION.exec(command)?.[1] ?? null;
}

/**
 * Keeps the line being typed in an interactive session (backspace and ^U applied, escape
 * sequences dropped) so that typed `sudo`/`su` commands can be logged when Enter is pressed.
 */
export class TypedLine {
  private line = '';
  private esc = 0;
  feed(chunk: Buffer, onLine: (line: string) => void): void {
    for (const b of chunk) {
      if (this.esc === 1) { this.esc = b === 0x5b || b === 0x4f ? 2 : 0; continue; }
      if (this.esc === 2) { if (b >= 0x40 && b <= 0x7e) this.esc = 0; continue; }
      if (b === 0x1b) this.esc = 1;
      else if (b === 0x0d || b === 0x0a) { if (this.line.trim()) onLine(this.line); this.line = ''; }
      else if (b === 0x7f || b === 0x08) this.line = this.line.slice(0, -1);
      else if (b === 0x15 || b === 0x03) this.line = '';
      else if (b >= 0x20 && this.line.length < 4096) this.line += String.fromCharCode(b);
    }
  }
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

/**
 * What is typed at a password prompt (`[sudo] password for …:`, `Password:`, a passphrase, a
 * token) is not written into the recording or shown to watchers: the terminal does not echo it,
 * and a recording is evidence, not a store of credentials. Each such byte is recorded as `*`
 * until Enter, Ctrl-C or Ctrl-D (which stay visible), whatever output comes meanwhile.
 */
export class SecretInputMask {
  private tail = '';
  private masking = false;

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
        this.masking = false;
        this.tail = '';
        // what follows in the same chunk is ordinary input again (typed ahead)
        const rest = this.input(shown.subarray(i + 1));
        rest.shown.copy(shown, i + 1);
        return { shown, masked: true };
      }
      shown[i] = 0x2a;
    }
    return { shown, masked: true };
  }
}
