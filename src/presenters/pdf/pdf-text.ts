/*
 * Text that people wrote reaches a PDF only through `pdfSafe`: control characters (other than line
 * breaks), bidi overrides, zero-width characters and the line/paragraph separators are shown as
 * `\uXXXX`, so nothing reorders or hides what the form says, and no glyph is missing from the
 * embedded fonts.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A run this long with nothing to break a line at (no space, `/` or `-`) would run past a cell's edge: it gets invisible break points. */
const UNBREAKABLE_RUN = /[^\s/-]{40,}/g;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Text that people wrote, safe to lay out in a PDF: `\uXXXX` for the characters above, and a
 * zero-width space every 20 characters of a run the line breaker could not break (a long
 * identifier, a base64 blob), so every character stays on the page.
 */
export function pdfSafe(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
    .replace(UNBREAKABLE_RUN, (run) => (run.match(/.{1,20}/gu) ?? [run]).join(ZERO_WIDTH_SPACE));
}

/** A SHA-256 (or any long hex) in groups of 8, so it wraps inside a table cell and is read in pieces. */
export function spacedHash(hex: string): string {
  return pdfSafe((hex.match(/.{1,8}/g) ?? []).join(' '));
}
