/* eslint-disable @typescript-eslint/no-empty-object-type -- `{}` in ErrorParams says a message needs no value */
import type { CaseAction } from './auth/case.policy.js';
import type { A2Field } from './case/a2-documentation.js';
import type { CaseStepAction } from './case/case-lifecycle.js';
import type { CaseStatus } from './case/repair-case.js';
import type { StepCode, Text } from './sop/sop-definition.js';

/** The values of a `case.forbidden.*` refusal (the actor's role does not allow the action). */
export interface CaseForbiddenParams { readonly username: string; readonly role: string; readonly action: CaseAction }

/**
 * Every stable error code and the values its message needs. The words themselves live in one
 * catalogue outside the domain (`src/messages/error-messages.ts`), which must cover every code here
 * (the compiler checks it). Add a code to its area's section; `{}` means the message needs no value.
 */
export interface ErrorParams {
  // ── access (A1 rules, gateway decisions) ─────────────────────────────────────────────
  // Addresses and CIDRs (domain/access/cidr.ts).
  'ip.invalid': { text: string };
  'network.cidr_invalid': { text: string; problem: CidrProblem; bits: number };
  // A1 refusals: each maps to one provision (A1_PROVISION_OF in domain/access/a1-rules.ts).
  'access.key_not_registered': { fingerprint: string; username: string };
  'access.workstation_not_owned': { assetTag: string };
  'access.workstation_other_user': { assetTag: string };
  'access.source_unregistered': { sourceIp: string };
  'access.network_public': { network: string };
  'access.source_outside_network': { sourceIp: string; network: string; cidrs: readonly string[] };
  /** `target` when the account is a registered target's; without it, an account being registered. */
  'access.root_account': { account: string; target?: string };
  'access.user_inactive': { username: string };
  'access.password_change_required': { username: string };
  'access.workstation_retired': { assetTag: string };
  'access.network_retired': { network: string };
  'access.target_retired': { target: string };
  'access.executor_not_authorised': { username: string; target: string | null };
  'access.target_unregistered': { target: string };
  /** `waiting`: the executor's case for the target not yet at B3 (its B2 A1 checks failed, or B2 not done); null: none. */
  'access.no_open_case': { username: string; target: string; waiting?: { caseId: string; a1Failed: boolean } | null };
  'access.b5_requires_intranet': { network: string };
  'access.network_insecure': { network: string };
  // Second factor at the gateway (app/access/authorize-gateway-access.ts).
  'access.totp_not_enrolled': { username: string };
  // What B2 records when a provision is met.
  'access.a1a_met': { assetTag: string };
  'access.a1b_met': { network: string; kind: string };
  'access.a1c_met': { account: string };
  'access.a1c_deferred': Record<never, never>;
  'access.a1d_met': { username: string; role: string };
  'access.a1e_met': { network: string };
  // The gateway's refusal names the provision; its words are those of the rule that refused.
  'gateway.A1a': GatewayRefusalParams;
  'gateway.A1b': GatewayRefusalParams;
  'gateway.A1c': GatewayRefusalParams;
  'gateway.A1d': GatewayRefusalParams;
  'gateway.A1e': GatewayRefusalParams;
  // Recording accesses (app/case/record-access.ts).
  'access.id_reserved': Record<never, never>;
  'access.not_prepared': Record<never, never>;
  'access.ambiguous': { open: number };
  // Networks and units (domain/access/network-match.ts, a1-rules.ts row network_unit).
  /** `unit`: the code of the network's unit (its id when the unit record is gone). */
  'access.network_other_unit': { network: string; unit: string };



