import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces.js';
import { FONT_FILES } from '../../presenters/pdf/pdf-fonts.js';

/** Turns a document definition (from src/presenters/pdf/) into PDF bytes. */
export interface PdfRenderer {
  render(doc: TDocumentDefinitions): Promise<Uint8Array>;
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
    async render(doc) {
      // pdfmake rewrites the font table it is given while resolving it: each document gets its own copy.
      pdfmake.setFonts(structuredClone(fonts));
      return new Uint8Array(await pdfmake.createPdf(doc).getBuffer());
    },
  };
}
