import type { BundleFinding, BundleProblem } from '../domain/logbook/bundle-problem.js';
import type { Bilingual, Lang } from './lang.js';

const REASON = {
  truncated: { id: 'terpotong', en: 'cut short' },
  end: { id: 'ada byte setelah akhir arsip', en: 'bytes after the end of the archive' },
  header: { id: 'header berkas diubah', en: 'a file header was changed' },
  duplicate: { id: 'nama berkas ganda', en: 'a file name appears twice' },
  padding: { id: 'byte pengisi diubah', en: 'padding bytes were changed' },
  manifest: { id: 'bukan manifest bundel bukti Jaga', en: 'not a Jaga evidence-bundle manifest' },
  order: { id: 'urutan bagian tidak sesuai manifest', en: 'the parts are not in the order of the manifest' },
  json: { id: 'bukan JSON kanonis yang ditulis ekspor', en: 'not the canonical JSON the export writes' },
  session: { id: 'bukan daftar sesi gateway', en: 'not a list of gateway sessions' },
  case: { id: 'bukan dokumen kasus', en: 'not a case document' },
} as const;
const reason = (r: string, lang: Lang): string => (REASON as Record<string, { id: string; en: string } | undefined>)[r]?.[lang] ?? r;
const ENTITY = { case: { id: 'Kasus', en: 'Case' }, session: { id: 'Sesi gateway', en: 'Gateway session' } } as const;

