import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canOnCase, nextCaseActions } from '../../src/domain/auth/case.policy.js';
import { ROLES } from '../../src/domain/auth/role.js';
import { close, correctDocumentation, returnForCorrection } from '../../src/domain/case/case-lifecycle.js';
import { a2Record } from '../../src/domain/case/a2-documentation.js';
import type { RepairCase } from '../../src/domain/case/repair-case.js';
import { currentStep } from '../../src/domain/case/repair-case.js';
import { runningClock, stepCompletedAt, timeline } from '../../src/domain/case/time-standard.js';
import { messageOf } from '../../src/messages/catalogue.js';
import {
  EXECUTOR_ID, KOORDINATOR_ID, OTHER_UNIT, SOP, UNIT, approveAt, at, buildActor, buildUser, caseAt, closeAt, explainAt, refusal, returnAt,
} from './factories.js';

const koordinator = (unitId = UNIT) => buildActor(buildUser({ id: KOORDINATOR_ID, username: 'koor', role: 'koordinator', unitId }));
const executor = buildActor(buildUser({ id: EXECUTOR_ID, username: 'andi', role: 'admin_lpse', unitId: UNIT }));

describe(returnForCorrection.name, () => {
  it('takes a closed case back to B6 in progress, the closure moved into the trail with who, when and the alasan', () => {
    const closed = caseAt('closed');
    const c = returnAt(closed, 70, '  Analisa belum menyebut penyebab disk penuh  ');
    assert.equal(c.status, 'root_caused');
    assert.equal(currentStep(c), 'B6');
    assert.equal(c.revision, closed.revision + 1);
    assert.equal(c.closure, null);
    assert.equal(c.approval, null);
    assert.deepEqual(c.returns, [{ at: at(70), by: KOORDINATOR_ID, reason: 'Analisa belum menyebut penyebab disk penuh', closure: closed.closure }]);
    // The records of B1–B5 (and so A2) stay as they were.
    assert.deepEqual({ ...c, status: closed.status, revision: closed.revision, closure: closed.closure, returns: [] }, closed);
  });

  it('can be closed again and approved, the trail of every return kept', () => {
    const once = closeAt(returnAt(caseAt('closed'), 70), 80);
    assert.equal(once.status, 'closed');
    assert.equal(once.closure?.at, at(80));
    const twice = returnAt(once, 90, 'Catatan penutupan belum menyebut rotasi log');
    const approved = approveAt(close(SOP, twice, { at: at(100), by: EXECUTOR_ID, notes: 'Rotasi log harian sudah dipasang' }), 110);
    assert.equal(approved.status, 'approved');
    assert.equal(approved.closure?.notes, 'Rotasi log harian sudah dipasang');
    assert.deepEqual(approved.returns.map((r) => [r.at, r.reason, r.closure.at]), [
      [at(70), 'Analisa belum menyebut penyebab disk penuh', at(60)],
      [at(90), 'Catatan penutupan belum menyebut rotasi log', at(80)],
    ]);
  });

  it('judges B6 once, at the first close: the koordinator\'s review and the correction are no deviation', () => {
    // Root cause at 50, first close at 60 (on time); returned the next day, closed again 26 hours later.
    const returned = returnAt(caseAt('closed'), 24 * 60);
    const now = at(26 * 60);
    const b6 = timeline(SOP, returned, now).find((r) => r.step === 'B6');
    assert.deepEqual({ inProgress: b6?.inProgress, overMinutes: b6?.overMinutes, completedAt: b6?.completedAt }, { inProgress: true, overMinutes: 0, completedAt: null });
    assert.equal(refusal(() => explainAt(returned, 'B6', 26 * 60)).code, 'deviation.none');
    assert.equal(runningClock(SOP, returned, now), null, 'no countdown runs for it (the dashboard shows none)');
    assert.equal(runningClock(SOP, caseAt('root_caused'), now)?.mark, 1, 'while a case not returned is long past B6');
    const reclosed = closeAt(returned, 26 * 60);
    assert.deepEqual(reclosed.deviations, []);
    assert.equal(stepCompletedAt(reclosed, 'B6'), at(60), 'B6 completed at its first close');
  });

  it('keeps a late first close\'s B6 deviation and its explanation through the return', () => {
    const late = closeAt(explainAt(caseAt('root_caused', { rootCause: 50 }), 'B6', 115), 120);
    assert.deepEqual(late.deviations.map((d) => [d.step, d.overMinutes]), [['B6', 10]]);
    const reclosed = closeAt(returnAt(late, 130), 300);
    assert.deepEqual(reclosed.deviations, late.deviations);
    assert.equal(reclosed.explanations.B6?.at, at(115));
  });

  it('refuses a case that is not closed as the out-of-order conflict naming the state and the next step (case.wrong_step)', () => {
    for (const status of ['reported', 'acknowledged', 'prepared', 'in_repair', 'restored', 'root_caused', 'approved'] as const) {
      const e = refusal(() => returnAt(caseAt(status), 200));
      assert.equal(e.code, 'case.wrong_step', status);
      assert.equal(e.kind, 'conflict');
    }
    const early = refusal(() => returnAt(caseAt('root_caused'), 70));
    assert.equal(messageOf(early, 'en'), 'Cannot return the case for correction: the case is still in B6: close it into the logbook first.');
    assert.equal(messageOf(early, 'id'), 'Tidak dapat mengembalikan kasus untuk diperbaiki: kasus masih di B6: tutup kasus ke Logbook dahulu.');
    assert.match(messageOf(refusal(() => returnAt(caseAt('approved'), 200)), 'en'), /the case is approved; no step is left/);
    assert.equal(refusal(() => approveAt(returnAt(caseAt('closed'), 70), 80)).code, 'case.wrong_step', 'a returned case is approved only once closed again');
  });

  it('refuses a blank alasan with words that say what a return needs (case.return_reason_required)', () => {
    for (const reason of ['', '   ', '\n\t ']) {
      const e = refusal(() => returnAt(caseAt('closed'), 70, reason));
      assert.equal(e.code, 'case.return_reason_required');
      assert.equal(e.kind, 'invalid');
      assert.match(messageOf(e, 'id'), /^Alasan wajib diisi untuk mengembalikan kasus/);
      assert.match(messageOf(e, 'en'), /^A reason \(alasan\) is required to return the case/);
    }
  });

  it('refuses an alasan longer than other free texts (input.too_long)', () => {
    const e = refusal(() => returnAt(caseAt('closed'), 70, 'x'.repeat(10_001)));
    assert.equal(e.code, 'input.too_long');
    assert.deepEqual(e.details, { field: 'reason', max: 10_000 });
    assert.equal(returnAt(caseAt('closed'), 70, 'x'.repeat(10_000)).returns[0]?.reason.length, 10_000);
  });

  it('never changes the case it is given', () => {
    const closed = caseAt('closed');
    const copy = structuredClone(closed);
    returnAt(closed, 70);
    refusal(() => returnAt(closed, 70, ' '));
    assert.deepEqual(closed, copy);
  });
});

