import { canOnSession } from '../../domain/auth/gateway-session.policy.js';
import { readCaseSessions } from '../access/gateway-session-views.js';
import { canOnCase, mayReadCaseRefusals, nextCaseActions } from '../../domain/auth/case.policy.js';
import type { CaseStepAction } from '../../domain/case/case-lifecycle.js';
import type { StepClock } from '../../domain/case/time-standard.js';
import { runningClock } from '../../domain/case/time-standard.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import type { GatewaySession } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { runUseCase } from '../use-case.js';
import { actorOf } from './case-access.js';
import type { CaseViewData, PersonRecord } from './get-case-view.js';
import { findEach, personRecord, loadCaseView } from './get-case-view.js';

/** A gateway session of the case as the page shows it, and whether the actor may play its recordings. */
export interface CasePageSession extends GatewaySession {
  readonly mayPlay: boolean;
}

/** One file operation the gateway followed (SFTP/SCP) in a session of the case, as its logbook entry says. */
export interface CaseTransfer {
  readonly at: string;
  readonly sessionId: string;
  readonly protocol: string;
  readonly op: string;
  readonly path: string;
  readonly toPath: string | null;
  readonly bytes: number;
  /** SHA-256 of the bytes transferred; null when it could not be computed (`hashNote` says why). */
  readonly sha256: string | null;
  readonly hashNote: string | null;
  readonly status: string;
}

/** The logbook's type of a followed file operation (the gateway's `gateway.file_transfer`). */
const FILE_TRANSFER = 'gateway.file_transfer';

const textOr = (v: unknown, fallback: string | null): string | null => (typeof v === 'string' ? v : fallback);

/** A `gateway.file_transfer` entry as a transfer; bare queries (statvfs…) are not transfers. */
function transferOf(e: LogbookEntry): CaseTransfer | null {
  const d = JSON.parse(e.data) as Record<string, unknown>;
  if (d['op'] === 'query') return null;
  return {
    at: e.at, sessionId: textOr(d['sessionId'], '') as string, protocol: textOr(d['protocol'], '') as string, op: textOr(d['op'], '') as string,
    path: textOr(d['path'], '') as string, toPath: textOr(d['toPath'], null), bytes: typeof d['bytes'] === 'number' ? d['bytes'] : 0,
    sha256: textOr(d['sha256'], null), hashNote: textOr(d['hashNote'], null), status: textOr(d['status'], '') as string,
  };
}

/** What the case page shows, read in one transaction: the case view, what the actor may do next, the running clock, the sessions. */
export interface CasePageData extends CaseViewData {
  /** The moves the actor may make now (`nextCaseActions`): the page offers these and nothing else. */
  readonly nextActions: readonly CaseStepAction[];
  /** The documents the actor may take away now: the Form Laporan (a closed or approved case, for any viewer) and the evidence bundle (`export_bundle`). */
  readonly documents: { readonly formLaporan: boolean; readonly bundle: boolean };
  /** The refusals logged under the case, newest first (at most {@link REFUSALS_SHOWN}), for those who may read them; null: not for this actor. */
  readonly refusals: { readonly total: number; readonly latest: readonly CaseRefusal[] } | null;
  /** When this was read (ISO-8601 UTC): the server's time a page's countdown starts from. */
  readonly now: string;
  /** The running step's time standard now (null: none runs). */
  readonly clock: StepClock | null;
  /** The case's gateway sessions, oldest first (the history every viewer of the case may see). */
  readonly sessions: readonly CasePageSession[];
  /** The file transfers of the sessions whose recordings the actor may play (what crossed is the session's content), oldest first. */
  readonly transfers: readonly CaseTransfer[];
  /** The workstations and users the sessions name (beyond the case's own records). */
  readonly sessionRecords: { readonly workstations: readonly Pick<Workstation, 'id' | 'assetTag'>[]; readonly users: readonly PersonRecord[] };
}

/**
 * The case page's read: {@link loadCaseView} plus the actor's next moves by the case policy, the
 * running clock and the case's gateway sessions (as `listCaseSessions` shows them), each marked
 * with whether the actor may play its recordings (gateway-session policy `recording`), and the
 * file transfers of those the actor may play, from the logbook.
 */
/** A refusal logged under the case: when, by whom, what was tried, and the reason in both languages as logged. */
export interface CaseRefusal {
  readonly at: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly code: string;
  readonly reason: { readonly id: string; readonly en: string };
  readonly sourceIp: string | null;
  /** The user name the attempt gave, when no signed-in user made it (the gateway's login, a CLI `--as`). */
  readonly claimedUsername: string | null;
}

/** How many of a case's refusals the page lists (the logbook has them all). */
export const REFUSALS_SHOWN = 20;

function refusalOf(e: LogbookEntry): CaseRefusal {
  const d = JSON.parse(e.data) as { action?: unknown; code?: unknown; reason?: { id?: unknown; en?: unknown }; sourceIp?: unknown; claimedActor?: unknown;
    details?: { username?: unknown; sourceIp?: unknown } };
  const str = (x: unknown): string => (typeof x === 'string' ? x : '');
  const orNull = (...xs: unknown[]): string | null => (xs.find((x): x is string => typeof x === 'string' && x !== '') ?? null);
  return { at: e.at, actorId: e.actorId, action: str(d.action), code: str(d.code), reason: { id: str(d.reason?.id), en: str(d.reason?.en) },
    sourceIp: orNull(d.sourceIp, d.details?.sourceIp), claimedUsername: orNull(d.details?.username, d.claimedActor) };
}

export function getCasePage(deps: AppDeps, inv: Invocation, caseId: string): Promise<CasePageData> {
  return runUseCase(deps, inv, 'case.view', async (ctx) => {
    const view = await loadCaseView(ctx, caseId);
    const actor = actorOf(ctx);
    const c = view.case;
    const rows = await readCaseSessions(ctx, c);
    const refused = mayReadCaseRefusals(actor, c) ? (await ctx.tx.logbook.listForCase(c.id, ['refusal'])).reverse() : null;
    const latest = refused?.slice(0, REFUSALS_SHOWN).map(refusalOf) ?? [];
    const [workstations, users] = await Promise.all([
      findEach(rows.map((s) => s.workstationId), (id) => ctx.tx.workstations.findById(id)),
      findEach([...rows.map((s) => s.userId), ...latest.flatMap((r) => (r.actorId === null ? [] : [r.actorId]))], (id) => ctx.tx.users.findById(id)),
    ]);
    const sessions = rows.map((s) => ({ ...s, mayPlay: canOnSession(actor, 'recording', c, s.userId === actor.user.id) }));
    const playable = new Set(sessions.filter((s) => s.mayPlay).map((s) => s.id));
    const transfers = playable.size === 0 ? [] : (await ctx.tx.logbook.listForCase(c.id, [FILE_TRANSFER]))
      .map(transferOf).filter((x): x is CaseTransfer => x !== null && playable.has(x.sessionId));
    return {
      ...view,
      nextActions: nextCaseActions(actor, c),
      refusals: refused ? { total: refused.length, latest } : null,
      documents: { formLaporan: c.status === 'closed' || c.status === 'approved', bundle: canOnCase(actor, 'export_bundle', c) },
      now: ctx.now, clock: runningClock(view.sop, c, ctx.now),
      sessions, transfers,
      sessionRecords: { workstations: workstations.map((w) => ({ id: w.id, assetTag: w.assetTag })), users: users.map(personRecord) },
    };
  }, { caseId, readOnly: true });
}
