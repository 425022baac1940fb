import { terminalSafe } from './terminal-safe.js';

/**
 * A session recording (asciicast v2, as the gateway writes it) read as plain text, for the case
 * page beside the player and for an auditor's search: the lines the screen showed, the lines the
 * person typed, each with the second it started. The output is interpreted the way a terminal
 * would for a single line (CR returns, backspace and cursor moves overwrite, erase-in-line
 * erases) and every escape sequence is consumed, never passed on; typed input is read with its
 * editing keys (backspace, ^U, ^W). What is left is text: no control character, no bidi override
 * (shown by terminal-safe stand-ins), so no renderer can be made to act on it. Input masked at a
 * password prompt is `*` in the recording and stays `*` here. Bulk binary data (recorded as its
 * exact bytes only) is one `data` line with its size. Pure and bounded (see TranscriptLimits).
 */
export type TranscriptLine =
  | { readonly kind: 'output' | 'input'; readonly at: number; readonly text: string }
  /** Bytes recorded exactly and not shown as text (bulk binary data), merged while they run. */
  | { readonly kind: 'data'; readonly at: number; readonly direction: 'output' | 'input'; readonly bytes: number };

export interface Transcript {
  /** When the recording started (the header's timestamp), ISO-8601 UTC; null when the header is unreadable. */
  readonly startedAt: string | null;
  readonly lines: readonly TranscriptLine[];
  /** Stopped at `maxLines`, or a line was cut at `maxLineLength`. */
  readonly truncated: boolean;
  /** Event lines that are not asciicast events (skipped; `jaga logbook verify` is the tamper check). */
  readonly unreadable: number;
}

export interface TranscriptLimits {
  readonly maxLines?: number;
  readonly maxLineLength?: number;
}

const MAX_LINES = 50_000;
const MAX_LINE_LENGTH = 4096;
const TAB = 8;

type Sink = (line: TranscriptLine) => boolean;

/** Escape sequences as a terminal parses them (ECMA-48): consumed, whatever they would do. */
class EscapeParser {
  private state: 'text' | 'esc' | 'one' | 'csi' | 'string' | 'string_esc' = 'text';
  private params = '';

  /** Feeds one character; returns it when it is text or a C0 control to act on, a CSI command as `{csi}`, or null. */
  feed(ch: string): string | { csi: string; params: string } | null {
    const code = ch.codePointAt(0) as number;
    switch (this.state) {
      case 'esc':
        if (ch === '[') { this.state = 'csi'; this.params = ''; return null; }
        // OSC, DCS, SOS, PM, APC: a string up to ST (ESC \) or BEL
        if (ch === ']' || ch === 'P' || ch === 'X' || ch === '^' || ch === '_') { this.state = 'string'; return null; }
        // SS2/SS3 (`ESC O A`, an arrow key) take one more character; ESC ( B and the like take
        // theirs after the intermediate; every other ESC x is complete
        this.state = ch === 'N' || ch === 'O' ? 'one' : code >= 0x20 && code <= 0x2f ? 'esc' : 'text';
        return null;
      case 'one':
        this.state = 'text';
        return null;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) { this.state = 'text'; return { csi: ch, params: this.params }; }
        if (code >= 0x20 && code <= 0x3f) { if (this.params.length < 32) this.params += ch; return null; }
        this.state = 'text'; // a broken sequence ends where it breaks
        return this.feed(ch);
      case 'string':
        if (code === 0x07 || code === 0x9c) this.state = 'text';
        else if (code === 0x1b) this.state = 'string_esc';
        return null;
      case 'string_esc':
        this.state = ch === '\\' ? 'text' : 'string';
        return null;
      case 'text':
        if (code === 0x1b) { this.state = 'esc'; return null; }
        if (code === 0x9b) { this.state = 'csi'; this.params = ''; return null; }
        if (code === 0x8e || code === 0x8f) { this.state = 'one'; return null; }
        if (code === 0x90 || code === 0x9d || code === 0x98 || code === 0x9e || code === 0x9f) { this.state = 'string'; return null; }
        if (code >= 0x80 && code <= 0x9f) return null;
        return ch;
    }
  }
}

