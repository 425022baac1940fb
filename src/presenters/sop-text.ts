import type { SopDefinition, Text } from '../domain/sop/sop-definition.js';

const both = (t: Text, lang: 'id' | 'en' | 'both'): string => (lang === 'both' ? `${t.id}\n      (${t.en})` : t[lang]);

/** The SOP as a terminal reads it: identity block, header fields, provisions A, steps B. */
export function sopText(sop: SopDefinition, lang: 'id' | 'en' | 'both' = 'both'): string {
  const id = sop.identity;
  const list = (title: string, items: readonly Text[]) => [title, ...(items.length ? items.map((t, i) => `  ${i + 1}. ${both(t, lang)}`) : ['  —'])];
  return [
    `${id.title.id} — ${sop.code} versi/version ${sop.version}`,
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
    ...sop.provisions.a1.items.map((p) => `  ${p.code}. ${both(p.text, lang)}${p.mandatory ? '' : ' [tidak wajib/optional]'}`),
    `A2. ${both(sop.provisions.a2.intro, lang)}`,
    ...sop.provisions.a2.items.map((p) => `  ${p.code}. ${both(p.text, lang)}`),
    '',
    'B. Prosedur / procedure:',
    ...sop.steps.flatMap((s) => [
      `  ${s.code}${s.marker ? ` (${s.marker === 'start' ? 'Mulai' : 'Selesai'})` : ''}: ${both(s.activity, lang)}`,
      `      pelaksana: ${s.executorRoles.join(', ')}; persyaratan: ${s.requirement?.id ?? '—'}; waktu: ${s.timeStandardMinutes === null ? '—' : `${s.timeStandardMinutes} menit`}; ` +
        `output: ${s.output?.id ?? 'N/A'}; keterangan: ${s.note?.id ?? '—'}${s.networkRestriction ? `; hanya jaringan ${s.networkRestriction}` : ''}`,
    ]),
  ].join('\n');
}
