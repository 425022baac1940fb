/** The languages Jaga speaks: Indonesian by default, English available. */
export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'id';

/** `id`/`en` (and `in`, `id-ID`, `en-GB` …) to a Lang; undefined when it is neither. */
export function parseLang(s: string | undefined | null): Lang | undefined {
  const t = (s ?? '').trim().toLowerCase();
  if (t === 'en' || t.startsWith('en-') || t.startsWith('en_')) return 'en';
  if (t === 'id' || t === 'in' || t.startsWith('id-') || t.startsWith('id_')) return 'id';
  return undefined;
}

/** Fixed words in each language (a noun, a phrase several messages share). */
export type Words = { readonly [L in Lang]: string };

/** One message in both languages: a fixed text, or a function of the message's values. */
export type Bilingual<P> = { readonly [L in Lang]: string | ((p: P) => string) };
