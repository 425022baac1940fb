import type { CaseViewData, PersonRecord } from '../../app/case/get-case-view.js';
import type { A2Field } from '../../domain/case/a2-documentation.js';
import type { CaseStatus, CorrectableField, ReportChannel, Urgency } from '../../domain/case/repair-case.js';
import type { Role } from '../../domain/auth/role.js';
import type { A1Code, StepCode, Text } from '../../domain/sop/sop-definition.js';
import { sopStep } from '../../domain/sop/sop-definition.js';
import { standardJudged } from '../../domain/case/time-standard.js';
import type { LocalTime } from '../format-time.js';
import { localTime, zoneAbbreviation } from '../format-time.js';
import type { NetworkWarning } from '../registry-list.js';
import { networkWarning } from '../registry-list.js';

/**
 * A case as every renderer (terminal, JSON, and the HTML, PDF and email to come) shows it: ids
 * resolved to names, times in the unit's zone. It carries codes and values only (status and step
 * codes, the SOP's own texts, what people wrote); each renderer words it in its language through
 * the catalogue and escapes it for its medium.
 */
export interface CaseViewModel {
  readonly id: string;
  readonly status: CaseStatus;
  readonly step: StepCode | null;
  readonly sop: { readonly code: string; readonly version: string };
  readonly unit: UnitRef;
  readonly target: { readonly id: string; readonly name: string | null; readonly host: string | null; readonly loginAccount: string | null } | null;
  readonly report: {
    readonly at: LocalTime;
    readonly reporter: PersonRef;
    readonly channel: ReportChannel;
    readonly system: string;
    readonly description: string;
    readonly urgency: Urgency;
  };
  readonly acknowledgement: { readonly at: LocalTime; readonly by: PersonRef; readonly classification: string; readonly impact: string; readonly executor: PersonRef } | null;
  readonly preparation: {
    readonly at: LocalTime;
    readonly by: PersonRef;
    readonly workstation: { readonly id: string; readonly assetTag: string | null };
    readonly location: string;
    readonly network: NetworkRef;
    readonly sourceIp: string | null;
    readonly ready: boolean;
    readonly checks: readonly A1CheckView[];
  } | null;
  readonly accesses: readonly AccessView[];
  readonly restoration: { readonly at: LocalTime; readonly by: PersonRef; readonly initialFix: string } | null;
  readonly rootCause: { readonly at: LocalTime; readonly by: PersonRef; readonly rootCause: string; readonly permanentFix: string } | null;
  readonly closure: { readonly at: LocalTime; readonly by: PersonRef; readonly notes: string | null } | null;
  readonly approval: { readonly at: LocalTime; readonly by: PersonRef; readonly notes: string | null } | null;
  readonly cancellation: { readonly at: LocalTime; readonly by: PersonRef; readonly reason: string; readonly fromStatus: CaseStatus } | null;
  /** Kembalikan: every return of the closed record for correction, oldest first, each with the close it sent back. */
  readonly returns: readonly ReturnView[];
  /** The B4/B5 texts corrected after a return, oldest first, each with what it said before. */
  readonly corrections: readonly CorrectionView[];
  readonly timeline: readonly TimelineRowView[];
  readonly a2: A2View;
  /** Gateway sessions with lines typed at secret prompts (sealed in the logbook); `flagged`: more than the threshold. */
  readonly maskedInput: readonly MaskedInputView[];  /** Alertmanager alerts that opened the case or were noted on it (issue 13), oldest first; `endsAt` once resolved. */
  readonly alerts: readonly AlertView[];
}

export interface AlertView {
  readonly integration: string;
  readonly alertname: string | null;
  readonly fingerprint: string;
  readonly startsAt: LocalTime;
  readonly endsAt: LocalTime | null;
}

export interface ReturnView {
  readonly at: LocalTime;
  readonly by: PersonRef;
  /** The alasan, as the koordinator wrote it. */
  readonly reason: string;
  readonly closure: { readonly at: LocalTime; readonly by: PersonRef; readonly notes: string | null };
}

export interface CorrectionView {
  readonly at: LocalTime;
  readonly by: PersonRef;
  readonly field: CorrectableField;
  readonly before: string;
  readonly after: string;
}

export interface MaskedInputView { readonly sessionId: string; readonly lines: number; readonly flagged: boolean; readonly threshold: number | null }

