import { randomUUID } from 'node:crypto';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { caseTiming } from '../../domain/report/case-timing.js';
import type { Dialect } from './dialect.js';

/** One set of migrations for both dialects, in Kysely's schema builder. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_core': {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('sop_versions')
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('effective_on', 'text', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sop_versions_pk', ['code', 'version'])
          .execute();
        await db.schema.createTable('units')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('nip', 'text')
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('networks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('cidrs', 'text', (c) => c.notNull())
          .addColumn('intranet', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('workstations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('asset_tag', 'text', (c) => c.notNull().unique())
          .addColumn('serial_number', 'text', (c) => c.notNull())
          .addColumn('owner_unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('assigned_user_id', 'text', (c) => c.references('users.id'))
          .addColumn('organisation_owned', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('workstation_keys')
          .addColumn('fingerprint', 'text', (c) => c.primaryKey())
          .addColumn('workstation_id', 'text', (c) => c.notNull().references('workstations.id'))
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('targets')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('host', 'text', (c) => c.notNull())
          .addColumn('port', 'integer', (c) => c.notNull())
          .addColumn('login_account', 'text', (c) => c.notNull())
          .addColumn('host_key_fingerprint', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createTable('grants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('target_id', 'text', (c) => c.references('targets.id'))
          .addColumn('valid_until', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('grants_user').on('grants').column('user_id').execute();
        await db.schema.createTable('cases')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('target_id', 'text', (c) => c.references('targets.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('executor_id', 'text', (c) => c.references('users.id'))
          .addColumn('reported_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('sop_code', 'text', (c) => c.notNull())
          .addColumn('sop_version', 'text', (c) => c.notNull())
          .addColumn('doc', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('cases_unit_status').on('cases').columns(['unit_id', 'status']).execute();
        await db.schema.createIndex('cases_reported_at').on('cases').column('reported_at').execute();
        await db.schema.createTable('logbook')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('unit_id', 'text')
          .addColumn('case_id', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('logbook_at').on('logbook').column('at').execute();
        await db.schema.createIndex('logbook_case').on('logbook').column('case_id').execute();
        await db.schema.createTable('logbook_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.insertInto('logbook_head' as never).values({ id: 1, seq: 0, hash: '0'.repeat(64) } as never).execute();
        await db.schema.createTable('logbook_checkpoints')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('signature', 'text', (c) => c.notNull())
          .execute();
        await appendOnlyTriggers(db, dialect, ['logbook', 'logbook_checkpoints']);
      },
    },
    '0002_auth': {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('user_mfa')
          .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
          .addColumn('secret_enc', 'text', (c) => c.notNull())
          .addColumn('enabled_at', 'text')
          .addColumn('recovery_hashes', 'text', (c) => c.notNull())
          .addColumn('last_used_step', 'integer')
          .execute();
        await db.schema.createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('mfa_passed', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
        await db.schema.createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema.createTable('login_failures')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('source_ip', 'text')
          .execute();
        await db.schema.alterTable('cases').addColumn('deviations', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        // Copies for listings, which return summaries without parsing each document.
        await db.schema.alterTable('cases').addColumn('system', 'text', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.alterTable('cases').addColumn('urgency', 'text', (c) => c.notNull().defaultTo('medium')).execute();
        await db.schema.createIndex('login_failures_user_at').on('login_failures').columns(['username', 'at']).execute();
      },
    },
    '0003_gateway': {
      async up(db: Kysely<unknown>) {
        // The gateway's own login to each target; the secret is sealed with the data key.
        await db.schema.createTable('target_credentials')
          .addColumn('target_id', 'text', (c) => c.primaryKey().references('targets.id'))
          .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('private_key', 'password')`))
          .addColumn('sealed', 'text', (c) => c.notNull())
          .addColumn('public_key', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
          .execute();
        await db.schema.createTable('gateway_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('target_id', 'text', (c) => c.notNull().references('targets.id'))
          .addColumn('workstation_id', 'text', (c) => c.notNull().references('workstations.id'))
          .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
          .addColumn('source_ip', 'text', (c) => c.notNull())
          .addColumn('key_fingerprint', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('ended_at', 'text')
          .addColumn('end_reason', 'text')
          // bigint: a long session can move more than 2^31 bytes.
          .addColumn('bytes_up', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('bytes_down', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('recordings', 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
        await db.schema.createIndex('gateway_sessions_case').on('gateway_sessions').column('case_id').execute();
        await db.schema.createIndex('gateway_sessions_ended_at').on('gateway_sessions').column('ended_at').execute();
      },
    },
    '0004_gateway_nodes': {
      async up(db: Kysely<unknown>) {
        // Several `jaga serve` nodes may share one store: each open session says which node carries
        // it and when that node last confirmed it, so only sessions of a node that is gone are closed.
        await db.schema.alterTable('gateway_sessions').addColumn('node_id', 'text').execute();
        await db.schema.alterTable('gateway_sessions').addColumn('heartbeat_at', 'text').execute();
      },
    },
    '0004_registry_lifecycle': {
      async up(db: Kysely<unknown>) {
        // Nothing the logbook names is deleted: users are deactivated, keys revoked (the row stays,
        // so a replaced key's history remains), workstations/networks/targets retired, grants revoked.
        // Who did it and why is in the logbook entry of the change.
        await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
        await db.schema.alterTable('users').addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('workstations').addColumn('retired_at', 'text').execute();
        await db.schema.alterTable('workstation_keys').addColumn('revoked_at', 'text').execute();
        await db.schema.alterTable('networks').addColumn('retired_at', 'text').execute();
        await db.schema.alterTable('targets').addColumn('retired_at', 'text').execute();
        await db.schema.alterTable('grants').addColumn('revoked_at', 'text').execute();
      },
    },
    '0005_user_language': {
      async up(db: Kysely<unknown>) {
        // The language a user reads Jaga in; null: whatever their client asks for (Accept-Language).
        await db.schema.alterTable('users').addColumn('language', 'text').execute();
      },
    },
    '0006_network_units': {
      async up(db: Kysely<unknown>) {
        // A national unit (LKPP): its networks admit access to every unit's targets; any other
        // unit's networks to that unit's targets only. An office network with a public range must
        // be confirmed as such (public_office) and is shown with a warning.
        await db.schema.alterTable('units').addColumn('national', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable('networks').addColumn('public_office', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        // Every network now belongs to a unit. A network without one was LKPP-wide (office LKPP,
        // VPN, or registered without --unit): it admitted access to every unit's targets, which is
        // what a network of the national unit does. So each goes to the unit coded `lkpp`, marked
        // national, or to one created for them (`lkpp`, LKPP, Asia/Jakarta) when there is none.
        // Without such networks nothing is created or marked: the operator marks a unit national.
        const orphans = await sql<{ n: number | string }>`select count(*) as n from networks where unit_id is null`.execute(db);
        if (Number(orphans.rows[0]?.n ?? 0) > 0) {
          const lkpp = (await sql<{ id: string }>`select id from units where code = 'lkpp'`.execute(db)).rows[0];
          const unitId = lkpp?.id ?? randomUUID();
          if (lkpp) await sql`update units set national = 1 where id = ${unitId}`.execute(db);
          else {
            await sql`insert into units (id, code, name, time_zone, national, created_at)
              values (${unitId}, 'lkpp', 'LKPP', 'Asia/Jakarta', 1, ${new Date().toISOString()})`.execute(db);
          }
          await sql`update networks set unit_id = ${unitId} where unit_id is null`.execute(db);
        }
        // And stays so. SQLite cannot add NOT NULL to an existing column without rebuilding the
        // table (which gateway_sessions references), so there triggers refuse a null instead.
        if (dialect === 'postgres') {
          await db.schema.alterTable('networks').alterColumn('unit_id', (c) => c.setNotNull()).execute();
        } else {
          for (const op of ['INSERT', 'UPDATE']) {
            await sql.raw(`CREATE TRIGGER networks_unit_required_${op.toLowerCase()} BEFORE ${op} ON networks
              WHEN NEW.unit_id IS NULL BEGIN SELECT RAISE(ABORT, 'networks.unit_id is required: every network belongs to a unit'); END`).execute(db);
          }
        }
      },
    },
    '0007_enrolment_codes': {
      async up(db: Kysely<unknown>) {
        // One-time codes a superadmin or the unit's koordinator issues for a first TOTP enrolment;
        // only their hash is kept.
        await db.schema.createTable('enrolment_codes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('code_hash', 'text', (c) => c.notNull().unique())
          .addColumn('issued_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('issued_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .execute();
        await db.schema.createIndex('enrolment_codes_user').on('enrolment_codes').column('user_id').execute();
        // The gateway's TOTP grace: when a user last passed a code at the gateway with one key from
        // one address. In the store, so that every node sees it.
        await db.schema.createTable('gateway_totp_grace')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('key_fingerprint', 'text', (c) => c.notNull())
          .addColumn('source_ip', 'text', (c) => c.notNull())
          .addColumn('passed_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('gateway_totp_grace_pk', ['user_id', 'key_fingerprint', 'source_ip'])
          .execute();
      },
    },
    '0008_gateway_sessions_started': {
      async up(db: Kysely<unknown>) {
        // The sessions search pages newest first: read backwards along this index, not sorted whole.
        await db.schema.createIndex('gateway_sessions_started').on('gateway_sessions').columns(['started_at', 'id']).execute();
      },
    },
    '0009_sop_evaluation_notes': {
      async up(db: Kysely<unknown>) {
        // Tabel 7 of the SOP evaluation: what the assessor wrote per unit, period and step (every
        // change is also a logbook entry, with what it replaced).
        await db.schema.createTable('sop_evaluation_notes')
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('period_from', 'text', (c) => c.notNull())
          .addColumn('period_to', 'text', (c) => c.notNull())
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('assessment', 'text')
          .addColumn('reason', 'text')
          .addColumn('notes', 'text')
          .addColumn('action', 'text')
          .addColumn('assessor_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sop_evaluation_notes_pk', ['unit_id', 'period_from', 'period_to', 'step'])
          .execute();
        // A unit's evaluation reads its cases of a period in report order, page by page, and of
        // each only its timing (CaseTiming, a few hundred bytes), not the whole document.
        await db.schema.createIndex('cases_unit_reported').on('cases').columns(['unit_id', 'reported_at', 'id']).execute();
        await db.schema.alterTable('cases').addColumn('timing', 'text').execute();
        const rows = db as unknown as Kysely<{ cases: { id: string; doc: string; timing: string | null } }>;
        for (;;) {
          const batch = await rows.selectFrom('cases').select(['id', 'doc']).where('timing', 'is', null).limit(500).execute();
          if (batch.length === 0) break;
          for (const r of batch) {
            const c = { returns: [], corrections: [], ...(JSON.parse(r.doc) as object) } as unknown as RepairCase;
            await rows.updateTable('cases').set({ timing: JSON.stringify(caseTiming(c)) }).where('id', '=', r.id).execute();
          }
        }
      },
    },
    '0010_logbook_type': {
      async up(db: Kysely<unknown>) {
        // Entries of one type in order (`listOfType`): the public check of a printed form's code pages
        // through `report.form_issued` along this index instead of scanning the whole logbook.
        await db.schema.createIndex('logbook_type_seq').on('logbook').columns(['type', 'seq']).execute();
      },
    },
    '0011_notifications': {
      async up(db: Kysely<unknown>) {
        // The outbox (issue 13): one row per notification, written in the transaction of what caused
        // it; `dedupe_key` makes a timer's notification (a threshold, a digest) exist once however
        // often and on however many nodes the timer runs. `fanned_out_at`: the worker wrote its deliveries.
        await db.schema.createTable('notifications')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('occurred_at', 'text', (c) => c.notNull())
          // No foreign keys: a notification tells what happened, also about a case id a refusal merely
          // named, and it must not stop the logbook's checks from finding a case row deleted in SQL.
          .addColumn('unit_id', 'text')
          .addColumn('case_id', 'text')
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
          .addColumn('fanned_out_at', 'text')
          .execute();
        await db.schema.createIndex('notifications_pending').on('notifications').columns(['fanned_out_at', 'occurred_at']).execute();
        await db.schema.createIndex('notifications_case').on('notifications').columns(['case_id']).execute();
        // One row per notification, channel and recipient: what the worker delivers, retries and dead-letters.
        await db.schema.createTable('notification_deliveries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('recipient', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('detail', 'text')
          .addColumn('claimed_by', 'text')
          .addColumn('claimed_until', 'text')
          .addColumn('delivered_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('notification_deliveries_once', ['notification_id', 'channel', 'recipient'])
          .execute();
        await db.schema.createIndex('notification_deliveries_due').on('notification_deliveries').columns(['status', 'next_attempt_at']).execute();
      },
    },
    '0012_email_subscriptions': {
      async up(db: Kysely<unknown>) {
        // Email notifications (issue 13): each user's address, a unit's overrides of the default
        // subscriptions (per role and event; the defaults are data in domain/notification/) and
        // each user's mutes. Not unique: a team may share one mailbox.
        await db.schema.alterTable('users').addColumn('email', 'text').execute();
        await db.schema.createTable('notification_overrides')
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('notification_overrides_pk', ['unit_id', 'role', 'event'])
          .execute();
        await db.schema.createTable('notification_mutes')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('muted_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('notification_mutes_pk', ['user_id', 'event'])
          .execute();
        // The email channel reads one event's mutes per notification.
        await db.schema.createIndex('notification_mutes_event').on('notification_mutes').columns(['event', 'user_id']).execute();
      },
    },
    '0013_webhooks': {
      async up(db: Kysely<unknown>) {
        // Webhook endpoints (issue 13): where a unit's notifications go (unit_id null: every unit's),
        // the events taken (JSON: "all" or an array), the signing secret sealed with the data key.
        // Retired, never deleted: the logbook and the delivery log name them.
        await db.schema.createTable('webhook_endpoints')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('unit_id', 'text', (c) => c.references('units.id'))
          .addColumn('events', 'text', (c) => c.notNull())
          .addColumn('sealed_secret', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('secret_rotated_at', 'text')
          .addColumn('retired_at', 'text')
          .execute();
        await db.schema.createIndex('webhook_endpoints_unit').on('webhook_endpoints').columns(['unit_id', 'retired_at']).execute();
      },
    },
    '0014_intake': {
      async up(db: Kysely<unknown>) {
        // Alertmanager integrations: each opens cases in its unit as its own user row (which cannot sign in).
        await db.schema.createTable('intake_integrations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
          .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id'))
          .addColumn('mapping', 'text', (c) => c.notNull())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('secret_rotated_at', 'text', (c) => c.notNull())
          .addColumn('retired_at', 'text')
          .execute();
        // One row per alert (fingerprint + start) an integration opened a case for: the primary key
        // de-duplicates repeats, and a concurrent second delivery waits for the first and sees its row.
        // No foreign key to cases: the row is written just before its case, in the same transaction.
        await db.schema.createTable('intake_alerts')
          .addColumn('integration_id', 'text', (c) => c.notNull().references('intake_integrations.id'))
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('starts_at', 'text', (c) => c.notNull())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('alertname', 'text')
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('ends_at', 'text')
          .addColumn('resolved_at', 'text')
          .addPrimaryKeyConstraint('intake_alerts_pk', ['integration_id', 'fingerprint', 'starts_at'])
          .execute();
        await db.schema.createIndex('intake_alerts_case').on('intake_alerts').columns(['case_id']).execute();
      },
    },
    // Recordings in S3-compatible object storage (issue 14): each upload, its node, its parts and their hashes.
    '0015_recording_uploads': {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('recording_uploads')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('node_id', 'text', (c) => c.notNull())
          .addColumn('upload_id', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          // JSON array of { number, bytes, sha256, etag }, in part-number order.
          .addColumn('parts', 'text', (c) => c.notNull())
          // JSON { start, bytes, sha256 } of the tail object (the bytes after the last whole part), or null.
          .addColumn('tail', 'text')
          .addColumn('sha256', 'text')
          .addColumn('bytes', 'bigint')
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .execute();
        // The sweeper and listings look for the uploads still being written.
        await db.schema.createIndex('recording_uploads_state').on('recording_uploads').columns(['state', 'key']).execute();
      },
    },
    '0016_case_list_indexes': {
      async up(db: Kysely<unknown>) {
        // The case list filtered by status, newest first (and its capped count), along an index at 1 M cases.
        await db.schema.createIndex('cases_status_reported').on('cases').columns(['status', 'reported_at', 'id']).execute();
      },
    },
  };
}

/**
 * Triggers that refuse UPDATE and DELETE. Trigger syntax differs per dialect and Kysely's
 * schema builder has no trigger support, so this is the one place that branches on dialect.
 */
async function appendOnlyTriggers(db: Kysely<unknown>, dialect: Dialect, tables: string[]): Promise<void> {
  for (const t of tables) {
    if (dialect === 'sqlite') {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql.raw(`CREATE TRIGGER ${t}_no_${op.toLowerCase()} BEFORE ${op} ON ${t}
          BEGIN SELECT RAISE(ABORT, '${t} is append-only: ${op} refused'); END`).execute(db);
      }
    } else {
      await sql.raw(`CREATE OR REPLACE FUNCTION jaga_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$`).execute(db);
      await sql.raw(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t}
        FOR EACH ROW EXECUTE FUNCTION jaga_append_only()`).execute(db);
      await sql.raw(`CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION jaga_append_only()`).execute(db);
    }
  }
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
