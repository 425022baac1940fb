import { listDeliveries, retryDelivery } from '../../app/notification/notification-deliveries.js';
import { deliveryLine, presentDelivery } from '../../presenters/notification-deliveries.js';
import type { Command } from '../command.js';
import { actor, defined, flag, intOption, json, say, str } from './helpers.js';

/** The notification delivery log and retry by hand (issue 13). */
export const notificationCommands: Command[] = [
  {
    name: 'notification deliveries', summary: 'the notification delivery log, newest first (superadmin; koordinator: their unit)', needsActor: true,
    options: {
      status: { type: 'string', help: 'only pending, delivered or dead', value: 'STATUS' },
      case: { type: 'string', help: 'only deliveries of this case', value: 'ID' },
      limit: { type: 'string', help: 'at most N (default 100)', value: 'N' },
      json: { type: 'boolean', help: 'print the deliveries as JSON' },
    },
    async run(ctx) {
      const list = (await listDeliveries(await ctx.app(), actor(ctx), defined({ status: str(ctx, 'status'), case: str(ctx, 'case'), limit: intOption(ctx, 'limit') })))
        .map(presentDelivery);
      if (flag(ctx, 'json')) return json(ctx, list);
      if (list.length === 0) ctx.io.err(say(ctx, 'cli.notification.none'));
      for (const v of list) ctx.io.out(say(ctx, 'cli.notification.delivery', deliveryLine(v)));
    },
  },
  {
    name: 'notification retry', args: '<delivery-id>', needsActor: true,
    summary: 'try a dead-lettered delivery once more, now (superadmin; koordinator: their unit); logged',
    options: { json: { type: 'boolean', help: 'print the delivery as JSON' } },
    async run(ctx) {
      const d = presentDelivery(await retryDelivery(await ctx.app(), actor(ctx), ctx.positionals[0] as string));
      if (flag(ctx, 'json')) return json(ctx, d);
      ctx.io.out(say(ctx, 'cli.notification.retried', { id: d.id }));
    },
  },
];
