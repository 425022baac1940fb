import type { RepairCase } from '../case/repair-case.js';
import { DomainError } from '../errors.js';
import type { Actor } from './case.policy.js';
import { canOnCase } from './case.policy.js';
import type { Role } from './role.js';
import { isExecutorRole } from './role.js';

/**
 * What may be done with a gateway session (an SSH connection through the gateway, filed under a case):
 * - `history`: see the session rows of a case (times, source, network, recording hashes);
 * - `list`: see the session among the live ones;
 * - `watch`: follow it live, read-only;
 * - `terminate`: end it now;
 * - `recording`: download its asciicast recordings;
 * - `reveal_input`: read what was typed at its secret prompts (sealed in the logbook), stating a reason.
 */
export type SessionAction = 'history' | 'list' | 'watch' | 'terminate' | 'recording' | 'reveal_input';

/**
 * One policy for gateway sessions, on top of the case policy: nobody does anything with a session
 * of a case they may not view. Supervisors (superadmin, the case unit's koordinator, auditors who
 * may view the case) see, watch and download; only a koordinator of the unit or the superadmin
 * terminates; an executor sees and downloads only their own sessions; a pelapor sees the history only.
 * What was typed at secret prompts is revealed to auditors and the superadmin only, and never to
 * the person who typed it (that would make the gateway a way to recover someone else's password
 * typed into one's own session, or to launder one's own evidence).
 *
 * `own`: the session is the actor's own (they are the user connected through the gateway).
 */
export function canOnSession(a: Actor, action: SessionAction, c: Pick<RepairCase, 'unitId' | 'targetId'> & Partial<RepairCase>, own: boolean): boolean {
  if (!canOnCase(a, 'view', c)) return false;
  const role = a.user.role;
  // canOnCase(view) already limits the koordinator (and a unit's auditor) to their own unit.
  const supervisor = watchesSessions(role);
  switch (action) {
    case 'history': return true;
    case 'list': case 'recording': return supervisor || (own && isExecutorRole(role));
    case 'watch': return supervisor;
    case 'terminate': return terminatesSessions(role);
    case 'reveal_input': return !own && (role === 'superadmin' || role === 'auditor');
  }
}

/** The roles that watch live sessions (of cases they may view): what a page asks before offering the live view. */
export function watchesSessions(role: Role): boolean {
  return role === 'superadmin' || role === 'koordinator' || role === 'auditor';
}

/** The roles that end live sessions (of cases they may view): what a page asks before offering it. */
export function terminatesSessions(role: Role): boolean {
  return role === 'superadmin' || role === 'koordinator';
}

/** Throws `gateway_session.forbidden.<action>`; call only for a session whose case the actor may view (else: not found). */
export function assertCanOnSession(a: Actor, action: SessionAction, c: Pick<RepairCase, 'unitId' | 'targetId'> & Partial<RepairCase>, own: boolean): void {
  if (!canOnSession(a, action, c, own)) {
    throw DomainError.of('forbidden', `gateway_session.forbidden.${action}`, { username: a.user.username, role: a.user.role },
      { action, role: a.user.role });
  }
}
