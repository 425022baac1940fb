import { describe, it } from 'node:test';
import { messageOf } from '../../src/messages/catalogue.js';
import assert from 'node:assert/strict';
import {
  acknowledge, approve, cancel, close, endAccess, explainDeviation, openCase, prepare, recordRootCause, restore, startAccess,
} from '../../src/domain/case/case-lifecycle.js';
import { a2Record, missingA2Fields } from '../../src/domain/case/a2-documentation.js';
import type { SopDefinition } from '../../src/domain/sop/sop-definition.js';
import {
  SOP, T0, accessAt, ackAt, approveAt, at, buildAccess, buildCase, cancelAt, caseAt, closeAt, endAccessAt, explainAt,
  failingChecks, passingChecks, prepareAt, refusal, restoreAt, rootCauseAt, EXECUTOR_ID, KOORDINATOR_ID,
} from './factories.js';

/** SOP-01 with B1's time standard changed, as a later SOP revision might. */
function sopWithB1Standard(minutes: number): SopDefinition {
  const copy = structuredClone(SOP);
  const b1 = copy.steps.find((s) => s.code === 'B1') as { timeStandardMinutes: number | null } | undefined;
  assert.ok(b1);
  b1.timeStandardMinutes = minutes;
  return { ...copy, version: '2019.1-test' };
}

describe(openCase.name, () => {
  it('opens a reported case under the SOP version in force, at revision 1', () => {
    const c = buildCase();
    assert.equal(c.status, 'reported');
    assert.equal(c.revision, 1);
    assert.equal(c.sopCode, 'SOP-01');
    assert.equal(c.sopVersion, SOP.version);
    assert.deepEqual(c.accesses, []);
    assert.deepEqual(c.deviations, []);
  });
});

describe(acknowledge.name, () => {
  it('acknowledges a report within the hour without a deviation', () => {
    const c = ackAt(buildCase(), 59);
    assert.equal(c.status, 'acknowledged');
    assert.equal(c.revision, 2);
    assert.equal(c.acknowledgement?.executorId, EXECUTOR_ID);
    assert.deepEqual(c.deviations, []);
  });

  it('exactly 60 minutes is still on time', () => {
    assert.deepEqual(ackAt(buildCase(), 60).deviations, []);
  });

  it('records a B1 deviation when the report is acknowledged 90 minutes after it arrived', () => {
    const c = ackAt(buildCase(), 90);
    assert.deepEqual(c.deviations, [
      { step: 'B1', standardMinutes: 60, startedAt: T0, completedAt: at(90), overMinutes: 30 },
    ]);
  });

  it('counts one second over the standard as one minute', () => {
    const c = ackAt(buildCase(), 60, SOP);
    assert.deepEqual(c.deviations, []);
    const late = acknowledge(SOP, buildCase(), {
      at: at(60, 1), by: EXECUTOR_ID, classification: 'aplikasi', impact: 'lelang terhenti', executorId: EXECUTOR_ID,
    });
    assert.deepEqual(late.deviations.map((d) => ({ step: d.step, overMinutes: d.overMinutes })), [{ step: 'B1', overMinutes: 1 }]);
  });

  it('takes the time standard from the SOP data: with B1 at 120 minutes, a 90-minute delay is no deviation', () => {
    const revised = sopWithB1Standard(120);
    assert.deepEqual(ackAt(buildCase({}, revised), 90, revised).deviations, []);
    assert.deepEqual(ackAt(buildCase({}, revised), 150, revised).deviations.map((d) => [d.step, d.overMinutes, d.standardMinutes]),
      [['B1', 30, 120]]);
  });

  it('refuses to acknowledge twice (case.wrong_step)', () => {
    const e = refusal(() => ackAt(caseAt('acknowledged'), 20));
    assert.equal(e.code, 'case.wrong_step');
    assert.equal(e.kind, 'conflict'); // a step out of order clashes with the case's state (issue 9; was 'precondition')
    assert.equal(e.details['status'], 'acknowledged');
  });
});

