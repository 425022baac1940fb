import type { LiveSessionInfo } from '../../ports/live-sessions.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import type { LocalTime } from '../format-time.js';
import { localTime } from '../format-time.js';

/** A gateway session running now, its times in its case unit's zone. */
export interface LiveSessionView {
  readonly id: string;
  readonly caseId: string;
  readonly username: string;
  readonly target: string;
  readonly sourceIp: string;
  readonly network: string;
  readonly workstation: string;
  readonly startedAt: LocalTime;
  readonly lastActivityAt: LocalTime;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly channels: LiveSessionInfo['channels'];
  /** The `jaga serve` node carrying it, where the nodes are known. */
  readonly node: string | null;
}

/** The live sessions as pages show them, oldest first (as listed). Pure. */
export function presentLiveSessions(sessions: readonly LiveSessionInfo[], units: readonly { id: string; timeZone: string }[]): LiveSessionView[] {
  const zones = new Map(units.map((u) => [u.id, u.timeZone]));
  return sessions.map((s) => {
    const zone = zones.get(s.unitId) ?? DEFAULT_TIME_ZONE;
    return {
      id: s.id, caseId: s.caseId, username: s.username, target: s.target, sourceIp: s.sourceIp, network: s.network, workstation: s.workstation,
      startedAt: localTime(s.startedAt, zone) as LocalTime, lastActivityAt: localTime(s.lastActivityAt, zone) as LocalTime,
      bytesUp: s.bytesUp, bytesDown: s.bytesDown, channels: s.channels, node: s.node ?? null,
    };
  });
}
