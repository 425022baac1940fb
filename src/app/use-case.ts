import type { Actor } from '../domain/auth/case.policy.js';
import { isExecutorRole } from '../domain/auth/role.js';
import { DomainError } from '../domain/errors.js';
import type { LogbookEntryInput } from '../domain/logbook/logbook-entry.js';
import type { User } from '../domain/registry/user.js';
import { bothOf } from '../messages/catalogue.js';
import type { Repositories } from '../ports/repositories.js';
import type { AppDeps, Invocation } from './app-deps.js';
import { appendToLogbook } from './logbook/logbook-writer.js';
import { writeNotifications } from './notification/write-notifications.js';
import { refusalProvision } from './system/refusal-provision.js';

/** What a use case body gets: repositories of its transaction, the actor, the time, and a logbook. */
export interface UseCaseContext {
  readonly tx: Repositories;
  /** Null only for installation bootstrap. */
  readonly actor: Actor | null;
  readonly now: string;
  readonly deps: AppDeps;
  /** Queues a logbook entry; all queued entries are appended in the same transaction. */
  log(entry: Omit<LogbookEntryInput, 'actorId'> & { actorId?: string | null }): void;
}

async function loadActor(tx: Repositories, who: string, now: string, known?: User): Promise<Actor> {
  const user = known && known.id === who ? known : await tx.users.findByIdOrUsername(who);
  if (user && !user.active && (user.id === who || user.username === who)) throw DomainError.of('forbidden', 'auth.actor_deactivated', { username: user.username });
  if (!user || !user.active) {
    throw DomainError.of('forbidden', 'auth.unknown_actor', { who });
  }
  // Grants only ever widen what executors may do; other roles are not asked for them.
  return { user, grants: isExecutorRole(user.role) ? await tx.grants.listForUser(user.id) : [], now };
}

/**
 * Runs one use case as one transaction. A refusal (DomainError) rolls everything back, then
 * is itself written to the logbook with its code and reason, and rethrown.
 */
export async function runUseCase<T>(
  deps: AppDeps, inv: Invocation, action: string,
  body: (ctx: UseCaseContext) => Promise<T>,
  opts: {
    requireActor?: boolean; caseId?: string; readOnly?: boolean;
    /** Whether this refusal is logged in full (default: always); one that is not is the caller's to count and summarise. */
    logRefusal?: (err: DomainError) => boolean;
  } = {},
): Promise<T> {
  const now = deps.clock.now().toISOString();
  try {
    // Reads skip the write transaction (on SQLite, BEGIN IMMEDIATE would serialise them behind writers).
    const unitOfWork = opts.readOnly ? deps.store.read.bind(deps.store) : deps.store.transaction.bind(deps.store);
    return await retriedOnConflict(opts.readOnly === true, () => unitOfWork(async (tx) => {
      const actor = inv.actor === null ? null : await loadActor(tx, inv.actor, now, opts.readOnly ? inv.user : undefined);
      if (actor === null && opts.requireActor !== false) {
        throw DomainError.of('forbidden', 'auth.actor_required', {});
      }
      const queued: LogbookEntryInput[] = [];
      const ctx: UseCaseContext = {
        tx, actor, now, deps,
        log: (e) => queued.push({ ...e, actorId: e.actorId !== undefined ? e.actorId : actor?.user.id ?? null,
          data: { ...e.data, via: inv.via, ...(inv.operator ? { operator: inv.operator } : {}) } }),
      };
      const result = await body(ctx);
      if (opts.readOnly && queued.length > 0) throw new Error(`read-only use case ${action} tried to write the logbook`);
      if (queued.length > 0) await timedAppend(deps, () => appendAndNotify(tx, deps, now, queued));
      return result;
    }));
  } catch (err) {
    // A refusal that names the case it was about (the gateway's, once it knows the case) is logged under it.
    const named = err instanceof DomainError && typeof err.details['caseId'] === 'string' ? err.details['caseId'] : null;
    // Counted whether logged in full or summarised: the metric is every refusal.
    if (err instanceof DomainError) deps.metrics.refused(err.code, refusalProvision(err));
    if (err instanceof DomainError && (opts.logRefusal?.(err) ?? true)) await logRefusal(deps, inv, action, now, err, opts.caseId ?? named);
    throw err;
  }
}

/** How often a write that lost an optimistic race on its case (`case.concurrent_change`) is run again. */
export const CONFLICT_ATTEMPTS = 12;

/**
 * Runs a write use case's transaction again when another transaction changed its case in between
 * (`case.concurrent_change`: PostgreSQL runs them side by side, e.g. many gateway sessions of one
 * case starting or ending at once; SQLite serialises writers and never gets here). The transaction
 * rolled back, so running it again is the same action on what is stored now; only the last
 * attempt's refusal is logged. A short random pause, growing with the attempts, lets the winner commit.
 */
async function retriedOnConflict<T>(readOnly: boolean, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (readOnly || attempt >= CONFLICT_ATTEMPTS || !(err instanceof DomainError) || err.code !== 'case.concurrent_change') throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

async function logRefusal(deps: AppDeps, inv: Invocation, action: string, now: string, err: DomainError, caseId: string | null): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const user = inv.actor === null ? undefined : await tx.users.findByIdOrUsername(inv.actor);
    await timedAppend(deps, () => appendAndNotify(tx, deps, now, [{
      type: 'refusal', actorId: user?.id ?? null, unitId: user?.unitId ?? null, caseId,
      data: {
        action, code: err.code, kind: err.kind, reason: bothOf(err), via: inv.via,
        ...(inv.operator ? { operator: inv.operator } : {}),
        ...(Object.keys(err.details).length ? { details: err.details } : {}), ...(inv.sourceIp ? { sourceIp: inv.sourceIp } : {}),
        ...(user ? {} : { claimedActor: inv.actor }),
      },
    }]));
  });
}

/** Appends the entries and, in the same transaction, the notifications they cause (issue 13's outbox). */
async function appendAndNotify(tx: Repositories, deps: AppDeps, now: string, queued: readonly LogbookEntryInput[]): Promise<void> {
  const written = await appendToLogbook(tx.logbook, deps, now, queued);
  await writeNotifications(tx, deps.ids, queued.map((e, i) => ({ ...e, seq: (written[i] as { seq: number }).seq, at: now })));
}

/** A logbook append, timed for the metrics (`jaga_logbook_append_seconds`). */
async function timedAppend<T>(deps: AppDeps, append: () => Promise<T>): Promise<T> {
  const done = deps.metrics.timeLogbookAppend();
  try {
    return await append();
  } finally {
    done();
  }
}