describe('who may return a case for correction (the same authority as approving)', () => {
  const c: RepairCase = caseAt('closed');

  it('is the koordinator of the case\'s unit, exactly whoever may approve', () => {
    for (const role of ROLES) {
      for (const unitId of [UNIT, OTHER_UNIT, null]) {
        const actor = buildActor(buildUser({ id: 'user-me', role, unitId }));
        assert.equal(canOnCase(actor, 'return', c), canOnCase(actor, 'approve', c), `${role} of ${String(unitId)}`);
        assert.equal(canOnCase(actor, 'return', c), role === 'koordinator' && unitId === UNIT, `${role} of ${String(unitId)}`);
      }
    }
  });

  it('is not the executor, nor a deactivated koordinator', () => {
    assert.equal(canOnCase(executor, 'return', c), false);
    const inactive = buildActor(buildUser({ id: KOORDINATOR_ID, role: 'koordinator', unitId: UNIT, active: false }));
    assert.equal(canOnCase(inactive, 'return', c), false);
  });
});

describe(nextCaseActions.name, () => {
  it('offers the koordinator approve and return on a closed case, and nothing once it is approved', () => {
    assert.deepEqual(nextCaseActions(koordinator(), caseAt('closed')), ['approve', 'return']);
    assert.deepEqual(nextCaseActions(koordinator(), caseAt('approved')), []);
    assert.deepEqual(nextCaseActions(koordinator(OTHER_UNIT), caseAt('closed')), []);
  });

  it('offers the executor closing (and explaining) a returned case, and the koordinator nothing until it is closed again', () => {
    const returned = returnAt(caseAt('closed'), 70);
    assert.deepEqual(nextCaseActions(executor, returned), ['explain_deviation', 'close', 'correct']);
    assert.deepEqual(nextCaseActions(koordinator(), returned), []);
    assert.deepEqual(nextCaseActions(executor, caseAt('closed')), ['explain_deviation']);
    assert.deepEqual(nextCaseActions(executor, caseAt('root_caused')), ['explain_deviation', 'close'], 'correcting only after a return');
  });
});