describe(prepare.name, () => {
  it('refuses to prepare before the report is acknowledged', () => {
    assert.equal(refusal(() => prepareAt(buildCase(), 10)).code, 'case.wrong_step');
  });

  it('says, for a step out of order, which state the case is in and which step comes first (a conflict)', () => {
    const e = refusal(() => prepareAt(buildCase(), 10));
    assert.equal(e.kind, 'conflict');
    assert.match(messageOf(e, 'id'), /kasus masih di B1: akui laporan dahulu\.$/);
    assert.match(messageOf(e, 'en'), /the case is still in B1: acknowledge it first\.$/);
    assert.match(messageOf(refusal(() => restoreAt(caseAt('prepared'), 40)), 'en'),
      /^Cannot record the initial repair \(B4\): the case is still in B3: start an access first\.$/);
    assert.match(messageOf(refusal(() => closeAt(caseAt('in_repair'), 40)), 'id'), /kasus masih di B4: catat perbaikan awal dahulu/);
    assert.match(messageOf(refusal(() => ackAt(caseAt('acknowledged'), 20)), 'en'), /already in B2; next: prepare the workstation/);
    assert.match(messageOf(refusal(() => cancelAt(caseAt('in_repair'), 40)), 'en'), /^Cannot cancel the case \(only before B3\): the case is already in B4/);
    assert.match(messageOf(refusal(() => approveAt(caseAt('approved'), 200)), 'en'), /the case is approved; no step is left/);
    assert.match(messageOf(refusal(() => accessAt(cancelAt(caseAt('acknowledged'), 25), 30)), 'id'), /kasus sudah dibatalkan; tidak ada langkah lagi/);
  });

  it('completes B2 when every mandatory A1 check passes', () => {
    const c = prepareAt(caseAt('acknowledged'), 20);
    assert.equal(c.status, 'prepared');
    assert.equal(c.preparation?.ready, true);
    assert.deepEqual(c.deviations, []);
  });

  it('keeps a failed preparation as evidence but stays in B2', () => {
    const c = prepareAt(caseAt('acknowledged'), 20, failingChecks('b'));
    assert.equal(c.status, 'acknowledged');
    assert.equal(c.revision, 3);
    assert.equal(c.preparation?.ready, false);
    assert.deepEqual(c.preparation?.checks.filter((ch) => !ch.passed).map((ch) => ch.code), ['b']);
  });

  it('is not blocked by a failed check that the SOP marks optional', () => {
    assert.equal(prepareAt(caseAt('acknowledged'), 20, failingChecks('a', false)).status, 'prepared');
  });

  it('records a B2 deviation when preparation takes longer than an hour after B1', () => {
    const c = prepareAt(caseAt('acknowledged', { ack: 10 }), 75);
    assert.deepEqual(c.deviations.map((d) => [d.step, d.overMinutes]), [['B2', 5]]);
  });

  it('re-preparing a prepared case keeps its on-time B2 completion out of the deviation count', () => {
    const c = prepareAt(caseAt('prepared', { ack: 10, prepare: 20 }), 200);
    assert.equal(c.status, 'prepared');
    assert.deepEqual(c.deviations, []);
  });

  it('a failed re-preparation takes a prepared case back to B2', () => {
    const c = prepareAt(caseAt('prepared'), 25, failingChecks('c'));
    assert.equal(c.status, 'acknowledged');
    assert.equal(refusal(() => accessAt(c, 30)).code, 'access.a1_failed');
  });

  it('an on-time B2 stays on time after a failed and then a passing re-preparation', () => {
    const failed = prepareAt(caseAt('prepared', { ack: 10, prepare: 20 }), 190, failingChecks('b'));
    const c = prepareAt(failed, 200);
    assert.deepEqual(c.deviations, []);
  });
});

