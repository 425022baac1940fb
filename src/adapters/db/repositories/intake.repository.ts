import type { Kysely } from 'kysely';
import type { IntakeIntegration, LabelMapping } from '../../../domain/intake/intake-integration.js';
import type { CaseAlert, IntakeRepository, ReceivedAlert } from '../../../ports/intake-repositories.js';
import type { Database } from '../schema.js';
import { insertUnique } from '../unique-violation.js';

type Db = Kysely<Database>;

const integrationOf = (r: Database['intake_integrations']): IntakeIntegration => ({
  id: r.id, name: r.name, unitId: r.unit_id, userId: r.user_id, mapping: JSON.parse(r.mapping) as LabelMapping,
  createdBy: r.created_by, createdAt: r.created_at, secretRotatedAt: r.secret_rotated_at, retiredAt: r.retired_at,
});

const alertOf = (r: Database['intake_alerts']): ReceivedAlert => ({
  integrationId: r.integration_id, fingerprint: r.fingerprint, startsAt: r.starts_at, caseId: r.case_id, alertname: r.alertname,
  receivedAt: r.received_at, endsAt: r.ends_at, resolvedAt: r.resolved_at,
});

export function intakeRepository(db: Db): IntakeRepository {
  const alertKey = (integrationId: string, fingerprint: string, startsAt: string) => db.selectFrom('intake_alerts').selectAll()
    .where('integration_id', '=', integrationId).where('fingerprint', '=', fingerprint).where('starts_at', '=', startsAt);
  return {
    insert: (i, secretHash) => insertUnique('intake_integration', i.name, () => db.insertInto('intake_integrations').values({
      id: i.id, name: i.name, unit_id: i.unitId, user_id: i.userId, mapping: JSON.stringify(i.mapping), secret_hash: secretHash,
      created_by: i.createdBy, created_at: i.createdAt, secret_rotated_at: i.secretRotatedAt, retired_at: i.retiredAt,
    }).execute()),
    findByName: async (name) => {
      const r = await db.selectFrom('intake_integrations').selectAll().where('name', '=', name).executeTakeFirst();
      return r && integrationOf(r);
    },
    findSecretHash: async (id) => (await db.selectFrom('intake_integrations').select('secret_hash').where('id', '=', id).executeTakeFirst())?.secret_hash,
    list: async (filter = {}) => (await db.selectFrom('intake_integrations').selectAll()
      .$if(filter.unitId !== undefined, (q) => q.where('unit_id', '=', filter.unitId ?? ''))
      .orderBy('name').execute()).map(integrationOf),
    setSecretHash: async (id, hash, at) => {
      await db.updateTable('intake_integrations').set({ secret_hash: hash, secret_rotated_at: at }).where('id', '=', id).execute();
    },
    retire: async (id, at) => { await db.updateTable('intake_integrations').set({ retired_at: at }).where('id', '=', id).execute(); },
    insertAlertOnce: async (a) => {
      const r = await db.insertInto('intake_alerts').values({
        integration_id: a.integrationId, fingerprint: a.fingerprint, starts_at: a.startsAt, case_id: a.caseId, alertname: a.alertname,
        received_at: a.receivedAt, ends_at: a.endsAt, resolved_at: a.resolvedAt,
      }).onConflict((oc) => oc.columns(['integration_id', 'fingerprint', 'starts_at']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    findAlert: async (integrationId, fingerprint, startsAt) => {
      const r = await alertKey(integrationId, fingerprint, startsAt).executeTakeFirst();
      return r && alertOf(r);
    },
    markResolved: async (integrationId, fingerprint, startsAt, endsAt, at) => {
      await db.updateTable('intake_alerts').set({ ends_at: endsAt, resolved_at: at })
        .where('integration_id', '=', integrationId).where('fingerprint', '=', fingerprint).where('starts_at', '=', startsAt).execute();
    },
    alertsOfCase: async (caseId): Promise<CaseAlert[]> => (await db.selectFrom('intake_alerts')
      .innerJoin('intake_integrations', 'intake_integrations.id', 'intake_alerts.integration_id')
      .selectAll('intake_alerts').select('intake_integrations.name as integration')
      .where('intake_alerts.case_id', '=', caseId).orderBy('intake_alerts.received_at').orderBy('intake_alerts.fingerprint').execute())
      .map((r) => ({ ...alertOf(r), integration: r.integration })),
  };
}
