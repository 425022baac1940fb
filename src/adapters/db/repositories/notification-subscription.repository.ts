import type { Kysely } from 'kysely';
import type { Role } from '../../../domain/auth/role.js';
import type { NotificationEventType } from '../../../domain/notification/notification-event.js';
import type { NotificationSubscriptionRepository } from '../../../ports/notification-subscriptions.js';
import type { Database } from '../schema.js';

export function notificationSubscriptionRepository(db: Kysely<Database>): NotificationSubscriptionRepository {
  return {
    listOverrides: async (unitId, event) => (await db.selectFrom('notification_overrides').selectAll().where('unit_id', '=', unitId)
      .$if(event !== undefined, (q) => q.where('event', '=', event ?? ''))
      .orderBy('role').orderBy('event').execute())
      .map((r) => ({ unitId: r.unit_id, role: r.role as Role, event: r.event as NotificationEventType, enabled: r.enabled === 1, updatedBy: r.updated_by, updatedAt: r.updated_at })),
    setOverride: async (o) => {
      const row = { unit_id: o.unitId, role: o.role, event: o.event, enabled: o.enabled ? 1 : 0, updated_by: o.updatedBy, updated_at: o.updatedAt };
      await db.insertInto('notification_overrides').values(row)
        .onConflict((c) => c.columns(['unit_id', 'role', 'event']).doUpdateSet({ enabled: row.enabled, updated_by: row.updated_by, updated_at: row.updated_at }))
        .execute();
    },
    clearOverride: async (unitId, role, event) => {
      const r = await db.deleteFrom('notification_overrides').where('unit_id', '=', unitId).where('role', '=', role).where('event', '=', event).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    listMutes: async (userId) => (await db.selectFrom('notification_mutes').select('event').where('user_id', '=', userId).orderBy('event').execute())
      .map((r) => r.event as NotificationEventType),
    mutedBy: async (event) => (await db.selectFrom('notification_mutes').select('user_id').where('event', '=', event).execute()).map((r) => r.user_id),
    setMuted: async (userId, event, muted, at) => {
      if (!muted) {
        const r = await db.deleteFrom('notification_mutes').where('user_id', '=', userId).where('event', '=', event).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      }
      const r = await db.insertInto('notification_mutes').values({ user_id: userId, event, muted_at: at })
        .onConflict((c) => c.columns(['user_id', 'event']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}