describe(startAccess.name, () => {
  it('completes B3 with the first access and moves the case into the initial repair (B4)', () => {
    const c = accessAt(caseAt('prepared'), 30);
    assert.equal(c.status, 'in_repair');
    assert.deepEqual(c.accesses, [buildAccess({ startedAt: at(30) })]);
  });

  it('refuses access (access.a1_failed) after a preparation whose mandatory check failed, naming the check', () => {
    const c = prepareAt(caseAt('acknowledged'), 20, failingChecks('b'));
    const e = refusal(() => accessAt(c, 30));
    assert.equal(e.code, 'access.a1_failed');
    assert.deepEqual(e.details['failed'], ['b']);
    assert.match(messageOf(e, 'en'), /A1b/);
  });

  it('allows access once a new preparation passes', () => {
    const failed = prepareAt(caseAt('acknowledged'), 20, failingChecks('b'));
    const ready = prepareAt(failed, 25);
    assert.equal(ready.status, 'prepared');
    assert.equal(accessAt(ready, 30).status, 'in_repair');
  });

  it('refuses access before any preparation (case.wrong_step)', () => {
    assert.equal(refusal(() => accessAt(caseAt('acknowledged'), 30)).code, 'case.wrong_step');
    assert.equal(refusal(() => accessAt(buildCase(), 30)).code, 'case.wrong_step');
  });

  it('allows further accesses during B4 and B5, but not after the root cause is recorded', () => {
    const inB5 = accessAt(caseAt('restored'), 45, 'access-2');
    assert.equal(inB5.status, 'restored');
    assert.equal(inB5.accesses.length, 2);
    assert.equal(refusal(() => accessAt(caseAt('root_caused'), 55, 'access-2')).code, 'case.wrong_step');
  });

  it('refuses an access id already recorded, and an access starting before the first one', () => {
    const c = caseAt('in_repair');
    assert.equal(refusal(() => accessAt(c, 32, 'access-1')).code, 'access.duplicate');
    assert.equal(refusal(() => accessAt(c, 29, 'access-2')).code, 'access.before_first');
  });
});

describe(endAccess.name, () => {
  it('records the end time (waktu selesai akses) without changing the step', () => {
    const c = endAccessAt(caseAt('in_repair', { accessEnd: null }), 38);
    assert.equal(c.status, 'in_repair');
    assert.equal(c.accesses[0]?.endedAt, at(38));
  });

  it('refuses an unknown access, a second end, and an end before the start', () => {
    const open = caseAt('in_repair', { access: 30, accessEnd: null });
    assert.equal(refusal(() => endAccessAt(open, 38, 'access-404')).code, 'access.unknown');
    assert.equal(refusal(() => endAccessAt(open, 29)).code, 'access.end_before_start');
    assert.equal(refusal(() => endAccessAt(endAccessAt(open, 38), 39)).code, 'access.already_ended');
  });
});

describe(restore.name, () => {
  it('refuses to record the initial repair before any access (case.wrong_step)', () => {
    assert.equal(refusal(() => restoreAt(caseAt('prepared'), 40)).code, 'case.wrong_step');
  });

  it('records the initial repair (B4)', () => {
    const c = restoreAt(caseAt('in_repair'), 40);
    assert.equal(c.status, 'restored');
    assert.equal(c.restoration?.at, at(40));
  });
});

describe(recordRootCause.name, () => {
  it('refuses the root cause before service is restored (case.wrong_step)', () => {
    assert.equal(refusal(() => rootCauseAt(caseAt('in_repair'), 50)).code, 'case.wrong_step');
  });

  it('records the root cause and permanent fix apart from the initial repair (B5)', () => {
    const c = rootCauseAt(caseAt('restored'), 50);
    assert.equal(c.status, 'root_caused');
    assert.equal(c.rootCause?.permanentFix, 'Rotasi log dipasang');
    assert.equal(c.restoration?.initialFix, 'Layanan Tomcat dijalankan ulang');
  });
});

