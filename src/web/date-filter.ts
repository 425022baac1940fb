import { localTime } from '../presenters/format-time.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/**
 * A date field of a filter form (`YYYY-MM-DD`, read in `timeZone`) as the instant the API's
 * `from`/`to` take: the start of that day, or with `endOfDay` the start of the next (a range "up
 * to and including" a date). Anything else is passed on as typed, for the use case to refuse
 * with its own message; empty is left out.
 */
export function dateFilter(value: string | undefined, timeZone: string, endOfDay = false): string | undefined {
  const v = value?.trim() ?? '';
  if (v === '') return undefined;
  const m = DAY.exec(v);
  if (!m) return v;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const asLocal = localTime(new Date(guess).toISOString(), timeZone);
  // Not a real day (2019-02-30): the use case words the refusal.
  if (!asLocal || Number.isNaN(guess) || new Date(guess).toISOString().slice(0, 10) !== v) return v;
  const [h, min] = asLocal.time.split(':').map(Number) as [number, number];
  const dayShift = asLocal.date === v ? 0 : asLocal.date > v ? DAY_MS : -DAY_MS;
  const offsetMs = dayShift + (h * 60 + min) * 60_000;
  return new Date(guess - offsetMs + (endOfDay ? DAY_MS : 0)).toISOString();
}
