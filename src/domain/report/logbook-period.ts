import { DomainError } from '../errors.js';

/** The longest period one Logbook document covers: a year, leap day included. */
export const LOGBOOK_MAX_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/** A period of whole local days, `from` to `to` inclusive (`YYYY-MM-DD`), as the unit's calendar names them. */
export interface LogbookPeriod {
  readonly from: string;
  readonly to: string;
  /** How many days, both ends counted. */
  readonly days: number;
}

/** The calendar day `YYYY-MM-DD` as midnight UTC (ms), or null when it is not a real day (2026-02-30). */
function dayUtc(text: string): number | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === text ? t : null;
}

/**
 * The period asked for: both dates real days, `from` not after `to`, at most {@link LOGBOOK_MAX_DAYS}
 * days. Each refusal names the field as the request did (`from`, `to`).
 */
export function logbookPeriod(from: string, to: string): LogbookPeriod {
  const start = dayUtc(from);
  if (start === null) throw DomainError.of('invalid', 'report.date_invalid', { field: 'from', value: from.slice(0, 40) }, { field: 'from' });
  const end = dayUtc(to);
  if (end === null) throw DomainError.of('invalid', 'report.date_invalid', { field: 'to', value: to.slice(0, 40) }, { field: 'to' });
  if (start > end) throw DomainError.of('invalid', 'report.period_reversed', { from, to }, { field: 'to' });
  const days = (end - start) / DAY_MS + 1;
  if (days > LOGBOOK_MAX_DAYS) throw DomainError.of('invalid', 'report.period_too_long', { days, max: LOGBOOK_MAX_DAYS });
  return { from, to, days };
}

const OFFSETS = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at instant `t` (ms). */
function offsetAt(t: number, timeZone: string): number {
  let f = OFFSETS.get(timeZone);
  if (!f) OFFSETS.set(timeZone, (f = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })));
  const name = f.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/**
 * The instants a period covers in a unit's zone: from the start of `from` to the start of the day
 * after `to` (end exclusive), ISO-8601 UTC as stored.
 */
export function periodBounds(p: LogbookPeriod, timeZone: string): { readonly start: string; readonly end: string } {
  const midnight = (local: number): string => {
    // The offset at the guess is right except across a change of offset that very night; a second look settles it.
    const guess = local - offsetAt(local, timeZone);
    return new Date(local - offsetAt(guess, timeZone)).toISOString();
  };
  return { start: midnight(dayUtc(p.from) as number), end: midnight((dayUtc(p.to) as number) + DAY_MS) };
}
