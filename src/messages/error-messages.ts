import type { ErrorCode, ErrorParams } from '../domain/error-codes.js';
import type { Bilingual } from './lang.js';

/**
 * The words of every error, keyed by its typed code (sections as in `domain/error-codes.ts`).
 * Values are plain data: each renderer escapes them for its medium (terminal, HTML, PDF).
 */
export const ERROR_MESSAGES: { readonly [C in ErrorCode]: Bilingual<ErrorParams[C]> } = {
  // ── access (A1 rules, gateway decisions) ─────────────────────────────────────────────



  // ── auth (sign-in, TOTP, tokens) ──────────────────────────────────────────────────────



  // ── case (B1–B6 lifecycle, A2) ────────────────────────────────────────────────────────



  // ── registry (units, users, networks, workstations, targets, grants, credentials) ─────



  // ── logbook and SOP ──────────────────────────────────────────────────────────────────



  // ── recordings and gateway sessions ──────────────────────────────────────────────────
  'recording.not_found': { id: (p) => `Rekaman '${p.key}' tidak ditemukan.`, en: (p) => `Recording '${p.key}' not found.` },
  'recording.path_refused': {
    id: (p) => `Berkas rekaman '${p.file}' berada di luar direktori rekaman; tidak dilayani.`,
    en: (p) => `The recording file '${p.file}' lies outside the recordings directory; not served.`,
  },
  'recording.key_invalid': {
    id: (p) => `Nama rekaman '${p.key}' tidak sah: gunakan bagian berisi huruf, angka, '.', '_' dan '-', dipisah '/', paling banyak 255 karakter.`,
    en: (p) => `The recording name '${p.key}' is not valid: use parts of letters, digits, '.', '_' and '-', separated by '/', at most 255 characters.`,
  },
  'recording.exists': {
    id: (p) => `Rekaman '${p.key}' sudah ada; rekaman tidak pernah ditimpa.`,
    en: (p) => `The recording '${p.key}' already exists; recordings are never overwritten.`,
  },
  'recording.not_finished': {
    id: (p) => `Rekaman '${p.key}' belum selesai ditulis; unduh setelah sesinya berakhir.`,
    en: (p) => `The recording '${p.key}' is not finished yet; download it once its session has ended.`,
  },
  'recording.range_invalid': {
    id: (p) => `Rentang byte '${p.range}' tidak sah untuk rekaman '${p.key}' (${p.bytes} byte): awal dan akhir bilangan bulat ≥ 0, awal ≤ akhir, awal ≤ ukuran.`,
    en: (p) => `The byte range '${p.range}' is not valid for recording '${p.key}' (${p.bytes} bytes): start and end are integers ≥ 0, start ≤ end, start ≤ size.`,
  },



  // ── input, config, store, HTTP and CLI edges ─────────────────────────────────────────
  'example.catalogue_probe': { id: (p) => `contoh: ${p.value}`, en: (p) => `example: ${p.value}` },
};
