import type { ApiTokenRepository, LoginFailureRepository, MfaRepository, SessionRepository } from './auth-repositories.js';
import type { CaseVisibility } from '../domain/auth/case.policy.js';
import type { CaseSummary, RepairCase } from '../domain/case/repair-case.js';
import type { Checkpoint } from '../domain/logbook/checkpoint.js';
import type { LogbookEntry } from '../domain/logbook/logbook-entry.js';
import type { Grant } from '../domain/registry/grant.js';
import type { Network } from '../domain/registry/network.js';
import type { Target } from '../domain/registry/target.js';
import type { LpseUnit } from '../domain/registry/unit.js';
import type { User } from '../domain/registry/user.js';
import type { Workstation } from '../domain/registry/workstation.js';
import type { SopDefinition } from '../domain/sop/sop-definition.js';

/**
 * Repositories seen inside one transaction. `find…` returns undefined when absent;
 * `insert…` throws a `conflict` DomainError on a duplicate unique key.
 */
export interface UnitRepository {
  insert(u: LpseUnit): Promise<void>;
  find(idOrCode: string): Promise<LpseUnit | undefined>;
  list(): Promise<LpseUnit[]>;
}

export interface UserRepository {
  insert(u: User, passwordHash: string): Promise<void>;
  find(idOrUsername: string): Promise<User | undefined>;
  findPasswordHash(userId: string): Promise<string | undefined>;
  list(filter?: { unitId?: string }): Promise<User[]>;
}

export interface NetworkRepository {
  insert(n: Network): Promise<void>;
  find(idOrName: string): Promise<Network | undefined>;
  list(): Promise<Network[]>;
}

export interface WorkstationRepository {
  insert(w: Workstation): Promise<void>;
  find(idOrAssetTag: string): Promise<Workstation | undefined>;
  /** The workstation that holds a key with this fingerprint (fingerprints are unique). */
  findByKeyFingerprint(fingerprint: string): Promise<Workstation | undefined>;
  addKey(workstationId: string, key: { publicKey: string; fingerprint: string }, at: string): Promise<void>;
  list(): Promise<Workstation[]>;
}

export interface TargetRepository {
  insert(t: Target): Promise<void>;
  find(idOrName: string): Promise<Target | undefined>;
  list(): Promise<Target[]>;
}

export interface GrantRepository {
  insert(g: Grant): Promise<void>;
  listForUser(userId: string): Promise<Grant[]>;
  list(): Promise<Grant[]>;
}

export interface SopRepository {
  /** Stores a definition unless that code+version exists; returns whether it was new. */
  ensure(sop: SopDefinition, at: string): Promise<boolean>;
  find(code: string, version: string): Promise<SopDefinition | undefined>;
  /** The version in force for new cases: the latest effective one. */
  findCurrent(code: string): Promise<SopDefinition | undefined>;
  list(): Promise<{ code: string; version: string; effectiveOn: string }[]>;
}

export interface CaseFilter {
  visibility: CaseVisibility;
  unitId?: string;
  statuses?: readonly string[];
  executorId?: string;
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
  find(id: string): Promise<RepairCase | undefined>;
  /** Writes `c` if the stored revision is `c.revision - 1`; otherwise a `conflict` error. */
  update(c: RepairCase): Promise<void>;
  list(filter: CaseFilter): Promise<RepairCase[]>;
  /** The same selection as `list`, as summaries read from columns (no document parsing). */
  summaries(filter: CaseFilter): Promise<CaseSummary[]>;
  count(filter: CaseFilter): Promise<number>;
  /** Open cases per status (for metrics). */
  countByStatus(): Promise<Record<string, number>>;
  /** Recorded deviations over all cases (for metrics). */
  deviationCount(): Promise<number>;
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
}

export interface Repositories {
  readonly sessions: SessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly mfa: MfaRepository;
  readonly loginFailures: LoginFailureRepository;
  readonly units: UnitRepository;
  readonly users: UserRepository;
  readonly networks: NetworkRepository;
  readonly workstations: WorkstationRepository;
  readonly targets: TargetRepository;
  readonly grants: GrantRepository;
  readonly sops: SopRepository;
  readonly cases: CaseRepository;
  readonly logbook: LogbookRepository;
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
  close(): Promise<void>;
}
