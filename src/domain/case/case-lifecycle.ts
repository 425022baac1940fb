import type { SopDefinition, StepCode } from '../sop/sop-definition.js';
import { precondition } from '../errors.js';
import type {
  A1CheckResult, AccessRecord, CaseStatus, FaultReport, RepairCase,
} from './repair-case.js';
import { ACCESS_STATUSES, currentStep } from './repair-case.js';
import { deviationOnCompletion, minutesOver, stepStartedAt } from './time-standard.js';
import { missingA2Fields } from './a2-documentation.js';
import { sopStep } from '../sop/sop-definition.js';

/**
 * The B1–B6 state machine. Every function is pure: it takes a case and returns the next
 * one, or throws a DomainError saying which rule refuses the move.
 */

const STATUS_ID: Record<CaseStatus, string> = {
  reported: 'dilaporkan (B1)', acknowledged: 'diterima (B2)', prepared: 'siap akses (B3)', in_repair: 'perbaikan awal (B4)',
  restored: 'perbaikan lanjut (B5)', root_caused: 'dokumentasi (B6)', closed: 'ditutup, menunggu persetujuan',
  approved: 'disetujui', cancelled: 'dibatalkan',
};

function requireStatus(c: RepairCase, allowed: readonly CaseStatus[], action: { id: string; en: string }): void {
  if (!allowed.includes(c.status)) {
    throw precondition('case.wrong_step',
      `Tidak dapat ${action.id}: kasus sedang pada status ${STATUS_ID[c.status]}.`,
      `Cannot ${action.en}: the case is ${c.status.replace('_', ' ')}${currentStep(c) ? ` (step ${currentStep(c)})` : ''}.`,
      { status: c.status, step: currentStep(c), allowed });
  }
}

const next = (c: RepairCase, patch: Partial<RepairCase>): RepairCase => ({ ...c, ...patch, revision: c.revision + 1 });

function withDeviation(sop: SopDefinition, c: RepairCase, step: StepCode, at: string): Pick<RepairCase, 'deviations'> {
  const d = deviationOnCompletion(sop, c, step, at);
  return { deviations: d ? [...c.deviations.filter((x) => x.step !== step), d] : c.deviations };
}

export interface NewCase {
  readonly id: string;
  readonly unitId: string;
  readonly targetId: string | null;
  readonly timeZone: string;
  readonly report: FaultReport;
}

/** B1 input: a fault report opens a case under the SOP version in force. */
export function openCase(sop: SopDefinition, n: NewCase): RepairCase {
  return {
    id: n.id, unitId: n.unitId, targetId: n.targetId, timeZone: n.timeZone, sopCode: sop.code, sopVersion: sop.version, status: 'reported',
    revision: 1, report: n.report, acknowledgement: null, preparation: null, accesses: [], restoration: null,
    rootCause: null, deviations: [], explanations: {}, closure: null, approval: null, cancellation: null,
  };
}

/** B1 output: informasi gangguan, with the executor who will handle it. */
export function acknowledge(sop: SopDefinition, c: RepairCase, a: { at: string; by: string; classification: string; impact: string; executorId: string }): RepairCase {
  requireStatus(c, ['reported'], { id: 'menerima laporan', en: 'acknowledge the report' });
  const acked = next(c, { status: 'acknowledged', acknowledgement: { ...a } });
  return { ...acked, ...withDeviation(sop, c, 'B1', a.at) };
}

/**
 * B2: records the preparation with every A1 result. When a mandatory check failed, the case
 * stays in B2 (the preparation is kept as evidence) and B3 is refused until a new one passes.
 */
export function prepare(sop: SopDefinition, c: RepairCase, p: {
  at: string; by: string; workstationId: string; location: string; networkId: string; networkName: string;
  sourceIp: string | null; checks: readonly A1CheckResult[];
}): RepairCase {
  requireStatus(c, ['acknowledged', 'prepared'], { id: 'menyiapkan workstation', en: 'prepare the workstation' });
  const ready = p.checks.every((ch) => ch.passed || !ch.mandatory);
  const firstReadyAt = c.preparation?.firstReadyAt ?? (ready ? p.at : null);
  const base = { ...c, preparation: { ...p, ready, firstReadyAt } };
  if (!ready) return next(base, { status: 'acknowledged' });
  // B2's time standard is judged once, at its first completion; re-preparing does not move it.
  const deviations = c.preparation?.firstReadyAt ? c.deviations : withDeviation(sop, c, 'B2', p.at).deviations;
  return next(base, { status: 'prepared', deviations });
}

/** B3: an access starts. The first one completes B3 (waktu mulai akses). */
export function startAccess(c: RepairCase, a: AccessRecord): RepairCase {
  if (c.status === 'acknowledged' && c.preparation && !c.preparation.ready) {
    const failed = c.preparation.checks.filter((ch) => ch.mandatory && !ch.passed);
    throw precondition('access.a1_failed',
      `Akses ditolak: pemeriksaan A1 gagal (${failed.map((f) => `A1${f.code}: ${f.reason.id}`).join('; ')}).`,
      `Access refused: A1 check failed (${failed.map((f) => `A1${f.code}: ${f.reason.en}`).join('; ')}).`,
      { failed: failed.map((f) => f.code) });
  }
  requireStatus(c, ACCESS_STATUSES, { id: 'memulai akses', en: 'start access' });
  if (c.accesses.some((x) => x.id === a.id)) {
    throw precondition('access.duplicate', `Akses ${a.id} sudah tercatat.`, `Access ${a.id} is already recorded.`);
  }
  if (c.accesses.length > 0 && a.startedAt < (c.accesses[0] as AccessRecord).startedAt) {
    throw precondition('access.before_first', 'Waktu mulai akses tidak boleh sebelum akses pertama.', 'An access cannot start before the first one.');
  }
  return next(c, { status: c.status === 'prepared' ? 'in_repair' : c.status, accesses: [...c.accesses, a] });
}

