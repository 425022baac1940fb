import type {
  ApiTokenRepository, EnrolmentCodeRepository, LoginFailureRepository, MfaRepository, SessionRepository, TotpGraceRepository,
} from './auth-repositories.js';
import type { EndReason } from '../domain/access/end-reason.js';
import type { CaseVisibility } from '../domain/auth/case.policy.js';
import type { CaseSummary, RepairCase } from '../domain/case/repair-case.js';
import type { Checkpoint } from '../domain/logbook/checkpoint.js';
import type { LogbookEntry } from '../domain/logbook/logbook-entry.js';
import type { Grant } from '../domain/registry/grant.js';
import type { Network } from '../domain/registry/network.js';
import type { Target } from '../domain/registry/target.js';
import type { LpseUnit } from '../domain/registry/unit.js';
import type { User, UserLanguage } from '../domain/registry/user.js';
import type { Workstation } from '../domain/registry/workstation.js';
import type { CaseTiming } from '../domain/report/case-timing.js';
import type { EvaluationNote } from '../domain/report/evaluation-note.js';
import type { SopDefinition } from '../domain/sop/sop-definition.js';
import type { NotificationSubscriptionRepository } from './notification-subscriptions.js';
import type { NotificationRepository } from './notification-outbox.js';
import type { IntakeRepository } from './intake-repositories.js';
import type { WebhookEndpoint } from '../domain/notification/webhook-endpoint.js';

/**
 * Repositories seen inside one transaction. Each lookup names its key (`findById`, `findByName` …)
 * and returns undefined when absent; `findByIdOr…` is for what a person typed, which may be either
 * (ids are generated and never look like a name). `insert…` throws a `conflict` DomainError on a
 * duplicate unique key.
 */
export interface UnitRepository {
  insert(u: LpseUnit): Promise<void>;
  findById(id: string): Promise<LpseUnit | undefined>;
  findByCode(code: string): Promise<LpseUnit | undefined>;
  /** A unit a person named: by its code, or its id. */
  findByIdOrCode(idOrCode: string): Promise<LpseUnit | undefined>;
  list(): Promise<LpseUnit[]>;
}

export interface UserRepository {
  insert(u: User, passwordHash: string): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByUsername(username: string): Promise<User | undefined>;
  /** A user a person named: by username, or id. */
  findByIdOrUsername(idOrUsername: string): Promise<User | undefined>;
  findPasswordHash(userId: string): Promise<string | undefined>;
  /** Sets (or with null clears) the user's language preference. */
  setLanguage(userId: string, language: UserLanguage | null): Promise<void>;
  list(filter?: { unitId?: string }): Promise<User[]>;
  /** Deactivates (with the time) or reactivates a user; the row stays. */
  setActive(userId: string, active: boolean, at: string): Promise<void>;
  /** Replaces the password hash; `changeRequired`: sign-in then allows only changing it. */
  setPassword(userId: string, passwordHash: string, changeRequired: boolean): Promise<void>;
  /** Sets (or with null clears) the user's email address, already normalised. */
  setEmail(userId: string, email: string | null): Promise<void>;
}

export interface NetworkRepository {
  insert(n: Network): Promise<void>;
  /** Retired ones included (they carry `retiredAt`), here and in the other lookups. */
  findById(id: string): Promise<Network | undefined>;
  findByName(name: string): Promise<Network | undefined>;
  /** A network a person named: by name, or id. */
  findByIdOrName(idOrName: string): Promise<Network | undefined>;
  /** Networks in service; with `includeRetired`, every one ever registered. */
  list(opts?: { includeRetired?: boolean }): Promise<Network[]>;
  /** Writes the editable fields (unit, kind, CIDRs, intranet) of an existing network. */
  update(n: Network): Promise<void>;
  retire(networkId: string, at: string): Promise<void>;
}

