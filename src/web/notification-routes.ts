import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOwnNotifications, setNotificationMutes } from '../app/notification/subscriptions.js';
import { setUserEmail } from '../app/registry/set-user-email.js';
import { DomainError } from '../domain/errors.js';
import type { NotificationEventType } from '../domain/notification/notification-event.js';
import { statusOf } from '../http/http-errors.js';
import { t } from '../messages/catalogue.js';
import { formErrors } from './form-errors.js';
import type { NotificationField } from './pages/notification-page.js';
import { NotificationsPage } from './pages/notification-page.js';
import { PAGE_HELMET } from './web-csp.js';
import type { SignedIn } from './web-visitor.js';
import { checkForm, invocationOf } from './web-visitor.js';
import type { PageKit } from './work-routes.js';

const FIELDS: readonly NotificationField[] = ['email', 'receive'];

/** The boxes ticked (`receive`, one value or several). */
const ticked = (body: Record<string, unknown>): string[] => {
  const v = body['receive'];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};

/**
 * `/account/notifications` (issue 13): the visitor's email address (`setUserEmail` for themself)
 * and their mutes (`setNotificationMutes`: every box of a notification their role takes, cleared
 * mutes it, ticked unmutes it). A refusal is its message next to its field.
 */
export function registerNotificationPages(web: FastifyInstance, kit: PageKit): void {
  const { app, signedIn, sendPage } = kit;

  async function page(req: FastifyRequest, reply: FastifyReply, v: SignedIn, extra: { errors?: Partial<Record<NotificationField | 'form', string>>; done?: string; emailValue?: string } = {}, status = 200) {
    const own = await listOwnNotifications(app, { ...invocationOf(v, req), user: undefined });
    return sendPage(reply, NotificationsPage({ visitor: v, email: own.email, notifications: own.notifications, ...extra }), status);
  }

  web.get('/account/notifications', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    return page(req, reply, v);
  });

  web.post('/account/notifications/email', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const body = checkForm(req, v);
    const email = typeof body['email'] === 'string' ? body['email'] : '';
    try {
      await setUserEmail(app, invocationOf(v, req), { user: v.principal.user.id, email });
      return await page(req, reply, v, { done: t(v.lang, 'web.notifications.done_email') });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return page(req, reply, v, { errors: formErrors(e, v.lang, FIELDS, { 'user.email_invalid': 'email' }), emailValue: email }, statusOf(e));
    }
  });

  web.post('/account/notifications/mutes', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const receive = new Set(ticked(checkForm(req, v)));
    try {
      const own = await listOwnNotifications(app, { ...invocationOf(v, req), user: undefined });
      // A mandatory box is disabled, so the browser sends nothing for it: it is neither muted nor unmuted here.
      const shown = own.notifications.filter((n) => n.subscribed && n.mandatory !== 'always').map((n) => n.event);
      const mute: NotificationEventType[] = shown.filter((ev) => !receive.has(ev));
      const unmute: NotificationEventType[] = shown.filter((ev) => receive.has(ev));
      await setNotificationMutes(app, invocationOf(v, req), { mute, unmute });
      return await page(req, reply, v, { done: t(v.lang, 'web.notifications.done_mutes') });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return page(req, reply, v, { errors: formErrors(e, v.lang, FIELDS, { 'notification.mandatory': 'receive' }) }, statusOf(e));
    }
  });
}
