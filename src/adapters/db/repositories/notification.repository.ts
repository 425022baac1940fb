import type { Kysely, Selectable } from 'kysely';
import type { NotificationEventType, NotificationRecord } from '../../../domain/notification/notification-event.js';
import type {
  DeliveryStatus, DeliveryWithNotification, NotificationDelivery, NotificationRepository,
} from '../../../ports/notification-outbox.js';
import type { Dialect } from '../dialect.js';
import type { Database, NotificationDeliveryTable, NotificationTable } from '../schema.js';

type Db = Kysely<Database>;

const toRecord = (r: Selectable<NotificationTable>): NotificationRecord => ({
  id: r.id, type: r.type as NotificationEventType, occurredAt: r.occurred_at, unitId: r.unit_id, caseId: r.case_id,
  data: JSON.parse(r.data) as NotificationRecord['data'],
});

const toDelivery = (r: Selectable<NotificationDeliveryTable>): NotificationDelivery => ({
  id: r.id, notificationId: r.notification_id, channel: r.channel as NotificationDelivery['channel'], recipient: r.recipient,
  status: r.status as DeliveryStatus, attempts: Number(r.attempts), nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
  detail: r.detail, deliveredAt: r.delivered_at, createdAt: r.created_at, updatedAt: r.updated_at,
});

export function notificationRepository(db: Db, dialect: Dialect): NotificationRepository {
  // SQLite has no row locks: the worker's transaction (BEGIN IMMEDIATE) holds the whole database.
  const locked = dialect === 'postgres';
  const withNotifications = async (rows: Selectable<NotificationDeliveryTable>[]): Promise<DeliveryWithNotification[]> => {
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.notification_id))];
    const byId = new Map((await db.selectFrom('notifications').selectAll().where('id', 'in', ids).execute()).map((n) => [n.id, toRecord(n)]));
    return rows.map((r) => ({ delivery: toDelivery(r), notification: byId.get(r.notification_id) as NotificationRecord }));
  };
  return {
    insert: async (n) => {
      const r = await db.insertInto('notifications').values({
        id: n.id, type: n.type, occurred_at: n.occurredAt, unit_id: n.unitId, case_id: n.caseId, data: JSON.stringify(n.data), dedupe_key: n.dedupeKey,
      }).onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    findById: async (id) => {
      const r = await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },
    existingKeys: async (keys) => {
      const found = new Set<string>();
      for (let i = 0; i < keys.length; i += 500) {
        for (const r of await db.selectFrom('notifications').select('dedupe_key').where('dedupe_key', 'in', keys.slice(i, i + 500)).execute()) found.add(r.dedupe_key);
      }
      return found;
    },
    list: async ({ caseId, type, limit }) => (await db.selectFrom('notifications').selectAll()
      .$if(caseId !== undefined, (q) => q.where('case_id', '=', caseId as string))
      .$if(type !== undefined, (q) => q.where('type', '=', type as string))
      .orderBy('occurred_at').orderBy('id').limit(limit).execute()).map(toRecord),
    claimUnfanned: async (limit) => (await db.selectFrom('notifications').selectAll().where('fanned_out_at', 'is', null)
      .orderBy('occurred_at').orderBy('id').limit(limit)
      .$if(locked, (q) => q.forUpdate().skipLocked()).execute()).map(toRecord),
    fanOut: async (notificationId, deliveries, at) => {
      if (deliveries.length > 0) {
        await db.insertInto('notification_deliveries').values(deliveries.map((d) => ({
          id: d.id, notification_id: notificationId, channel: d.channel, recipient: d.recipient, status: 'pending', attempts: 0,
          next_attempt_at: at, last_error: null, detail: null, claimed_by: null, claimed_until: null, delivered_at: null, created_at: at, updated_at: at,
        }))).onConflict((oc) => oc.columns(['notification_id', 'channel', 'recipient']).doNothing()).execute();
      }
      await db.updateTable('notifications').set({ fanned_out_at: at }).where('id', '=', notificationId).execute();
    },
    claimDue: async ({ now, by, until, limit }) => {
      const due = await db.selectFrom('notification_deliveries').selectAll()
        .where('status', '=', 'pending').where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .orderBy('next_attempt_at').orderBy('id').limit(limit)
        .$if(locked, (q) => q.forUpdate().skipLocked()).execute();
      if (due.length === 0) return [];
      await db.updateTable('notification_deliveries')
        .set((eb) => ({ claimed_by: by, claimed_until: until, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('id', 'in', due.map((d) => d.id)).execute();
      return withNotifications(due.map((d) => ({ ...d, attempts: Number(d.attempts) + 1, claimed_by: by, claimed_until: until, updated_at: now })));
    },
    recordAttempt: async (id, by, o) => {
      const set = o.status === 'delivered'
        ? { status: o.status, delivered_at: o.at, detail: o.detail, last_error: null }
        : { status: o.status, last_error: o.error, ...(o.status === 'pending' ? { next_attempt_at: o.nextAttemptAt } : {}) };
      const r = await db.updateTable('notification_deliveries').set({ ...set, claimed_by: null, claimed_until: null, updated_at: o.at })
        .where('id', '=', id).where('claimed_by', '=', by).where('status', '=', 'pending').executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    listDeliveries: async ({ status, caseId, unitIds, limit, offset = 0 }) => {
      if (unitIds !== undefined && unitIds.length === 0) return [];
      const rows = await db.selectFrom('notification_deliveries as d').selectAll('d')
        .$if(status !== undefined, (q) => q.where('d.status', '=', status as string))
        .$if(caseId !== undefined || unitIds !== undefined, (q) => q.where('d.notification_id', 'in', (eb) => eb.selectFrom('notifications').select('id')
          .$if(caseId !== undefined, (s) => s.where('case_id', '=', caseId as string))
          .$if(unitIds !== undefined, (s) => s.where('unit_id', 'in', unitIds as string[]))))
        .orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(limit).offset(offset).execute();
      return withNotifications(rows);
    },
    findDelivery: async (id) => {
      const r = await db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? (await withNotifications([r]))[0] : undefined;
    },
    requeue: async (id, at) => {
      await db.updateTable('notification_deliveries').set({ status: 'pending', next_attempt_at: at, claimed_by: null, claimed_until: null, updated_at: at })
        .where('id', '=', id).execute();
    },
  };
}
