import type { Lang } from '../messages/catalogue.js';
import { LOGBOOK_COLUMNS, logbookCells, logbookColumnTitle } from './logbook-report-cells.js';
import { csvCell } from './logbook-csv.js';
import type { LogbookReportViewModel } from './view-models/logbook-report-view.js';

/**
 * The Logbook document as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled): a header row in `lang`, then one row per case with the same
 * words as the PDF; a cell a spreadsheet would run as a formula is prefixed with `'` (`csvCell`).
 * One value per cell: no JSON.
 */
export function logbookReportCsv(v: LogbookReportViewModel, lang: Lang): string {
  const rows = [
    LOGBOOK_COLUMNS.map((col) => logbookColumnTitle(col, lang)),
    ...v.cases.map((c) => {
      const cells = logbookCells(c, lang);
      return LOGBOOK_COLUMNS.map((col) => cells[col]);
    }),
  ];
  return rows.map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}