  // ── auth (sign-in, TOTP, tokens) ──────────────────────────────────────────────────────
  // Registry lifecycle (app/auth/change-password.ts, use-case.ts, http/server.ts):
  'auth.actor_deactivated': { username: string };
  'auth.password_change_required': {};
  'auth.current_password_wrong': {};
  'auth.unknown_actor': { who: string };
  'auth.actor_required': {};
  /** No credential (`none`), or a bearer token that is not valid (`token`). */
  'auth.required': { credential: 'none' | 'token' };
  'auth.origin_refused': {};
  'auth.csrf_failed': {};
  'auth.mfa_required': {};
  'auth.token_read_only': {};
  'auth.token_revoked': {};
  'auth.rate_limited': { retryAfterSeconds: number };
  /** `after`: what the wrong attempts were (passwords at sign-in, codes at TOTP). */
  'auth.locked': { after: 'password' | 'totp'; maxFailures: number; lockedUntil: string };
  'auth.invalid_credentials': { lockedUntil: string | null; attemptsLeft: number };
  'auth.totp_invalid': {};
  /** `stage`: a session's second factor, or an enrolment's confirmation. */
  'auth.totp_not_pending': { stage: 'session' | 'enrolment' };
  'auth.totp_not_enrolled': {};
  'auth.totp_already_enrolled': {};
  'token.not_found': { key: string };
  // Second factor and tokens (app/auth/second-factor.ts, enrolment-code.ts, api-tokens.ts, http/server.ts):
  'auth.totp_reused': {};
  /** `reason`: no such code (or another user's), already used, or expired. */
  'auth.enrolment_code_invalid': { reason: 'unknown' | 'used' | 'expired' };
  'auth.enrolment_code_forbidden': { username: string };
  'auth.token_outlives_parent': { expiresAt: string };
  'auth.token_scope_exceeded': { scope: string; parentScope: string };
  'auth.token_needs_totp_session': {};
  'auth.token_scope_not_allowed': { scope: string };
  'auth.metrics_scope_required': {};
  'auth.token_metrics_only': {};
  // The web UI's forms (src/web/): a form's hidden token missing or not the session's (or the
  // pre-sign-in cookie's), or an unsafe request whose Origin is another site.
  'auth.form_token_failed': {};



  // ── case (B1–B6 lifecycle, A2) ────────────────────────────────────────────────────────
  /** A move out of order: `already` when the case is past the step the move belongs to. */
  'case.wrong_step': { action: CaseStepAction; status: CaseStatus; step: StepCode | null; already: boolean };
  'case.a2_incomplete': { missing: readonly A2Field[] };
  'case.deviation_unexplained': { deviations: readonly { step: StepCode; overMinutes: number }[] };
  'case.self_approval': {};
  'deviation.none': { step: StepCode };
  'access.a1_failed': { failed: readonly { code: string; reason: Text }[] };
  'access.duplicate': { accessId: string };
  'access.before_first': {};
  'access.unknown': { accessId: string };
  'access.already_ended': { accessId: string };
  'access.end_before_start': {};
  'case.forbidden.report': CaseForbiddenParams;
  'case.forbidden.view': CaseForbiddenParams;
  'case.forbidden.acknowledge': CaseForbiddenParams;
  'case.forbidden.prepare': CaseForbiddenParams;
  'case.forbidden.access': CaseForbiddenParams;
  'case.forbidden.restore': CaseForbiddenParams;
  'case.forbidden.root_cause': CaseForbiddenParams;
  'case.forbidden.explain_deviation': CaseForbiddenParams;
  'case.forbidden.close': CaseForbiddenParams;
  'case.forbidden.approve': CaseForbiddenParams;
  'case.forbidden.cancel': CaseForbiddenParams;
  'case.not_found': { key: string };
  'case.target_other_unit': { target: string; unit: string };
  'case.executor_not_eligible': { username: string; role: string };
  'case.concurrent_change': {};
  // Kembalikan: the koordinator returns a closed case for correction (case-lifecycle returnForCorrection).
  'case.return_reason_required': {};
  'case.forbidden.return': CaseForbiddenParams;
  'case.not_returned': {};
  'case.correction_unchanged': {};
  'case.forbidden.correct': CaseForbiddenParams;
  // The evidence bundle (app/bundle/export-evidence-bundle.ts).
  'case.forbidden.export_bundle': CaseForbiddenParams;



