/**
 * The font families the PDF documents use, by the names the PDF adapter registers them under
 * (Liberation Sans and Serif, SIL OFL, vendored in assets/fonts so every machine embeds the same
 * glyphs). Only these may appear in a document definition.
 */
export const FORM_FONTS = { sans: 'LiberationSans', serif: 'LiberationSerif' } as const;

/** The TrueType file of each family and style, in assets/fonts (the adapter reads them; a style left out is not available). */
export const FONT_FILES: Readonly<Record<string, { normal: string; bold: string; italics?: string; bolditalics?: string }>> = {
  [FORM_FONTS.sans]: {
    normal: 'LiberationSans-Regular.ttf', bold: 'LiberationSans-Bold.ttf', italics: 'LiberationSans-Italic.ttf', bolditalics: 'LiberationSans-BoldItalic.ttf',
  },
  [FORM_FONTS.serif]: { normal: 'LiberationSerif-Regular.ttf', bold: 'LiberationSerif-Bold.ttf' },
};