describe(close.name, () => {
  it('closes a complete, on-time case into the logbook (B6)', () => {
    const c = closeAt(caseAt('root_caused'), 60);
    assert.equal(c.status, 'closed');
    assert.equal(c.closure?.at, at(60));
    assert.deepEqual(c.deviations, []);
    assert.deepEqual(missingA2Fields(c), []);
  });

  it('refuses to close before the root cause is recorded (case.wrong_step)', () => {
    for (const status of ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored'] as const) {
      assert.equal(refusal(() => closeAt(caseAt(status), 60)).code, 'case.wrong_step', status);
    }
  });

  it('refuses to close while an access is still open, listing accessEnd as missing (case.a2_incomplete)', () => {
    const c = caseAt('root_caused', { accessEnd: null });
    const e = refusal(() => closeAt(c, 60));
    assert.equal(e.code, 'case.a2_incomplete');
    assert.deepEqual(e.details['missing'], ['accessEnd']);
    assert.match(messageOf(e, 'id'), /waktu selesai akses/);
  });

  it('refuses to close while the end of a later access is unknown, even if the first one ended', () => {
    const c = rootCauseAt(restoreAt(accessAt(caseAt('in_repair'), 36, 'access-2'), 40), 50);
    assert.deepEqual(refusal(() => closeAt(c, 60)).details['missing'], ['accessEnd']);
    assert.equal(closeAt(endAccessAt(c, 55, 'access-2'), 60).status, 'closed');
  });

  it('refuses to close while B1 was acknowledged 90 minutes after the report and nobody explained why', () => {
    const c = caseAt('root_caused', { ack: 90, prepare: 100, access: 110, accessEnd: 115, restore: 120, rootCause: 130 });
    assert.deepEqual(c.deviations.map(({ step, overMinutes, standardMinutes }) => ({ step, overMinutes, standardMinutes })),
      [{ step: 'B1', overMinutes: 30, standardMinutes: 60 }]);
    const e = refusal(() => closeAt(c, 140));
    assert.equal(e.code, 'case.deviation_unexplained');
    assert.deepEqual(e.details['deviations'], [{ step: 'B1', overMinutes: 30 }]);
  });

  it('closes once the B1 deviation is explained, keeping the deviation on record', () => {
    const c = caseAt('root_caused', { ack: 90, prepare: 100, access: 110, accessEnd: 115, restore: 120, rootCause: 130 });
    const closed = closeAt(explainAt(c, 'B1', 135), 140);
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.deviations.map((d) => d.step), ['B1']);
    assert.equal(closed.explanations.B1?.by, EXECUTOR_ID);
  });

  it('a close more than an hour after the root cause is a B6 deviation needing an explanation', () => {
    const c = caseAt('root_caused', { rootCause: 50 });
    const e = refusal(() => closeAt(c, 111));
    assert.equal(e.code, 'case.deviation_unexplained');
    assert.deepEqual(e.details['deviations'], [{ step: 'B6', overMinutes: 1 }]);
  });

  it('accepts a late close when B6 was explained beforehand, while it was the step in progress', () => {
    const explained = explainAt(caseAt('root_caused', { rootCause: 50 }), 'B6', 111);
    assert.equal(explained.status, 'root_caused');
    const closed = closeAt(explained, 112);
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.deviations.map((d) => [d.step, d.overMinutes, d.standardMinutes]), [['B6', 2, 60]]);
  });

  it('closing exactly an hour after the root cause is on time', () => {
    assert.deepEqual(closeAt(caseAt('root_caused', { rootCause: 50 }), 110).deviations, []);
  });
});

describe(explainDeviation.name, () => {
  it('refuses to explain a step that has no deviation (deviation.none)', () => {
    const c = caseAt('root_caused');
    for (const step of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6'] as const) {
      const e = refusal(() => explainAt(c, step, 55));
      assert.equal(e.code, 'deviation.none', step);
      assert.equal(e.details['step'], step);
    }
  });

  it('refuses to explain the step in progress before it is past its standard', () => {
    assert.equal(refusal(() => explainAt(buildCase(), 'B1', 60)).code, 'deviation.none');
    assert.equal(explainAt(buildCase(), 'B1', 61).explanations.B1?.at, at(61));
  });

  it('explains a recorded deviation and bumps the revision', () => {
    const c = ackAt(buildCase(), 90);
    const explained = explainAt(c, 'B1', 91);
    assert.equal(explained.revision, c.revision + 1);
    assert.equal(explained.status, 'acknowledged');
    assert.equal(explained.explanations.B1?.text, 'Laporan diterima di luar jam kerja');
  });

  it('refuses to change an explanation once the case is approved', () => {
    const c = approveAt(closeAt(explainAt(caseAt('root_caused', { ack: 90, prepare: 100, access: 110, accessEnd: 115, restore: 120, rootCause: 130 }), 'B1', 131), 140), 150);
    assert.equal(c.status, 'approved');
    assert.equal(refusal(() => explainAt(c, 'B1', 160)).code, 'case.wrong_step');
  });
});

