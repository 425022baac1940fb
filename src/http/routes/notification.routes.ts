import { z } from 'zod';
import { ListDeliveriesInput, listDeliveries, retryDelivery } from '../../app/notification/notification-deliveries.js';
import { presentDelivery } from '../../presenters/notification-deliveries.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';

const DeliveryParams = z.object({ id: z.string().min(1).max(100) });

const DeliverySchema = z.object({
  id: z.string(), status: z.enum(['pending', 'delivered', 'dead']), channel: z.enum(['email', 'webhook']), recipient: z.string(),
  attempts: z.number().int(), nextAttemptAt: z.string().nullable(), deliveredAt: z.string().nullable(), lastError: z.string().nullable(),
  detail: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
  notification: z.object({ id: z.string(), type: z.string(), occurredAt: z.string(), unitId: z.string().nullable(), caseId: z.string().nullable() }),
});

/** The notification delivery log and retry by hand (issue 13). */
export const notificationRoutes: RouteDef[] = [
  route({
    method: 'GET', path: '/api/v1/notifications/deliveries', summary: 'The notification delivery log, newest first', tag: 'notifications', access: 'user',
    description: 'Every delivery (one notification to one recipient over one channel) with its status, attempts, next attempt and last error: '
      + 'all of them for the superadmin, those of their own unit\'s notifications for a koordinator.',
    query: ListDeliveriesInput, response: z.array(DeliverySchema),
    handle: async ({ app, inv, query }) => (await listDeliveries(app, inv, query ?? {})).map(presentDelivery),
  }),
  route({
    method: 'POST', path: '/api/v1/notifications/deliveries/{id}/retry', summary: 'Try a dead-lettered delivery once more, now',
    description: 'Only a `dead` delivery; it becomes `pending`, due now, with one more attempt. Logged with its actor (`notification.retried`).',
    tag: 'notifications', access: 'user', params: DeliveryParams, response: DeliverySchema,
    handle: async ({ app, inv, params }) => presentDelivery(await retryDelivery(app, inv, params['id'] as string)),
  }),
];
