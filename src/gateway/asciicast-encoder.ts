import { isUtf8 } from 'node:buffer';

/** asciicast v2 header (https://docs.asciinema.org/manual/asciicast/v2/) plus Jaga's own `jaga` block. */
export interface AsciicastHeader {
  readonly width: number;
  readonly height: number;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly title: string;
  readonly env: { readonly TERM: string };
  readonly jaga: Record<string, unknown>;
}

/**
 * One event. Data that is not valid UTF-8 (binary through a shell: `tar`, `rsync`…) is shown
 * with U+FFFD like any terminal would, and its exact bytes follow as Jaga's fourth element
 * `{ "b64": … }` (players read the first three): a recording holds every byte, not a picture of it.
 * A large binary chunk is kept as its exact bytes only, with empty text (see SHOWN_BINARY_LIMIT).
 */
export type RecordingEvent =
  | readonly [seconds: number, type: 'o' | 'i' | 'r', data: string]
  | readonly [seconds: number, type: 'o' | 'i', data: string, exact: { readonly b64: string }];

/** The header line of a recording. */
export function asciicastHeaderLine(h: AsciicastHeader): string {
  return `${JSON.stringify({ version: 2, width: h.width, height: h.height, timestamp: h.timestamp, title: h.title, env: h.env, jaga: h.jaga })}\n`;
}

/** One event line. */
export function asciicastEventLine(e: RecordingEvent): string {
  return `${JSON.stringify(e)}\n`;
}

const EXACT_ONLY_END = Buffer.from('"}]\n', 'latin1');

/**
 * One event line as bytes, the same bytes as `asciicastEventLine`. An event of exact bytes only
 * (bulk data) is written without JSON.stringify scanning its base64 and without re-encoding it:
 * base64 needs no escaping in JSON, and most of a bulk recording is such lines.
 */
export function asciicastEventBytes(e: RecordingEvent): Buffer {
  if (e.length !== 4 || e[2] !== '') return Buffer.from(asciicastEventLine(e), 'utf8');
  const head = Buffer.from(`[${JSON.stringify(e[0])},${JSON.stringify(e[1])},"",{"b64":"`, 'latin1');
  const b64 = e[3].b64;
  const out = Buffer.allocUnsafe(head.length + b64.length + EXACT_ONLY_END.length);
  head.copy(out, 0);
  out.write(b64, head.length, 'latin1');
  EXACT_ONLY_END.copy(out, head.length + b64.length);
  return out;
}

/**
 * Turns one channel's traffic into asciicast v2 events. Pure: the caller says when each chunk
 * came (milliseconds on the same clock as `startMs`) and where the lines go. A UTF-8 character
 * split across chunks stays whole; bytes that are not UTF-8 are kept exactly (see
 * RecordingEvent); times are seconds since the start and never go back (a clock
 * stepped backwards holds them). Everything is encoded: a recording is never cut short (the
 * gateway bounds a session's recording by its quota, and ends a channel instead).
 */
export class AsciicastEncoder {
  /** The start of a character cut by the end of the last chunk, per direction. */
  private readonly carry: { o: Buffer | null; i: Buffer | null } = { o: null, i: null };
  private lastMs = 0;
  private ended = false;

  constructor(private readonly startMs: number) {}

  /** Whether input and output are still recorded (false once ended). */
  get capturing(): boolean {
    return !this.ended;
  }

  output(atMs: number, chunk: Buffer): RecordingEvent | null {
    return this.data(atMs, 'o', chunk);
  }

  input(atMs: number, chunk: Buffer): RecordingEvent | null {
    return this.data(atMs, 'i', chunk);
  }

  resize(atMs: number, cols: number, rows: number): RecordingEvent | null {
    return this.event(atMs, 'r', `${cols}x${rows}`);
  }

  /** The bytes still held (a character cut off at the end); nothing is encoded after this. */
  end(atMs: number): RecordingEvent[] {
    if (this.ended) return [];
    const out = (['o', 'i'] as const).map((type) => {
      const rest = this.carry[type];
      this.carry[type] = null;
      return rest ? this.bytes(atMs, type, rest) : null;
    });
    this.ended = true;
    return out.filter((e): e is RecordingEvent => e !== null);
  }

  private data(atMs: number, type: 'o' | 'i', chunk: Buffer): RecordingEvent | null {
    if (this.ended) return null;
    const prev = this.carry[type];
    const buf = prev ? Buffer.concat([prev, chunk]) : chunk;
    const cut = cutCharacter(buf);
    this.carry[type] = cut > 0 ? Buffer.from(buf.subarray(buf.length - cut)) : null;
    return this.bytes(atMs, type, cut > 0 ? buf.subarray(0, buf.length - cut) : buf);
  }

  private bytes(atMs: number, type: 'o' | 'i', body: Buffer): RecordingEvent | null {
    if (body.length === 0) return null;
    const text = isUtf8(body);
    if (body.length > SHOWN_BINARY_LIMIT && (!text || looksBinary(body))) {
      // Bulk data (tar, rsync, an image through a shell): its exact bytes only. Showing it as
      // text would cost ten times the CPU (U+FFFD and \u00XX escapes) for a picture of noise.
      const e = this.event(atMs, type, '', true);
      return e ? [e[0], type, '', { b64: body.toString('base64') }] : null;
    }
    const e = this.event(atMs, type, body.toString('utf8'));
    if (!e || text) return e;
    return [e[0], type, e[2], { b64: body.toString('base64') }];
  }

  private event(atMs: number, type: 'o' | 'i' | 'r', data: string, exact = false): readonly [number, 'o' | 'i' | 'r', string] | null {
    if (this.ended || (data === '' && !exact)) return null;
    this.lastMs = Math.max(this.lastMs, Math.round(atMs - this.startMs));
    return [this.lastMs / 1000, type, data];
  }
}

/**
 * A chunk up to this size is always shown as text as well (a terminal's picture of it: U+FFFD
 * for bytes that are not UTF-8); a larger one that is not UTF-8, or is mostly control bytes
 * (`cat /dev/zero`), is kept as its exact bytes only (`[t, "o", "", {b64}]`): players show
 * nothing for it, as there is nothing to read.
 */
const SHOWN_BINARY_LIMIT = 1024;

/** Whether more than one byte in eight is a control byte other than tab, newline, CR and ESC. */
function looksBinary(b: Buffer): boolean {
  let control = 0;
  const limit = b.length >> 3;
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b && ++control > limit) return true;
  }
  return false;
}

/** How many bytes at the end of `b` are the start of a UTF-8 character that the next chunk completes (0–3). */
function cutCharacter(b: Buffer): number {
  const n = b.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const c = b[n - k] as number;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}