export interface UnitRef { readonly id: string; readonly code: string | null; readonly name: string | null; readonly timeZone: string; readonly zone: string }
/** A person by name; `username`/`name` are null when the record is gone (the id is still evidence). */
export interface PersonRef { readonly id: string; readonly username: string | null; readonly name: string | null; readonly role: Role | null }
export interface NetworkRef {
  readonly id: string; readonly name: string | null; readonly intranet: boolean | null;
  /** An office network with public ranges (see registry-list `networkWarning`); null when there is none or the record is gone. */
  readonly warning: NetworkWarning | null;
}
/** A2b: one network the case used, in order of first use: the one stated at B2, then each access's. */
export interface A2NetworkView extends NetworkRef {
  /** The network stated at B2 (the preparation that made the case ready). */
  readonly statedAtB2: boolean;
  /** How many of the case's accesses (gateway sessions and manual records) came from it. */
  readonly accesses: number;
}

/** One A1 provision as checked at B2: the SOP's text and the recorded outcome with its reason. */
export interface A1CheckView {
  readonly code: A1Code;
  readonly provision: Text | null;
  readonly passed: boolean;
  readonly mandatory: boolean;
  readonly reason: Text;
}

export interface AccessView {
  readonly id: string;
  readonly startedAt: LocalTime;
  readonly endedAt: LocalTime | null;
  readonly via: 'manual' | 'gateway';
  readonly sourceIp: string | null;
  readonly network: NetworkRef | null;
  readonly recordedBy: PersonRef;
}

/** One SOP step: its standard against what happened. */
export interface TimelineRowView {
  readonly step: StepCode;
  /** The SOP version's own activity and output texts. */
  readonly activity: Text;
  readonly output: Text | null;
  readonly standardMinutes: number | null;
  readonly startedAt: LocalTime | null;
  readonly deadline: LocalTime | null;
  readonly completedAt: LocalTime | null;
  readonly state: 'done' | 'in_progress' | 'not_started';
  /**
   * The step is done again and its standard was judged at its first completion (B6 of a case
   * returned for correction: judged at the first close), so no deadline runs for it.
   */
  readonly judged: boolean;
  /**
   * A missed time standard: recorded when the step completed late, or (`recorded: false`) how far
   * the step in progress is past its deadline now.
   */
  readonly deviation: { readonly overMinutes: number; readonly recorded: boolean; readonly explanation: ExplanationView | null } | null;
}

export interface ExplanationView { readonly text: string; readonly by: PersonRef; readonly at: LocalTime }

/** A2 as far as the case fills it, and which fields closing (B6) still needs. */
export interface A2View {
  readonly location: string | null;
  /** The network stated at B2 (what closing requires). */
  readonly network: string | null;
  /** A2b in full: every network the case's accesses came from, and the one stated at B2. */
  readonly networks: readonly A2NetworkView[];
  /** `YYYY-MM-DD`: the LPSE's local day of the first access. */
  readonly date: string | null;
  readonly accessStart: LocalTime | null;
  readonly accessEnd: LocalTime | null;
  readonly analysis: string | null;
  readonly repair: string | null;
  readonly missing: readonly A2Field[];
}

const A2_FIELDS: readonly A2Field[] = ['location', 'network', 'date', 'accessStart', 'accessEnd', 'analysis', 'repair'];

/** Looks people up by id; an id without a record still shows (as itself). */
export function personResolver(users: readonly PersonRecord[]): (id: string) => PersonRef {
  const byId = new Map(users.map((u) => [u.id, u]));
  return (id) => {
    const u = byId.get(id);
    return { id, username: u?.username ?? null, name: u?.displayName ?? null, role: u?.role ?? null };
  };
}

