import { StringDecoder } from 'node:string_decoder';

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

export type RecordingEvent = readonly [seconds: number, type: 'o' | 'i' | 'r', data: string];

/** The header line of a recording. */
export function asciicastHeaderLine(h: AsciicastHeader): string {
  return `${JSON.stringify({ version: 2, width: h.width, height: h.height, timestamp: h.timestamp, title: h.title, env: h.env, jaga: h.jaga })}\n`;
}

/** One event line. */
export function asciicastEventLine(e: RecordingEvent): string {
  return `${JSON.stringify(e)}\n`;
}

/**
 * Turns one channel's traffic into asciicast v2 events. Pure: the caller says when each chunk
 * came (milliseconds on the same clock as `startMs`) and where the lines go. A UTF-8 character
 * split across chunks stays whole; times are seconds since the start and never go back (a clock
 * stepped backwards holds them). Everything is encoded: a recording is never cut short (the
 * gateway bounds a session's recording by its quota, and ends a channel instead).
 */
export class AsciicastEncoder {
  private readonly decoders = { o: new StringDecoder('utf8'), i: new StringDecoder('utf8') };
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

  /** The characters still held by the decoders; nothing is encoded after this. */
  end(atMs: number): RecordingEvent[] {
    if (this.ended) return [];
    const out = [this.event(atMs, 'o', this.decoders.o.end()), this.event(atMs, 'i', this.decoders.i.end())];
    this.ended = true;
    return out.filter((e): e is RecordingEvent => e !== null);
  }

  private data(atMs: number, type: 'o' | 'i', chunk: Buffer): RecordingEvent | null {
    return this.event(atMs, type, this.decoders[type].write(chunk));
  }

  private event(atMs: number, type: 'o' | 'i' | 'r', data: string): RecordingEvent | null {
    if (this.ended || data === '') return null;
    this.lastMs = Math.max(this.lastMs, Math.round(atMs - this.startMs));
    return [this.lastMs / 1000, type, data];
  }
}
