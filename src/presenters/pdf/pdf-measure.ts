/**
 * How tall a text will be in a pdfmake cell, measured with the fonts the PDF embeds (the adapter
 * measures; presenters stay pure). Used where a drawing must fill its row exactly: the SOP's
 * flowchart is drawn row by row, and each row is as tall as its tallest text, known before pdfmake
 * lays it out. The count errs on the tall side (words break only at spaces, widths get 2 % more):
 * a row taller than its text is only white space; a shorter one would cut an arrow.
 */
export interface PdfTextMeasure {
  /** Width in points of `text` in the sans family at `size` points (bold or regular). */
  width(text: string, size: number, bold: boolean): number;
  /** Height of one line at `size` points, before a style's `lineHeight` factor (as pdfmake counts it). */
  lineHeight(size: number): number;
}

const SAFETY = 1.02;

/** Lines `text` takes in a column `width` points wide. */
export function lineCount(m: PdfTextMeasure, text: string, width: number, size: number, bold = false): number {
  const space = m.width(' ', size, bold) * SAFETY;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines += 1;
    let used = 0;
    for (const word of paragraph.split(/[ \u200b]+/).filter((x) => x !== '')) {
      const w = m.width(word, size, bold) * SAFETY;
      if (used > 0 && used + space + w > width) {
        lines += 1;
        used = 0;
      }
      if (w > width) {
        // pdfmake breaks a word wider than the column by characters.
        lines += Math.ceil(w / width) - 1;
        used = w % width;
      } else {
        used += (used > 0 ? space : 0) + w;
      }
    }
  }
  return lines;
}

/** Height in points of `text` in a column `width` points wide. */
export function textHeight(m: PdfTextMeasure, text: string, width: number, style: { size: number; lineHeight: number; bold?: boolean }): number {
  return lineCount(m, text, width, style.size, style.bold ?? false) * m.lineHeight(style.size) * style.lineHeight;
}
