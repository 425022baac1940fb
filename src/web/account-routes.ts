import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import QRCode from 'qrcode';
import type { App } from '../app/app.js';
import { changeOwnPassword } from '../app/auth/change-password.js';
import { beginTotpEnrolment, confirmTotpEnrolment, otpauthUri } from '../app/auth/second-factor.js';
import { secondFactorStep } from '../app/auth/second-factor-step.js';
import { DomainError } from '../domain/errors.js';
import { messageOf } from '../messages/catalogue.js';
import { statusOf } from '../http/http-errors.js';
import { formErrors } from './form-errors.js';
import type { EnrolField, PasswordField } from './pages/account-pages.js';
import { EnrolQrPage, EnrolStartPage, PasswordChangedPage, PasswordPage, RecoveryCodesPage } from './pages/account-pages.js';
import { returnPath, signInPath } from './return-path.js';
import { PAGE_HELMET } from './web-csp.js';
import type { SignedIn, Visitor } from './web-visitor.js';
import { checkForm, invocationOf } from './web-visitor.js';

/** What web-pages.ts lends the account pages. */
export interface AccountKit {
  readonly app: App;
  /** The visitor of a request, signed in or not (these pages come before, or instead of, the others). */
  visitor(req: FastifyRequest, reply: FastifyReply): Promise<Visitor>;
  sendPage(reply: FastifyReply, page: Child, status?: number): Promise<FastifyReply>;
  /** 303 See Other. */
  redirect(reply: FastifyReply, to: string): FastifyReply;
}

const ENROL_FIELDS: readonly EnrolField[] = ['enrolmentCode', 'password'];
const PASSWORD_FIELDS: readonly PasswordField[] = ['currentPassword', 'newPassword'];

/** A TOTP secret as the use case makes it (base32); anything else sent back by a form is not shown. */
const SECRET = /^[A-Z2-7]{16,128}$/;

/** Lets a visitor onto a page, or sends them where they belong first (and gives undefined). */
type Guard = (req: FastifyRequest, reply: FastifyReply, v: Visitor, next: string | undefined) => Promise<SignedIn | undefined>;

const text = (body: Record<string, unknown>, name: string): string => (typeof body[name] === 'string' ? body[name] : '');

/** `/account/password` with the page to go on to afterwards. */
export const passwordPath = (next: string | undefined): string =>
  (next === undefined || next === '/' ? '/account/password' : `/account/password?next=${encodeURIComponent(next)}`);

/**
 * The secret's otpauth:// URI as an SVG QR code, drawn on the server: inline markup, which the
 * pages' CSP allows (a `data:` image would need `img-src data:`). The SVG is path data only.
 */
async function qrSvg(otpauthUri: string): Promise<string> {
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // The figure's text says what it is; the drawing itself is hidden from screen readers.
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}

/**
 * The account's own pages: the first TOTP enrolment in the browser (`/sign-in/enrol`: enrolment
 * code and password → QR code and key → first code → recovery codes, shown once) and changing
 * one's own password (`/account/password`, the only page a reset password opens). Each calls the
 * API's use case; a refusal is its message next to its field. The secret and the recovery codes
 * are only ever in the answer to a POST (never an address, never the log), sent `no-store`.
 */
