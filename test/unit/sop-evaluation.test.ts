import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/domain/errors.js';
import { evaluationPeriod, localDate, mean, p90, readWindow, trendMonths } from '../../src/domain/report/sop-evaluation.js';

describe('SOP evaluation statistics and periods', () => {
  it('p90 is the nearest rank: the ⌈0.9·n⌉-th smallest', () => {
    assert.equal(p90([]), null);
    assert.equal(p90([7]), 7);
    assert.equal(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 9);
    assert.equal(p90([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11]), 10);
    assert.equal(mean([1, 2]), 1.5);
    assert.equal(mean([1, 1, 2]), 1.3);
  });

  it('a month is its whole days (leap years included); a range both ends included; this month by default', () => {
    assert.deepEqual(evaluationPeriod({ month: '2028-02' }, '2026-01-01'), { from: '2028-02-01', to: '2028-02-29' });
    assert.deepEqual(evaluationPeriod({}, '2026-11-30'), { from: '2026-11-01', to: '2026-11-30' });
    assert.deepEqual(evaluationPeriod({ from: '2026-01-05', to: '2026-01-05' }, '2026-11-30'), { from: '2026-01-05', to: '2026-01-05' });
    for (const bad of [{ month: '2026-1' }, { month: '2026-00' }, { from: '2026-02-29', to: '2026-03-01' }, { to: '2026-03-01' }, { from: '2026-03-02', to: '2026-03-01' }]) {
      assert.throws(() => evaluationPeriod(bad, '2026-11-30'), (e: unknown) => e instanceof DomainError && e.code === 'report.period_invalid', JSON.stringify(bad));
    }
  });

  it('the trend is twelve months ending with the period, or the period\'s months when longer', () => {
    assert.deepEqual(trendMonths({ from: '2026-03-01', to: '2026-03-31' }).slice(0, 2), ['2025-04', '2025-05']);
    assert.equal(trendMonths({ from: '2024-01-01', to: '2026-03-31' }).length, 27);
  });

  it('a local date follows the zone, a half-hour one included; the read window covers every zone', () => {
    assert.equal(localDate('2026-11-30T16:30:00.000Z', 'Asia/Makassar'), '2026-12-01');
    assert.equal(localDate('2026-11-30T15:59:59.000Z', 'Asia/Makassar'), '2026-11-30');
    assert.equal(localDate('2026-11-30T18:29:00.000Z', 'Asia/Kolkata'), '2026-11-30');
    assert.equal(localDate('2026-11-30T18:30:00.000Z', 'Asia/Kolkata'), '2026-12-01');
    assert.deepEqual(readWindow('2026-12-01', '2026-12-31'), { from: '2026-11-30T10:00:00.000Z', to: '2027-01-01T12:00:00.000Z' });
  });
});
