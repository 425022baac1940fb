/**
 * Text that people wrote reaches a PDF only through here: control characters (other than line
 * breaks), bidi overrides and the line/paragraph separators are shown as `\uXXXX`, so nothing
 * reorders or hides what the form says, and no glyph is missing from the embedded fonts.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function pdfSafe(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** A SHA-256 (or any long hex) in groups of 8, so it wraps inside a table cell and is read in pieces. */
export function spacedHash(hex: string): string {
  return (pdfSafe(hex).match(/.{1,8}/g) ?? []).join(' ');
}