/** Ends an access (waktu selesai akses). */
export function endAccess(c: RepairCase, accessId: string, at: string): RepairCase {
  const a = c.accesses.find((x) => x.id === accessId);
  if (!a) throw precondition('access.unknown', `Akses ${accessId} tidak ada pada kasus ini.`, `Access ${accessId} is not on this case.`);
  if (a.endedAt !== null) throw precondition('access.already_ended', `Akses ${accessId} sudah berakhir.`, `Access ${accessId} has already ended.`);
  if (at < a.startedAt) throw precondition('access.end_before_start', 'Waktu selesai tidak boleh sebelum waktu mulai akses.', 'An access cannot end before it started.');
  return next(c, { accesses: c.accesses.map((x) => (x.id === accessId ? { ...x, endedAt: at } : x)) });
}

/** B4: service restored by the initial repair. */
export function restore(sop: SopDefinition, c: RepairCase, r: { at: string; by: string; initialFix: string }): RepairCase {
  requireStatus(c, ['in_repair'], { id: 'mencatat perbaikan awal (B4)', en: 'record the initial repair (B4)' });
  return next(c, { status: 'restored', restoration: { ...r }, ...withDeviation(sop, c, 'B4', r.at) });
}

/** B5: root cause and permanent fix, kept apart from B4's initial repair. */
export function recordRootCause(sop: SopDefinition, c: RepairCase, r: { at: string; by: string; rootCause: string; permanentFix: string }): RepairCase {
  requireStatus(c, ['restored'], { id: 'mencatat akar masalah (B5)', en: 'record the root cause (B5)' });
  return next(c, { status: 'root_caused', rootCause: { ...r }, ...withDeviation(sop, c, 'B5', r.at) });
}

/**
 * Explains a deviation: one already recorded, or the step in progress once it is past its
 * standard (so B6 can be explained before the close that completes it).
 */
export function explainDeviation(sop: SopDefinition, c: RepairCase, e: { step: StepCode; text: string; by: string; at: string }): RepairCase {
  const recorded = c.deviations.some((d) => d.step === e.step);
  const standard = sopStep(sop, e.step).timeStandardMinutes;
  const started = stepStartedAt(c, e.step);
  const overdueNow = currentStep(c) === e.step && standard !== null && started !== null && minutesOver(started, e.at, standard) > 0;
  if (!recorded && !overdueNow) {
    throw precondition('deviation.none', `Tidak ada penyimpangan waktu pada langkah ${e.step} untuk dijelaskan.`,
      `There is no time-standard deviation on step ${e.step} to explain.`, { step: e.step });
  }
  if (c.status === 'approved' || c.status === 'cancelled') {
    requireStatus(c, [], { id: 'menjelaskan penyimpangan', en: 'explain a deviation' });
  }
  return next(c, { explanations: { ...c.explanations, [e.step]: { text: e.text, by: e.by, at: e.at } } });
}

/** B6: closes into the logbook when A2 is complete and every deviation is explained. */
export function close(sop: SopDefinition, c: RepairCase, cl: { at: string; by: string; notes: string | null }): RepairCase {
  requireStatus(c, ['root_caused'], { id: 'menutup kasus (B6)', en: 'close the case (B6)' });
  const missing = missingA2Fields(c);
  if (missing.length > 0) {
    throw precondition('case.a2_incomplete',
      `Kasus belum dapat ditutup: dokumentasi A2 belum lengkap (${missing.map((m) => m.id).join(', ')}).`,
      `The case cannot close: A2 documentation is incomplete (${missing.map((m) => m.en).join(', ')}).`,
      { missing: missing.map((m) => m.field) });
  }
  const { deviations } = withDeviation(sop, c, 'B6', cl.at);
  const unexplained = deviations.filter((d) => c.explanations[d.step] === undefined);
  if (unexplained.length > 0) {
    throw precondition('case.deviation_unexplained',
      `Kasus belum dapat ditutup: penyimpangan mutu baku belum dijelaskan (${unexplained.map((d) => `${d.step} lewat ${d.overMinutes} menit`).join(', ')}).`,
      `The case cannot close: time-standard deviations are unexplained (${unexplained.map((d) => `${d.step} over by ${d.overMinutes} min`).join(', ')}).`,
      { deviations: unexplained.map((d) => ({ step: d.step, overMinutes: d.overMinutes })) });
  }
  return next(c, { status: 'closed', closure: { ...cl }, deviations });
}

/** Menyetujui: the koordinator approves the closed record. */
export function approve(c: RepairCase, a: { at: string; by: string; notes: string | null }): RepairCase {
  requireStatus(c, ['closed'], { id: 'menyetujui kasus', en: 'approve the case' });
  if (a.by === c.acknowledgement?.executorId) {
    throw precondition('case.self_approval', 'Pelaksana tidak boleh menyetujui kasusnya sendiri.', 'The executor cannot approve their own case.');
  }
  return next(c, { status: 'approved', approval: { ...a } });
}

/** Cancelling is possible only before any access (B3). */
export function cancel(c: RepairCase, x: { at: string; by: string; reason: string }): RepairCase {
  requireStatus(c, ['reported', 'acknowledged', 'prepared'], { id: 'membatalkan kasus (hanya sebelum B3)', en: 'cancel the case (only before B3)' });
  return next(c, { status: 'cancelled', cancellation: { ...x, fromStatus: c.status } });
}