  // ── registry (units, users, networks, workstations, targets, grants, credentials) ─────
  // Registry lifecycle (app/registry/*, domain/registry/*, domain/auth/registry.policy.ts):
  /** `what`: the registry the change was refused in (worded by the catalogue). */
  'registry.forbidden': { what: RegistryEntity };
  'registry.nothing_to_change': {};
  'user.password_too_short': { min: number };
  'user.password_same': {};
  'user.already_active': { username: string };
  'user.already_inactive': { username: string };
  'user.cannot_deactivate_self': {};
  'network.retired': { name: string };
  'target.retired': { name: string };
  'target.host_key_same': { fingerprint: string };
  'target.host_key_mismatch': { expected: string; scanned: string };
  /** `reason`: the SSH library's or the operating system's words for the failure. */
  'target.scan_failed': { host: string; port: number; reason: string };
  'workstation.retired': { assetTag: string };
  'workstation.key_not_found': { assetTag: string; fingerprint: string };
  'workstation.key_revoked': { fingerprint: string };
  'grant.already_revoked': { grantId: string };
  'unit.not_found': { key: string };
  'user.not_found': { key: string };
  'network.not_found': { key: string };
  'workstation.not_found': { key: string };
  'target.not_found': { key: string };
  'grant.not_found': { key: string };
  'user.role_unknown': { role: string };
  'registry.duplicate': { entity: DuplicateEntity; key: string };
  'target.credential_key_invalid': { problem: KeyFileProblem; detail?: string };
  'target.credential_key_encrypted': {};
  'grant.not_executor': { username: string; role: string };
  'grant.expired': {};
  /** `given`: which of generate, privateKey, password were given (none, or more than one). */
  'target.credential_choice': { given: readonly string[] };
  'target.credential_unreadable': {};
  'registry.bootstrap_only': {};
  'target.account_invalid': { account: string };
  'target.host_key_invalid': { fingerprint: string };
  'target.host_invalid': { host: string };
  'user.nip_invalid': {};
  'user.unit_required': { role: string };
  'unit.time_zone_invalid': { zone: string };
  'workstation.ssh_key_invalid': { problem: SshKeyLineProblem; type?: string };
  'network.kind_unknown': { kind: string };
  'network.cidr_required': {};
  'network.public_intranet': {};
  // Networks and units (domain/access/network-match.ts, domain/registry/network.ts).
  'network.overlap': {
    network: string; cidr: string; class: NetworkClassCode; other: string; otherCidr: string; otherClass: NetworkClassCode;
    otherRetired: boolean; problem: NetworkOverlapProblem;
  };
  'network.public_office_unconfirmed': { network: string; cidrs: readonly string[] };
  'network.unit_required': {};
  // The web UI's administration pages (src/web/admin-routes.ts):
  'registry.pages_forbidden': { role: string };



  // ── logbook and SOP ──────────────────────────────────────────────────────────────────
  'sop.not_found': { key: string };
  'logbook.empty': {};
  'logbook.checkpoint_unreadable': { file: string; reason: string };
  'logbook.checkpoint_invalid': { file: string };
  'logbook.export_format_invalid': Record<never, never>;
  'logbook.export_range_invalid': Record<never, never>;
  'logbook.time_bound_invalid': { option: string };
  'sop.lang_invalid': Record<never, never>;
  'logbook.forbidden': { role: string };
  // witnesses and the signing key (issue 10)
  'witness.location_invalid': { value: string };
  'witness.checkpoint_rewritten': { seq: number; witness: string };
  'witness.checkpoint_forged': { seq: number };
  'witness.unreachable': { witness: string; reason: string };
  'witness.answer_invalid': { witness: string };
  'config.checkpoint_interval_invalid': { value: string };
  'signing_key.unsafe_mode': { file: string; mode: string };
  'signing_key.unreadable': { file: string; reason: string };



  // ── recordings and gateway sessions ──────────────────────────────────────────────────
  'gateway_session.not_found': { key: string };
  'recording.not_found': { key: string };
  'recording.path_refused': { file: string };
  'recording.key_invalid': { key: string };
  'recording.exists': { key: string };
  'recording.not_finished': { key: string };
  'recording.range_invalid': { key: string; range: string; bytes: number };
  'gateway_session.forbidden.history': SessionRefusal;
  'gateway_session.forbidden.list': SessionRefusal;
  'gateway_session.forbidden.watch': SessionRefusal;
  'gateway_session.forbidden.terminate': SessionRefusal;
  'gateway_session.forbidden.recording': SessionRefusal;
  // the gateway's own connection to the target, and the login name (A1 itself is in the access section)
  'gateway.no_credential': { target: string };
  'gateway.target_host_key_mismatch': { target: string };
  'gateway.target_uid0': { target: string; account: string };
  'gateway.target_auth_failed': { target: string };
  'gateway.target_unreachable': { target: string };
  'gateway.login_name_invalid': Record<never, never>;
  'http.upgrade_required': {};
  // sealed input typed at secret prompts
  'gateway_session.forbidden.reveal_input': SessionRefusal;
  // any node watches and ends any session (issue 14): the node carrying it did not answer
  'gateway_session.node_unreachable': { node: string };



