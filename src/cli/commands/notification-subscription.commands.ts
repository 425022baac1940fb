import { listOwnNotifications, listUnitSubscriptions, setNotificationMutes, setSubscriptionOverride } from '../../app/notification/subscriptions.js';
import { setUserEmail } from '../../app/registry/set-user-email.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { actor, arg, flag, json, say, str, word } from './helpers.js';

const JSON_OPTION = { json: { type: 'boolean', help: 'as JSON' } } as const;

const onOff = (ctx: CommandContext, on: boolean | null): string =>
  (on === null ? word(ctx, 'cli.notification.default') : word(ctx, on ? 'cli.notification.on' : 'cli.notification.off'));

const mute = (muted: boolean): Command => ({
  name: `notification ${muted ? 'mute' : 'unmute'}`, args: '<event>', needsActor: true, options: {},
  summary: muted ? 'mute one notification for --as USER (one mandatory for their role is refused)' : 'receive a muted notification again (--as USER)',
  async run(ctx) {
    await setNotificationMutes(await ctx.app(), actor(ctx), muted ? { mute: [arg(ctx)] } : { unmute: [arg(ctx)] });
    ctx.io.err(say(ctx, muted ? 'cli.notification.muted' : 'cli.notification.unmuted', { event: arg(ctx) }));
  },
});

/** `jaga user set-email`, `jaga notification …` (issue 13): addresses, a unit's subscription overrides, each user's mutes. */
export const notificationSubscriptionCommands: Command[] = [
  {
    name: 'user set-email', args: '<username>', needsActor: true,
    summary: 'set (--email) or remove (--clear) a user\'s email address for notifications: the superadmin for anyone, a user for themself',
    options: { email: { type: 'string', help: 'the address', value: 'ADDR' }, clear: { type: 'boolean', help: 'remove the address' } },
    async run(ctx) {
      const email = str(ctx, 'email');
      if ((email === undefined) === !flag(ctx, 'clear')) throw UsageError.of('cli.exactly_one_option', { options: ['--email', '--clear'] });
      const u = await setUserEmail(await ctx.app(), actor(ctx), { user: arg(ctx), email: email ?? null });
      ctx.io.err(u.email ? say(ctx, 'cli.notification.email_set', { username: u.username, email: u.email }) : say(ctx, 'cli.notification.email_cleared', { username: u.username }));
    },
  },
  {
    name: 'notification list', needsActor: true, options: JSON_OPTION,
    summary: 'the notifications --as USER receives: each event, whether their role takes it, mandatory, muted',
    async run(ctx) {
      const own = await listOwnNotifications(await ctx.app(), actor(ctx));
      if (flag(ctx, 'json')) return json(ctx, own);
      for (const n of own.notifications) {
        const mandatory = n.mandatory === 'always' ? word(ctx, 'web.notifications.mandatory') : n.mandatory === 'from_threshold' ? `${word(ctx, 'web.notifications.mandatory')} >= ${n.fromThreshold ?? 100} %` : '';
        ctx.io.out([n.event, onOff(ctx, n.subscribed), n.muted ? word(ctx, 'cli.notification.muted_word') : '', mandatory].filter((x) => x !== '').join('  '));
      }
    },
  },
  mute(true),
  mute(false),
  {
    name: 'notification subscriptions', needsActor: true,
    summary: 'a unit\'s subscriptions: role, event, default, override, result (superadmin; the unit\'s koordinator)',
    options: { unit: { type: 'string', help: 'unit code', required: true, value: 'UNIT' }, ...JSON_OPTION },
    async run(ctx) {
      const list = await listUnitSubscriptions(await ctx.app(), actor(ctx), { unit: str(ctx, 'unit') });
      if (flag(ctx, 'json')) return json(ctx, list);
      for (const s of list.subscriptions) {
        if (!s.byDefault && s.override === null) continue;
        ctx.io.out([s.role, s.event, onOff(ctx, s.on), s.override === null ? word(ctx, 'cli.notification.default') : '', s.mandatory === 'no' ? '' : word(ctx, 'web.notifications.mandatory')].filter((x) => x !== '').join('  '));
      }
    },
  },
  {
    name: 'notification override', needsActor: true,
    summary: 'turn a role\'s subscription to an event on (--on) or off (--off) for a unit, or back to the default (--default)',
    options: {
      unit: { type: 'string', help: 'unit code', required: true, value: 'UNIT' },
      role: { type: 'string', help: 'the role', required: true, value: 'ROLE' },
      event: { type: 'string', help: 'the event, e.g. fault.urgent_reported', required: true, value: 'EVENT' },
      on: { type: 'boolean', help: 'subscribe the role' }, off: { type: 'boolean', help: 'unsubscribe the role' },
      default: { type: 'boolean', help: 'remove the override' },
    },
    async run(ctx) {
      const chosen = (['on', 'off', 'default'] as const).filter((k) => flag(ctx, k));
      if (chosen.length !== 1) throw UsageError.of('cli.exactly_one_option', { options: ['--on', '--off', '--default'] });
      const enabled = chosen[0] === 'default' ? null : chosen[0] === 'on';
      const s = await setSubscriptionOverride(await ctx.app(), actor(ctx), { unit: str(ctx, 'unit'), role: str(ctx, 'role'), event: str(ctx, 'event'), enabled });
      ctx.io.err(say(ctx, 'cli.notification.override_set', { unit: str(ctx, 'unit') ?? '', role: s.role, event: s.event, state: onOff(ctx, enabled) }));
    },
  },
];
