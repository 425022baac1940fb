import { checkAccess } from '../../domain/access/access-rules.js';
import type { EndReason } from '../../domain/access/end-reason.js';
import { endAccess, startAccess } from '../../domain/case/case-lifecycle.js';
import type { AccessRecord } from '../../domain/case/repair-case.js';
import type { DomainError } from '../../domain/errors.js';
import type { GatewaySession, SessionRecording } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';
import { loadCase, saveCase } from '../case/case-access.js';
import { runUseCase } from '../use-case.js';
import { recoverSessionRecordings, sweepAbandonedUploads } from './session-recordings.js';
import type { GatewayAccessGrant } from './authorize-gateway-access.js';

/** Who a gateway event belongs to (enough to file it under the right case, unit and user). */
export type SessionRef = Pick<GatewaySession, 'id' | 'caseId' | 'unitId' | 'userId'>;

/**
 * A gateway session opens: the access starts on the case (the first one completes B3: *waktu
 * mulai akses*), the session row is stored, and the logbook gets the source address, matched
 * network, workstation and key — in one transaction, with the access rules checked once more
 * against the case as it is now.
 */
export function openGatewaySession(deps: AppDeps, grant: GatewayAccessGrant, s: { id: string; sourceIp: string; keyFingerprint: string; nodeId: string }): Promise<GatewaySession> {
  return runUseCase(deps, { actor: grant.user.id, via: 'gateway', sourceIp: s.sourceIp }, 'gateway.session.open', async (ctx) => {
    const { c } = await loadCase(ctx, grant.case.id, 'access');
    const access: AccessRecord = { id: s.id, startedAt: ctx.now, endedAt: null, via: 'gateway', sourceIp: s.sourceIp,
      networkId: grant.network.id, recordedBy: grant.user.id };
    const next = startAccess(c, access);
    checkAccess(c, grant.network, (await ctx.tx.units.findById(grant.network.unitId)) ?? null, grant.target, grant.source);
    const session: GatewaySession = {
      id: s.id, caseId: c.id, unitId: c.unitId, userId: grant.user.id, targetId: grant.target.id, workstationId: grant.workstation.id,
      networkId: grant.network.id, sourceIp: s.sourceIp, keyFingerprint: s.keyFingerprint, startedAt: ctx.now, endedAt: null, endReason: null,
      bytesUp: 0, bytesDown: 0, recordings: [], nodeId: s.nodeId, heartbeatAt: ctx.now,
    };
    await ctx.tx.gatewaySessions.insert(session);
    await saveCase(ctx, c, next, 'case.access_started', {
      accessId: s.id, sessionId: s.id, via: 'gateway', first: c.accesses.length === 0, sourceIp: s.sourceIp, network: grant.network.name, networkId: grant.network.id,
      networkKind: grant.network.kind, intranet: grant.network.intranet, workstation: grant.workstation.assetTag, keyFingerprint: s.keyFingerprint,
      target: grant.target.name, loginAccount: grant.target.loginAccount,
    });
    return session;
  }, { caseId: grant.case.id });
}

export interface SessionEnd {
  readonly endReason: EndReason;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly recordings: readonly SessionRecording[];
  readonly terminatedBy?: string;
}

/**
 * A gateway session ends: its end time (the last one is *waktu selesai akses*), reason, byte
 * counts and recording hashes go into the session row, the case and the logbook. Runs as the
 * system, not as the user, so an end is recorded even if the user was deactivated meanwhile; a
 * concurrent change to the case is run again by `runUseCase`. Returns false when the session had already ended.
 */
export async function closeGatewaySession(deps: AppDeps, sessionId: string, end: SessionEnd): Promise<boolean> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, 'gateway.session.close', async (ctx) => {
    const s = await ctx.tx.gatewaySessions.findById(sessionId);
    if (!s || s.endedAt !== null) return false;
    await ctx.tx.gatewaySessions.finish(sessionId, { endedAt: ctx.now, endReason: end.endReason, bytesUp: end.bytesUp, bytesDown: end.bytesDown, recordings: end.recordings });
    const c = await ctx.tx.cases.findById(s.caseId);
    const open = c?.accesses.find((a) => a.id === sessionId && a.endedAt === null);
    if (c && open) await ctx.tx.cases.update(endAccess(c, sessionId, ctx.now));
    ctx.log({ type: 'case.access_ended', actorId: s.userId, unitId: s.unitId, caseId: s.caseId, data: {
      accessId: sessionId, sessionId, startedAt: s.startedAt, endedAt: ctx.now, endReason: end.endReason, bytesUp: end.bytesUp, bytesDown: end.bytesDown,
      recordings: end.recordings.map((r) => ({ channel: r.channel, file: r.file, sha256: r.sha256, bytes: r.bytes })),
      ...(end.terminatedBy ? { terminatedBy: end.terminatedBy } : {}),
    } });
    return true;
  }, { requireActor: false });
}

