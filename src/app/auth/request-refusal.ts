import type { DomainError } from '../../domain/errors.js';
import type { ErrorCode } from '../../domain/error-codes.js';
import { bothOf } from '../../messages/catalogue.js';
import type { AppDeps } from '../app-deps.js';
import { appendToLogbook } from '../logbook/logbook-writer.js';

/**
 * Refusals an edge makes before any use case runs, because the request itself cannot be trusted:
 * a form or API call without its CSRF token, a WebSocket from another site, an Alertmanager webhook
 * without its integration's secret. Each is logged like a
 * use case's refusal (type `refusal`, its words in both languages), by {@link recordRequestRefused}.
 */
export const REQUEST_REFUSALS: readonly ErrorCode[] = ['auth.csrf_failed', 'auth.form_token_failed', 'auth.origin_refused',
  // Alertmanager intake (issue 13): a webhook without its integration's secret, or of a retired integration.
  'intake.unauthorised', 'intake.integration_retired'];

export interface RefusedRequest {
  readonly sourceIp: string;
  readonly method: string;
  /** The path only: a query may carry what is not the logbook's to keep. */
  readonly path: string;
  /** The signed-in user whose session the request came with, if any (in a CSRF attack, the victim). */
  readonly actorId: string | null;
  /**
   * `logged`: the refusal in full. `throttled`: this address's refusals beyond the per-minute
   * limit are not logged one by one; this entry says so, once a window.
   */
  readonly mode: 'logged' | 'throttled';
}

/** Logs a request refused at the edge (see {@link REQUEST_REFUSALS}); the caller bounds how many per address. */
export async function recordRequestRefused(deps: AppDeps, err: DomainError, r: RefusedRequest): Promise<void> {
  const now = deps.clock.now().toISOString();
  const common = { sourceIp: r.sourceIp, method: r.method, path: r.path.slice(0, 200), via: 'http' };
  const entry = r.mode === 'logged'
    ? { type: 'refusal', data: { action: 'http.request', code: err.code, kind: err.kind, reason: bothOf(err), ...common } }
    : { type: 'auth.request_refusals_throttled', data: { code: err.code, ...common } };
  await deps.store.transaction((tx) => appendToLogbook(tx.logbook, deps, now, [{ ...entry, actorId: r.actorId, unitId: null, caseId: null }]));
}
