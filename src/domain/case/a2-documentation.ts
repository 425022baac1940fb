import type { RepairCase } from './repair-case.js';

export type A2Field = 'location' | 'network' | 'date' | 'accessStart' | 'accessEnd' | 'analysis' | 'repair';

/** The A2 record of a case (a: lokasi, b: jaringan, c: tanggal/mulai/selesai, d: analisa & perbaikan). */
export interface A2Record {
  readonly location: string | null;
  readonly network: string | null;
  readonly date: string | null;
  readonly accessStart: string | null;
  readonly accessEnd: string | null;
  readonly analysis: string | null;
  readonly repair: string | null;
}

/** Formatters are costly to build (tens of µs) and there are few zones: one each. */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of the instant in the zone. */
function localDate(iso: string, timeZone: string): string {
  let f = DATE_FORMATS.get(timeZone);
  if (!f) DATE_FORMATS.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  // en-CA formats a date as YYYY-MM-DD.
  return f.format(new Date(iso));
}

/** A2 as far as the case's own records fill it (most of it from gateway evidence). */
export function a2Record(c: RepairCase): A2Record {
  const first = c.accesses[0];
  const anyOpen = c.accesses.some((a) => a.endedAt === null);
  const ends = c.accesses.map((a) => a.endedAt).filter((x): x is string => x !== null).sort();
  const repairParts = [c.restoration?.initialFix, c.rootCause?.permanentFix].filter((x): x is string => !!x);
  return {
    location: c.preparation?.ready ? c.preparation.location : null,
    network: c.preparation?.ready ? c.preparation.networkName : null,
    date: first ? localDate(first.startedAt, c.timeZone) : null,
    accessStart: first?.startedAt ?? null,
    accessEnd: !anyOpen && ends.length > 0 ? (ends[ends.length - 1] as string) : null,
    analysis: c.rootCause?.rootCause ?? null,
    repair: c.restoration && c.rootCause ? repairParts.join('\n') : null,
  };
}

/** A2's fields in the SOP's order (a–d); their words are in the message catalogue. */
export const A2_FIELDS: readonly A2Field[] = ['location', 'network', 'date', 'accessStart', 'accessEnd', 'analysis', 'repair'];

export function missingA2Fields(c: RepairCase): { field: A2Field }[] {
  const r = a2Record(c);
  return A2_FIELDS.filter((f) => !r[f]).map((field) => ({ field }));
}
