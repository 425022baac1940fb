import type { FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import { REQUEST_REFUSALS, recordRequestRefused } from '../app/auth/request-refusal.js';
import type { DomainError } from '../domain/errors.js';
import type { HttpRuntime } from './route.js';

/** Requests refused at the edge that one address gets logged in full per minute; past it, one entry says so. */
export const REQUEST_REFUSALS_LOGGED_PER_MINUTE = 10;

/**
 * Logs a request the edge refused before any use case ran (a missing or wrong CSRF or form token,
 * a WebSocket from another site): like every refusal, with its reason; bounded per address so a
 * flood of forged posts cannot flood the logbook. A failure to log is the operator's to see and
 * never changes the answer.
 */
export async function logRequestRefusal(app: App, runtime: HttpRuntime, req: FastifyRequest, e: DomainError, actorId: string | null): Promise<void> {
  if (!REQUEST_REFUSALS.includes(e.code)) return;
  // Counted even when not logged one by one (operations, issue 14: jaga_refusals_total).
  app.metrics.refused(e.code, null);
  const gate = runtime.refusalLimiter.hit(req.ip);
  if (!gate.allowed && !gate.firstRefusal) return;
  try {
    await recordRequestRefused(app, e, { sourceIp: req.ip, method: req.method, path: req.url.split('?')[0] ?? '', actorId,
      mode: gate.allowed ? 'logged' : 'throttled' });
  } catch (err) {
    req.log.error({ err, reqId: req.id }, 'could not log a refused request');
  }
}