  // ── input, config, store, HTTP and CLI edges ─────────────────────────────────────────
  'store.backup_unsupported': { dialect: string };
  'input.required': { field: string };
  'input.too_long': { field: string; length: number; max: number };
  /** What the schema refused (the first five issues), or a request without usable path/body. */
  'input.invalid': { issues: readonly InputIssue[] } | { problem: 'path_parameter' | 'body_required' };
  'input.invalid_json': {};
  'config.seconds_invalid': { name: string; value: string };
  'config.node_id_invalid': { value: string };
  'config.address_invalid': { name: string; value: string };
  'config.trust_proxy_invalid': { value: string };
  'config.flag_invalid': { name: string; value: string };
  'config.data_dir_invalid': {};
  'config.database_url_invalid': { problem: 'not_a_url' | 'not_postgres' };
  // recording and transfer audit (issue 10)
  'config.bytes_invalid': { name: string; value: string; min: string; max: string };
  'store.not_migrated': { pending: number };
  'backup.exists': { file: string };
  'health.database_down': {};
  /** No such route, or a WebSocket upgrade to a route that has none. */
  'http.not_found': { method: string; path: string; websocket: boolean };
  'http.payload_too_large': {};
  'http.unsupported_media_type': {};
  'http.bad_request': { detail: string };
  'cli.unknown_command': { command: string };
  'cli.bad_arguments': { command: string; message: string };
  'cli.option_required': { option: string };
  'cli.argument_count': { command: string; expected: number; args: string | null; given: number };
  'cli.lang_invalid': { value: string; source: '--lang' | 'JAGA_LANG' };
  'cli.positive_integer': { option: string };
  /** `reason`: `exists`, or the system's error code (EACCES …). */
  'cli.file_create_failed': { file: string; reason: string };
  'cli.actor_required': {};
  /** `plural`: a command that reads several passwords (the words have always said so). */
  'cli.password_stdin_only': { plural: boolean };
  'cli.password_lines': { count: number };
  /** `reason`: the system's error code (ENOENT …), or empty. */
  'cli.key_file_unreadable': { file: string; reason: string };
  'cli.key_file_too_large': { file: string };
  /** `replacement`: the key that replaces one (`workstation replace-key`), or one to add. */
  'cli.one_ssh_key': { replacement: boolean };
  /** Two options that cannot be given together (both without their `--`). */
  'cli.options_exclusive': { first: string; second: string };
  'cli.expect_required': {};
  'cli.credential_choice': {};
  // sealed input: the masked-lines threshold
  'config.count_invalid': { name: string; value: string };
  // backup and restore (issue 14): jaga backup / jaga restore (src/main/backup-run.ts, src/adapters/backup/)
  'backup.passphrase_stdin_required': { command: 'backup' | 'restore' };
  'backup.passphrase_short': { min: number };
  'backup.passphrase_wrong': { file: string };
  /** `chunk`: the number of the first record that did not authenticate (from 0). */
  'backup.damaged': { file: string; reason: 'not_a_backup' | 'header' | 'chunk' | 'truncated' | 'contents'; chunk?: number };
  'backup.pg_tool_missing': { tool: string; major: number };
  'backup.pg_tool_failed': { tool: string; status: number; message: string };
  'restore.target_not_empty': { target: string };
  'restore.dialect_mismatch': { archive: string; target: string };
  /** `reason`: the system's error code (ENOENT …). */
  'restore.file_unreadable': { file: string; reason: string };
  'backup.secret_kind': { file: string; sealedWith: 'passphrase' | 'key' };
  'backup.key_wrong': { file: string };
  'backup.key_invalid': { file: string; want: 'public' | 'private'; reason: string };
  // ── reports: the Form Laporan and its check code ────────────────────────────────────
  /** The form documents a closed record: `status` is where the case is now. */
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  'report.case_not_closed': { status: import('./case/repair-case.js').CaseStatus };
  /** `code`: what was typed, as normalised (upper case, no separators). */
  'report.check_code_unknown': { code: string };
  'report.check_code_invalid': { code: string };
  // the evidence bundle (jaga verify-bundle): `reason` is the system's error code (ENOENT …)
  'cli.bundle_unreadable': { file: string; reason: string };
  // the Logbook document of a period (app/report/issue-logbook-report.ts, domain/report/logbook-period.ts)
  'report.date_invalid': { field: 'from' | 'to'; value: string };
  'report.period_reversed': { from: string; to: string };
  'report.period_too_long': { days: number; max: number };
  /** `unit`: the code asked for. */
  'report.unit_unknown': { unit: string };
  /** `unit`: the code asked for; null: every unit. */
  'report.logbook_unit_forbidden': { role: string; unit: string | null };
  // the public check of a printed form (/verify, GET /api/v1/reports/check/{code})
  'report.check_rate_limited': { retryAfterSeconds: number };
  'config.public_url_invalid': { value: string };
  // ── the SOP monitoring and evaluation (Tabel 7; app/report/issue-sop-evaluation.ts) ──────
  /** `problem`: what is wrong with the period asked for; `value`: what was given. */
  'report.period_invalid': { problem: 'month' | 'day' | 'reversed' | 'range_incomplete' | 'month_and_range'; value: string };
  /** `unit`: the unit asked for (null: all units). */
  'report.evaluation_forbidden': { role: string; unit: string | null };
  'report.evaluation_notes_forbidden': { role: string };
  /** Notes belong to one unit's evaluation: all units together have none. */
  'report.evaluation_unit_required': {};
  'report.override_reason_required': { step: string };
  'config.percent_invalid': { name: string; value: string };
  // ── notifications: email addresses, subscriptions, mutes, SMTP (issue 13, email) ────────
  /** `email`: what was given (at most 80 characters); `problem`: what is wrong with it. */
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  'user.email_invalid': { email: string; problem: import('./registry/email-address.js').EmailProblem };
  /** `change`: muting it (a user) or turning it off (a unit's override). */
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  'notification.mandatory': { event: import('./notification/notification-event.js').NotificationEventType; role: string; change: 'mute' | 'turn_off' };
  'notification.subscriptions_forbidden': { role: string };
  /** `name`: the environment variable; its value is never repeated (it may hold a password). */
  'config.smtp_url_invalid': { name: string; problem: 'not_a_url' | 'scheme' | 'host' | 'port' | 'path' };
  'config.mail_from_invalid': { name: string };
  /** JAGA_SMTP_URL is set without JAGA_MAIL_FROM (or the other way round). */
  'config.mail_incomplete': { missing: string };
  /** A CLI command takes exactly one of these options (`--email` / `--clear`, `--on` / `--off` / `--default`). */
  'cli.exactly_one_option': { options: readonly string[] };
  // ── notifications: the outbox, its delivery log and retry by hand (issue 13) ─────────
  'config.notify_thresholds_invalid': { value: string };
  'notification_delivery.not_found': { key: string };
  /** Who may see the delivery log and retry: the superadmin, a koordinator for their unit. */
  'notification.forbidden': { role: string };
  /** Only a dead-lettered delivery is retried by hand. */
  'notification.not_dead': { id: string; status: string };
  // ── recordings in S3-compatible object storage (issue 14) ──
  /** JAGA_RECORDINGS_URL is not `s3://bucket[/prefix]` (`value`: what was given, without any credential). */
  'config.recordings_url_invalid': { value: string };
  /** A variable the object storage needs is not set (`name`: the JAGA_S3_* name, `alias`: the AWS_* one also read). */
  'config.s3_variable_missing': { name: string; alias: string };
  /** JAGA_S3_ENDPOINT (or AWS_ENDPOINT_URL_S3) is not an http(s) URL without path, query or credentials. */
  'config.s3_endpoint_invalid': { name: string; value: string };
  /** A recording being written on another `jaga serve` node: its bytes are in that node's spool until it finishes. */
  'recording.held_by_node': { key: string; node: string };
  /** A recording whose node died before any part reached the object storage: its upload was aborted, nothing is left. */
  'recording.upload_aborted': { key: string; node: string };
  // ── Alertmanager intake (issue 13; app/intake/*, domain/auth/intake.policy.ts, http/routes/intake.routes.ts) ──
  'intake.forbidden': { role: string };
  'intake_integration.not_found': { key: string };
  /** A webhook without the integration's bearer secret (missing, wrong, or an integration that is not there: one answer for all). */
  'intake.unauthorised': { integration: string };
  'intake.integration_retired': { integration: string };
  'intake.already_retired': { integration: string };
  /** An integration's identity authenticates only by the integration's bearer secret: it is given no password. */
  'intake.identity_without_password': { username: string };
  /** Nor an API token: it acts only through its webhook. */
  'intake.identity_without_token': { username: string };
  /** `intake.<name>` names integrations' identities only. */
  'intake.username_reserved': { username: string };
  /** A transient storage failure (database busy, connection lost): the same request may succeed later. */
  'store.unavailable': {};
  // ── webhook endpoints (issue 13; domain/notification/webhook-endpoint.ts, app/notification/webhook-endpoints.ts) ──
  /** `url`: what was given (without any password in it), at most 200 characters. */
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  'webhook.url_invalid': { url: string; problem: import('./notification/webhook-endpoint.js').WebhookUrlProblem };
  /** `unit`: the unit's code the endpoint is for; null: LKPP-wide (every unit), or none named. */
  'webhook.forbidden': { role: string; unit: string | null };
  'webhook.not_found': { key: string };
  'webhook.retired': { id: string };
  'config.webhook_timeout_invalid': { name: string; value: string; min: number; max: number };
  // ── operations (issue 14: no half-start, logs; src/main/serve-run.ts, src/config/ops-config.ts) ──
  /** A listener of `jaga serve` could not start; `variable` is the setting that moves it. `problem` from the system's error (`cause`: its code). */
  'serve.listen_failed': { variable: 'JAGA_HTTP_ADDR' | 'JAGA_SSH_ADDR' | 'JAGA_METRICS_ADDR'; address: string; problem: 'in_use' | 'permission' | 'not_local' | 'unresolvable' | 'other'; cause: string };
  'config.log_level_invalid': { name: 'JAGA_LOG_LEVEL' | '--log-level'; value: string; levels: string };
}

