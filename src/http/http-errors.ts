import type { ErrorKind } from '../domain/errors.js';
import { DomainError } from '../domain/errors.js';
import type { Lang } from '../messages/catalogue.js';
import { messageOf } from '../messages/catalogue.js';

/** The HTTP edge's one mapping from error kinds to status codes. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400, not_found: 404, forbidden: 403, conflict: 409, precondition: 422,
};
/** Codes whose meaning needs a more specific status. */
const BY_CODE: Record<string, number> = {
  'auth.required': 401, 'auth.invalid_credentials': 401, 'auth.locked': 429, 'auth.rate_limited': 429, 'http.payload_too_large': 413,
  'http.unsupported_media_type': 415, 'http.method_not_allowed': 405, 'http.upgrade_required': 426, 'health.database_down': 503,
  // Alertmanager intake (issue 13):
  'intake.unauthorised': 401, 'store.unavailable': 503,
};

export const statusOf = (e: DomainError): number => BY_CODE[e.code] ?? HTTP_STATUS[e.kind];

/** Kept here for routes written before `language.ts`; the language is chosen there. */
export { languageOf } from './language.js';

export function errorBody(e: DomainError, lang: Lang): { error: string; message: string; details?: Record<string, unknown> } {
  const details = Object.keys(e.details).length ? { ...e.details } : undefined;
  return { error: e.code, message: messageOf(e, lang), ...(details ? { details } : {}) };
}

/** Fastify's own refusals (bad JSON, body too large, wrong content type) in the same shape as ours. */
export function fromFastifyError(err: unknown): DomainError | undefined {
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return DomainError.of('invalid', 'http.payload_too_large', {});
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return DomainError.of('invalid', 'http.unsupported_media_type', {});
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return DomainError.of('invalid', 'input.invalid_json', {});
    default:
      if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
        return DomainError.of('invalid', 'http.bad_request', { detail: e.message ?? '' });
      }
      return undefined;
  }
}
