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



  // ── input, config, store, HTTP and CLI edges ─────────────────────────────────────────
  'example.catalogue_probe': { id: (p) => `contoh: ${p.value}`, en: (p) => `example: ${p.value}` },
};