/** Appends one gateway event (exec, file transfer, escalation, refused forwarding…) to the session's case in the logbook. */
export function logGatewayEvent(deps: AppDeps, s: SessionRef, type: `gateway.${string}`, data: Record<string, unknown>): Promise<void> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, type, async (ctx) => {
    ctx.log({ type, actorId: s.userId, unitId: s.unitId, caseId: s.caseId, data: { sessionId: s.id, ...data } });
  }, { requireActor: false });
}

/** A node that has not confirmed its sessions for this long is taken to be gone (it confirms every 15 s). */
export const NODE_LOST_AFTER_MS = 90_000;

/**
 * Sessions nobody carries any more, closed so that every access in a case has an end time:
 * - at a node's start, the sessions its previous process left open (it was killed): `gateway_restart`;
 * - at any time, the sessions of a node that stopped confirming them (it died, or lost the store
 *   for longer than NODE_LOST_AFTER_MS): `node_lost`, closed by whichever node notices first.
 * Sessions of other nodes that are alive are left alone: several nodes may share one store.
 * What was written of their recordings (what this node's RecordingStore holds of them) is
 * finished and hashed, so their hashes are still recorded.
 */
export async function closeAbandonedSessions(deps: AppDeps, opts: { nodeId: string; starting: boolean }): Promise<number> {
  const open = await deps.store.read((tx) => tx.gatewaySessions.listOpen());
  const lostBefore = deps.clock.now().getTime() - NODE_LOST_AFTER_MS;
  let n = 0;
  for (const s of open) {
    const mine = s.nodeId === opts.nodeId || s.nodeId === null;
    const lost = Date.parse(s.heartbeatAt ?? s.startedAt) < lostBefore;
    if (!(opts.starting && mine) && !lost) continue;
    const recordings = s.recordings.length > 0 ? s.recordings : await recoverSessionRecordings(deps.recordings, s.id);
    const endReason: EndReason = opts.starting && mine ? 'gateway_restart' : 'node_lost';
    if (await closeGatewaySession(deps, s.id, { endReason, bytesUp: s.bytesUp, bytesDown: s.bytesDown, recordings })) n++;
  }
  // object storage (issue 14): then the uploads left without a session to recover them
  await sweepAbandonedUploads(deps.recordings, { nodeId: opts.nodeId, open, now: deps.clock.now().getTime(), lostAfterMs: NODE_LOST_AFTER_MS });
  return n;
}

/** The node confirms the sessions it carries are alive. */
export function confirmGatewaySessions(deps: AppDeps, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  const now = deps.clock.now().toISOString();
  return deps.store.transaction((tx) => tx.gatewaySessions.heartbeat(ids, now));
}

/**
 * A refusal found outside the A1 use case (the target's host key changed, the target account is
 * uid 0, the target cannot be reached): logged like every other refusal, then thrown.
 */
export function refuseGatewayConnection(deps: AppDeps, who: { userId: string | null; sourceIp: string; caseId: string | null }, err: DomainError): Promise<never> {
  return runUseCase(deps, { actor: who.userId, via: 'gateway', sourceIp: who.sourceIp }, 'gateway.connect', () => Promise.reject(err),
    { requireActor: false, ...(who.caseId ? { caseId: who.caseId } : {}) });
}

/**
 * A source address refused too often in a short time is turned away for a while without a logbook
 * entry per connection (that would let anyone flood the logbook); this one entry says so.
 */
export function logGatewaySourceBlocked(deps: AppDeps, sourceIp: string, data: { refusals: number; windowSeconds: number; until: string; blocks: string }): Promise<void> {
  return runUseCase(deps, { actor: null, via: 'gateway', sourceIp }, 'gateway.source_blocked', async (ctx) => {
    ctx.log({ type: 'gateway.source_blocked', unitId: null, caseId: null, data: { sourceIp, ...data } });
  }, { requireActor: false });
}
