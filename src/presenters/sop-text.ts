import type { SopDefinition, Text } from '../domain/sop/sop-definition.js';
import { t } from '../messages/catalogue.js';
import type { UiKey, UiParams } from '../messages/ui-messages.js';

type SopLang = 'id' | 'en' | 'both';
const both = (text: Text, lang: SopLang): string => (lang === 'both' ? `${text.id}\n      (${text.en})` : text[lang]);

/**
 * The SOP as a terminal reads it: identity block, header fields, provisions A, steps B. The SOP's
 * own field names (Nomor SOP, Dasar Hukum, Mengetahui …) are its terms and stay as written; the
 * rest is in `lang`, or for `both` in Indonesian with the English rendering of each SOP text.
 */
export function sopText(sop: SopDefinition, lang: SopLang = 'both'): string {
  /** A word in `lang`; in `both`, Indonesian, or the pair joined by `pair` when given. */
  const w = <K extends UiKey>(key: K, pair?: string, ...params: keyof UiParams<K> extends never ? [] : [UiParams<K>]): string =>
    lang !== 'both' ? t(lang, key, ...params) : pair === undefined ? t('id', key, ...params) : `${t('id', key, ...params)}${pair}${t('en', key, ...params)}`;
  const pick = (text: Text | null): string | null => (text === null ? null : lang === 'both' ? text.id : text[lang]);
  const id = sop.identity;
  const list = (title: string, items: readonly Text[]) => [title, ...(items.length ? items.map((t, i) => `  ${i + 1}. ${both(t, lang)}`) : ['  —'])];
  return [
    `${id.title.id} — ${sop.code} ${w('sop.version', '/')} ${sop.version}`,
    `  ${both(id.issuer, lang)}`,
    `  Nomor SOP: ${id.number}`,
    `  Tanggal Pembuatan: ${id.createdOn}   Tanggal Revisi: ${id.revisedOn ?? '—'}   Nomor Revisi: ${id.revisionNumber ?? '—'}`,
    `  Tanggal Efektif: ${id.effectiveOn}   Disahkan Oleh: ${id.ratifiedBy.id}`,
    ...id.signatures.map((s) => `  ${s.label.id}: ${s.position.id}${s.signedBy ? ` (${s.signedBy})` : ''}`),
    '',
    ...list('Dasar Hukum:', sop.legalBasis),
    ...list('Kualifikasi Pelaksana:', sop.executorQualifications),
    `Penjelasan Singkat: ${both(sop.summary, lang)}`,
    ...list('Peralatan/Perlengkapan:', sop.equipment),
    `Tujuan: ${both(sop.purpose, lang)}`,
    ...list('Pencatatan dan Pendataan:', sop.records),
    ...list('Peringatan:', sop.warnings),
    'Definisi:', ...sop.definitions.map((d, i) => `  ${i + 1}. ${d.term.id}: ${both(d.meaning, lang)}`),
    ...list('Keterkaitan:', sop.relatedSops),
    '',
    `A1. ${both(sop.provisions.a1.intro, lang)}`,
    ...sop.provisions.a1.items.map((p) => `  ${p.code}. ${both(p.text, lang)}${p.mandatory ? '' : ` [${w('sop.optional', '/')}]`}`),
    `A2. ${both(sop.provisions.a2.intro, lang)}`,
    ...sop.provisions.a2.items.map((p) => `  ${p.code}. ${both(p.text, lang)}`),
    '',
    `B. ${w('sop.procedure', ' / ')}:`,
    ...sop.steps.flatMap((s) => [
      `  ${s.code}${s.marker ? ` (${s.marker === 'start' ? 'Mulai' : 'Selesai'})` : ''}: ${both(s.activity, lang)}`,
      `      ${w('sop.executor')}: ${s.executorRoles.join(', ')}; ${w('sop.requirement')}: ${pick(s.requirement) ?? '—'}; ` +
        `${w('sop.time')}: ${s.timeStandardMinutes === null ? '—' : w('sop.minutes', undefined, { minutes: s.timeStandardMinutes })}; ` +
        `${w('sop.output')}: ${pick(s.output) ?? 'N/A'}; ${w('sop.note')}: ${pick(s.note) ?? '—'}` +
        `${s.networkRestriction ? `; ${w('sop.network_only', undefined, { network: s.networkRestriction })}` : ''}`,
    ]),
  ].join('\n');
}

// ── the SOP document's cells (presenters/pdf/sop-document.ts, web/pages/sop-page.tsx) ──

/** A calendar date of the SOP (YYYY-MM-DD) as the signed document writes it: `01-10-2018`; `—` for none. */
export const sopDocDate = (iso: string | null): string => (iso === null ? '—' : iso.split('-').reverse().join('-'));

/** A step's time standard (Waktu): `1 jam`, `30 menit`, `N/A` where the SOP sets none. */
export function sopTimeText(minutes: number | null, lang: 'id' | 'en'): string {
  if (minutes === null) return 'N/A';
  return minutes % 60 === 0 ? t(lang, 'web.sop.hours', { hours: minutes / 60 }) : t(lang, 'sop.minutes', { minutes });
}

const ROLE_KEYS: Readonly<Record<string, UiKey>> = {
  pelapor: 'report.form.role.pelapor', admin_lpse: 'report.form.role.admin_lpse', dit_eproc: 'report.form.role.dit_eproc',
  pihak_berwenang: 'report.form.role.pihak_berwenang', koordinator: 'report.form.role.koordinator', auditor: 'report.form.role.auditor',
};

/** An executor column's heading: the role's name, or the role id a revision names that Jaga has no word for. */
export function sopRoleLabel(role: string, lang: 'id' | 'en'): string {
  const key = Object.hasOwn(ROLE_KEYS, role) ? ROLE_KEYS[role] : undefined;
  return key ? t(lang, key as 'report.form.role.pelapor') : role;
}