export interface WorkstationRepository {
  insert(w: Workstation): Promise<void>;
  findById(id: string): Promise<Workstation | undefined>;
  findByAssetTag(assetTag: string): Promise<Workstation | undefined>;
  /** A workstation a person named: by asset tag, or id. */
  findByIdOrAssetTag(idOrAssetTag: string): Promise<Workstation | undefined>;
  /**
   * The workstation that holds a key in service with this fingerprint (fingerprints are unique);
   * undefined for a revoked key or a retired workstation: such a key authenticates nobody.
   */
  findByKeyFingerprint(fingerprint: string): Promise<Workstation | undefined>;
  addKey(workstationId: string, key: { publicKey: string; fingerprint: string }, at: string): Promise<void>;
  /** Marks a key revoked; its row stays as history. */
  revokeKey(workstationId: string, fingerprint: string, at: string): Promise<void>;
  retire(workstationId: string, at: string): Promise<void>;
  list(): Promise<Workstation[]>;
}

export interface TargetRepository {
  insert(t: Target): Promise<void>;
  /** Retired ones included (they carry `retiredAt`), here and in the other lookups. */
  findById(id: string): Promise<Target | undefined>;
  findByName(name: string): Promise<Target | undefined>;
  /** A target a person named: by name, or id. */
  findByIdOrName(idOrName: string): Promise<Target | undefined>;
  /** Targets in service; with `includeRetired`, every one ever registered. */
  list(opts?: { includeRetired?: boolean }): Promise<Target[]>;
  /** Writes the editable fields (host, port, login account, pinned host key) of an existing target. */
  update(t: Target): Promise<void>;
  retire(targetId: string, at: string): Promise<void>;
}

export interface GrantRepository {
  insert(g: Grant): Promise<void>;
  findById(id: string): Promise<Grant | undefined>;
  /** The user's grants that are not revoked (expired ones included: the policy checks validity). */
  listForUser(userId: string): Promise<Grant[]>;
  /** Every grant, revoked ones included. */
  list(): Promise<Grant[]>;
  revoke(grantId: string, at: string): Promise<void>;
}

export interface SopRepository {
  /** Stores a definition unless that code+version exists; returns whether it was new. */
  ensure(sop: SopDefinition, at: string): Promise<boolean>;
  findByVersion(code: string, version: string): Promise<SopDefinition | undefined>;
  /** The version in force for new cases: the latest effective one. */
  findCurrent(code: string): Promise<SopDefinition | undefined>;
  list(): Promise<{ code: string; version: string; effectiveOn: string }[]>;
}

