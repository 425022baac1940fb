import { z } from 'zod';
import type { SessionAction } from '../../domain/auth/gateway-session.policy.js';
import { assertCanOnSession, canOnSession } from '../../domain/auth/gateway-session.policy.js';
import { canOnCase } from '../../domain/auth/case.policy.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { notFound } from '../../domain/errors.js';
import type { LiveSessionInfo, LiveSessions } from '../../ports/live-sessions.js';
import type { GatewaySession } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf, loadCase } from '../case/case-access.js';
import { parseInput, shortText } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { NODE_LOST_AFTER_MS } from './gateway-session.js';
import { runUseCase } from '../use-case.js';

/*
 * What people other than the connected executor see of gateway sessions: the live ones, a case's
 * history, a live view, termination, recordings. Who may do what is gateway-session.policy.ts;
 * a session whose case the actor may not view is "not found", like the case itself. Watching,
 * terminating and downloading are evidence too, so each is written to the logbook.
 */

export const TerminateSessionInput = z.object({ reason: shortText().optional() }).strict();

/** A recording a caller may serve: its key in the RecordingStore (`file`) and the hash stored when the session ended. */
export interface RecordingRef {
  readonly sessionId: string;
  readonly caseId: string;
  readonly channel: number;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * A live session by id: this process's, or (when the nodes reach each other) an open one of
 * another node sharing the store that still confirms its sessions, as the store tells it.
 */
async function findLiveSession(ctx: UseCaseContext, live: LiveSessions, sessionId: string): Promise<LiveSessionInfo | undefined> {
  const here = live.get(sessionId);
  if (here || live.nodeId === undefined) return here;
  const s = await ctx.tx.gatewaySessions.findById(sessionId);
  return s && carriedElsewhere(s, live.nodeId, ctx.now) ? remoteInfo(ctx, s) : undefined;
}

/** An open session another node carries and still confirms (a lost node's wait for closing: see closeAbandonedSessions). */
function carriedElsewhere(s: GatewaySession, nodeId: string, now: string): s is GatewaySession & { nodeId: string } {
  return s.endedAt === null && s.nodeId !== null && s.nodeId !== nodeId
    && Date.parse(s.heartbeatAt ?? s.startedAt) >= Date.parse(now) - NODE_LOST_AFTER_MS;
}

/** Another node's session as this one can tell it from the store (names resolved; channels unknown). */
async function remoteInfo(ctx: UseCaseContext, s: GatewaySession & { nodeId: string }): Promise<LiveSessionInfo> {
  const [user, target, network, workstation] = await Promise.all([ctx.tx.users.findById(s.userId), ctx.tx.targets.findById(s.targetId),
    ctx.tx.networks.findById(s.networkId), ctx.tx.workstations.findById(s.workstationId)]);
  return {
    id: s.id, caseId: s.caseId, unitId: s.unitId, username: user?.username ?? s.userId, target: target?.name ?? s.targetId, sourceIp: s.sourceIp,
    network: network?.name ?? s.networkId, workstation: workstation?.assetTag ?? s.workstationId, startedAt: s.startedAt,
    lastActivityAt: s.heartbeatAt ?? s.startedAt, bytesUp: s.bytesUp, bytesDown: s.bytesDown, channels: [], node: s.nodeId,
  };
}

/** The case of a live session, for logging a refusal under it (another node's: as the store has it). */
async function liveCaseId(deps: AppDeps, live: LiveSessions, sessionId: string): Promise<string | undefined> {
  const here = live.get(sessionId);
  if (here || live.nodeId === undefined) return here?.caseId;
  return (await deps.store.read((tx) => tx.gatewaySessions.findById(sessionId)))?.caseId;
}

/** A live session the actor may act on (`action`), with its case; else not found / forbidden. */
async function liveSessionFor(ctx: UseCaseContext, live: LiveSessions, sessionId: string, action: SessionAction): Promise<{ info: LiveSessionInfo; c: RepairCase }> {
  const actor = actorOf(ctx);
  const info = await findLiveSession(ctx, live, sessionId);
  const c = info && await ctx.tx.cases.findById(info.caseId);
  if (!info || !c || !canOnCase(actor, 'view', c)) throw notFound('gateway_session', sessionId);
  assertCanOnSession(actor, action, c, info.username === actor.user.username);
  return { info, c };
}

/** The live sessions the actor may see (this process's and, when the nodes reach each other, the other nodes'), oldest first. */
export function listLiveSessions(deps: AppDeps, inv: Invocation, live: LiveSessions): Promise<LiveSessionInfo[]> {
  return runUseCase(deps, inv, 'gateway.session.list', async (ctx) => {
    const actor = actorOf(ctx);
    const cases = new Map<string, RepairCase | undefined>();
    const here = live.list();
    const nodeId = live.nodeId;
    const elsewhere = nodeId === undefined ? [] : await Promise.all((await ctx.tx.gatewaySessions.listOpen())
      .filter((s): s is GatewaySession & { nodeId: string } => carriedElsewhere(s, nodeId, ctx.now) && !here.some((h) => h.id === s.id))
      .map((s) => remoteInfo(ctx, s)));
    const out: LiveSessionInfo[] = [];
    for (const s of [...here, ...elsewhere]) {
      if (!cases.has(s.caseId)) cases.set(s.caseId, await ctx.tx.cases.findById(s.caseId));
      const c = cases.get(s.caseId);
      if (c && canOnSession(actor, 'list', c, s.username === actor.user.username)) out.push(s);
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  }, { readOnly: true });
}

/** The gateway sessions of a case (open and ended, with their recordings' hashes), oldest first. */
export function listCaseSessions(deps: AppDeps, inv: Invocation, caseId: string): Promise<GatewaySession[]> {
  return runUseCase(deps, inv, 'gateway.session.history', async (ctx) => {
    const { c } = await loadCase(ctx, caseId, 'view');
    return readCaseSessions(ctx, c);
  }, { caseId, readOnly: true });
}

/** {@link listCaseSessions}' read of a case already loaded for viewing, inside a use case that reads more with it (the case page). */
export async function readCaseSessions(ctx: UseCaseContext, c: RepairCase): Promise<GatewaySession[]> {
  assertCanOnSession(actorOf(ctx), 'history', c, false);
  const rows = await ctx.tx.gatewaySessions.listForCase(c.id);
  return [...rows].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

/**
 * May the actor watch this live session? Read-only: nothing is logged (for a plain request to
 * the watch address, which cannot be a live view). Watching itself goes through `authorizeWatch`.
 */
export function checkWatch(deps: AppDeps, inv: Invocation, live: LiveSessions, sessionId: string): Promise<LiveSessionInfo> {
  return runUseCase(deps, inv, 'gateway.session.watch', async (ctx) => (await liveSessionFor(ctx, live, sessionId, 'watch')).info,
    { readOnly: true });
}

/** The actor starts watching a live session: allowed (superadmin, the unit's koordinator, auditors) and logged. */
export async function authorizeWatch(deps: AppDeps, inv: Invocation, live: LiveSessions, sessionId: string): Promise<LiveSessionInfo> {
  return runUseCase(deps, inv, 'gateway.session.watch', async (ctx) => {
    const { info, c } = await liveSessionFor(ctx, live, sessionId, 'watch');
    ctx.log({ type: 'gateway.session_watched', unitId: c.unitId, caseId: c.id,
      data: { sessionId, executor: info.username, target: info.target, ...(inv.sourceIp ? { sourceIp: inv.sourceIp } : {}) } });
    return info;
  }, { caseId: await liveCaseId(deps, live, sessionId) });
}

/**
 * Ends a live session now (the unit's koordinator or the superadmin), held here or by another
 * node. The termination is logged with its reason first, in its own transaction; then the
 * gateway carrying it ends the session (which records the end, `terminated` by the actor, in a
 * transaction of its own). When that node does not answer, the refusal is logged too.
 */
export async function terminateSession(deps: AppDeps, inv: Invocation, live: LiveSessions, sessionId: string, raw: unknown = {}): Promise<LiveSessionInfo> {
  const { info, by } = await runUseCase(deps, inv, 'gateway.session.terminate', async (ctx) => {
    // Authorise before validating: whoever may not act learns nothing from the body's errors.
    const { info, c } = await liveSessionFor(ctx, live, sessionId, 'terminate');
    const input = parseInput(TerminateSessionInput, raw);
    ctx.log({ type: 'gateway.session_terminated', unitId: c.unitId, caseId: c.id,
      data: { sessionId, executor: info.username, target: info.target, reason: input.reason ?? null, ...(info.node ? { node: info.node } : {}) } });
    return { info, by: actorOf(ctx).user.username };
  }, { caseId: await liveCaseId(deps, live, sessionId) });
  let ended: boolean;
  try {
    ended = await live.terminate(sessionId, by, info.node);
  } catch (err) {
    // The node carrying it did not answer: that it was not ended is evidence too.
    return runUseCase(deps, inv, 'gateway.session.terminate', () => Promise.reject(err), { caseId: info.caseId });
  }
  // Ended on its own between the check and now: nothing left to terminate.
  if (!ended) throw notFound('gateway_session', sessionId);
  return info;
}

/**
 * A recording of a session whose case the actor may view (superadmin, koordinator, auditors, and
 * the executor of that session). `open`, when given, runs before the download is logged (e.g. to
 * open the file): when it throws, nothing is logged but the refusal.
 */
export function recordingFor(deps: AppDeps, inv: Invocation, sessionId: string, channel: number,
  open?: (r: RecordingRef) => Promise<void>): Promise<RecordingRef> {
  return runUseCase(deps, inv, 'gateway.recording.download', async (ctx) => {
    const actor = actorOf(ctx);
    const s = await ctx.tx.gatewaySessions.findById(sessionId);
    const c = s && await ctx.tx.cases.findById(s.caseId);
    if (!s || !c || !canOnCase(actor, 'view', c)) throw notFound('gateway_session', sessionId);
    assertCanOnSession(actor, 'recording', c, s.userId === actor.user.id);
    const rec = s.recordings.find((r) => r.channel === channel);
    if (!rec) throw notFound('recording', `${sessionId}/${channel}`);
    const ref: RecordingRef = { sessionId, caseId: s.caseId, channel, file: rec.file, sha256: rec.sha256, bytes: rec.bytes };
    if (open) await open(ref);
    ctx.log({ type: 'gateway.recording_downloaded', unitId: c.unitId, caseId: c.id,
      data: { sessionId, channel, file: rec.file, sha256: rec.sha256, bytes: rec.bytes } });
    return ref;
  });
}
