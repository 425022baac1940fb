import type { Bilingual } from './lang.js';

/**
 * Words that are not errors: labels, headings, prompts, banners, notices. Keys are
 * `<surface>.<name>` (`gateway.terminated`, `case.label.status` …); a function entry takes the
 * values it needs. Sections by surface keep merges apart.
 */
export const UI_MESSAGES = {
  // ── gateway (stderr lines, prompts) ──────────────────────────────────────────────────



  // ── cli ───────────────────────────────────────────────────────────────────────────────



  // ── case views (labels, step names, statuses) ────────────────────────────────────────



  // ── shared ───────────────────────────────────────────────────────────────────────────
  'shared.lang_name': { id: 'Bahasa Indonesia', en: 'English' },
} satisfies Record<string, Bilingual<never>>;

export type UiKey = keyof typeof UI_MESSAGES;
type Fn<T> = T extends (p: infer P) => string ? P : never;
/** The values a UI message needs (from its function entries). */
export type UiParams<K extends UiKey> = Fn<(typeof UI_MESSAGES)[K]['id']> extends never ? Record<never, never> : Fn<(typeof UI_MESSAGES)[K]['id']>;
