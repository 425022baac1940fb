import type { FastifyRequest } from 'fastify';
import type { ErrorKind } from '../domain/errors.js';
import { DomainError } from '../domain/errors.js';
import { messageOf } from '../messages/catalogue.js';

/** The HTTP edge's one mapping from error kinds to status codes. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400, not_found: 404, forbidden: 403, conflict: 409, precondition: 422,
};
/** Codes whose meaning needs a more specific status. */
const BY_CODE: Record<string, number> = {
  'auth.required': 401, 'auth.invalid_credentials': 401, 'auth.locked': 429, 'auth.rate_limited': 429, 'http.payload_too_large': 413,
  'http.unsupported_media_type': 415, 'http.method_not_allowed': 405, 'http.upgrade_required': 426, 'health.database_down': 503,
};

export const statusOf = (e: DomainError): number => BY_CODE[e.code] ?? HTTP_STATUS[e.kind];

/** `id` unless the client prefers English. */
export function languageOf(req: FastifyRequest): 'id' | 'en' {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return 'id';
  const tags = header.split(',').map((part) => {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    return { tag, q: Number.isFinite(q) ? q : 0 };
  }).filter((t) => t.q > 0).sort((a, b) => b.q - a.q);
  for (const t of tags) {
    if (t.tag.startsWith('en')) return 'en';
    if (t.tag.startsWith('id') || t.tag.startsWith('in')) return 'id';
  }
  return 'id';
}

export const httpError = (kind: ErrorKind, code: string, id: string, en: string, details?: Record<string, unknown>): DomainError =>
  new DomainError(kind, code, { id, en }, details);

export function errorBody(e: DomainError, lang: 'id' | 'en'): { error: string; message: string; details?: Record<string, unknown> } {
  const details = Object.keys(e.details).length ? { ...e.details } : undefined;
  return { error: e.code, message: messageOf(e, lang), ...(details ? { details } : {}) };
}
