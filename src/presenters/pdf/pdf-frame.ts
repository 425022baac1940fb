import type { Content, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';

/*
 * What every Jaga document has around its content, in one place: the table rules a printed
 * government form has, the metadata that keeps the bytes reproducible, and the running footer.
 */

/** The width of a table rule, and a cell's padding (a presenter that measures rows before layout counts with them). */
export const GRID_RULE = 0.6;
export const GRID_PADDING = { x: 4, y: 3 } as const;

/** Thin black rules on every cell edge, as a printed form has them. */
export const GRID: CustomTableLayout = {
  hLineWidth: () => GRID_RULE, vLineWidth: () => GRID_RULE, hLineColor: () => '#000000', vLineColor: () => '#000000',
  paddingLeft: () => GRID_PADDING.x, paddingRight: () => GRID_PADDING.x, paddingTop: () => GRID_PADDING.y, paddingBottom: () => GRID_PADDING.y,
};

/**
 * A document's metadata: Jaga as creator and producer, and one date as both its creation and its
 * modification. That date is the record's, never the clock's, so the same record gives the same bytes.
 */
export function documentInfo(about: { readonly title: string; readonly author: string; readonly subject: string }, date: Date): NonNullable<TDocumentDefinitions['info']> {
  return { title: about.title, author: about.author, subject: about.subject, creator: 'Jaga', producer: 'Jaga (pdfmake)', creationDate: date, modDate: date };
}

/**
 * The running footer: what the document is on the left; on the right its page of all pages, after
 * `before` when given (the Form Laporan's check code). `margin`: the page's side margin and the
 * gap above the footer.
 */
export function pageFooter(lang: Lang, left: string, margin: { readonly side: number; readonly top: number }, before?: string):
  (page: number, pages: number) => Content {
  return (page, pages) => {
    const where = t(lang, 'report.form.page', { page, pages });
    return {
      columns: [
        { text: left, style: 'footer' },
        { text: before === undefined ? where : `${before} · ${where}`, style: 'footer', alignment: 'right', width: 'auto' },
      ],
      margin: [margin.side, margin.top, margin.side, 0],
    };
  };
}
