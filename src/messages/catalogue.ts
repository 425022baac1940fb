import type { DomainError, ErrorCode, ErrorParams } from '../domain/errors.js';
import { ERROR_MESSAGES } from './error-messages.js';
import type { Bilingual, Lang } from './lang.js';
import { UI_MESSAGES } from './ui-messages.js';
import type { UiKey, UiParams } from './ui-messages.js';

export type { Lang } from './lang.js';
export { DEFAULT_LANG, LANGS, parseLang } from './lang.js';

function pick<P>(m: Bilingual<P>, lang: Lang, params: P): string {
  const t = m[lang];
  return typeof t === 'function' ? t(params) : t;
}

/** The words for an error code in one language. */
export function errorText<C extends ErrorCode>(lang: Lang, code: C, params: ErrorParams[C]): string {
  return pick(ERROR_MESSAGES[code], lang, params);
}

/** What a person reads for this error, in `lang`. */
export function messageOf(err: DomainError, lang: Lang): string {
  return pick(ERROR_MESSAGES[err.code] as Bilingual<unknown>, lang, err.params);
}

/** Both languages of an error (the logbook keeps what the person was told, in both). */
export function bothOf(err: DomainError): { id: string; en: string } {
  return { id: messageOf(err, 'id'), en: messageOf(err, 'en') };
}

/** A user-interface text (labels, banners, prompts) in `lang`. */
export function t<K extends UiKey>(lang: Lang, key: K, ...params: keyof UiParams<K> extends never ? [] : [UiParams<K>]): string {
  return pick(UI_MESSAGES[key] as Bilingual<UiParams<K>>, lang, params[0] as UiParams<K>);
}
