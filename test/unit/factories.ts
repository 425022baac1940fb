/**
 * Small builders for pure domain tests: users, grants, cases walked through the SOP steps
 * at chosen minutes, and logbook chains. Everything is plain data; nothing touches a store.
 */
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.js';
import type { A1CheckResult, AccessRecord, RepairCase } from '../../src/domain/case/repair-case.js';
import {
  acknowledge, approve, cancel, close, endAccess, explainDeviation, openCase, prepare, recordRootCause, restore, returnForCorrection, startAccess,
} from '../../src/domain/case/case-lifecycle.js';
import type { SopDefinition, StepCode } from '../../src/domain/sop/sop-definition.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';
import type { User } from '../../src/domain/registry/user.js';
import type { LpseUnit } from '../../src/domain/registry/unit.js';
import type { Grant } from '../../src/domain/registry/grant.js';
import type { Actor } from '../../src/domain/auth/case.policy.js';
import type { LogbookEntry } from '../../src/domain/logbook/logbook-entry.js';
import { GENESIS_HASH, entryPayload } from '../../src/domain/logbook/logbook-entry.js';
import { canonicalJson } from '../../src/domain/logbook/canonical-json.js';
import type { CaseRecords, CaseViewData } from '../../src/app/case/get-case-view.js';
import { a2Record } from '../../src/domain/case/a2-documentation.js';
import { currentStep } from '../../src/domain/case/repair-case.js';
import { timeline } from '../../src/domain/case/time-standard.js';

export const SOP = SOP_01_2019;

// ---------------------------------------------------------------------------------------------
// Time: every case in these tests is reported at T0; `at(m)` is m minutes (and s seconds) later.

export const T0 = '2026-11-28T01:00:00.000Z';
export const at = (minutes: number, seconds = 0): string =>
  new Date(Date.parse(T0) + minutes * 60_000 + seconds * 1000).toISOString();

// ---------------------------------------------------------------------------------------------
// Errors

/** Runs `fn`, which must throw a DomainError, and returns that error (anything else fails the test). */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  assert.fail('expected a DomainError refusal, but the call succeeded');
}

// ---------------------------------------------------------------------------------------------
// Registry

export const UNIT = 'unit-gorontalo';
export const OTHER_UNIT = 'unit-manado';
/** The national unit (LKPP): its networks admit access to every unit's targets. */
export const NATIONAL_UNIT = 'unit-lkpp';
export const TARGET = 'target-spse-prod';
export const OTHER_TARGET = 'target-spse-dev';
export const EXECUTOR_ID = 'user-admin-lpse';
export const KOORDINATOR_ID = 'user-koordinator';
export const REPORTER_ID = 'user-pelapor';
export const NOW = '2026-11-28T03:00:00.000Z';

export function buildUnit(overrides: Partial<LpseUnit> = {}): LpseUnit {
  return { id: UNIT, code: 'gorontalo', name: 'LPSE Provinsi Gorontalo', timeZone: 'Asia/Makassar', national: false, createdAt: NOW, ...overrides };
}
export const LKPP = buildUnit({ id: NATIONAL_UNIT, code: 'lkpp', name: 'LKPP', timeZone: 'Asia/Jakarta', national: true });

export function buildUser(overrides: Partial<User> = {}): User {
  return {
    id: 'user-1', username: 'budi', displayName: 'Budi Santoso', role: 'admin_lpse', unitId: UNIT,
    nip: '198001012005011001', active: true, createdAt: '2026-01-01T00:00:00.000Z', language: null, ...overrides,
  };
}

export function buildGrant(overrides: Partial<Grant> = {}): Grant {
  return {
    id: 'grant-1', userId: 'user-1', unitId: UNIT, targetId: null, validUntil: null,
    createdAt: '2026-01-01T00:00:00.000Z', ...overrides,
  };
}

export const buildActor = (user: User, grants: readonly Grant[] = [], now = NOW): Actor => ({ user, grants, now });

// ---------------------------------------------------------------------------------------------
// A1 check results

