import { z } from 'zod';
import { deliveryScope, mayHandleDelivery } from '../../domain/auth/notification.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { DeliveryWithNotification } from '../../ports/notification-outbox.js';
import { DELIVERY_STATUSES } from '../../ports/notification-outbox.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

export const ListDeliveriesInput = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  case: name().optional().describe('only deliveries of this case id'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();

/** The delivery log, newest first: every delivery for the superadmin, a koordinator's own unit's. */
export function listDeliveries(deps: AppDeps, inv: Invocation, raw: unknown): Promise<DeliveryWithNotification[]> {
  return runUseCase(deps, inv, 'notification.deliveries', async (ctx) => {
    const unitIds = deliveryScope(actorOf(ctx).user);
    const input = parseInput(ListDeliveriesInput, raw);
    return ctx.tx.notifications.listDeliveries({
      limit: input.limit, offset: input.offset,
      ...(input.status ? { status: input.status } : {}), ...(input.case ? { caseId: input.case } : {}), ...(unitIds ? { unitIds } : {}),
    });
  }, { readOnly: true });
}

/**
 * A dead-lettered delivery is tried again: pending, due now, with one more attempt before it is
 * dead again. Logged with its actor. A delivery the actor may not see is not found.
 */
export function retryDelivery(deps: AppDeps, inv: Invocation, deliveryId: string): Promise<DeliveryWithNotification> {
  return runUseCase(deps, inv, 'notification.retry', async (ctx) => {
    const actor = actorOf(ctx);
    deliveryScope(actor.user);
    const found = await ctx.tx.notifications.findDelivery(deliveryId);
    if (!found || !mayHandleDelivery(actor.user, found.notification.unitId)) throw notFound('notification_delivery', deliveryId);
    const { delivery, notification } = found;
    if (delivery.status !== 'dead') throw DomainError.of('conflict', 'notification.not_dead', { id: delivery.id, status: delivery.status });
    await ctx.tx.notifications.requeue(delivery.id, ctx.now);
    ctx.log({ type: 'notification.retried', unitId: notification.unitId, caseId: notification.caseId, data: {
      deliveryId: delivery.id, notificationId: notification.id, notificationType: notification.type, channel: delivery.channel,
      recipient: delivery.recipient, attempts: delivery.attempts, lastError: delivery.lastError,
    } });
    return { notification, delivery: { ...delivery, status: 'pending', nextAttemptAt: ctx.now, updatedAt: ctx.now } };
  });
}