/** The words of each evidence-bundle finding (`jaga verify-bundle`). */
const BUNDLE_PROBLEM_MESSAGES: { readonly [C in BundleFinding['code']]: Bilingual<Extract<BundleFinding, { code: C }>['params']> } = {
  container_invalid: {
    id: (p) => `Berkas bukan bundel yang ditulis Jaga pada byte ${p.offset}: ${reason(p.reason, 'id')}.`,
    en: (p) => `The file is not a bundle as Jaga writes it at byte ${p.offset}: ${reason(p.reason, 'en')}.`,
  },
  part_missing: { id: (p) => `Bagian ${p.part} tidak ada di bundel.`, en: (p) => `Part ${p.part} is missing from the bundle.` },
  part_unlisted: { id: (p) => `Bagian ${p.part} tidak tercantum di manifest (ditambahkan).`, en: (p) => `Part ${p.part} is not listed in the manifest (added).` },
  part_unreadable: {
    id: (p) => `Bagian ${p.part} tidak dapat dibaca: ${reason(p.reason, 'id')}.`,
    en: (p) => `Part ${p.part} cannot be read: ${reason(p.reason, 'en')}.`,
  },
  part_changed: {
    id: (p) => `Bagian ${p.part} diubah: SHA-256 atau ukurannya tidak sama dengan manifest bertanda tangan.`,
    en: (p) => `Part ${p.part} was changed: its SHA-256 or size differs from the signed manifest.`,
  },
  key_unreadable: { id: (p) => `Kunci publik ${p.part} bukan kunci Ed25519 (PEM).`, en: (p) => `Public key ${p.part} is not an Ed25519 key (PEM).` },
  key_not_supplied: {
    id: (p) => `Tanda tangan hanya diperiksa dengan kunci di dalam bundel (${p.keyId}).`,
    en: (p) => `Signatures were checked only against the key inside the bundle (${p.keyId}).`,
  },
  key_differs: {
    id: (p) => `Kunci di bundel (${p.bundled}) bukan kunci yang Anda berikan (${p.supplied}): bundel ini tidak ditandatangani instalasi itu.`,
    en: (p) => `The bundle's key (${p.bundled}) is not the key you supplied (${p.supplied}): this bundle was not signed by that installation.`,
  },
  manifest_signature_invalid: {
    id: 'Tanda tangan manifest tidak sah untuk kunci ini.', en: 'The manifest signature is not valid for this key.',
  },
  checkpoint_signature_invalid: {
    id: (p) => `Tanda tangan checkpoint #${p.seq} tidak sah untuk kunci ini.`, en: (p) => `Checkpoint #${p.seq} has no valid signature from this key.`,
  },
  checkpoint_other_key: {
    id: (p) => `Checkpoint #${p.seq} ditandatangani kunci lain (${p.keyId}).`, en: (p) => `Checkpoint #${p.seq} was signed by another key (${p.keyId}).`,
  },
  entry_unreadable: {
    id: (p) => `Baris ${p.line} bukan entri logbook seperti yang ditulis ekspor.`, en: (p) => `Line ${p.line} is not a logbook entry as the export writes it.`,
  },
  entries_missing: {
    id: (p) => `Entri #${p.from}${p.to > p.from ? `–#${p.to}` : ''} hilang dari rantai.`,
    en: (p) => `Entry #${p.from}${p.to > p.from ? `–#${p.to}` : ''} is missing from the chain.`,
  },
  entry_out_of_order: {
    id: (p) => `Entri #${p.seq} muncul setelah #${p.after} (urutan diubah).`, en: (p) => `Entry #${p.seq} appears after #${p.after} (reordered).`,
  },
  entry_altered: {
    id: (p) => `Entri #${p.seq} ${p.sealed ? '(kasus lain, disegel)' : `kasus ${p.caseId ?? '-'}`} diubah: hash-nya bukan yang dirujuk ${p.next === null ? 'checkpoint' : `entri #${p.next}`}.`,
    en: (p) => `Entry #${p.seq} ${p.sealed ? '(another case, sealed)' : `of case ${p.caseId ?? '-'}`} was altered: its hash is not what ${p.next === null ? 'the checkpoint' : `entry #${p.next}`} links to.`,
  },
  chain_short: {
    id: (p) => `Rantai berakhir di entri #${p.last}, checkpoint di #${p.checkpoint}.`,
    en: (p) => `The chain ends at entry #${p.last}, the checkpoint is at #${p.checkpoint}.`,
  },
  chain_starts_late: {
    id: (p) => `Rantai dimulai di entri #${p.first}, bukan di laporan kasus (case.reported).`,
    en: (p) => `The chain starts at entry #${p.first}, not at the case's report (case.reported).`,
  },
  recording_differs: {
    id: (p) => `Rekaman ${p.file} berbeda dari logbook pada ${p.field}: logbook ${p.logbook}, bundel ${p.bundle}.`,
    en: (p) => `Recording ${p.file} differs from the logbook at ${p.field}: logbook ${p.logbook}, bundle ${p.bundle}.`,
  },
  recording_missing: {
    id: (p) => `Rekaman ${p.file} yang dicatat logbook tidak ada di bundel.`, en: (p) => `Recording ${p.file}, recorded in the logbook, is missing from the bundle.`,
  },
  recording_unlogged: {
    id: (p) => `Rekaman ${p.file} tidak dicatat oleh entri kasus ini.`, en: (p) => `Recording ${p.file} is not recorded by this case's entries.`,
  },
  record_differs: {
    id: (p) => `${ENTITY[p.entity].id} ${p.id} berbeda dari logbook pada ${p.field}: logbook ${p.logbook ?? '(tidak ada)'}, bundel ${p.bundle ?? '(tidak ada)'}${p.seq > 0 ? ` (entri #${p.seq})` : ''}.`,
    en: (p) => `${ENTITY[p.entity].en} ${p.id} differs from the logbook at ${p.field}: logbook ${p.logbook ?? '(none)'}, bundle ${p.bundle ?? '(none)'}${p.seq > 0 ? ` (entry #${p.seq})` : ''}.`,
  },
  transfers_differ: {
    id: (p) => `Daftar transfer berkas berbeda dari logbook pada butir ${p.index}${p.seq === null ? '' : ` (entri #${p.seq})`}.`,
    en: (p) => `The file-transfer list differs from the logbook at item ${p.index}${p.seq === null ? '' : ` (entry #${p.seq})`}.`,
  },
  form_unlogged: {
    id: (p) => `Form Laporan di bundel (SHA-256 ${p.sha256}) tidak dicatat terbit di logbook kasus ini.`,
    en: (p) => `The Form Laporan in the bundle (SHA-256 ${p.sha256}) is not logged as issued in this case's logbook.`,
  },
};

/** What a person reads for an evidence-bundle finding, in `lang`. */
export function bundleProblemText(problem: BundleFinding, lang: Lang): string {
  const m = BUNDLE_PROBLEM_MESSAGES[problem.code] as Bilingual<unknown>;
  const words = m[lang];
  return typeof words === 'function' ? words(problem.params) : words;
}

/** A finding as `--json` and the API give it: its part, code, values and words in both languages. */
export function bundleProblemView(p: BundleProblem): BundleProblem & { message: { id: string; en: string } } {
  return { ...p, message: { id: bundleProblemText(p, 'id'), en: bundleProblemText(p, 'en') } };
}