export function passingChecks(): A1CheckResult[] {
  return (['a', 'b', 'c', 'd', 'e'] as const).map((code) => ({
    code, passed: true, mandatory: true, reason: { id: `A1${code} terpenuhi`, en: `A1${code} met` },
  }));
}

/** Every check passes except `failed`, which is mandatory unless said otherwise. */
export function failingChecks(failed: A1CheckResult['code'] = 'b', mandatory = true): A1CheckResult[] {
  return passingChecks().map((ch) => (ch.code === failed
    ? { ...ch, passed: false, mandatory, reason: { id: `A1${failed} gagal`, en: `A1${failed} failed` } }
    : ch));
}

// ---------------------------------------------------------------------------------------------
// Cases and the SOP steps, each at a minute after T0

export function buildCase(overrides: Partial<RepairCase> = {}, sop: SopDefinition = SOP): RepairCase {
  const c = openCase(sop, {
    id: 'case-1', unitId: UNIT, targetId: TARGET, timeZone: 'Asia/Makassar',
    report: {
      reportedAt: T0, reporterId: REPORTER_ID, channel: 'web', system: 'SPSE produksi',
      description: 'Halaman login SPSE tidak dapat diakses', urgency: 'high',
    },
  });
  return { ...c, ...overrides };
}

export function buildAccess(overrides: Partial<AccessRecord> = {}): AccessRecord {
  return {
    id: 'access-1', startedAt: at(30), endedAt: null, via: 'gateway', sourceIp: '10.10.1.15',
    networkId: 'net-kantor-lpse', recordedBy: EXECUTOR_ID, ...overrides,
  };
}

export const ackAt = (c: RepairCase, m: number, sop: SopDefinition = SOP, executorId = EXECUTOR_ID): RepairCase =>
  acknowledge(sop, c, { at: at(m), by: executorId, classification: 'aplikasi', impact: 'layanan lelang terhenti', executorId });

export const prepareAt = (c: RepairCase, m: number, checks = passingChecks(), sop: SopDefinition = SOP): RepairCase =>
  prepare(sop, c, {
    at: at(m), by: EXECUTOR_ID, workstationId: 'ws-lpse-01', location: 'Kantor LPSE Gorontalo, ruang server',
    networkId: 'net-kantor-lpse', networkName: 'LAN Kantor LPSE', sourceIp: '10.10.1.15', checks,
  });

export const accessAt = (c: RepairCase, m: number, id = 'access-1'): RepairCase =>
  startAccess(c, buildAccess({ id, startedAt: at(m) }));

export const endAccessAt = (c: RepairCase, m: number, id = 'access-1'): RepairCase => endAccess(c, id, at(m));

export const restoreAt = (c: RepairCase, m: number, sop: SopDefinition = SOP): RepairCase =>
  restore(sop, c, { at: at(m), by: EXECUTOR_ID, initialFix: 'Layanan Tomcat dijalankan ulang' });

export const rootCauseAt = (c: RepairCase, m: number, sop: SopDefinition = SOP): RepairCase =>
  recordRootCause(sop, c, { at: at(m), by: EXECUTOR_ID, rootCause: 'Disk penuh oleh log', permanentFix: 'Rotasi log dipasang' });

export const explainAt = (c: RepairCase, step: StepCode, m: number, sop: SopDefinition = SOP): RepairCase =>
  explainDeviation(sop, c, { step, text: 'Laporan diterima di luar jam kerja', by: EXECUTOR_ID, at: at(m) });

export const closeAt = (c: RepairCase, m: number, sop: SopDefinition = SOP): RepairCase =>
  close(sop, c, { at: at(m), by: EXECUTOR_ID, notes: null });

export const approveAt = (c: RepairCase, m: number, by = KOORDINATOR_ID): RepairCase =>
  approve(c, { at: at(m), by, notes: null });

export const returnAt = (c: RepairCase, m: number, reason = 'Analisa belum menyebut penyebab disk penuh', by = KOORDINATOR_ID): RepairCase =>
  returnForCorrection(c, { at: at(m), by, reason });

export const cancelAt = (c: RepairCase, m: number): RepairCase =>
  cancel(c, { at: at(m), by: KOORDINATOR_ID, reason: 'Laporan ganda' });