/** The case detail view model from what {@link getCaseView} loaded. Pure: no I/O, no clock. */
export function presentCase(d: CaseViewData): CaseViewModel {
  const c = d.case;
  const r = d.records;
  const zone = r.unit?.timeZone ?? c.timeZone;
  const time = (iso: string): LocalTime => localTime(iso, zone) as LocalTime;
  const maybe = (iso: string | null): LocalTime | null => localTime(iso, zone);
  const person = personResolver(r.users);
  const networks = new Map(r.networks.map((n) => [n.id, n]));
  const network = (id: string, fallbackName: string | null = null): NetworkRef => {
    const n = networks.get(id);
    return { id, name: n?.name ?? fallbackName, intranet: n?.intranet ?? null, warning: n ? networkWarning(n) : null };
  };
  const provisions = new Map(d.sop.provisions.a1.items.map((p) => [p.code, p.text]));
  const missing = A2_FIELDS.filter((f) => !d.a2[f]);
  return {
    id: c.id, status: c.status, step: d.step, sop: { code: c.sopCode, version: c.sopVersion },
    unit: { id: c.unitId, code: r.unit?.code ?? null, name: r.unit?.name ?? null, timeZone: zone, zone: zoneAbbreviation(zone) },
    target: c.targetId === null ? null
      : { id: c.targetId, name: r.target?.name ?? null, host: r.target?.host ?? null, loginAccount: r.target?.loginAccount ?? null },
    report: {
      at: time(c.report.reportedAt), reporter: person(c.report.reporterId), channel: c.report.channel,
      system: c.report.system, description: c.report.description, urgency: c.report.urgency,
    },
    acknowledgement: c.acknowledgement && {
      at: time(c.acknowledgement.at), by: person(c.acknowledgement.by), classification: c.acknowledgement.classification,
      impact: c.acknowledgement.impact, executor: person(c.acknowledgement.executorId),
    },
    preparation: c.preparation && {
      at: time(c.preparation.at), by: person(c.preparation.by),
      workstation: { id: c.preparation.workstationId, assetTag: r.workstation?.id === c.preparation.workstationId ? r.workstation.assetTag : null },
      location: c.preparation.location, network: network(c.preparation.networkId, c.preparation.networkName),
      sourceIp: c.preparation.sourceIp, ready: c.preparation.ready,
      checks: c.preparation.checks.map((ch) => ({ code: ch.code, provision: provisions.get(ch.code) ?? null, passed: ch.passed, mandatory: ch.mandatory, reason: ch.reason })),
    },
    accesses: c.accesses.map((a) => ({
      id: a.id, startedAt: time(a.startedAt), endedAt: maybe(a.endedAt), via: a.via, sourceIp: a.sourceIp,
      network: a.networkId === null ? null : network(a.networkId), recordedBy: person(a.recordedBy),
    })),
    restoration: c.restoration && { at: time(c.restoration.at), by: person(c.restoration.by), initialFix: c.restoration.initialFix },
    rootCause: c.rootCause && { at: time(c.rootCause.at), by: person(c.rootCause.by), rootCause: c.rootCause.rootCause, permanentFix: c.rootCause.permanentFix },
    closure: c.closure && { at: time(c.closure.at), by: person(c.closure.by), notes: c.closure.notes },
    approval: c.approval && { at: time(c.approval.at), by: person(c.approval.by), notes: c.approval.notes },
    returns: c.returns.map((x) => ({
      at: time(x.at), by: person(x.by), reason: x.reason, closure: { at: time(x.closure.at), by: person(x.closure.by), notes: x.closure.notes },
    })),
    corrections: c.corrections.map((x) => ({ at: time(x.at), by: person(x.by), field: x.field, before: x.before, after: x.after })),
    cancellation: c.cancellation && { at: time(c.cancellation.at), by: person(c.cancellation.by), reason: c.cancellation.reason, fromStatus: c.cancellation.fromStatus },
    timeline: d.timeline.map((row) => {
      const step = sopStep(d.sop, row.step);
      const explained = c.explanations[row.step];
      const recorded = c.deviations.some((x) => x.step === row.step);
      return {
        step: row.step, activity: step.activity, output: step.output, standardMinutes: row.standardMinutes,
        startedAt: maybe(row.startedAt), deadline: maybe(row.deadline), completedAt: maybe(row.completedAt),
        state: row.completedAt !== null ? 'done' as const : row.inProgress ? 'in_progress' as const : 'not_started' as const,
        judged: standardJudged(c, row.step),
        deviation: row.overMinutes > 0 || explained ? {
          overMinutes: row.overMinutes, recorded,
          explanation: explained ? { text: explained.text, by: person(explained.by), at: time(explained.at) } : null,
        } : null,
      };
    }),
    maskedInput: d.maskedInput.map((m) => ({ sessionId: m.sessionId, lines: m.lines, flagged: m.flagged, threshold: m.threshold })),
    alerts: (d.alerts ?? []).map((a) => ({ integration: a.integration, alertname: a.alertname, fingerprint: a.fingerprint, startsAt: time(a.startsAt), endsAt: maybe(a.endsAt) })),
    a2: {
      location: d.a2.location, network: d.a2.network, networks: a2Networks(c, network), date: d.a2.date, accessStart: maybe(d.a2.accessStart), accessEnd: maybe(d.a2.accessEnd),
      analysis: d.a2.analysis, repair: d.a2.repair, missing,
    },
  };
}

/** A2b: the network stated at B2 (once the case is ready) and every access's, each once, in order of first use. */
function a2Networks(c: CaseViewData['case'], network: (id: string, fallbackName?: string | null) => NetworkRef): A2NetworkView[] {
  const stated = c.preparation?.ready ? c.preparation.networkId : null;
  const order = [...(stated === null ? [] : [stated]), ...c.accesses.flatMap((a) => (a.networkId === null ? [] : [a.networkId]))];
  return [...new Set(order)].map((id) => ({
    ...network(id, id === stated ? c.preparation?.networkName ?? null : null),
    statedAtB2: id === stated, accesses: c.accesses.filter((a) => a.networkId === id).length,
  }));
}