const num = (params: string, fallback: number): number => {
  const n = Number.parseInt(params.split(';')[0] ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** The line a terminal is drawing: characters by column and the cursor. */
class ScreenLine {
  private readonly escapes = new EscapeParser();
  private cells: string[] = [];
  private col = 0;
  private startedAt: number | null = null;
  private cut = false;

  constructor(private readonly maxLength: number, private readonly emit: Sink) {}

  get truncated(): boolean {
    return this.cut;
  }

  /** Feeds output text; false once the sink takes no more lines. */
  write(at: number, text: string): boolean {
    for (const ch of text) {
      const x = this.escapes.feed(ch);
      if (x === null) continue;
      if (typeof x !== 'string') { if (!this.command(x.csi, x.params)) return false; continue; }
      if (x === '\n') { if (!this.flush()) return false; continue; }
      if (x === '\r') { this.col = 0; continue; }
      if (x === '\b') { this.col = Math.max(0, this.col - 1); continue; }
      if (x === '\t') { this.col = Math.min(this.maxLength, (Math.floor(this.col / TAB) + 1) * TAB); continue; }
      const code = x.codePointAt(0) as number;
      if (code < 0x20 || code === 0x7f) continue; // BEL and the rest act on nothing in a transcript
      this.put(at, x);
    }
    return true;
  }

  /** The line still being drawn, if anything is on it. */
  flush(): boolean {
    const text = this.cells.join('').trimEnd();
    const at = this.startedAt;
    this.cells = [];
    this.col = 0;
    this.startedAt = null;
    return at === null || text === '' || this.emit({ kind: 'output', at, text: terminalSafe(text) });
  }

  private put(at: number, ch: string): void {
    if (this.col >= this.maxLength) { this.cut = true; return; }
    this.startedAt ??= at;
    while (this.cells.length < this.col) this.cells.push(' ');
    this.cells[this.col++] = ch;
  }

  private command(final: string, params: string): boolean {
    switch (final) {
      case 'K': { // erase in line
        const mode = Number.parseInt(params || '0', 10);
        if (mode === 0) this.cells.length = Math.min(this.cells.length, this.col);
        else if (mode === 1) for (let i = 0; i <= this.col && i < this.cells.length; i++) this.cells[i] = ' ';
        else if (mode === 2) this.cells = [];
        return true;
      }
      case 'C': this.col = Math.min(this.maxLength, this.col + num(params, 1)); return true;
      case 'D': this.col = Math.max(0, this.col - num(params, 1)); return true;
      case 'G': this.col = Math.min(this.maxLength, num(params, 1) - 1); return true;
      // The cursor moved to another line or the screen was cleared: what was drawn is a line.
      case 'H': case 'f': case 'J': case 'A': case 'B': case 'E': case 'F': return this.flush();
      default: return true;
    }
  }
}

/** What the person types, with the editing keys a shell's line editor reads. */
class TypedLine {
  private readonly escapes = new EscapeParser();
  private chars: string[] = [];
  private startedAt: number | null = null;

  constructor(private readonly maxLength: number, private readonly emit: Sink, private readonly onCut: () => void) {}

  write(at: number, text: string): boolean {
    for (const ch of text) {
      const x = this.escapes.feed(ch);
      if (x === null || typeof x !== 'string') continue; // arrow keys and the like: not text
      if (x === '\r' || x === '\n') { if (!this.flush()) return false; continue; }
      if (x === '\x7f' || x === '\b') { this.chars.pop(); continue; }
      if (x === '\x15') { this.chars = []; continue; } // ^U
      if (x === '\x17') { // ^W: the word before the cursor
        while (this.chars.length && this.chars[this.chars.length - 1] === ' ') this.chars.pop();
        while (this.chars.length && this.chars[this.chars.length - 1] !== ' ') this.chars.pop();
        continue;
      }
      if (x === '\x03') { this.startedAt ??= at; this.chars.push('^C'); if (!this.flush()) return false; continue; }
      if (x === '\t') { this.add(at, '⇥'); continue; } // completion: the shell, not the text, decides what it became
      const code = x.codePointAt(0) as number;
      if (code < 0x20) continue;
      this.add(at, x);
    }
    return true;
  }

  flush(): boolean {
    const text = this.chars.join('').trimEnd();
    const at = this.startedAt;
    this.chars = [];
    this.startedAt = null;
    return at === null || text.trim() === '' || this.emit({ kind: 'input', at, text: terminalSafe(text) });
  }

  private add(at: number, ch: string): void {
    if (this.chars.length >= this.maxLength) { this.onCut(); return; }
    this.startedAt ??= at;
    this.chars.push(ch);
  }
}

function isEvent(x: unknown): x is [number, string, string, ...unknown[]] {
  return Array.isArray(x) && x.length >= 3 && typeof x[0] === 'number' && Number.isFinite(x[0]) && typeof x[1] === 'string' && typeof x[2] === 'string';
}

function exactBytes(x: unknown): number | null {
  if (typeof x !== 'object' || x === null || typeof (x as { b64?: unknown }).b64 !== 'string') return null;
  const b64 = (x as { b64: string }).b64;
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - pad);
}

function headerStart(line: string | undefined): string | null {
  try {
    const h = JSON.parse(line ?? '') as { version?: unknown; timestamp?: unknown };
    return h.version === 2 && typeof h.timestamp === 'number' && Number.isFinite(h.timestamp)
      ? new Date(h.timestamp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/** The transcript of one recording (its whole text, as the RecordingStore reads it). */
export function transcriptOf(recording: string, limits: TranscriptLimits = {}): Transcript {
  const maxLines = limits.maxLines ?? MAX_LINES;
  const maxLength = limits.maxLineLength ?? MAX_LINE_LENGTH;
  const rows = recording.split('\n');
  const lines: TranscriptLine[] = [];
  let full = false;
  let cut = false;
  const emit: Sink = (l) => {
    if (lines.length >= maxLines) { full = true; return false; }
    const last = lines[lines.length - 1];
    if (l.kind === 'data' && last?.kind === 'data' && last.direction === l.direction) lines[lines.length - 1] = { ...last, bytes: last.bytes + l.bytes };
    else lines.push(l);
    return true;
  };
  const screen = new ScreenLine(maxLength, emit);
  const typed = new TypedLine(maxLength, emit, () => { cut = true; });
  let unreadable = 0;
  for (let i = 1; i < rows.length && !full; i++) {
    const row = rows[i] as string;
    if (row.trim() === '') continue;
    let e: unknown;
    try { e = JSON.parse(row); } catch { unreadable++; continue; }
    if (!isEvent(e)) { unreadable++; continue; }
    const [at, type, data, exact] = e;
    if (type === 'r') continue;
    if (type !== 'o' && type !== 'i') { unreadable++; continue; }
    const bytes = data === '' ? exactBytes(exact) : null;
    if (bytes !== null) {
      if (type === 'o' ? !screen.flush() : !typed.flush()) break;
      if (!emit({ kind: 'data', at, direction: type === 'o' ? 'output' : 'input', bytes })) break;
      continue;
    }
    if (!(type === 'o' ? screen.write(at, data) : typed.write(at, data))) break;
  }
  if (!full) { screen.flush(); typed.flush(); }
  // Lines are complete when they end (a typed line on Enter, before the echo ends the screen's
  // line): in the order they started, the prompt comes before what was typed at it.
  lines.sort((a, b) => a.at - b.at);
  return { startedAt: headerStart(rows[0]), lines, truncated: full || cut || screen.truncated, unreadable };
}

/** The indexes of the text lines containing `query` (case-insensitive; blank: none). */
export function searchTranscript(t: Transcript, query: string): number[] {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return [];
  const out: number[] = [];
  t.lines.forEach((l, i) => { if (l.kind !== 'data' && l.text.toLocaleLowerCase().includes(q)) out.push(i); });
  return out;
}
