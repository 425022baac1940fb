import type { ChainFinding, ChainProblem } from '../domain/logbook/chain-verifier.js';
import type { Bilingual, Lang } from './lang.js';

/** Where a checkpoint came from, as the verification has always named it (both languages in one). */
const source = (exported: boolean): string => (exported ? 'ekspor/exported' : 'tersimpan/stored');
const ENTITY = {
  case: { id: 'Kasus', en: 'Case' }, session: { id: 'Sesi gateway', en: 'Gateway session' }, recording: { id: 'Rekaman', en: 'Recording' },
} as const;
const range = (p: { from: number; to: number }): string => `#${p.from}${p.to > p.from ? `–#${p.to}` : ''}`;

/** The words of each logbook-verification finding (`jaga logbook verify`, `GET /api/v1/logbook/verify`). */
const CHAIN_PROBLEM_MESSAGES: { readonly [C in ChainFinding['code']]: Bilingual<Extract<ChainFinding, { code: C }>['params']> } = {
  entries_missing: {
    id: (p) => `Entri ${range(p)} hilang (dihapus) sebelum entri #${p.before}.`,
    en: (p) => `Entry ${range(p)} is missing (deleted) before entry #${p.before}.`,
  },
  entry_out_of_order: {
    id: (p) => `Entri #${p.seq} muncul setelah #${p.after} (urutan diubah atau disisipkan).`,
    en: (p) => `Entry #${p.seq} appears after #${p.after} (reordered or inserted).`,
  },
  entry_altered: {
    id: (p) => `Entri #${p.seq} telah diubah: isinya tidak cocok dengan hash-nya.`,
    en: (p) => `Entry #${p.seq} was altered: its content does not match its hash.`,
  },
  entry_unlinked: {
    id: (p) => `Entri #${p.seq} tidak terhubung ke entri sebelumnya (disisipkan, diurutkan ulang, atau entri sebelumnya diganti).`,
    en: (p) => `Entry #${p.seq} does not link to the entry before it (inserted, reordered, or the previous entry replaced).`,
  },
  checkpoint_past_head: {
    id: (p) => `Logbook terpotong: checkpoint tersimpan #${p.seq} melampaui kepala rantai #${p.head} dan entrinya tidak ada.`,
    en: (p) => `Logbook truncated: stored checkpoint #${p.seq} is past the chain head #${p.head} and its entry is gone.`,
  },
  head_past_entries: {
    id: (p) => `Logbook terpotong: kepala rantai mencatat ${p.head} entri tetapi hanya ${p.last} yang ada (entri #${p.last + 1} dst. hilang).`,
    en: (p) => `Logbook truncated: the chain head records ${p.head} entries but only ${p.last} exist (entry #${p.last + 1} onwards missing).`,
  },
  head_mismatch: {
    id: (p) => `Kepala rantai (#${p.head}) tidak cocok dengan entri terakhir (#${p.last}): entri ditambahkan di luar Jaga.`,
    en: (p) => `The chain head (#${p.head}) does not match the last entry (#${p.last}): entries were added outside Jaga.`,
  },
  checkpoint_missing: {
    id: (p) => `Checkpoint bertanda tangan #${p.seq} hilang (dihapus): entri sampai #${p.seq} tidak lagi terlindungi tanda tangan.`,
    en: (p) => `Signed checkpoint #${p.seq} is missing (deleted): entries up to #${p.seq} are no longer covered by a signature.`,
  },
  checkpoint_signature_invalid: {
    id: (p) => `Tanda tangan checkpoint #${p.seq} (${source(p.exported)}) tidak sah untuk kunci instalasi ini.`,
    en: (p) => `Checkpoint #${p.seq} (${source(p.exported)}) has no valid signature from this installation's key.`,
  },
  checkpoint_past_last: {
    id: (p) => `Logbook terpotong: checkpoint #${p.seq} (${source(p.exported)}) melampaui entri terakhir #${p.last}.`,
    en: (p) => `Logbook truncated: checkpoint #${p.seq} (${source(p.exported)}) is past the last entry #${p.last}.`,
  },
  checkpoint_mismatch: {
    id: (p) => `Entri #${p.seq} tidak cocok dengan checkpoint bertanda tangan (${source(p.exported)}).`,
    en: (p) => `Entry #${p.seq} does not match its signed checkpoint (${source(p.exported)}).`,
  },
  record_differs: {
    id: (p) => `${ENTITY[p.entity].id} ${p.id} berbeda dari logbook pada ${p.field}: logbook ${p.logbook ?? '(tidak ada)'}, tersimpan ${p.stored ?? '(tidak ada)'}.`,
    en: (p) => `${ENTITY[p.entity].en} ${p.id} differs from the logbook at ${p.field}: logbook ${p.logbook ?? '(none)'}, stored ${p.stored ?? '(none)'}.`,
  },
  recording_unreadable: {
    id: (p) => `Rekaman ${p.id} yang dicatat logbook tidak dapat dibaca: ${p.reason}.`,
    en: (p) => `Recording ${p.id}, recorded in the logbook, cannot be read: ${p.reason}.`,
  },
  witness_signature_invalid: {
    id: (p) => `Checkpoint #${p.seq} pada saksi ${p.witness} tidak bertanda tangan sah dari kunci instalasi ini.`,
    en: (p) => `Checkpoint #${p.seq} held by witness ${p.witness} has no valid signature from this installation's key.`,
  },
  witness_past_last: {
    id: (p) => `Logbook terpotong: saksi ${p.witness} memegang checkpoint #${p.seq}, melampaui entri terakhir #${p.last}.`,
    en: (p) => `Logbook truncated: witness ${p.witness} holds checkpoint #${p.seq}, past the last entry #${p.last}.`,
  },
  witness_mismatch: {
    id: (p) => `Entri #${p.seq} tidak cocok dengan checkpoint yang dipegang saksi ${p.witness} (ditulis ulang setelah disaksikan).`,
    en: (p) => `Entry #${p.seq} does not match the checkpoint held by witness ${p.witness} (rewritten after it was witnessed).`,
  },
};

/** What a person reads for a logbook-verification finding, in `lang`. */
export function chainProblemText(problem: ChainFinding, lang: Lang): string {
  const m = CHAIN_PROBLEM_MESSAGES[problem.code] as Bilingual<unknown>;
  const words = m[lang];
  return typeof words === 'function' ? words(problem.params) : words;
}

/** A finding as clients have always read it: its kind, the entry, and its words (both, or one language). */
export function chainProblemView(problem: ChainProblem): { kind: ChainProblem['kind']; seq: number; message: { id: string; en: string } } {
  return { kind: problem.kind, seq: problem.seq, message: { id: chainProblemText(problem, 'id'), en: chainProblemText(problem, 'en') } };
}
