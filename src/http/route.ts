import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Invocation } from '../app/app-deps.js';
import type { Principal } from '../app/auth/principal.js';
import type { App } from '../app/app.js';
import type { LiveSessions } from '../ports/live-sessions.js';
import type { RateLimiter } from './rate-limiter.js';
import type { WebSocketUpgrades } from './websocket.js';

/**
 * Who may call a route: anyone; a signed-in session still waiting for TOTP (sign-in steps);
 * or a fully authenticated user (session past TOTP, or an API token).
 */
export type Access = 'public' | 'pending' | 'user';

export interface HandlerContext {
  readonly app: App;
  readonly principal: Principal | undefined;
  /** The invocation for use cases: the principal's user id, via http. */
  readonly inv: Invocation;
  readonly params: Record<string, string>;
  readonly query: unknown;
  readonly body: unknown;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly options: HttpRuntime;
}

export interface HttpOptions {
  /** Mark the session cookie Secure (Jaga is served over TLS, directly or behind a proxy). */
  readonly cookieSecure: boolean;
  /** Reverse proxies (addresses/CIDRs) whose X-Forwarded-* is believed; empty: none. */
  readonly trustProxy: readonly string[];
  readonly bodyLimit: number;
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** A pino logger to log through (`jaga serve`'s JSON log on stdout); then `logLevel` is the logger's own. */
  readonly logger?: FastifyBaseLogger;
  /** The SSH gateway's sessions running in this process (`jaga serve`); absent: none are live here. */
  readonly live?: LiveSessions;
}

/** What the server builds from the options for its routes. */
export interface HttpRuntime extends HttpOptions {
  /** Sign-in attempts per client address (in front of the per-account lock-out). */
  readonly signInLimiter: RateLimiter;
  /** Public checks of a printed form's code per client address. */
  readonly checkLimiter: RateLimiter;
  /** Requests refused at the edge (CSRF, form token, origin) logged in full per client address. */
  readonly refusalLimiter: RateLimiter;
  readonly live: LiveSessions;
  /** Upgrades of WebSocket routes (see `RouteDef.websocket`). */
  readonly websockets: WebSocketUpgrades;
}

export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI form, e.g. `/api/v1/cases/{id}`. */
  readonly path: string;
  readonly summary: string;
  /** Longer OpenAPI description, when the summary is not enough. */
  readonly description?: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodObject;
  /** The use case's own input schema: documented here, enforced by the use case. */
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** JSON response schema; null for non-JSON responses (`produces`). */
  readonly response: z.ZodType | null;
  /** The media type of a non-JSON answer; several when a query parameter chooses (the Logbook: PDF or CSV). */
  readonly produces?: string | readonly string[];
  readonly status?: number;
  /**
   * A WebSocket route: a GET whose handler accepts the upgrade (`options.websockets.accept`).
   * Upgrade requests to any other route are refused; documented with a 101 answer.
   */
  readonly websocket?: boolean;
  /** This route's own request body limit in bytes, instead of the server's (Alertmanager's groups can be big). */
  readonly bodyLimit?: number;
  /** Open to a user whose password was reset and must be changed (every other `user` route refuses them). */
  readonly whilePasswordChangeRequired?: boolean;
  handle(ctx: HandlerContext): Promise<unknown>;
}

export const route = (def: RouteDef): RouteDef => def;

/** `/api/v1/cases/{id}` → `/api/v1/cases/:id` */
export const fastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');
