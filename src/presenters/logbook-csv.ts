import type { LogbookEntry } from '../domain/logbook/logbook-entry.js';

export const LOGBOOK_CSV_HEADER = 'seq,at,type,actor_id,unit_id,case_id,data,prev_hash,hash';

/** RFC 4180 field; cells starting with = + - @ are prefixed with ' so spreadsheets do not run them. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const logbookCsvRow = (e: LogbookEntry): string =>
  [e.seq, e.at, e.type, e.actorId, e.unitId, e.caseId, e.data, e.prevHash, e.hash].map(csvCell).join(',');

/** One JSON object per line, with `data` parsed so tools can query it; hashes cover its canonical text. */
export const logbookJsonLine = (e: LogbookEntry): string =>
  JSON.stringify({ seq: e.seq, at: e.at, type: e.type, actorId: e.actorId, unitId: e.unitId, caseId: e.caseId, data: JSON.parse(e.data) as unknown, prevHash: e.prevHash, hash: e.hash });