/** Something looked up by a key that may be missing: its code is `<entity>.not_found` (`http.not_found` is a route). */
export type NotFoundEntity = Exclude<Extract<keyof ErrorParams, `${string}.not_found`> extends `${infer E}.not_found` ? E : never, 'http'>;

/** What a duplicate key clashes with (`registry.duplicate`). */
/** A registry the superadmin keeps (`registry.forbidden`). */
export type RegistryEntity = 'unit' | 'user' | 'network' | 'workstation' | 'target' | 'grant';

export type DuplicateEntity = 'unit' | 'user' | 'network' | 'ssh_key' | 'workstation_asset_tag' | 'target' | 'intake_integration';

/** Why a supplied SSH private key cannot be used (`detail`: the parser's own words, for `damaged`). */
export type KeyFileProblem = 'damaged' | 'pkcs8' | 'several_keys' | 'public_key';

/** Why an OpenSSH public key line was refused (`type`: the key type given, for `type_unsupported`). */
export type SshKeyLineProblem = 'format' | 'type_unsupported' | 'base64';

/** Who was refused a gateway-session action. */
export interface SessionRefusal { readonly username: string; readonly role: string }

/** One refused input value, as the catalogue words it (`field` is the dotted path, `input` for the whole). */
export type InputIssue =
  | { readonly kind: 'too_big'; readonly field: string; readonly maximum: string }
  | { readonly kind: 'too_small'; readonly field: string; readonly minimum: string }
  | { readonly kind: 'missing'; readonly field: string }
  | { readonly kind: 'wrong_type'; readonly field: string; readonly expected: string }
  | { readonly kind: 'not_one_of'; readonly field: string; readonly values: readonly string[] }
  | { readonly kind: 'unknown_fields'; readonly keys: readonly string[] }
  /** `format`: the format's name, or the schema's own description of a pattern. */
  | { readonly kind: 'bad_format'; readonly field: string; readonly format: string }
  | { readonly kind: 'other'; readonly field: string; readonly detail: string };

