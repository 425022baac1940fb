import type { CaseAction } from '../domain/auth/case.policy.js';
import type { A2Field } from '../domain/case/a2-documentation.js';
import type { CaseForbiddenParams, ErrorParams } from '../domain/error-codes.js';
import type { CaseStatus } from '../domain/case/repair-case.js';
import type { Bilingual, Words } from './lang.js';


/** A2's fields as the refusal to close lists what is missing (lower case, in a sentence). */
export const A2_FIELD_NAMES: Readonly<Record<A2Field, Words>> = {
  location: { id: 'lokasi perbaikan', en: 'repair location' },
  network: { id: 'jaringan yang digunakan', en: 'network used' },
  date: { id: 'tanggal', en: 'date' },
  accessStart: { id: 'waktu mulai akses', en: 'access start time' },
  accessEnd: { id: 'waktu selesai akses', en: 'access end time' },
  analysis: { id: 'analisa gangguan', en: 'fault analysis' },
  repair: { id: 'perbaikan', en: 'repair' },
};

/** Each action on a case, as "tidak berwenang …" / "cannot …" complete it. */
const ACTIONS: Readonly<Record<CaseAction, Words>> = {
  report: { id: 'melaporkan gangguan', en: 'report a fault' },
  view: { id: 'melihat kasus', en: 'view the case' },
  acknowledge: { id: 'menerima laporan (B1)', en: 'acknowledge the report (B1)' },
  prepare: { id: 'menyiapkan workstation (B2)', en: 'prepare the workstation (B2)' },
  access: { id: 'mencatat akses (B3)', en: 'start an access (B3)' },
  restore: { id: 'mencatat perbaikan awal (B4)', en: 'record the initial repair (B4)' },
  root_cause: { id: 'mencatat perbaikan lanjut (B5)', en: 'record the root cause (B5)' },
  explain_deviation: { id: 'menjelaskan penyimpangan', en: 'explain a deviation' },
  close: { id: 'menutup kasus ke Logbook (B6)', en: 'close the case into the logbook (B6)' },
  approve: { id: 'menyetujui kasus', en: 'approve the case' },
  return: { id: 'mengembalikan kasus untuk diperbaiki', en: 'return the case for correction' },
  correct: { id: 'mengoreksi catatan B4/B5', en: 'correct the B4/B5 records' },
  cancel: { id: 'membatalkan kasus', en: 'cancel the case' },
  export_bundle: { id: 'mengekspor bundel bukti kasus', en: "export the case's evidence bundle" },
};

/** What has to happen next while a case is in a step (B1–B6). */
const NEXT: Readonly<Record<CaseStatus, Words>> = {
  reported: { id: 'akui laporan', en: 'acknowledge it' },
  acknowledged: { id: 'siapkan workstation (pemeriksaan A1)', en: 'prepare the workstation (the A1 checks)' },
  prepared: { id: 'mulai akses', en: 'start an access' },
  in_repair: { id: 'catat perbaikan awal', en: 'record the initial repair' },
  restored: { id: 'catat akar masalah dan perbaikan lanjut', en: 'record the root cause and the permanent fix' },
  root_caused: { id: 'tutup kasus ke Logbook', en: 'close it into the logbook' },
  closed: { id: 'menunggu persetujuan koordinator', en: "it awaits the koordinator's approval" },
  approved: { id: 'tidak ada langkah lagi', en: 'no step is left' },
  cancelled: { id: 'tidak ada langkah lagi', en: 'no step is left' },
};

/** Where the case is, for a case that has left B1–B6. */
const ENDED: Readonly<Partial<Record<CaseStatus, Words>>> = {
  closed: { id: 'kasus sudah ditutup', en: 'the case is closed' },
  approved: { id: 'kasus sudah disetujui', en: 'the case is approved' },
  cancelled: { id: 'kasus sudah dibatalkan', en: 'the case was cancelled' },
};

/**
 * `case.wrong_step`: the state and the next step, e.g. "kasus masih di B1: akui laporan dahulu /
 * the case is still in B1: acknowledge it first".
 */
export const WRONG_STEP: Bilingual<ErrorParams['case.wrong_step']> = {
  id: (p) => {
    const ended = ENDED[p.status];
    const where = p.step === null || ended ? `${ended?.id ?? p.status}; ${NEXT[p.status].id}`
      : p.already ? `kasus sudah di ${p.step}; langkah berikutnya: ${NEXT[p.status].id}` : `kasus masih di ${p.step}: ${NEXT[p.status].id} dahulu`;
    return `Tidak dapat ${ACTIONS[p.action].id}${p.action === 'cancel' ? ' (hanya sebelum B3)' : ''}: ${where}.`;
  },
  en: (p) => {
    const ended = ENDED[p.status];
    const where = p.step === null || ended ? `${ended?.en ?? p.status}; ${NEXT[p.status].en}`
      : p.already ? `the case is already in ${p.step}; next: ${NEXT[p.status].en}` : `the case is still in ${p.step}: ${NEXT[p.status].en} first`;
    return `Cannot ${ACTIONS[p.action].en}${p.action === 'cancel' ? ' (only before B3)' : ''}: ${where}.`;
  },
};

/** Where the action's name alone would not say what it does to the case. */
const EN_VERB: Readonly<Partial<Record<CaseAction, string>>> = { return: 'return cases for correction', correct: 'correct the B4/B5 records',
  export_bundle: 'export evidence bundles' };

/** `case.forbidden.<action>`: the actor's role (or unit, or assignment) does not allow the action. */
export function caseForbiddenMessage(action: CaseAction): Bilingual<CaseForbiddenParams> {
  return {
    id: (p) => `${p.username} (${p.role}) tidak berwenang ${ACTIONS[action].id} untuk unit ini.`,
    en: (p) => `${p.username} (${p.role}) may not ${EN_VERB[action] ?? action.replace('_', ' ')} on this case's unit.`,
  };
}
