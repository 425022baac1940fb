import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Invocation } from '../app/app-deps.js';
import type { App } from '../app/app.js';
import { authenticateSession } from '../app/auth/authenticate.js';
import type { Principal } from '../app/auth/principal.js';
import { DomainError } from '../domain/errors.js';
import type { Lang } from '../messages/catalogue.js';
import { DEFAULT_LANG, parseLang } from '../messages/catalogue.js';
import { chooseLanguage } from '../http/language.js';
import { SESSION_COOKIE } from '../http/routes/auth.routes.js';
import { sameSecret } from '../http/same-secret.js';
import { sameOrigin } from '../http/websocket.js';

/** The language a visitor chose before (or without) signing in. */
export const LANG_COOKIE = 'jaga_lang';
/** The form token of a visitor without a session (double-submit: this cookie and the form's hidden field). */
export const FORM_COOKIE = 'jaga_form';
/** The hidden field every form carries. */
export const FORM_TOKEN_FIELD = '_csrf';

/** Who is looking at a page: their session (if any), their language, and the token their forms carry. */
export interface Visitor {
  readonly principal: Principal | undefined;
  readonly lang: Lang;
  readonly formToken: string;
}

/** A visitor past sign-in (TOTP passed, no password change pending): the pages' user. */
export interface SignedIn extends Visitor {
  readonly principal: Principal;
}

const VISITORS = new WeakMap<FastifyRequest, Visitor>();

/** The header a page's self-refresh sends (`hx-headers` on the refreshing section): not activity. */
export const REFRESH_HEADER = 'x-jaga-refresh';
/** The `hx-headers` value that marks a refresh. */
export const REFRESH_HX_HEADERS = JSON.stringify({ [REFRESH_HEADER]: '1' });

const cookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure });

/**
 * The visitor of a request, worked out once: the session cookie's principal; the language — the
 * signed-in user's preference, then the language chosen on this browser (cookie), then Indonesian
 * (the browser's Accept-Language is not asked: pages are Indonesian unless a person chooses English);
 * the form token — the session's CSRF secret, or before sign-in a random one kept in a cookie.
 */
export async function visitorOf(app: App, req: FastifyRequest, reply: FastifyReply, cookieSecure: boolean): Promise<Visitor> {
  const known = VISITORS.get(req);
  if (known) return known;
  const token = req.cookies[SESSION_COOKIE];
  // A section refreshing itself (REFRESH_HEADER) is not the user's doing: an open dashboard must
  // not keep a session from idling out.
  const principal = token ? await authenticateSession(app, token, { activity: req.headers[REFRESH_HEADER] !== '1' }) : undefined;
  const chosen = parseLang(req.cookies[LANG_COOKIE] ?? '');
  // Until TOTP is passed, what this browser chose comes first (the switch must work on the TOTP page too).
  const lang = (principal?.mfaPassed ? principal.user.language : null) ?? chosen ?? principal?.user.language ?? DEFAULT_LANG;
  chooseLanguage(req, { language: lang });
  let formToken = principal?.csrfToken ?? req.cookies[FORM_COOKIE];
  if (!formToken || formToken.length < 20 || formToken.length > 100) {
    formToken = app.randomToken(24);
    void reply.setCookie(FORM_COOKIE, formToken, cookieOptions(cookieSecure));
  }
  const visitor: Visitor = { principal, lang, formToken };
  VISITORS.set(req, visitor);
  return visitor;
}

/** The visitor already worked out for this request (error pages), if any. */
export const knownVisitor = (req: FastifyRequest): Visitor | undefined => VISITORS.get(req);

/**
 * Refuses an unsafe request whose form does not carry the visitor's token (compared in constant
 * time), or that a browser says comes from another site.
 */
export function checkForm(req: FastifyRequest, visitor: Visitor): Record<string, unknown> {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const fromElsewhere = req.headers['sec-fetch-site'] === 'cross-site' || (req.headers.origin !== undefined && !sameOrigin(req));
  const sent = body[FORM_TOKEN_FIELD];
  if (fromElsewhere || typeof sent !== 'string' || !sameSecret(sent, visitor.formToken)) {
    throw DomainError.of('forbidden', 'auth.form_token_failed', {});
  }
  return body;
}

/** The use cases' invocation for a signed-in visitor. */
export const invocationOf = (v: SignedIn, req: FastifyRequest): Invocation => ({ actor: v.principal.user.id, via: 'http', sourceIp: req.ip, user: v.principal.user });

export const setSessionCookie = (reply: FastifyReply, token: string, secure: boolean): void => {
  void reply.setCookie(SESSION_COOKIE, token, cookieOptions(secure));
};
export const clearSessionCookie = (reply: FastifyReply): void => { void reply.clearCookie(SESSION_COOKIE, { path: '/' }); };
export const setLangCookie = (reply: FastifyReply, lang: Lang, secure: boolean): void => {
  // A year: the choice of a person on this browser, not a secret.
  void reply.setCookie(LANG_COOKIE, lang, { ...cookieOptions(secure), maxAge: 365 * 24 * 3600 });
};
