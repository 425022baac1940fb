const INDONESIAN_ZONES: Record<string, string> = { 'GMT+07:00': 'WIB', 'GMT+08:00': 'WITA', 'GMT+09:00': 'WIT' };

function zoneLabel(at: Date, timeZone: string): string {
  const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return INDONESIAN_ZONES[offset] ?? offset.replace('GMT', 'UTC');
}

/** `3 Desember 2019 pukul 09.05 WITA` (id) or `3 December 2019 at 09:05 WITA` (en), in the unit's zone. */
export function formatDateTime(iso: string | null, timeZone: string, lang: 'id' | 'en' = 'id'): string {
  if (!iso) return '—';
  const at = new Date(iso);
  const text = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(at);
  return `${text} ${zoneLabel(at, timeZone)}`;
}

/** `3 Desember 2019` in the unit's zone. */
export function formatDate(iso: string | null, timeZone: string, lang: 'id' | 'en' = 'id'): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}