export function registerAccountPages(web: FastifyInstance, kit: AccountKit): void {
  const { app, visitor, sendPage, redirect } = kit;
  const nextOf = (req: FastifyRequest, body?: Record<string, unknown>): string | undefined =>
    returnPath(body ? body['next'] : (req.query as Record<string, unknown>)['next']);

  /** A form's visitor, fields and page to go on to, once its token is checked and `guard` lets the visitor in. */
  async function posted(req: FastifyRequest, reply: FastifyReply, guard: Guard): Promise<{ v: SignedIn; body: Record<string, unknown>; next: string | undefined } | undefined> {
    const raw = await visitor(req, reply);
    const body = checkForm(req, raw);
    const next = nextOf(req, body);
    const v = await guard(req, reply, raw, next);
    return v ? { v, body, next } : undefined;
  }

  /** The pending visitor who is to enrol; or undefined, the reply sending anyone else where they belong. */
  async function enrolling(req: FastifyRequest, reply: FastifyReply, v: Visitor, next: string | undefined): Promise<SignedIn | undefined> {
    if (!v.principal) void redirect(reply, signInPath(next));
    else if (v.principal.mfaPassed) void redirect(reply, next ?? '/');
    else if (await secondFactorStep(app, v.principal) === 'code') void redirect(reply, signInPath(next, '/totp'));
    else return v as SignedIn;
    return undefined;
  }

  web.get('/sign-in/enrol', { helmet: PAGE_HELMET }, async (req, reply) => {
    const next = nextOf(req);
    const v = await enrolling(req, reply, await visitor(req, reply), next);
    if (!v) return reply;
    return sendPage(reply, EnrolStartPage({ visitor: v, next }));
  });

  web.post('/sign-in/enrol', { helmet: PAGE_HELMET }, async (req, reply) => {
    const form = await posted(req, reply, enrolling);
    if (!form) return reply;
    const { v, body, next } = form;
    const enrolmentCode = text(body, 'enrolmentCode');
    try {
      const { secret, otpauthUri } = await beginTotpEnrolment(app, v.principal, { password: text(body, 'password'), enrolmentCode });
      return await sendPage(reply, EnrolQrPage({ visitor: v, next, secret, qrSvg: await qrSvg(otpauthUri) }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors(e, v.lang, ENROL_FIELDS, { 'auth.current_password_wrong': 'password', 'auth.enrolment_code_invalid': 'enrolmentCode' });
      return sendPage(reply, EnrolStartPage({ visitor: v, next, enrolmentCode, errors }), statusOf(e));
    }
  });

  web.post('/sign-in/enrol/confirm', { helmet: PAGE_HELMET }, async (req, reply) => {
    const form = await posted(req, reply, enrolling);
    if (!form) return reply;
    const { v, body, next } = form;
    try {
      const { recoveryCodes } = await confirmTotpEnrolment(app, v.principal, { code: text(body, 'code') });
      return await sendPage(reply, RecoveryCodesPage({ visitor: v, next, codes: recoveryCodes }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const message = messageOf(e, v.lang);
      const secret = text(body, 'secret');
      // Without the secret it showed, the page cannot show it again: back to the start (a new code).
      if (!SECRET.test(secret)) return sendPage(reply, EnrolStartPage({ visitor: v, next, errors: { form: message } }), statusOf(e));
      const qr = await qrSvg(otpauthUri(v.principal.user.username, secret));
      return sendPage(reply, EnrolQrPage({ visitor: v, next, secret, qrSvg: qr, error: message }), statusOf(e));
    }
  });

  /** A visitor past TOTP (a reset password still to change is fine here); or undefined, sent to sign in. */
  async function pastTotp(req: FastifyRequest, reply: FastifyReply, v: Visitor, next: string | undefined): Promise<SignedIn | undefined> {
    const here = req.method === 'GET' ? returnPath(req.url) : passwordPath(next);
    if (!v.principal) void redirect(reply, signInPath(here));
    else if (!v.principal.mfaPassed) void redirect(reply, signInPath(here, '/totp'));
    else return v as SignedIn;
    return undefined;
  }

  web.get('/account/password', { helmet: PAGE_HELMET }, async (req, reply) => {
    const next = nextOf(req);
    const v = await pastTotp(req, reply, await visitor(req, reply), next);
    if (!v) return reply;
    return sendPage(reply, PasswordPage({ visitor: v, next, required: v.principal.user.passwordChangeRequired === true }));
  });

  web.post('/account/password', { helmet: PAGE_HELMET }, async (req, reply) => {
    const form = await posted(req, reply, pastTotp);
    if (!form) return reply;
    const { v, body, next } = form;
    try {
      const input = { currentPassword: text(body, 'currentPassword'), newPassword: text(body, 'newPassword') };
      const keep = v.principal.sessionIdHash;
      const user = await changeOwnPassword(app, invocationOf(v, req), input, keep ? { keepSession: keep } : {});
      const after: SignedIn = { ...v, principal: { ...v.principal, user } };
      return await sendPage(reply, PasswordChangedPage({ visitor: after, next }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors(e, v.lang, PASSWORD_FIELDS, {
        'auth.current_password_wrong': 'currentPassword', 'user.password_too_short': 'newPassword', 'user.password_same': 'newPassword',
      });
      return sendPage(reply, PasswordPage({ visitor: v, next, required: v.principal.user.passwordChangeRequired === true, errors }), statusOf(e));
    }
  });
}
