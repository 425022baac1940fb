import type { FastifyRequest } from 'fastify';
import type { User } from '../domain/registry/user.js';
import type { Lang } from '../messages/catalogue.js';
import { DEFAULT_LANG } from '../messages/catalogue.js';

/** The language asked for by an `Accept-Language` header (highest q first), or undefined when neither. */
export function acceptedLanguage(header: string | undefined): Lang | undefined {
  if (typeof header !== 'string') return undefined;
  const tags = header.split(',').map((part) => {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    return { tag, q: Number.isFinite(q) ? q : 0 };
  }).filter((t) => t.q > 0).sort((a, b) => b.q - a.q);
  for (const t of tags) {
    if (t.tag.startsWith('en')) return 'en';
    if (t.tag.startsWith('id') || t.tag.startsWith('in')) return 'id';
  }
  return undefined;
}

/** Requests whose user is known: their language, chosen once, for everything the request answers. */
const CHOSEN = new WeakMap<FastifyRequest, Lang>();

/**
 * Chooses a request's language once its user is known: the user's preference, then the client's
 * `Accept-Language`, then Indonesian. Later calls to {@link languageOf} (errors included) use it.
 */
export function chooseLanguage(req: FastifyRequest, user: Pick<User, 'language'> | undefined): Lang {
  const lang = user?.language ?? acceptedLanguage(req.headers['accept-language']) ?? DEFAULT_LANG;
  CHOSEN.set(req, lang);
  return lang;
}

/** The language of a request: as chosen for its user, or (before sign-in, public routes) `Accept-Language`. */
export function languageOf(req: FastifyRequest): Lang {
  return CHOSEN.get(req) ?? acceptedLanguage(req.headers['accept-language']) ?? DEFAULT_LANG;
}
