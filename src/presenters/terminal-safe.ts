/**
 * Text that anyone but the operator wrote (a pelapor's description, names, explanations, error
 * messages quoting input) reaches a terminal only through here. Terminals act on C0 controls
 * (ESC starts CSI/OSC sequences that clear the screen, move the cursor or write the clipboard; CR
 * overwrites the line; BEL rings), on C1 controls (U+009B is a one-byte CSI for many terminals)
 * and on bidi overrides that reorder what is shown. Each is replaced by a visible stand-in so the
 * reader sees that it was there and what it was, and nothing acts on it:
 * - C0 and DEL by their Unicode control pictures (ESC → `␛`, CR → `␍`, LF → `␊`, BEL → `␇`);
 * - C1, bidi embeddings/overrides/isolates, LRM/RLM/ALM and the line/paragraph separators by `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same set without LF, for text whose lines are kept
const UNSAFE_KEEP_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string): string => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

function standIn(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return hex(c);
}

/** One line of user text, safe for a terminal: every control character made visible, LF included. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, standIn);
}

/**
 * One line for a place that takes no stand-ins (the SSH client's stderr and banners): every
 * control character becomes a space.
 */
export function terminalBlank(text: string): string {
  return text.replace(UNSAFE, ' ');
}

/**
 * User text of several lines (an analysis, a repair): lines are kept, each continuation line
 * starts with `indent` so it cannot pose as a field of its own; CR and every other control is made visible.
 */
export function terminalSafeLines(text: string, indent = ''): string {
  return text.replace(UNSAFE_KEEP_LINES, standIn).replace(/\n/g, `\n${indent}`);
}

/**
 * JSON text for a terminal: JSON.stringify already writes C0 as `\u001b`, but leaves C1 and the
 * bidi controls raw. They can only stand inside JSON strings, where `\uXXXX` is the same value,
 * so the document still parses to exactly what it said.
 */
export function jsonTerminalSafe(jsonText: string): string {
  return jsonText.replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x7f ? c : hex(c)));
}
