import { DomainError } from '../errors.js';
import type { Actor } from './case.policy.js';
import { logbookReadScope } from './registry.policy.js';

/**
 * Who may issue the Logbook document of a period: whoever reads the logbook (`logbookReadScope`:
 * the superadmin and a national auditor for every unit, a unit's auditor and koordinator for
 * theirs), and an LPSE admin for their own unit, every case of which they may view already.
 */
export function logbookReportScope(actor: Actor): 'all' | { unitId: string } {
  const u = actor.user;
  if (u.role === 'admin_lpse' && u.unitId !== null) return { unitId: u.unitId };
  return logbookReadScope(actor);
}

/**
 * Refuses a document of a unit outside the actor's scope (`unitId` null: every unit). `unit` is
 * the code as asked for, for the message.
 */
export function assertLogbookReportUnit(actor: Actor, unitId: string | null, unit: string | null): void {
  const scope = logbookReportScope(actor);
  if (scope === 'all' || (unitId !== null && scope.unitId === unitId)) return;
  throw DomainError.of('forbidden', 'report.logbook_unit_forbidden', { role: actor.user.role, unit }, { role: actor.user.role, unit });
}
