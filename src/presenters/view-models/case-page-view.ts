import type { CasePageData, CaseTransfer } from '../../app/case/get-case-page.js';
import type { EndReason } from '../../domain/access/end-reason.js';
import type { CaseStepAction } from '../../domain/case/case-lifecycle.js';
import type { StepCode, Text } from '../../domain/sop/sop-definition.js';
import { sopStep } from '../../domain/sop/sop-definition.js';
import type { LocalTime } from '../format-time.js';
import { localTime } from '../format-time.js';
import type { CaseViewModel, PersonRef } from './case-view.js';
import { personResolver, presentCase } from './case-view.js';
import type { ClockView } from './dashboard-view.js';
import { clockView } from './dashboard-view.js';

/** One gateway session of the case: where it came from, when, and its recordings' hashes. */
export interface SessionView {
  readonly id: string;
  readonly user: PersonRef;
  readonly sourceIp: string;
  readonly network: { readonly id: string; readonly name: string | null };
  readonly workstation: { readonly id: string; readonly assetTag: string | null };
  readonly startedAt: LocalTime;
  readonly endedAt: LocalTime | null;
  readonly endReason: EndReason | null;
  readonly recordings: readonly { readonly channel: number; readonly sha256: string; readonly bytes: number }[];
  /** The viewer may play (read) its recordings. */
  readonly mayPlay: boolean;
}

/** A file transfer of a session, its time in the unit's zone. */
export interface TransferView extends Omit<CaseTransfer, 'at'> {
  readonly at: LocalTime;
}

/** The case page: the case view model, the SOP's requirement per step, the running clock, the sessions and the viewer's next moves. */
export interface CasePageViewModel {
  readonly case: CaseViewModel;
  /** Persyaratan/Perlengkapan of each step, from the case's SOP version (null where the SOP leaves it blank). */
  readonly requirements: Readonly<Record<StepCode, Text | null>>;
  /** When the case was read (ISO-8601 UTC): where a page's countdown starts. */
  readonly now: string;
  readonly clock: ClockView | null;
  readonly sessions: readonly SessionView[];
  readonly transfers: readonly TransferView[];
  readonly nextActions: readonly CaseStepAction[];
  readonly documents: { readonly formLaporan: boolean; readonly bundle: boolean };
  /** The refusals logged under the case, newest first; null: not for this viewer. */
  readonly refusals: { readonly total: number; readonly latest: readonly RefusalView[] } | null;
}

export interface RefusalView {
  readonly at: LocalTime;
  readonly by: PersonRef | null;
  /** The use case refused (`gateway.access`, `case.prepare` …) and the refusal's code (`gateway.A1d` …). */
  readonly action: string;
  readonly code: string;
  /** The reason as logged, in both languages (the viewer's is shown). */
  readonly reason: Text;
  readonly sourceIp: string | null;
  /** The user name the attempt gave, when no signed-in user made it (a gateway login). */
  readonly claimedUsername: string | null;
}

/** The case page's view model from what {@link getCasePage} read. Pure. */
export function presentCasePage(d: CasePageData): CasePageViewModel {
  const view = presentCase(d);
  const zone = view.unit.timeZone;
  const person = personResolver([...d.records.users, ...d.sessionRecords.users]);
  const networks = new Map(d.records.networks.map((n) => [n.id, n.name]));
  const workstations = new Map(d.sessionRecords.workstations.map((w) => [w.id, w.assetTag]));
  const requirements = Object.fromEntries(d.timeline.map((r) => [r.step, sopStep(d.sop, r.step).requirement])) as Record<StepCode, Text | null>;
  return {
    case: view, requirements, nextActions: d.nextActions, documents: d.documents, now: d.now,
    refusals: d.refusals && { total: d.refusals.total, latest: d.refusals.latest.map((r) => ({
      at: localTime(r.at, zone) as LocalTime, by: r.actorId === null ? null : person(r.actorId), action: r.action, code: r.code, reason: r.reason, sourceIp: r.sourceIp, claimedUsername: r.claimedUsername,
    })) },
    clock: d.clock && clockView(d.clock, zone),
    sessions: d.sessions.map((s) => ({
      id: s.id, user: person(s.userId), sourceIp: s.sourceIp,
      network: { id: s.networkId, name: networks.get(s.networkId) ?? null },
      workstation: { id: s.workstationId, assetTag: workstations.get(s.workstationId) ?? null },
      startedAt: localTime(s.startedAt, zone) as LocalTime, endedAt: localTime(s.endedAt, zone), endReason: s.endReason,
      recordings: s.recordings.map((r) => ({ channel: r.channel, sha256: r.sha256, bytes: r.bytes })),
      mayPlay: s.mayPlay,
    })),
    transfers: d.transfers.map((x) => ({ ...x, at: localTime(x.at, zone) as LocalTime })),
  };
}
