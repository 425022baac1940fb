import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TIME_STANDARD_MARKS, runningClock } from '../../src/domain/case/time-standard.js';
import { SOP, T0, at, buildCase, caseAt } from './factories.js';

describe(runningClock.name, () => {
  it('measures the running step against its standard and names the highest mark reached (½, ¾, all of it)', () => {
    const c = buildCase(); // B1 runs from the report, standard 60 minutes
    const marks = [[0, 0], [29, 0], [30, 0.5], [44, 0.5], [45, 0.75], [59, 0.75], [60, 1], [90, 1]] as const;
    for (const [minutes, mark] of marks) {
      const k = runningClock(SOP, c, at(minutes));
      assert.equal(k?.mark, mark, `${minutes} min`);
      assert.equal(k?.step, 'B1');
      assert.equal(k?.startedAt, T0);
      assert.equal(k?.deadline, at(60));
      assert.equal(k?.used, minutes / 60);
    }
    assert.deepEqual(TIME_STANDARD_MARKS, [0.5, 0.75, 1]);
  });

  it('follows the case: B2 starts when B1 is done; no clock for a step without a standard or a case that is done', () => {
    const acked = caseAt('acknowledged');
    const k = runningClock(SOP, acked, at(100));
    assert.equal(k?.step, 'B2');
    assert.equal(k?.startedAt, acked.acknowledgement?.at);
    assert.equal(runningClock(SOP, caseAt('in_repair'), at(100)), null, 'B3–B5 have no time standard in SOP-01');
    assert.equal(runningClock(SOP, caseAt('approved'), at(500)), null);
  });

  it('never reads as negative when the clock is behind the start', () => {
    assert.equal(runningClock(SOP, buildCase(), '2026-11-28T00:00:00.000Z')?.used, 0);
  });
});
