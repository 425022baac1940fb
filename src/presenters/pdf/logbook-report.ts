import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Lang } from '../../messages/catalogue.js';
import { t } from '../../messages/catalogue.js';
import { wordDate } from '../format-time.js';
import type { LogbookCase, LogbookColumn } from '../logbook-report-cells.js';
import { logbookCells, logbookColumnTitle, networkText, unitText } from '../logbook-report-cells.js';
import type { LogbookReportViewModel } from '../view-models/logbook-report-view.js';
import { localDay } from './form-laporan.js';
import { GRID, documentInfo, pageFooter } from './pdf-frame.js';
import { FORM_FONTS } from './pdf-fonts.js';
import { pdfSafe } from './pdf-text.js';

/** Landscape A4 (841.89 × 595.28 pt) less the margins: nine columns, the analysis the widest. */
const MARGIN = 30;

/**
 * The Logbook of a period as a pdfmake document: A4 landscape (nine columns of free text do not
 * fit a portrait page's 510 pt without squeezing the analysis into a sliver), the SOP identity line
 * and the unit and period in the heading, one table row per closed case with its header row on
 * every page, page numbers in the footer. Pure: the same view model and language give the same
 * document, and its metadata dates are the record's (`documentDate`), so the same bytes. Every
 * text a person wrote passes `pdfSafe`, so a long analysis wraps inside its cell.
 */
export function logbookReportDocument(v: LogbookReportViewModel, opts: { readonly lang: Lang }): TDocumentDefinitions {
  const { lang } = opts;
  const day = (d: string): string => wordDate(localDay(d), lang);
  const unitLine = v.unit ? t(lang, 'report.logbook.unit', { unit: pdfSafe(unitText(v.unit)) }) : t(lang, 'report.logbook.every_unit');
  const periodLine = t(lang, 'report.logbook.period', { from: day(v.period.from), to: day(v.period.to), days: v.period.days });
  const date = new Date(v.documentDate);
  const content: Content[] = [
    ...v.sops.map((s): Content => ({ stack: [
      { text: pdfSafe(s.issuer[lang].split(' — ').join(' · ')), style: 'issuer' },
      { text: pdfSafe(t(lang, 'report.logbook.sop_line', { code: s.code, version: s.version, number: s.number, title: s.title[lang] })), style: 'sop' },
    ] })),
    { text: t(lang, 'report.logbook.title'), style: 'title', margin: [0, 8, 0, 2] },
    { text: unitLine, style: 'subtitle' },
    { text: periodLine, style: 'subtitle' },
    { text: v.unit ? t(lang, 'report.form.times_in', { zone: `${v.unit.zone} (${pdfSafe(v.unit.timeZone)})` }) : t(lang, 'report.logbook.times_in_each'),
      style: 'note', alignment: 'center' },
    { text: v.cases.length === 0 ? t(lang, 'report.logbook.none') : t(lang, 'report.logbook.count', { count: v.cases.length }),
      style: 'note', alignment: 'center', margin: [0, 0, 0, 8] },
    ...(v.cases.length === 0 ? [] : [caseTable(v, lang)]),
  ];
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [MARGIN, MARGIN, MARGIN, 40],
    info: documentInfo({
      title: `${t(lang, 'report.logbook.subtitle')} — ${v.unit ? unitText(v.unit) : t(lang, 'report.logbook.every_unit')} — ${v.period.from}…${v.period.to}`,
      author: v.unit?.name ?? 'Jaga', subject: v.sops.map((s) => `${s.code} ${s.version} ${s.number}`).join('; '),
    }, date),
    footer: pageFooter(lang, `${v.sops[0]?.code ?? ''} · ${t(lang, 'report.logbook.subtitle')} · ${pdfSafe(v.unit?.code ?? unitLine)} · ${v.period.from} – ${v.period.to}`,
      { side: MARGIN, top: 14 }),
    content,
    defaultStyle: { font: FORM_FONTS.sans, fontSize: 7.5, lineHeight: 1.12 },
    styles: {
      issuer: { font: FORM_FONTS.serif, fontSize: 9, bold: true, alignment: 'center' },
      sop: { fontSize: 8, alignment: 'center' },
      title: { font: FORM_FONTS.serif, fontSize: 13, bold: true, alignment: 'center' },
      subtitle: { fontSize: 9, bold: true, alignment: 'center' },
      th: { bold: true, fontSize: 7.5, alignment: 'center', fillColor: '#e6e6e6' },
      label: { bold: true, fontSize: 7 },
      note: { fontSize: 7.5, color: '#333333' },
      footer: { fontSize: 7, color: '#444444' },
    },
  };
}

