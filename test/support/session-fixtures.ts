import type { App } from '../../src/app/app.js';
import { DomainError } from '../../src/domain/errors.js';
import type { LiveSessionEvent, LiveSessionInfo, LiveSessions } from '../../src/ports/live-sessions.js';
import type { GatewaySession, SessionRecording } from '../../src/ports/repositories.js';

/**
 * A stand-in for the gateway's live sessions, for tests of what is built on the port (the HTTP
 * views, watching, termination): sessions are added by hand and their events emitted by the
 * test. The real gateway is tested against a real sshd elsewhere.
 */
export class FakeLiveSessions implements LiveSessions {
  readonly sessions = new Map<string, LiveSessionInfo>();
  readonly listeners = new Map<string, Set<(e: LiveSessionEvent) => void>>();
  /** Every `terminate` call, in order. */
  readonly terminations: { id: string; by: string }[] = [];
  #n = 0;

  /** A live session of `caseId` (in `unitId`) by `username`; the rest is filled in. */
  add(s: Pick<LiveSessionInfo, 'caseId' | 'unitId' | 'username'> & Partial<LiveSessionInfo>): LiveSessionInfo {
    const n = ++this.#n;
    const info: LiveSessionInfo = {
      id: `live-${n}-${Math.random().toString(36).slice(2, 8)}`, target: 'spse', sourceIp: '127.0.0.1', network: 'kantor-lpse', workstation: 'LPSE-NB-001',
      startedAt: new Date(Date.UTC(2024, 0, 1, 1, 0, n)).toISOString(), lastActivityAt: new Date(Date.UTC(2024, 0, 1, 1, 0, n)).toISOString(),
      bytesUp: 0, bytesDown: 0, channels: [{ channel: 0, kind: 'shell', command: null, pty: true }], ...s,
    };
    this.sessions.set(info.id, info);
    return info;
  }

  /** Sends an event to the session's watchers (an `end` also ends the session). */
  emit(id: string, e: LiveSessionEvent): void {
    for (const l of [...(this.listeners.get(id) ?? [])]) l(e);
    if (e.type === 'end') {
      this.sessions.delete(id);
      this.listeners.delete(id);
    }
  }

  watcherCount(id: string): number {
    return this.listeners.get(id)?.size ?? 0;
  }

  list(): LiveSessionInfo[] {
    return [...this.sessions.values()];
  }

  get(id: string): LiveSessionInfo | undefined {
    return this.sessions.get(id);
  }

  watch(id: string, listener: (e: LiveSessionEvent) => void): (() => void) | null {
    if (!this.sessions.has(id)) return null;
    const set = this.listeners.get(id) ?? new Set();
    this.listeners.set(id, set);
    set.add(listener);
    return () => { set.delete(listener); };
  }

  terminate(id: string, by: string): Promise<boolean> {
    if (!this.sessions.has(id)) return Promise.resolve(false);
    this.terminations.push({ id, by });
    this.emit(id, { type: 'end', reason: 'terminated' });
    return Promise.resolve(true);
  }
}

let rows = 0;

/**
 * Stores a gateway session row for a case, as the gateway would (by the case's assigned executor,
 * from LPSE-NB-001 on kantor-lpse to target spse), ended or still open, with the given recordings.
 */
export async function insertSessionRow(app: App, caseId: string,
  opts: { id?: string; ended?: boolean; recordings?: readonly SessionRecording[]; startedAt?: string } = {}): Promise<GatewaySession> {
  return app.store.transaction(async (tx) => {
    const c = await tx.cases.findById(caseId);
    const executorId = c?.acknowledgement?.executorId;
    const [target, ws, net] = [await tx.targets.findByName('spse'), await tx.workstations.findByAssetTag('LPSE-NB-001'), await tx.networks.findByName('kantor-lpse')];
    if (!c || !executorId || !target || !ws || !net) throw new Error('insertSessionRow needs an acknowledged case and the seeded world');
    const startedAt = opts.startedAt ?? new Date(Date.UTC(2024, 0, 1, 2, 0, ++rows)).toISOString();
    const s: GatewaySession = {
      id: opts.id ?? `gs-${rows}-${Math.random().toString(36).slice(2, 8)}`, caseId, unitId: c.unitId, userId: executorId, targetId: target.id,
      workstationId: ws.id, networkId: net.id, sourceIp: '127.0.0.1', keyFingerprint: `SHA256:${'K'.repeat(43)}`, startedAt,
      endedAt: null, endReason: null, bytesUp: 0, bytesDown: 0, recordings: [], nodeId: 'node-a', heartbeatAt: null,
    };
    await tx.gatewaySessions.insert(s);
    if (opts.ended === false) return s;
    const end = { endedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(), endReason: 'client_closed' as const, bytesUp: 10, bytesDown: 200, recordings: opts.recordings ?? [] };
    await tx.gatewaySessions.finish(s.id, end);
    return { ...s, ...end };
  });
}

/** `ok`, or the code of the DomainError the use case refused with (anything else is rethrown). */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}
