import { z } from 'zod';
import { canOnSession } from '../../domain/auth/gateway-session.policy.js';
import { caseVisibility } from '../../domain/auth/case.policy.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { GatewaySession, SessionRecording } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import { findEach } from '../case/get-case-view.js';
import { isoTime, name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';

/** At most this many sessions on one page of the search. */
export const SESSION_SEARCH_MAX = 100;

export const SearchGatewaySessionsInput = z.object({
  user: name().optional().describe('username or id of the user connected through the gateway'),
  target: name().optional().describe('name or id of the target'),
  from: isoTime().optional().describe('started at or after'),
  to: isoTime().optional().describe('started before'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(SESSION_SEARCH_MAX).default(25),
}).strict();

/** One session found, with the names its ids stand for; `recordings` null where the policy does not let the actor have them. */
export interface FoundGatewaySession {
  readonly session: Omit<GatewaySession, 'recordings'>;
  readonly recordings: readonly SessionRecording[] | null;
  readonly username: string;
  readonly target: string;
  readonly network: string;
  readonly workstation: string;
  /** The session's unit's time zone (its times are shown in it). */
  readonly timeZone: string;
}

export interface GatewaySessionSearchPage {
  readonly items: readonly FoundGatewaySession[];
  /** A further page exists. */
  readonly more: boolean;
  readonly offset: number;
  readonly limit: number;
}

/**
 * Ended and open gateway sessions of the cases the actor may see, newest first, paged in the
 * store (one more row than the page is read to know whether another page follows). An unknown
 * user or target is refused as not found, for the form to say so next to its field.
 */
export function searchGatewaySessions(deps: AppDeps, inv: Invocation, raw: unknown): Promise<GatewaySessionSearchPage> {
  return runUseCase(deps, inv, 'gateway.session.search', async (ctx) => {
    const input = parseInput(SearchGatewaySessionsInput, raw);
    const actor = actorOf(ctx);
    const user = input.user === undefined ? undefined : await ctx.tx.users.findByIdOrUsername(input.user);
    const target = input.target === undefined ? undefined : await ctx.tx.targets.findByIdOrName(input.target);
    // An unknown user or target selects nothing, as in the case list: a not-found would let any
    // signed-in user probe which usernames and target names exist.
    if ((input.user !== undefined && !user) || (input.target !== undefined && !target)) return { items: [], more: false, offset: input.offset, limit: input.limit };
    const rows = await ctx.tx.gatewaySessions.search({
      visibility: caseVisibility(actor), userId: user?.id, targetId: target?.id, startedFrom: input.from, startedTo: input.to,
      offset: input.offset, limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const cases = new Map((await findEach(page.map((s) => s.caseId), (id) => ctx.tx.cases.findById(id))).map((c): [string, RepairCase] => [c.id, c]));
    const [units, users, targets, networks, workstations] = await Promise.all([
      findEach(page.map((s) => s.unitId), (id) => ctx.tx.units.findById(id)),
      findEach(page.map((s) => s.userId), (id) => ctx.tx.users.findById(id)),
      findEach(page.map((s) => s.targetId), (id) => ctx.tx.targets.findById(id)),
      findEach(page.map((s) => s.networkId), (id) => ctx.tx.networks.findById(id)),
      findEach(page.map((s) => s.workstationId), (id) => ctx.tx.workstations.findById(id)),
    ]);
    const nameOf = <T extends { id: string }>(list: readonly T[], id: string, f: (x: T) => string) => { const x = list.find((y) => y.id === id); return x ? f(x) : id; };
    const items: FoundGatewaySession[] = [];
    for (const { recordings, ...s } of page) {
      const c = cases.get(s.caseId);
      // The store selected by the same rule; the policy decides again, per session.
      if (!c || !canOnSession(actor, 'history', c, s.userId === actor.user.id)) continue;
      items.push({
        session: s, recordings: canOnSession(actor, 'recording', c, s.userId === actor.user.id) ? recordings : null,
        username: nameOf(users, s.userId, (u) => u.username), target: nameOf(targets, s.targetId, (t) => t.name),
        network: nameOf(networks, s.networkId, (n) => n.name), workstation: nameOf(workstations, s.workstationId, (w) => w.assetTag),
        timeZone: units.find((u) => u.id === s.unitId)?.timeZone ?? DEFAULT_TIME_ZONE,
      });
    }
    return { items, more: rows.length > input.limit, offset: input.offset, limit: input.limit };
  }, { readOnly: true });
}
