/**
 * Every stable error code and the values its message needs. The words themselves live in one
 * catalogue outside the domain (`src/messages/error-messages.ts`), which must cover every code here
 * (the compiler checks it). Add a code to its area's section; `{}` means the message needs no value.
 */
export interface ErrorParams {
  // ── access (A1 rules, gateway decisions) ─────────────────────────────────────────────



  // ── auth (sign-in, TOTP, tokens) ──────────────────────────────────────────────────────



  // ── case (B1–B6 lifecycle, A2) ────────────────────────────────────────────────────────



  // ── registry (units, users, networks, workstations, targets, grants, credentials) ─────



  // ── logbook and SOP ──────────────────────────────────────────────────────────────────



  // ── recordings and gateway sessions ──────────────────────────────────────────────────
  'recording.not_found': { key: string };
  'recording.path_refused': { file: string };
  'recording.key_invalid': { key: string };
  'recording.exists': { key: string };
  'recording.not_finished': { key: string };
  'recording.range_invalid': { key: string; range: string; bytes: number };



  // ── input, config, store, HTTP and CLI edges ─────────────────────────────────────────
  'example.catalogue_probe': { value: string };
}

/** A stable machine code, e.g. `case.wrong_step`. */
export type ErrorCode = keyof ErrorParams;

/** The values a code's message needs (omitted when it needs none). */
export type ParamsArg<C extends ErrorCode> = keyof ErrorParams[C] extends never ? [params?: ErrorParams[C]] : [params: ErrorParams[C]];
