import { z } from 'zod';
import { SetMutesInput, SetOverrideInput, listOwnNotifications, listUnitSubscriptions, setNotificationMutes, setSubscriptionOverride } from '../../app/notification/subscriptions.js';
import { SetUserEmailBody, setUserEmail } from '../../app/registry/set-user-email.js';
import { ROLES } from '../../domain/auth/role.js';
import { NOTIFICATION_EVENTS } from '../../domain/notification/notification-event.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';
import { UserSchema } from '../schemas.js';
import { IdParams } from './case.routes.js';

const MANDATORY = z.enum(['always', 'from_threshold', 'no']).describe('always: cannot be muted nor turned off; from_threshold: from `fromThreshold` % on');

const SubscriptionSchema = z.object({
  role: z.enum(ROLES), event: z.enum(NOTIFICATION_EVENTS), byDefault: z.boolean(),
  override: z.boolean().nullable().describe('the unit\'s override; null: the default holds'), on: z.boolean(),
  mandatory: MANDATORY, fromThreshold: z.number().nullable(), minThreshold: z.number().nullable().describe('time-standard thresholds below this percentage are not sent'),
}).meta({ id: 'NotificationSubscription' });

const OwnNotificationsSchema = z.object({
  email: z.string().nullable(),
  notifications: z.array(z.object({
    event: z.enum(NOTIFICATION_EVENTS), subscribed: z.boolean().describe('your role takes it in your unit (default or override)'),
    mandatory: MANDATORY, fromThreshold: z.number().nullable(), muted: z.boolean(),
  })),
}).meta({ id: 'OwnNotifications' });

const UnitParams = z.object({ unit: z.string().min(1).max(200) });

/** Email addresses, a unit's subscription overrides and each user's mutes (issue 13). */
export const notificationSubscriptionRoutes: RouteDef[] = [
  route({
    method: 'PUT', path: '/api/v1/users/{id}/email', summary: 'Set or remove a user\'s email address (superadmin; logged with the address it replaced)',
    tag: 'notifications', access: 'user', params: IdParams, body: SetUserEmailBody, response: UserSchema,
    handle: ({ app, inv, params, body }) => setUserEmail(app, inv, { ...(body as object), user: params['id'] }),
  }),
  route({
    method: 'PUT', path: '/api/v1/me/email', summary: 'Set or remove your own email address (notifications are sent to it)',
    tag: 'notifications', access: 'user', body: SetUserEmailBody, response: UserSchema,
    handle: ({ app, inv, principal, body }) => setUserEmail(app, inv, { ...(body as object), user: principal?.user.id ?? '' }),
  }),
  route({
    method: 'GET', path: '/api/v1/me/notifications', summary: 'The notifications you receive: what your role takes in your unit, what is mandatory, what you muted',
    tag: 'notifications', access: 'user', response: OwnNotificationsSchema, handle: ({ app, inv }) => listOwnNotifications(app, inv),
  }),
  route({
    method: 'PUT', path: '/api/v1/me/notifications', summary: 'Mute or unmute notifications for yourself (a mandatory one is refused)',
    tag: 'notifications', access: 'user', body: SetMutesInput, response: OwnNotificationsSchema, handle: ({ app, inv, body }) => setNotificationMutes(app, inv, body),
  }),
  route({
    method: 'GET', path: '/api/v1/units/{unit}/notification-subscriptions', summary: 'A unit\'s subscriptions: every role and event, default, override, result (superadmin; the unit\'s koordinator)',
    tag: 'notifications', access: 'user', params: UnitParams, response: z.object({ unit: z.string(), subscriptions: z.array(SubscriptionSchema) }),
    handle: ({ app, inv, params }) => listUnitSubscriptions(app, inv, { unit: params['unit'] }),
  }),
  route({
    method: 'PUT', path: '/api/v1/units/{unit}/notification-subscriptions', summary: 'Turn a role\'s subscription to an event on or off for the unit, or back to the default (null)',
    description: 'Superadmin for every unit, a koordinator for their own; an event mandatory for the role cannot be turned off. Logged as `notification.override_set`.',
    tag: 'notifications', access: 'user', params: UnitParams, body: SetOverrideInput.omit({ unit: true }), response: SubscriptionSchema,
    handle: ({ app, inv, params, body }) => setSubscriptionOverride(app, inv, { ...(body as object), unit: params['unit'] }),
  }),
];