/** Minutes after T0 at which each step completes; the defaults are all on time. */
export interface StepMinutes {
  ack: number; prepare: number; access: number; accessEnd: number | null; restore: number; rootCause: number; close: number;
}
export const ON_TIME: StepMinutes = { ack: 10, prepare: 20, access: 30, accessEnd: 35, restore: 40, rootCause: 50, close: 60 };

const ORDER = ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused', 'closed', 'approved'] as const;

/**
 * A case walked from the report up to `status` (never cancelled), completing each step at the
 * given minute. The first access ends at `accessEnd` right after it starts (null: left open).
 */
export function caseAt(status: (typeof ORDER)[number], minutes: Partial<StepMinutes> = {}, sop: SopDefinition = SOP): RepairCase {
  const m = { ...ON_TIME, ...minutes };
  const upTo = ORDER.indexOf(status);
  let c = buildCase({}, sop);
  const steps: ((x: RepairCase) => RepairCase)[] = [
    (x) => ackAt(x, m.ack, sop),
    (x) => prepareAt(x, m.prepare, passingChecks(), sop),
    (x) => { const y = accessAt(x, m.access); return m.accessEnd === null ? y : endAccessAt(y, m.accessEnd); },
    (x) => restoreAt(x, m.restore, sop),
    (x) => rootCauseAt(x, m.rootCause, sop),
    (x) => closeAt(x, m.close, sop),
    (x) => approveAt(x, m.close + 30),
  ];
  for (const step of steps.slice(0, upTo)) c = step(c);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Logbook

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Computes the hash of an entry from its other fields. */
export const sealed = (e: Omit<LogbookEntry, 'hash'>): LogbookEntry => ({ ...e, hash: sha256Hex(entryPayload(e)) });

/** A valid chain of `n` entries, seq 1..n, each linked to the previous one. */
export function buildChain(n: number): LogbookEntry[] {
  const entries: LogbookEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = sealed({
      seq, at: at(seq), type: seq % 3 === 0 ? 'case.access.started' : 'case.reported',
      actorId: seq % 5 === 0 ? null : `user-${seq % 4}`, unitId: UNIT, caseId: `case-${Math.ceil(seq / 4)}`,
      data: canonicalJson({ step: `B${(seq % 6) + 1}`, note: `entri ke-${seq}`, n: seq }),
      prevHash,
    });
    entries.push(e);
    prevHash = e.hash;
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Case views (what getCaseView loads), for presenter tests

/** The registry records of a case of UNIT: the unit, its target, workstation, people and office network. */
export const VIEW_RECORDS: CaseRecords = {
  unit: { id: UNIT, code: 'gorontalo', name: 'LPSE Provinsi Gorontalo', timeZone: 'Asia/Makassar', national: false, createdAt: '2026-01-01T00:00:00.000Z' },
  target: { id: TARGET, name: 'spse-prod', host: '10.10.1.5', port: 22, loginAccount: 'spseadm' },
  workstation: { id: 'ws-lpse-01', assetTag: 'LPSE-NB-001' },
  users: [
    { id: REPORTER_ID, username: 'pelapor', displayName: 'Siti Pelapor', role: 'pelapor' },
    { id: EXECUTOR_ID, username: 'andi', displayName: 'Andi Saputra', role: 'admin_lpse' },
    { id: KOORDINATOR_ID, username: 'koor', displayName: 'Fri Bilakonga', role: 'koordinator' },
  ],
  networks: [{ id: 'net-kantor-lpse', name: 'kantor-lpse', kind: 'office_lpse', intranet: true, cidrs: ['10.10.0.0/16'], publicOffice: false }],
};

/** What getCaseView returns for `c`, at `now`. */
export const caseViewData = (c: RepairCase, now: string, records: CaseRecords = VIEW_RECORDS, maskedInput: CaseViewData['maskedInput'] = []): CaseViewData =>
  ({ case: c, step: currentStep(c), timeline: timeline(SOP, c, now), a2: a2Record(c), sop: SOP, records, maskedInput });
