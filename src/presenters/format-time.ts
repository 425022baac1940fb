import type { Lang } from '../messages/catalogue.js';

/**
 * Indonesia's three zones by their IANA names. Matching the offset instead would call Bangkok WIB
 * and Perth WITA; a zone outside Indonesia is shown by its offset (`UTC+08:00`).
 */
const INDONESIAN_ZONES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA', 'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** Formatters are costly to build and there are few zones: one of each kind per zone and language. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();
function format(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = FORMATS.get(key);
  if (!f) FORMATS.set(key, (f = make()));
  return f;
}

function offsetLabel(at: Date, timeZone: string): string {
  const offset = format(`offset ${timeZone}`, () => new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }))
    .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return offset === 'GMT' || offset === 'GMT+00:00' ? 'UTC' : offset.replace('GMT', 'UTC');
}

/** `WIB`, `WITA`, `WIT` for the Indonesian zones; `UTC+05:30` style for any other. */
export function zoneAbbreviation(timeZone: string, at: Date = new Date(0)): string {
  return INDONESIAN_ZONES[timeZone] ?? offsetLabel(at, timeZone);
}

/**
 * An instant as the unit reads it: its wall-clock date and time in the unit's zone with the zone's
 * abbreviation. Renderers word it (month names, `pukul`/`at`) in their language.
 */
export interface LocalTime {
  /** The instant, ISO-8601 UTC, as stored. */
  readonly utc: string;
  /** IANA zone it is shown in. */
  readonly timeZone: string;
  /** `WITA` … */
  readonly zone: string;
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  /** `HH:mm` in the zone (24 h). */
  readonly time: string;
}

/** The instant in the zone; null stays null. */
export function localTime(iso: string | null, timeZone: string): LocalTime | null {
  if (iso === null) return null;
  const at = new Date(iso);
  const parts = Object.fromEntries(format(`parts ${timeZone}`, () => new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  })).formatToParts(at).map((p) => [p.type, p.value]));
  return { utc: at.toISOString(), timeZone, zone: zoneAbbreviation(timeZone, at), date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${parts['hour']}:${parts['minute']}` };
}

const localeOf = (lang: Lang): string => (lang === 'id' ? 'id-ID' : 'en-GB');

/** `3 Desember 2019` (id) or `3 December 2019` (en), the local date of a LocalTime. */
export function wordDate(t: LocalTime | null, lang: Lang): string {
  if (!t) return '—';
  return format(`date ${t.timeZone} ${lang}`, () => new Intl.DateTimeFormat(localeOf(lang), { timeZone: t.timeZone, day: 'numeric', month: 'long', year: 'numeric' }))
    .format(new Date(t.utc));
}

/** `3 Desember 2019 pukul 09.05 WITA` (id) or `3 December 2019 at 09:05 WITA` (en). */
export function wordDateTime(t: LocalTime | null, lang: Lang): string {
  if (!t) return '—';
  const text = format(`datetime ${t.timeZone} ${lang}`, () => new Intl.DateTimeFormat(localeOf(lang), {
    timeZone: t.timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  })).format(new Date(t.utc));
  return `${text} ${t.zone}`;
}

/** `3 Desember 2019 pukul 09.05 WITA` (id) or `3 December 2019 at 09:05 WITA` (en), in the unit's zone. */
export function formatDateTime(iso: string | null, timeZone: string, lang: Lang = 'id'): string {
  return wordDateTime(localTime(iso, timeZone), lang);
}

/** `3 Desember 2019` in the unit's zone. */
export function formatDate(iso: string | null, timeZone: string, lang: Lang = 'id'): string {
  return wordDate(localTime(iso, timeZone), lang);
}