/** A stable machine code, e.g. `case.wrong_step`. */
export type ErrorCode = keyof ErrorParams;

/** The values a code's message needs (omitted when it needs none). */
export type ParamsArg<C extends ErrorCode> = keyof ErrorParams[C] extends never ? [params?: ErrorParams[C]] : [params: ErrorParams[C]];

// ── access: types of the values above ───────────────────────────────────────────────
/** Why a CIDR text was refused. */
export type CidrProblem = 'format' | 'address' | 'prefix_not_number' | 'prefix_too_long' | 'host_bits';
/**
 * Why two networks' ranges cannot both be registered: the same range in different classes, the same
 * range twice, or a range inside another that is looser than it (or, seen from the other side, a
 * range that would hold a looser one).
 */
export type NetworkOverlapProblem = 'equal_prefix' | 'duplicate' | 'looser_inside' | 'looser_within';
/** Restrictiveness classes, most restrictive first (domain/access/network-match.ts `NETWORK_CLASSES`). */
export type NetworkClassCode = 'public' | 'non_intranet' | 'intranet';
/** The values of a gateway refusal: the A1 rule's own refusal (its words are the rule's). */
export interface GatewayRefusalParams {
  // An inline type import keeps this file's head free of imports (every area edits this file).
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  readonly refusal: import('./access/a1-rules.js').A1Refusal;
}