export interface CaseFilter {
  visibility: CaseVisibility;
  unitId?: string;
  statuses?: readonly string[];
  executorId?: string;
  targetId?: string;
  reportedFrom?: string;
  reportedTo?: string;
  /** Case-insensitive substring of the case's text. */
  text?: string;
  sort?: 'reported_at' | 'updated_at';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface CaseRepository {
  insert(c: RepairCase): Promise<void>;
  findById(id: string): Promise<RepairCase | undefined>;
  /** Writes `c` if the stored revision is `c.revision - 1`; otherwise a `conflict` error. */
  update(c: RepairCase): Promise<void>;
  list(filter: CaseFilter): Promise<RepairCase[]>;
  /** The same selection as `list`, as summaries read from columns (no document parsing). */
  summaries(filter: CaseFilter): Promise<CaseSummary[]>;
  /** How many cases match; with `atMost`, counts no further than that (a listing's total at LKPP's size costs no more than the page). */
  count(filter: CaseFilter, atMost?: number): Promise<number>;
  /** Open cases per status (for metrics). */
  countByStatus(): Promise<Record<string, number>>;
  /** Recorded deviations over all cases (for metrics). */
  deviationCount(): Promise<number>;
  /**
   * The timing (`CaseTiming`: report, step completions, deviations) of every case `filter` selects
   * (its paging ignored), oldest report first, a page at a time: reports over a period read this,
   * not the whole documents.
   */
  eachTiming(filter: Omit<CaseFilter, 'sort' | 'order' | 'offset' | 'limit' | 'text'>, pageSize?: number): AsyncIterable<CaseTiming[]>;
  /** The stored timing column of each case asked for, as its text (null: not filled); for verification against the document. */
  storedTimings(ids: readonly string[]): Promise<Map<string, string | null>>;
}

/** Tabel 7's notes of the SOP evaluation, one row per unit, period and step. */
export interface EvaluationNoteRepository {
  /** The notes of a unit's period (its exact `from`…`to`), in step order. */
  listFor(unitId: string, periodFrom: string, periodTo: string): Promise<EvaluationNote[]>;
  /** Inserts or replaces the row of the note's unit, period and step. */
  upsert(n: EvaluationNote): Promise<void>;
}

export interface LogbookHead { readonly seq: number; readonly hash: string }

export interface LogbookRepository {
  /**
   * Reads the chain head and holds it until the transaction ends, so appends from
   * several processes are serialised (no fork, no gap).
   */
  lockHead(): Promise<LogbookHead>;
  /** Inserts the entry and moves the head to it. */
  append(e: LogbookEntry): Promise<void>;
  insertCheckpoint(c: Checkpoint): Promise<void>;
  /** The head as recorded (may disagree with the rows if someone truncated the table). */
  readHead(): Promise<LogbookHead>;
  /** Entries in `seq` order, in pages. */
  scan(opts: { fromSeq?: number; pageSize?: number }): AsyncIterable<LogbookEntry[]>;
  range(opts: { from?: string; to?: string; unitId?: string }): AsyncIterable<LogbookEntry[]>;
  /** One page after `afterSeq`, optionally only one unit's entries. */
  page(opts: { afterSeq: number; limit: number; unitId?: string }): Promise<LogbookEntry[]>;
  checkpoints(): Promise<Checkpoint[]>;
  /** Entry `seq`, or undefined. */
  findEntry(seq: number): Promise<LogbookEntry | undefined>;
  /** A case's entries of these types, in `seq` order. */
  listForCase(caseId: string, types: readonly string[]): Promise<LogbookEntry[]>;
  /** One page of the entries of one type after `afterSeq`, in `seq` order (issued documents, looked up by their check code). */
  listOfType(type: string, opts: { afterSeq: number; limit: number }): Promise<LogbookEntry[]>;
}

/** The credential the gateway logs in to a target with, sealed with the SecretBox (never shown to executors). */
export interface SealedTargetCredential {
  readonly targetId: string;
  readonly kind: 'private_key' | 'password';
  /** SecretBox-sealed private key (OpenSSH format) or password. */
  readonly sealed: string;
  /** For `private_key`: the public key line to install in the target's authorized_keys. */
  readonly publicKey: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface TargetCredentialRepository {
  findByTargetId(targetId: string): Promise<SealedTargetCredential | undefined>;
  /** Inserts or replaces the target's credential. */
  upsert(c: SealedTargetCredential): Promise<void>;
}

/** One pty channel's asciicast recording within a gateway session. */
export interface SessionRecording {
  readonly channel: number;
  /** Its key in the RecordingStore (`<session>-<channel>.cast`; older rows may hold `2026/…`). */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** One SSH connection through the gateway (may carry several channels: shell, exec, sftp). */
export interface GatewaySession {
  readonly id: string;
  readonly caseId: string;
  readonly unitId: string;
  readonly userId: string;
  readonly targetId: string;
  readonly workstationId: string;
  readonly networkId: string;
  readonly sourceIp: string;
  readonly keyFingerprint: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly endReason: EndReason | null;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly recordings: readonly SessionRecording[];
  /** The `jaga serve` node carrying the session (null for sessions stored before nodes were recorded). */
  readonly nodeId: string | null;
  /** When that node last confirmed the session is alive. */
  readonly heartbeatAt: string | null;
}

export interface GatewaySessionRepository {
  insert(s: GatewaySession): Promise<void>;
  /** The node confirms these open sessions are alive at `at`. */
  heartbeat(ids: readonly string[], at: string): Promise<void>;
  /** Sets end time, reason, byte counts and recordings of an open session; false when it was already closed. */
  finish(id: string, end: { endedAt: string; endReason: EndReason; bytesUp: number; bytesDown: number; recordings: readonly SessionRecording[] }): Promise<boolean>;
  findById(id: string): Promise<GatewaySession | undefined>;
  /** Sessions with no end time (e.g. left open by a crash), oldest first. */
  listOpen(): Promise<GatewaySession[]>;
  listForCase(caseId: string): Promise<GatewaySession[]>;
  /** Sessions of the cases `visibility` lets see, filtered, newest first (started_at, then id, descending), at most `limit`. */
  search(f: GatewaySessionSearch): Promise<GatewaySession[]>;
}

/** What {@link GatewaySessionRepository.search} selects: sessions started in [startedFrom, startedTo). */
export interface GatewaySessionSearch {
  readonly visibility: CaseVisibility;
  readonly userId?: string;
  readonly targetId?: string;
  readonly startedFrom?: string;
  readonly startedTo?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface Repositories {
  readonly sessions: SessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly mfa: MfaRepository;
  readonly loginFailures: LoginFailureRepository;
  readonly enrolmentCodes: EnrolmentCodeRepository;
  readonly totpGrace: TotpGraceRepository;
  readonly units: UnitRepository;
  readonly users: UserRepository;
  readonly networks: NetworkRepository;
  readonly workstations: WorkstationRepository;
  readonly targets: TargetRepository;
  readonly grants: GrantRepository;
  readonly sops: SopRepository;
  readonly cases: CaseRepository;
  readonly logbook: LogbookRepository;
  readonly targetCredentials: TargetCredentialRepository;
  readonly gatewaySessions: GatewaySessionRepository;
  readonly evaluationNotes: EvaluationNoteRepository;
  // Alertmanager intake (issue 13):
  readonly intake: IntakeRepository;
  // webhook endpoints (issue 13)
  readonly webhookEndpoints: WebhookEndpointRepository;
  /** The notification outbox (issue 13). */
  readonly notifications: NotificationRepository;
  /** Subscription overrides and mutes (issue 13, email). */
  readonly notificationSubscriptions: NotificationSubscriptionRepository;
}

/** A webhook endpoint as stored: the record and its signing secret, sealed with the SecretBox (migration 0013_webhooks). */
export interface StoredWebhookEndpoint {
  readonly endpoint: WebhookEndpoint;
  /** SecretBox-sealed `whsec_…` secret; unsealed only to sign a delivery. */
  readonly sealedSecret: string;
}

export interface WebhookEndpointRepository {
  insert(e: WebhookEndpoint, sealedSecret: string): Promise<void>;
  /** Retired ones included. */
  findById(id: string): Promise<StoredWebhookEndpoint | undefined>;
  /** Every endpoint (retired ones too) of `scope`: all, or one unit's; oldest first. */
  list(scope: 'all' | { readonly unitId: string }): Promise<WebhookEndpoint[]>;
  /** Endpoints in service that may take a notification of `unitId`: that unit's and the LKPP-wide ones (only those when null). */
  listActiveFor(unitId: string | null): Promise<WebhookEndpoint[]>;
  setSecret(id: string, sealedSecret: string, at: string): Promise<void>;
  retire(id: string, at: string): Promise<void>;
}

/** The unit of work: every use case runs in exactly one transaction. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Read-only access outside a write transaction (verification, export). */
  read<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Applies pending schema migrations; returns their names. */
  migrate(): Promise<string[]>;
  /** Throws a `precondition` error when the schema is missing or behind. */
  assertMigrated(): Promise<void>;
  /** Resolves when the database answers a trivial query (health checks); rejects otherwise. */
  ping(): Promise<void>;
  /**
   * Writes a consistent online copy of the database to `toPath`, owner-only; a `conflict` when
   * the file exists. A store that cannot copy itself refuses with a `precondition` naming the tool to use.
   */
  backup(toPath: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Whether an error thrown by this store is transient (database busy or locked, a connection lost
   * or refused, a serialisation failure, the store closed): the same request may succeed later, so
   * an edge answers 503 (Alertmanager then retries) rather than blaming the request.
   */
  isTransientFailure(err: unknown): boolean;
}
