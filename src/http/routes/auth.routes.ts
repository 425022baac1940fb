import type {} from '@fastify/cookie';
import { z } from 'zod';
import type { TokenMinter } from '../../app/auth/api-tokens.js';
import { CreateApiTokenInput, createApiToken, listApiTokens, revokeApiToken } from '../../app/auth/api-tokens.js';
import { issueEnrolmentCode } from '../../app/auth/enrolment-code.js';
import { signOut } from '../../app/auth/authenticate.js';
import { ChangePasswordInput, changeOwnPassword } from '../../app/auth/change-password.js';
import { BeginEnrolmentInput, SecondFactorInput, beginTotpEnrolment, confirmTotpEnrolment, verifySecondFactor } from '../../app/auth/second-factor.js';
import { SetLanguageInput, setLanguage } from '../../app/auth/set-language.js';
import { SignInInput, recordSignInThrottled, signIn } from '../../app/auth/sign-in.js';
import { DomainError } from '../../domain/errors.js';
import type { Principal } from '../../app/auth/principal.js';
import type { FastifyReply } from 'fastify';
import type { App } from '../../app/app.js';
import type { HttpRuntime, RouteDef } from '../route.js';
import { route } from '../route.js';
import { ApiTokenSchema, SessionSchema, UserSchema } from '../schemas.js';
import { IdParams } from './case.routes.js';

export const SESSION_COOKIE = 'jaga_session';

const me = (p: Principal | undefined): Principal => {
  if (!p) throw new Error('route needs a principal');
  return p;
};

const minterOf = (p: Principal): TokenMinter => (p.via === 'token'
  ? { via: 'token', scope: p.scope, expiresAt: p.tokenExpiresAt ?? '' }
  : { via: 'session', mfaPassed: p.mfaPassed });

const EnrolmentCodeSchema = z.object({ code: z.string(), username: z.string(), expiresAt: z.string() });

/**
 * The per-address limit in front of every sign-in (the API's and the pages'): past it, refused
 * with `Retry-After`, and the first refusal of a window logged.
 */
export async function passSignInGate(app: App, options: HttpRuntime, ip: string, reply: FastifyReply): Promise<void> {
  const gate = options.signInLimiter.hit(ip);
  if (gate.allowed) return;
  if (gate.firstRefusal) await recordSignInThrottled(app, ip, gate.retryAfterSeconds);
  void reply.header('retry-after', String(gate.retryAfterSeconds));
  throw DomainError.of('forbidden', 'auth.rate_limited', { retryAfterSeconds: gate.retryAfterSeconds });
}