describe(approve.name, () => {
  it('refuses to approve a case that is not closed (case.wrong_step)', () => {
    assert.equal(refusal(() => approveAt(caseAt('root_caused'), 70)).code, 'case.wrong_step');
  });

  it('lets the koordinator approve the closed record (Menyetujui)', () => {
    const c = approveAt(caseAt('closed'), 70, KOORDINATOR_ID);
    assert.equal(c.status, 'approved');
    assert.equal(c.approval?.by, KOORDINATOR_ID);
  });

  it('refuses the executor approving their own case (case.self_approval)', () => {
    const e = refusal(() => approve(caseAt('closed'), { at: at(70), by: EXECUTOR_ID, notes: null }));
    assert.equal(e.code, 'case.self_approval');
  });

  it('refuses a second approval', () => {
    assert.equal(refusal(() => approveAt(caseAt('approved'), 200)).code, 'case.wrong_step');
  });
});

describe(cancel.name, () => {
  for (const status of ['reported', 'acknowledged', 'prepared'] as const) {
    it(`cancels a ${status} case (before B3), remembering where it was`, () => {
      const c = cancelAt(caseAt(status), 25);
      assert.equal(c.status, 'cancelled');
      assert.equal(c.cancellation?.fromStatus, status);
    });
  }

  for (const status of ['in_repair', 'restored', 'root_caused', 'closed', 'approved'] as const) {
    it(`refuses to cancel once the first access happened (${status})`, () => {
      assert.equal(refusal(() => cancelAt(caseAt(status), 200)).code, 'case.wrong_step');
    });
  }

  it('a cancelled case refuses every further step', () => {
    const c = cancelAt(caseAt('prepared'), 25);
    assert.equal(refusal(() => accessAt(c, 30)).code, 'case.wrong_step');
    assert.equal(refusal(() => prepareAt(c, 30)).code, 'case.wrong_step');
    assert.equal(refusal(() => cancelAt(c, 30)).code, 'case.wrong_step');
  });
});

describe(a2Record.name, () => {
  it('fills every A2 field from the case records once the root cause is in and the accesses ended', () => {
    const c = rootCauseAt(restoreAt(endAccessAt(accessAt(caseAt('in_repair'), 36, 'access-2'), 45, 'access-2'), 40), 50);
    assert.deepEqual(a2Record(c), {
      location: 'Kantor LPSE Gorontalo, ruang server',
      network: 'LAN Kantor LPSE',
      date: at(30).slice(0, 10),
      accessStart: at(30),
      accessEnd: at(45),
      analysis: 'Disk penuh oleh log',
      repair: 'Layanan Tomcat dijalankan ulang\nRotasi log dipasang',
    });
  });

  it('leaves location and network empty while the preparation failed', () => {
    const c = prepareAt(caseAt('acknowledged'), 20, failingChecks('e'));
    assert.deepEqual(missingA2Fields(c).map((m) => m.field), ['location', 'network', 'date', 'accessStart', 'accessEnd', 'analysis', 'repair']);
  });

  it('dates the repair by the LPSE\'s day (WITA), not the UTC day', () => {
    const c = accessAt(caseAt('prepared', { ack: 10, prepare: 20 }), 15 * 60 + 30);
    assert.equal(c.accesses[0]?.startedAt, '2026-11-28T16:30:00.000Z');
    assert.equal(a2Record(c).date, '2026-11-29');
  });
});

describe('case transitions are pure', () => {
  it('never changes the case they are given, whether they succeed or refuse', () => {
    const c = caseAt('prepared');
    const snapshot = JSON.stringify(c);
    accessAt(c, 30);
    refusal(() => restoreAt(c, 40));
    prepare(SOP, c, {
      at: at(25), by: EXECUTOR_ID, workstationId: 'ws-2', location: 'Rumah', networkId: 'net-vpn', networkName: 'VPN',
      sourceIp: null, checks: passingChecks(),
    });
    cancel(c, { at: at(26), by: KOORDINATOR_ID, reason: 'x' });
    startAccess(c, buildAccess());
    endAccess(accessAt(c, 30), 'access-1', at(31));
    assert.equal(JSON.stringify(c), snapshot);
  });
});
