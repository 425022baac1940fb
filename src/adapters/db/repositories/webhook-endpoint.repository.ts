import type { Kysely, Selectable } from 'kysely';
import type { WebhookEndpoint, WebhookEvents } from '../../../domain/notification/webhook-endpoint.js';
import type { WebhookEndpointRepository } from '../../../ports/repositories.js';
import type { Database, WebhookEndpointTable } from '../schema.js';

const mapEndpoint = (r: Selectable<WebhookEndpointTable>): WebhookEndpoint => ({
  // The column holds only what insert() wrote: a WebhookEvents value as JSON.
  id: r.id, url: r.url, unitId: r.unit_id, events: JSON.parse(r.events) as WebhookEvents, createdBy: r.created_by, createdAt: r.created_at,
  secretRotatedAt: r.secret_rotated_at, retiredAt: r.retired_at,
});

export function webhookEndpointRepository(db: Kysely<Database>): WebhookEndpointRepository {
  const rows = () => db.selectFrom('webhook_endpoints').selectAll();
  return {
    insert: async (e, sealedSecret) => {
      await db.insertInto('webhook_endpoints').values({
        id: e.id, url: e.url, unit_id: e.unitId, events: JSON.stringify(e.events), sealed_secret: sealedSecret, created_by: e.createdBy,
        created_at: e.createdAt, secret_rotated_at: e.secretRotatedAt, retired_at: e.retiredAt,
      }).execute();
    },
    findById: async (id) => {
      const r = await rows().where('id', '=', id).executeTakeFirst();
      return r && { endpoint: mapEndpoint(r), sealedSecret: r.sealed_secret };
    },
    list: async (scope) => {
      const q = scope === 'all' ? rows() : rows().where('unit_id', '=', scope.unitId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(mapEndpoint);
    },
    listActiveFor: async (unitId) => (await rows().where('retired_at', 'is', null)
      .where((eb) => (unitId === null ? eb('unit_id', 'is', null) : eb.or([eb('unit_id', 'is', null), eb('unit_id', '=', unitId)])))
      .orderBy('created_at').orderBy('id').execute()).map(mapEndpoint),
    setSecret: async (id, sealedSecret, at) => {
      await db.updateTable('webhook_endpoints').set({ sealed_secret: sealedSecret, secret_rotated_at: at }).where('id', '=', id).execute();
    },
    retire: async (id, at) => {
      await db.updateTable('webhook_endpoints').set({ retired_at: at }).where('id', '=', id).where('retired_at', 'is', null).execute();
    },
  };
}