describe(correctDocumentation.name, () => {
  const returned = returnAt(caseAt('closed'), 70);
  const correct = (c: RepairCase, changes: Parameters<typeof correctDocumentation>[1]['changes'], m = 75) =>
    correctDocumentation(c, { at: at(m), by: EXECUTOR_ID, changes });

  it('corrects the B4/B5 texts A2d is made of, keeping what each said before and B4/B5\'s own times and authors', () => {
    const c = correct(returned, { rootCause: ' Disk /var penuh oleh log Tomcat yang tidak dirotasi ', permanentFix: 'Rotasi log dipasang' });
    assert.equal(c.status, 'root_caused');
    assert.equal(c.revision, returned.revision + 1);
    assert.deepEqual(c.corrections, [
      { at: at(75), by: EXECUTOR_ID, field: 'rootCause', before: 'Disk penuh oleh log', after: 'Disk /var penuh oleh log Tomcat yang tidak dirotasi' },
    ], 'an unchanged text is no correction');
    assert.equal(a2Record(c).analysis, 'Disk /var penuh oleh log Tomcat yang tidak dirotasi');
    assert.deepEqual([c.rootCause?.at, c.rootCause?.by, c.restoration], [returned.rootCause?.at, returned.rootCause?.by, returned.restoration]);
    const twice = correct(c, { initialFix: 'Tomcat dijalankan ulang setelah log lama dihapus' }, 80);
    assert.deepEqual(twice.corrections.map((x) => x.field), ['rootCause', 'initialFix']);
    assert.equal(a2Record(twice).repair, 'Tomcat dijalankan ulang setelah log lama dihapus\nRotasi log dipasang');
    const approved = approveAt(closeAt(twice, 90), 100);
    assert.deepEqual(approved.corrections, twice.corrections, 'kept through re-closing and approval');
  });

  it('is refused before a return (case.not_returned), outside B6 (case.wrong_step), blank (input.required) or changing nothing', () => {
    assert.equal(refusal(() => correct(caseAt('root_caused'), { rootCause: 'x' })).code, 'case.not_returned');
    for (const status of ['restored', 'closed', 'approved'] as const) assert.equal(refusal(() => correct(caseAt(status), { rootCause: 'x' })).code, 'case.wrong_step', status);
    assert.equal(refusal(() => correct(closeAt(returned, 80), { rootCause: 'x' })).code, 'case.wrong_step', 're-closed');
    assert.equal(refusal(() => correct(returned, { rootCause: '  ' })).code, 'input.required');
    const same = refusal(() => correct(returned, { rootCause: 'Disk penuh oleh log' }));
    assert.equal(same.code, 'case.correction_unchanged');
    assert.match(messageOf(same, 'en'), /^Nothing to correct/);
    assert.equal(refusal(() => correct(returned, {})).code, 'case.correction_unchanged');
  });

  it('is the assigned executor\'s, never the koordinator\'s', () => {
    assert.equal(canOnCase(executor, 'correct', returned), true);
    assert.equal(canOnCase(koordinator(), 'correct', returned), false);
  });
});
