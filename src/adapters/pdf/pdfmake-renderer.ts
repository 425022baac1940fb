import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces.js';
import { FONT_FILES, FORM_FONTS } from '../../presenters/pdf/pdf-fonts.js';
import type { PdfTextMeasure } from '../../presenters/pdf/pdf-measure.js';

/** Turns a document definition (from src/presenters/pdf/) into PDF bytes. */
export interface PdfRenderer {
  render(doc: TDocumentDefinitions): Promise<Uint8Array>;
  /** Text widths and line heights in the embedded sans family, as pdfmake lays the text out (pdfkit's font metrics). */
  readonly measure: PdfTextMeasure;
}

/** The vendored fonts (assets/fonts at the repository's root; this file runs from dist/src/adapters/pdf/). */
export const VENDORED_FONTS_DIR = fileURLToPath(new URL('../../../../assets/fonts/', import.meta.url));

/**
 * The one seam to pdfmake (which runs on pdfkit, in-process). Fonts are only the vendored
 * Liberation files, so every machine embeds the same glyphs; nothing is fetched from a URL and
 * no local file but those fonts is read, whatever a document names. pdfmake keeps its fonts and
 * policies in one module-wide instance: this is the only code that sets them.
 */
export function pdfmakeRenderer(fontsDir: string = VENDORED_FONTS_DIR): PdfRenderer {
  const dir = resolve(fontsDir);
  const fonts: TFontDictionary = {};
  for (const [family, files] of Object.entries(FONT_FILES)) {
    const path = (f: string | undefined) => (f === undefined ? undefined : join(dir, f));
    for (const f of Object.values(files)) {
      if (!existsSync(join(dir, f))) throw new Error(`PDF font ${f} is missing from ${dir}`);
    }
    fonts[family] = { normal: path(files.normal) as string, bold: path(files.bold) as string,
      ...(files.italics ? { italics: path(files.italics) as string } : {}), ...(files.bolditalics ? { bolditalics: path(files.bolditalics) as string } : {}) };
  }
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => resolve(p).startsWith(dir + sep));
  return {
    measure: fontMeasure(dir),
    async render(doc) {
      // pdfmake rewrites the font table it is given while resolving it: each document gets its own copy.
      pdfmake.setFonts(structuredClone(fonts));
      return new Uint8Array(await pdfmake.createPdf(doc).getBuffer());
    },
  };
}

/** pdfkit's metrics of the vendored sans family (the fonts pdfmake embeds), for presenters that size a row before layout. */
function fontMeasure(dir: string): PdfTextMeasure {
  const files = FONT_FILES[FORM_FONTS.sans] as { normal: string; bold: string };
  const doc = new PDFDocument({ autoFirstPage: false });
  const use = (bold: boolean, size: number): PDFKit.PDFDocument => doc.font(join(dir, bold ? files.bold : files.normal)).fontSize(size);
  return {
    width: (text, size, bold) => use(bold, size).widthOfString(text),
    lineHeight: (size) => use(false, size).currentLineHeight(false),
  };
}
