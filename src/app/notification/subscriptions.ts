import { z } from 'zod';
import { assertManagesSubscriptions } from '../../domain/auth/notification.policy.js';
import { parseRole } from '../../domain/auth/role.js';
import { notFound } from '../../domain/errors.js';
import { NOTIFICATION_EVENTS } from '../../domain/notification/notification-event.js';
import type { NotificationEventType } from '../../domain/notification/notification-event.js';
import type { SubscriptionState } from '../../domain/notification/subscriptions.js';
import { SUBSCRIPTION_GRID, assertMayMute, assertMayOverride, subscriptionState } from '../../domain/notification/subscriptions.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { name, parseInput } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';

const event = () => z.enum(NOTIFICATION_EVENTS);

async function unitNamed(ctx: UseCaseContext, key: string): Promise<LpseUnit> {
  const unit = await ctx.tx.units.findByIdOrCode(key);
  if (!unit) throw notFound('unit', key);
  return unit;
}

export const ListSubscriptionsInput = z.object({ unit: name().describe('unit code or id') }).strict();

/** A unit's subscriptions: every role × event with its default, the unit's override and the result. */
export function listUnitSubscriptions(deps: AppDeps, inv: Invocation, raw: unknown): Promise<{ unit: string; subscriptions: SubscriptionState[] }> {
  return runUseCase(deps, inv, 'notification.subscriptions.list', async (ctx) => {
    const input = parseInput(ListSubscriptionsInput, raw);
    const unit = await unitNamed(ctx, input.unit);
    assertManagesSubscriptions(actorOf(ctx), unit.id);
    const overrides = await ctx.tx.notificationSubscriptions.listOverrides(unit.id);
    const of = (role: string, ev: string) => overrides.find((o) => o.role === role && o.event === ev)?.enabled ?? null;
    return { unit: unit.code, subscriptions: SUBSCRIPTION_GRID.map(({ role, event: ev }) => subscriptionState(role, ev, of(role, ev))) };
  }, { readOnly: true });
}

export const SetOverrideInput = z.object({
  unit: name().describe('unit code or id'),
  role: z.string().trim().max(40),
  event: event(),
  enabled: z.boolean().nullable().describe('true: on, false: off, null: back to the default'),
}).strict();

/**
 * Turns a role's subscription to an event on or off for one unit, or back to the default (null).
 * The superadmin for every unit, a koordinator for their own; an event mandatory for the role
 * cannot be turned off. Logged with what it replaced.
 */
export function setSubscriptionOverride(deps: AppDeps, inv: Invocation, raw: unknown): Promise<SubscriptionState> {
  return runUseCase(deps, inv, 'notification.subscriptions.set', async (ctx) => {
    const input = parseInput(SetOverrideInput, raw);
    const role = parseRole(input.role);
    const unit = await unitNamed(ctx, input.unit);
    const actor = actorOf(ctx);
    assertManagesSubscriptions(actor, unit.id);
    assertMayOverride(role, input.event, input.enabled);
    const repo = ctx.tx.notificationSubscriptions;
    const previous = (await repo.listOverrides(unit.id, input.event)).find((o) => o.role === role)?.enabled ?? null;
    if (input.enabled === null) await repo.clearOverride(unit.id, role, input.event);
    else await repo.setOverride({ unitId: unit.id, role, event: input.event, enabled: input.enabled, updatedBy: actor.user.id, updatedAt: ctx.now });
    ctx.log({ type: 'notification.override_set', unitId: unit.id, caseId: null,
      data: { unit: unit.code, role, event: input.event, enabled: input.enabled, previous } });
    return subscriptionState(role, input.event, input.enabled);
  });
}

/** One event as the acting user receives it: through their role (and unit's override), mandatory or muted. */
export interface OwnNotification {
  readonly event: NotificationEventType;
  /** The role's subscription in the user's unit (default or override). */
  readonly subscribed: boolean;
  readonly mandatory: SubscriptionState['mandatory'];
  readonly fromThreshold: number | null;
  readonly muted: boolean;
}

async function ownNotifications(ctx: UseCaseContext): Promise<{ email: string | null; notifications: OwnNotification[] }> {
  const user = actorOf(ctx).user;
  const overrides = user.unitId === null ? [] : await ctx.tx.notificationSubscriptions.listOverrides(user.unitId);
  const muted = new Set(await ctx.tx.notificationSubscriptions.listMutes(user.id));
  const notifications = NOTIFICATION_EVENTS.map((ev): OwnNotification => {
    const s = subscriptionState(user.role, ev, overrides.find((o) => o.role === user.role && o.event === ev)?.enabled ?? null);
    return { event: ev, subscribed: s.on || s.mandatory !== 'no', mandatory: s.mandatory, fromThreshold: s.fromThreshold, muted: muted.has(ev) };
  });
  return { email: user.email ?? null, notifications };
}

/** The acting user's notifications: every event, whether their role takes it (in their unit), mandatory or muted. */
export function listOwnNotifications(deps: AppDeps, inv: Invocation): Promise<{ email: string | null; notifications: OwnNotification[] }> {
  return runUseCase(deps, inv, 'notification.own.list', ownNotifications, { readOnly: true });
}

export const SetMutesInput = z.object({
  mute: z.array(event()).max(NOTIFICATION_EVENTS.length).optional().describe('events to mute'),
  unmute: z.array(event()).max(NOTIFICATION_EVENTS.length).optional().describe('events to receive again'),
}).strict();

/**
 * Mutes and unmutes events for the acting user. An event always mandatory for their role is
 * refused (`notification.mandatory`, nothing changed); muting one mandatory only from a threshold
 * mutes what is below it. Each change is logged.
 */
export function setNotificationMutes(deps: AppDeps, inv: Invocation, raw: unknown): Promise<{ email: string | null; notifications: OwnNotification[] }> {
  return runUseCase(deps, inv, 'notification.mute', async (ctx) => {
    const input = parseInput(SetMutesInput, raw);
    const user = actorOf(ctx).user;
    const mute = input.mute ?? [];
    for (const ev of mute) assertMayMute(user.role, ev);
    const changes = [...mute.map((ev) => [ev, true] as const), ...(input.unmute ?? []).filter((ev) => !mute.includes(ev)).map((ev) => [ev, false] as const)];
    for (const [ev, muted] of changes) {
      if (await ctx.tx.notificationSubscriptions.setMuted(user.id, ev, muted, ctx.now)) {
        ctx.log({ type: muted ? 'notification.muted' : 'notification.unmuted', unitId: user.unitId, caseId: null, data: { userId: user.id, event: ev } });
      }
    }
    return ownNotifications(ctx);
  });
}
