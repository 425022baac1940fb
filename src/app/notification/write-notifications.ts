import type { CausingEntry, NotificationFacts } from '../../domain/notification/notification-cause.js';
import { causingCaseId, entryDedupeKey, notificationCause, notificationFromEntry } from '../../domain/notification/notification-cause.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { Repositories } from '../../ports/repositories.js';

/**
 * Writes the notifications the entries just appended cause, in the same transaction: one insert
 * each, no fan-out (the outbox worker asks the channels who receives them). An entry that causes
 * none costs nothing more; one that does reads the names its notification carries.
 */
export async function writeNotifications(tx: Repositories, ids: IdGenerator, entries: readonly CausingEntry[]): Promise<void> {
  for (const e of entries) {
    const type = notificationCause(e);
    if (type === null) continue;
    const draft = notificationFromEntry(type, e, await factsOf(tx, e));
    await tx.notifications.insert({ ...draft, id: ids.newId(), dedupeKey: entryDedupeKey(e, type) });
  }
}

async function factsOf(tx: Repositories, e: CausingEntry): Promise<NotificationFacts> {
  const caseId = causingCaseId(e);
  const c = caseId === null ? undefined : await tx.cases.findById(caseId);
  // A refused connect names the target it asked for; its unit is the target's.
  const refusedTarget = c === undefined && e.type === 'refusal' ? await targetNamed(tx, e) : undefined;
  return caseFacts(tx, c, c?.unitId ?? e.unitId ?? refusedTarget?.unitId ?? null, e.actorId);
}

/** The names a notification about case `c` (or only unit `unitId`) carries, and its actor's. */
export async function caseFacts(tx: Repositories, c: RepairCase | undefined, unitId: string | null, actorId: string | null): Promise<NotificationFacts> {
  const unit = unitId === null ? undefined : await tx.units.findById(unitId);
  const target = c?.targetId ? await tx.targets.findById(c.targetId) : undefined;
  const executor = c?.acknowledgement ? await tx.users.findById(c.acknowledgement.executorId) : undefined;
  const actor = actorId === null ? undefined : await tx.users.findById(actorId);
  return {
    unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
    case: c ? { system: c.report.system, urgency: c.report.urgency, status: c.status, targetName: target?.name ?? null,
      executorUsername: executor?.username ?? null, executorName: executor?.displayName ?? null } : null,
    actor: actor ? { username: actor.username, displayName: actor.displayName } : null,
  };
}

async function targetNamed(tx: Repositories, e: CausingEntry): Promise<{ unitId: string } | undefined> {
  const details = e.data['details'];
  const name = details !== null && typeof details === 'object' ? (details as Record<string, unknown>)['target'] : undefined;
  return typeof name === 'string' ? tx.targets.findByName(name) : undefined;
}
