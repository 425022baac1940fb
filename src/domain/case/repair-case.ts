import type { StepCode, Text } from '../sop/sop-definition.js';

/**
 * Where a case stands. Each status names the last thing that happened; `currentStep`
 * derives which SOP step is in progress.
 */
export const CASE_STATUSES = ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused',
  'closed', 'approved', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const URGENCIES = ['low', 'medium', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const CHANNELS = ['web', 'api', 'phone', 'email', 'chat', 'monitoring', 'cli', 'other'] as const;
export type ReportChannel = (typeof CHANNELS)[number];

export interface FaultReport {
  readonly reportedAt: string;
  readonly reporterId: string;
  readonly channel: ReportChannel;
  /** The affected system as the reporter names it (e.g. "SPSE produksi"). */
  readonly system: string;
  readonly description: string;
  readonly urgency: Urgency;
}

/** B1 output: informasi gangguan. */
export interface Acknowledgement {
  readonly at: string;
  readonly by: string;
  readonly classification: string;
  readonly impact: string;
  readonly executorId: string;
}

export interface A1CheckResult {
  readonly code: 'a' | 'b' | 'c' | 'd' | 'e';
  readonly passed: boolean;
  readonly mandatory: boolean;
  readonly reason: Text;
}

/** B2: the workstation, where the repairer is, the network used, and the A1 checks. */
export interface Preparation {
  readonly at: string;
  readonly by: string;
  readonly workstationId: string;
  readonly location: string;
  readonly networkId: string;
  readonly networkName: string;
  readonly sourceIp: string | null;
  readonly checks: readonly A1CheckResult[];
  /** All mandatory checks passed: B2 is complete and B3 may start. */
  readonly ready: boolean;
  /**
   * When B2 was first completed. A later re-preparation (another workstation or network)
   * replaces the evidence but not this time: the step's time standard was met or missed once.
   */
  readonly firstReadyAt: string | null;
}

/** B3: one access to the target (a gateway session, or a manually recorded one). */
export interface AccessRecord {
  readonly id: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly via: 'manual' | 'gateway';
  readonly sourceIp: string | null;
  readonly networkId: string | null;
  readonly recordedBy: string;
}

export interface Restoration { readonly at: string; readonly by: string; readonly initialFix: string }
export interface RootCause { readonly at: string; readonly by: string; readonly rootCause: string; readonly permanentFix: string }
export interface Closure { readonly at: string; readonly by: string; readonly notes: string | null }
export interface Approval { readonly at: string; readonly by: string; readonly notes: string | null }
/**
 * Kembalikan: the koordinator returned the closed record to the executor for correction, with
 * the reason (alasan). The closure it returned is kept here, so the trail shows what was sent back.
 */
export interface CaseReturn { readonly at: string; readonly by: string; readonly reason: string; readonly closure: Closure }
/** The B4/B5 texts that make up A2d (analysis and repair): what a returned case's executor may correct. */
export const CORRECTABLE_FIELDS = ['initialFix', 'rootCause', 'permanentFix'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];
/** One B4/B5 text corrected after a return, with what it said before (B4/B5's own times stay). */
export interface Correction {
  readonly at: string;
  readonly by: string;
  readonly field: CorrectableField;
  readonly before: string;
  readonly after: string;
}
export interface Cancellation { readonly at: string; readonly by: string; readonly reason: string; readonly fromStatus: CaseStatus }

/** A missed time standard (penyimpangan mutu baku). */
export interface Deviation {
  readonly step: StepCode;
  readonly standardMinutes: number;
  readonly startedAt: string;
  readonly completedAt: string;
  /** Whole minutes over the standard, rounded up: one second late counts as one minute. */
  readonly overMinutes: number;
}

export interface Explanation { readonly text: string; readonly by: string; readonly at: string }

export interface RepairCase {
  readonly id: string;
  readonly unitId: string;
  /** The registered target affected; null when the fault is not on a registered server yet. */
  readonly targetId: string | null;
  /** The unit's IANA zone when the case opened: A2's date is the LPSE's local day. */
  readonly timeZone: string;
  readonly sopCode: string;
  readonly sopVersion: string;
  readonly status: CaseStatus;
  /** Bumped on every change; stores refuse a write based on a stale version. */
  readonly revision: number;
  readonly report: FaultReport;
  readonly acknowledgement: Acknowledgement | null;
  readonly preparation: Preparation | null;
  readonly accesses: readonly AccessRecord[];
  readonly restoration: Restoration | null;
  readonly rootCause: RootCause | null;
  readonly deviations: readonly Deviation[];
  readonly explanations: Readonly<Partial<Record<StepCode, Explanation>>>;
  readonly closure: Closure | null;
  readonly approval: Approval | null;
  readonly cancellation: Cancellation | null;
  /** Every return for correction, oldest first: kept through re-closing and approval. */
  readonly returns: readonly CaseReturn[];
  /** Every B4/B5 text corrected after a return, oldest first. */
  readonly corrections: readonly Correction[];
}

const STEP_IN_PROGRESS: Record<CaseStatus, StepCode | null> = {
  reported: 'B1', acknowledged: 'B2', prepared: 'B3', in_repair: 'B4', restored: 'B5', root_caused: 'B6',
  closed: null, approved: null, cancelled: null,
};

/** The SOP step now in progress, or null once B6 is done or the case is cancelled. */
export const currentStep = (c: Pick<RepairCase, 'status'>): StepCode | null => STEP_IN_PROGRESS[c.status];

/** The status of a case while `step` is in progress. */
export const statusWhileIn = (step: StepCode): CaseStatus =>
  CASE_STATUSES.find((s) => STEP_IN_PROGRESS[s] === step) as CaseStatus;

/** The executor assigned at B1 (acknowledgement), if any. */
export const assignedExecutor = (c: RepairCase): string | null => c.acknowledgement?.executorId ?? null;

/** What a case listing shows of each case (the full case is one request away). */
export interface CaseSummary {
  readonly id: string;
  readonly unitId: string;
  readonly targetId: string | null;
  readonly status: CaseStatus;
  readonly step: StepCode | null;
  readonly revision: number;
  readonly reportedAt: string;
  readonly updatedAt: string;
  readonly executorId: string | null;
  readonly system: string;
  readonly urgency: Urgency;
  readonly deviations: number;
  readonly sopVersion: string;
}

/** Gateway/manual access is allowed while B3–B5 are in progress. */
export const ACCESS_STATUSES: readonly CaseStatus[] = ['prepared', 'in_repair', 'restored'];
