import type { ColumnType, Selectable } from 'kysely';

/*
 * Table types in one place; row types derive from them. Times are ISO-8601 UTC text
 * (`2026-11-28T03:00:00.000Z`) in both dialects: they sort correctly as text and read back
 * identically from SQLite and PostgreSQL. Booleans are 0/1 integers for the same reason.
 */
export interface SopVersionTable { code: string; version: string; effective_on: string; definition: string; created_at: string }
export interface UnitTable {
  id: string; code: string; name: string; time_zone: string; created_at: string;
  /** 0/1: a national unit (LKPP) whose networks admit access to every unit's targets (migration 0006). */
  national: ColumnType<number, number | undefined, number>;
}
export interface UserTable {
  id: string; username: string; display_name: string; role: string; unit_id: string | null; nip: string | null;
  password_hash: string; active: number; created_at: string;
  /** 0004_registry_lifecycle */
  deactivated_at: ColumnType<string | null, string | null | undefined, string | null>;
  password_change_required: ColumnType<number, number | undefined, number>;
  /** `id` | `en`; null: no preference (migration 0005). */
  language: string | null;
  /** Normalised email address; null: none (migration 0012). */
  email: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface NetworkTable {
  /** `unit_id` is never null after migration 0006 (NOT NULL on PostgreSQL, triggers on SQLite). */
  id: string; name: string; unit_id: string; kind: string; cidrs: string; intranet: number; created_at: string;
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 0/1: an office network with a public range, confirmed on purpose (migration 0006). */
  public_office: ColumnType<number, number | undefined, number>;
}
export interface WorkstationTable {
  id: string; asset_tag: string; serial_number: string; owner_unit_id: string | null; assigned_user_id: string | null;
  organisation_owned: number; created_at: string;
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface WorkstationKeyTable {
  fingerprint: string; workstation_id: string; public_key: string; created_at: string;
  revoked_at: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface TargetTable {
  id: string; name: string; unit_id: string; host: string; port: number; login_account: string;
  host_key_fingerprint: string; created_at: string;
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface GrantTable {
  id: string; user_id: string; unit_id: string; target_id: string | null; valid_until: string | null; created_at: string;
  revoked_at: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface CaseTable {
  id: string; unit_id: string; target_id: string | null; status: string; executor_id: string | null;
  reported_at: string; updated_at: string; revision: number; sop_code: string; sop_version: string; deviations: number;
  system: string; urgency: string;
  /** The whole aggregate as JSON; the columns above are copies for filtering. */
  doc: string;
  /** `CaseTiming` as JSON, for reports over a period (migration 0009; null only in a row written before it, until migrated). */
  timing: ColumnType<string | null, string | undefined, string>;
}
export interface LogbookTable {
  seq: number; at: string; type: string; actor_id: string | null; unit_id: string | null; case_id: string | null;
  data: string; prev_hash: string; hash: string;
}
export interface LogbookHeadTable { id: number; seq: number; hash: string }
export interface LogbookCheckpointTable { seq: number; hash: string; at: string; key_id: string; signature: string }

export interface Database extends AuthTables, GatewayTables, WebhookTables, IntakeTables, RecordingUploadTables, NotificationTables, NotificationSubscriptionTables {
  sop_versions: SopVersionTable;
  units: UnitTable;
  users: UserTable;
  networks: NetworkTable;
  workstations: WorkstationTable;
  workstation_keys: WorkstationKeyTable;
  targets: TargetTable;
  grants: GrantTable;
  cases: CaseTable;
  logbook: LogbookTable;
  logbook_head: LogbookHeadTable;
  logbook_checkpoints: LogbookCheckpointTable;
}

export type UserRow = Selectable<UserTable>;
export type CaseRow = Selectable<CaseTable>;
export type LogbookRow = Selectable<LogbookTable>;

export interface UserMfaTable {
  user_id: string;
  /** TOTP secret, AES-256-GCM encrypted with the installation's data key. */
  secret_enc: string;
  enabled_at: string | null;
  /** JSON array of SHA-256 hashes of unused recovery codes. */
  recovery_hashes: string;
  last_used_step: number | null;
}
export interface SessionTable {
  id_hash: string; user_id: string; csrf_token: string; mfa_passed: number; created_at: string; expires_at: string;
  last_seen_at: string; revoked_at: string | null;
}
export interface ApiTokenTable {
  id: string; user_id: string; name: string; token_hash: string; scope: string; created_at: string; expires_at: string;
  revoked_at: string | null; last_used_at: string | null;
}
export interface LoginFailureTable { id: string; username: string; at: string; source_ip: string | null }

export interface EnrolmentCodeTable {
  id: string; user_id: string; code_hash: string; issued_by: string; issued_at: string; expires_at: string; used_at: string | null;
}
export interface GatewayTotpGraceTable { user_id: string; key_fingerprint: string; source_ip: string; passed_at: string }

export interface AuthTables {
  enrolment_codes: EnrolmentCodeTable;
  gateway_totp_grace: GatewayTotpGraceTable;
  user_mfa: UserMfaTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
}

export interface TargetCredentialTable {
  target_id: string;
  kind: 'private_key' | 'password';
  /** The private key or password, AES-256-GCM sealed with the installation's data key. */
  sealed: string;
  public_key: string | null;
  updated_at: string;
  updated_by: string;
}
/** PostgreSQL returns bigint as a string (it may exceed 2^53); the repository maps it to a number. */
type BigIntColumn = ColumnType<number | string, number | undefined, number>;
export interface GatewaySessionTable {
  id: string; case_id: string; unit_id: string; user_id: string; target_id: string; workstation_id: string; network_id: string;
  source_ip: string; key_fingerprint: string; started_at: string; ended_at: string | null; end_reason: string | null;
  bytes_up: BigIntColumn; bytes_down: BigIntColumn;
  /** JSON array of SessionRecording. */
  recordings: ColumnType<string, string | undefined, string>;
  /** The `jaga serve` node carrying the session, and when it last said the session is alive (0004). */
  node_id: string | null;
  heartbeat_at: string | null;
}
export type GatewaySessionRow = Selectable<GatewaySessionTable>;

export interface GatewayTables {
  target_credentials: TargetCredentialTable;
  gateway_sessions: GatewaySessionTable;
  sop_evaluation_notes: SopEvaluationNoteTable;
}

/** Tabel 7's notes of the SOP evaluation (migration 0009): one row per unit, period and step. */
export interface SopEvaluationNoteTable {
  unit_id: string; period_from: string; period_to: string; step: string;
  assessment: string | null; reason: string | null; notes: string | null; action: string | null;
  assessor_id: string; updated_at: string;
}

/** Webhook endpoints (migration 0013_webhooks). */
export interface WebhookEndpointTable {
  id: string; url: string; unit_id: string | null;
  /** JSON: `"all"` or an array of event types. */
  events: string;
  /** The `whsec_…` signing secret, AES-256-GCM sealed with the installation's data key. */
  sealed_secret: string;
  created_by: string; created_at: string; secret_rotated_at: string | null; retired_at: string | null;
}
export interface WebhookTables { webhook_endpoints: WebhookEndpointTable }
/** Alertmanager intake (migration 0014_intake): integrations and the alerts they received. */
export interface IntakeIntegrationTable {
  id: string; name: string; unit_id: string; user_id: string;
  /** The LabelMapping as JSON. */
  mapping: string;
  /** SHA-256 (hex) of the bearer secret; the secret itself is shown once and never stored. */
  secret_hash: string;
  created_by: string; created_at: string; secret_rotated_at: string; retired_at: string | null;
}
export interface IntakeAlertTable {
  integration_id: string; fingerprint: string; starts_at: string; case_id: string; alertname: string | null;
  received_at: string; ends_at: string | null; resolved_at: string | null;
}
export interface IntakeTables {
  intake_integrations: IntakeIntegrationTable;
  intake_alerts: IntakeAlertTable;
}
/** An upload of a recording to object storage (migration 0015_recording_uploads). */
export interface RecordingUploadTable {
  key: string; node_id: string; upload_id: string | null; state: string;
  /** JSON array of UploadedPart. */
  parts: string;
  /** JSON UploadedTail, or null. */
  tail: string | null;
  sha256: string | null; bytes: BigIntColumn | null;
  started_at: string; updated_at: string; finished_at: string | null;
}
export interface RecordingUploadTables {
  recording_uploads: RecordingUploadTable;
}
/** The notification outbox (migration 0011_notifications). */
export interface NotificationTable {
  id: string; type: string; occurred_at: string; unit_id: string | null; case_id: string | null;
  /** JSON object of flat values. */
  data: string; dedupe_key: string;
  fanned_out_at: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface NotificationDeliveryTable {
  id: string; notification_id: string; channel: string; recipient: string; status: string;
  attempts: ColumnType<number, number | undefined, number>; next_attempt_at: string;
  last_error: string | null; detail: string | null; claimed_by: string | null; claimed_until: string | null; delivered_at: string | null;
  created_at: string; updated_at: string;
}
export interface NotificationTables {
  notifications: NotificationTable;
  notification_deliveries: NotificationDeliveryTable;
}
/** A unit's override of the default subscriptions (migration 0012): one row per unit, role and event; `enabled` 0/1. */
export interface NotificationOverrideTable {
  unit_id: string; role: string; event: string; enabled: number; updated_by: string; updated_at: string;
}
/** A user's mute of one event (migration 0012). */
export interface NotificationMuteTable { user_id: string; event: string; muted_at: string }

export interface NotificationSubscriptionTables {
  notification_overrides: NotificationOverrideTable;
  notification_mutes: NotificationMuteTable;
}