export const authRoutes: RouteDef[] = [
  route({
    method: 'POST', path: '/api/v1/auth/login', summary: 'Sign in with username and password; sets the session cookie',
    tag: 'auth', access: 'public', body: SignInInput, response: SessionSchema,
    async handle({ app, body, request, reply, options }) {
      await passSignInGate(app, options, request.ip, reply);
      const r = await signIn(app, body, { sourceIp: request.ip });
      // A browser-session cookie: the server decides expiry (pending TOTP, idle, 8 h), so passing
      // TOTP extends the session without having to re-issue the cookie.
      void reply.setCookie(SESSION_COOKIE, r.sessionToken, { path: '/', httpOnly: true, sameSite: 'strict', secure: options.cookieSecure });
      return { user: r.user, next: r.next, csrfToken: r.csrfToken, expiresAt: r.expiresAt };
    },
  }),
  route({
    method: 'POST', path: '/api/v1/auth/totp', summary: 'Second step of sign-in: a TOTP code or a recovery code', tag: 'auth', access: 'pending',
    body: SecondFactorInput, response: z.object({ ok: z.literal(true) }),
    async handle({ app, principal, body }) { await verifySecondFactor(app, me(principal), body); return { ok: true as const }; },
  }),
  route({
    method: 'POST', path: '/api/v1/auth/totp/enroll', summary: 'Start TOTP enrolment: secret and otpauth:// URI', tag: 'auth', access: 'pending',
    description: 'Needs the password and a one-time enrolment code issued by a superadmin or the unit\'s koordinator '
      + '(`POST /api/v1/users/{id}/enrolment-code`, `jaga user enrolment-code`); the code is spent here.',
    body: BeginEnrolmentInput, response: z.object({ secret: z.string(), otpauthUri: z.string() }),
    handle: ({ app, principal, body }) => beginTotpEnrolment(app, me(principal), body),
  }),
  route({
    method: 'POST', path: '/api/v1/auth/totp/confirm', summary: 'Confirm TOTP enrolment with a first code; returns recovery codes once', tag: 'auth',
    access: 'pending', body: SecondFactorInput, response: z.object({ recoveryCodes: z.array(z.string()) }),
    handle: ({ app, principal, body }) => confirmTotpEnrolment(app, me(principal), body),
  }),
  route({
    method: 'GET', path: '/api/v1/auth/session', summary: 'The signed-in user and the session\'s CSRF token', tag: 'auth', access: 'pending',
    response: SessionSchema,
    handle: async ({ principal }) => {
      const p = me(principal);
      return { user: p.user, next: !p.mfaPassed ? 'totp' : p.user.passwordChangeRequired ? 'password_change' : 'done', csrfToken: p.csrfToken ?? '' };
    },
  }),
  route({
    method: 'POST', path: '/api/v1/auth/logout', summary: 'Sign out (revokes the session)', tag: 'auth', access: 'pending',
    response: z.object({ ok: z.literal(true) }),
    async handle({ app, principal, reply }) {
      await signOut(app, me(principal));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  }),
  route({
    method: 'GET', path: '/api/v1/me', summary: 'The authenticated user', tag: 'auth', access: 'user', response: UserSchema,
    whilePasswordChangeRequired: true, handle: async ({ principal }) => me(principal).user,
  }),
  route({
    method: 'POST', path: '/api/v1/auth/password', summary: 'Change your own password (the current one is required); ends your other sessions',
    description: 'After a password reset this is the only thing a signed-in user may do (every other route answers 403 auth.password_change_required).',
    tag: 'auth', access: 'user', whilePasswordChangeRequired: true, body: ChangePasswordInput, response: UserSchema,
    handle: ({ app, inv, principal, body }) => changeOwnPassword(app, inv, body, principal?.sessionIdHash ? { keepSession: principal.sessionIdHash } : {}),
  }),
  route({
    method: 'PUT', path: '/api/v1/me/language', summary: 'Set the language you read Jaga in (null: your client\'s Accept-Language)',
    description: 'Errors and texts are in this language from the next request on, before the Accept-Language header; '
      + 'without a preference, Accept-Language decides, then Indonesian. Logged as `user.language_set`.',
    tag: 'auth', access: 'user', body: SetLanguageInput, response: UserSchema,
    handle: ({ app, inv, body }) => setLanguage(app, inv, body),
  }),
  route({
    method: 'GET', path: '/api/v1/tokens', summary: 'Your personal API tokens', tag: 'tokens', access: 'user', response: z.array(ApiTokenSchema),
    handle: ({ app, inv }) => listApiTokens(app, inv),
  }),
  route({
    method: 'POST', path: '/api/v1/tokens', summary: 'Create a personal API token (shown once)', tag: 'tokens', access: 'user',
    body: CreateApiTokenInput, response: z.object({ token: z.string(), record: ApiTokenSchema }), status: 201,
    description: 'Only from a signed-in session that passed TOTP; a bearer token cannot create tokens (nor one that outlives it or exceeds its scope).',
    handle: ({ app, inv, body, principal }) => createApiToken(app, inv, body, minterOf(me(principal))),
  }),
  route({
    method: 'POST', path: '/api/v1/users/{id}/enrolment-code', summary: 'Issue a one-time TOTP enrolment code for a user (shown once; expires in 24 h)',
    description: 'A superadmin for anyone, a koordinator for the users of their unit. Only the code\'s hash is stored; issuing is logged.',
    tag: 'auth', access: 'user', params: IdParams, response: EnrolmentCodeSchema, status: 201,
    handle: ({ app, inv, params }) => issueEnrolmentCode(app, inv, params['id'] as string),
  }),
  route({
    method: 'DELETE', path: '/api/v1/tokens/{id}', summary: 'Revoke an API token', tag: 'tokens', access: 'user', params: IdParams,
    response: ApiTokenSchema, handle: ({ app, inv, params }) => revokeApiToken(app, inv, params['id'] as string),
  }),
];