function caseTable(v: LogbookReportViewModel, lang: Lang): Content {
  const title = (col: LogbookColumn): string => logbookColumnTitle(col, lang);
  const th = (text: string | string[]): TableCell => ({ text: Array.isArray(text) ? text.join(' /\n') : text, style: 'th' });
  const header: TableCell[] = [
    th(t(lang, 'report.form.col.no')), th(title('case')), th(title('location')), th(title('networks')),
    th([title('date'), title('access_start'), title('access_end')]), th(t(lang, 'report.logbook.col.analysis')),
    th(title('executor')), th(title('approver')), th(title('status')),
  ];
  return {
    table: {
      widths: [16, 74, 74, 66, 82, '*', 62, 70, 56],
      headerRows: 1,
      // A row is kept on one page when every row surely fits on one; a longer one must break (pdfmake cuts
      // an unbreakable block taller than a page), so then rows break where the page ends, under a repeated header row.
      dontBreakRows: v.cases.every((c) => estimatedRowHeight(logbookCells(c, lang)) <= ROW_FITS_PAGE),
      body: [header, ...v.cases.map((c, i) => caseRow(c, i, v.unit === null, lang))],
    },
    layout: GRID,
  };
}

/** The page body (595.28 pt less the margins) less a header row of three lines: what one row may take and still fit. */
const ROW_FITS_PAGE = 595.28 - MARGIN - 40 - 60;
/** A line of 7.5 pt text, and characters a line surely holds in a column (Liberation Sans averages nearer 0.5 em a character). */
const LINE_PT = 11;
const CHARS_PER_PT = 1 / 5;

/** A row's height, overestimated: its tallest cell, each text's lines counted at fewer characters than fit. */
function estimatedRowHeight(x: Readonly<Record<LogbookColumn, string>>): number {
  const lines = (text: string, width: number): number => text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / (width * CHARS_PER_PT))), 0);
  const analysis = 3 + lines(x.b4, 200) + lines(x.b5_root_cause, 200) + lines(x.b5_permanent_fix, 200);
  const cells = [lines(x.case, 74) + lines(x.unit, 74), lines(x.location, 74), lines(x.networks, 66) + 2, 6 + lines(x.access_start, 82) + lines(x.access_end, 82), analysis];
  return Math.max(...cells) * LINE_PT + 12;
}

function caseRow(c: LogbookCase, i: number, everyUnit: boolean, lang: Lang): TableCell[] {
  const x = logbookCells(c, lang);
  const s = (col: LogbookColumn): string => pdfSafe(x[col]);
  const labelled = (label: string, text: string, last = false): Content[] => [
    { text: label, style: 'label' }, { text, margin: [0, 0, 0, last ? 0 : 3] }];
  return [
    { text: String(i + 1), alignment: 'center' },
    { stack: [{ text: s('case'), bold: true }, ...(everyUnit ? [{ text: s('unit'), style: 'note' }] : [])] },
    { text: s('location') },
    // One network a line (the CSV's cell joins them with `; `).
    { stack: c.a2.networks.length === 0 ? [{ text: '—' }] : c.a2.networks.map((n) => ({ text: pdfSafe(networkText(n, lang)) })) },
    { stack: [
      ...labelled(logbookColumnTitle('date', lang), s('date')),
      ...labelled(logbookColumnTitle('access_start', lang), s('access_start')),
      ...labelled(logbookColumnTitle('access_end', lang), s('access_end'), true),
    ] },
    { stack: [
      ...labelled(logbookColumnTitle('b4', lang), s('b4')),
      ...labelled(logbookColumnTitle('b5_root_cause', lang), s('b5_root_cause')),
      ...labelled(logbookColumnTitle('b5_permanent_fix', lang), s('b5_permanent_fix'), true),
    ] },
    { text: s('executor') },
    { stack: [{ text: s('approver') },
      ...(c.approval ? [{ text: t(lang, 'report.logbook.approved_on', { when: x.approved_at }), style: 'note' }] : [])] },
    { stack: [{ text: s('status'), bold: true }, { text: t(lang, 'report.logbook.closed_on', { when: x.closed_at }), style: 'note' }] },
  ];
}
