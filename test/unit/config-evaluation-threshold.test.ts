import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { DomainError } from '../../src/domain/errors.js';
import { proposedAssessment } from '../../src/domain/report/sop-evaluation.js';
import { messageOf } from '../../src/messages/catalogue.js';

describe('JAGA_EVALUATION_THRESHOLD', () => {
  const load = (v?: string) => loadConfig({ JAGA_DATA_DIR: '/tmp/jaga-config-test', ...(v === undefined ? {} : { JAGA_EVALUATION_THRESHOLD: v }) });

  it('defaults to 80 % and takes a percentage 1–100, with or without %', () => {
    assert.equal(load().report.evaluationThreshold, 0.8);
    assert.equal(load('').report.evaluationThreshold, 0.8);
    assert.equal(load('90').report.evaluationThreshold, 0.9);
    assert.equal(load(' 87.5% ').report.evaluationThreshold, 0.875);
    assert.equal(load('100').report.evaluationThreshold, 1);
    assert.equal(load('1').report.evaluationThreshold, 0.01);
  });

  it('refuses anything else with a message naming the variable in both languages, never a silent default', () => {
    for (const bad of ['0', '0.8', '101', '-5', 'delapan puluh', '80,5', '1e2']) {
      assert.throws(() => load(bad), (e: unknown) => {
        assert.ok(e instanceof DomainError && e.code === 'config.percent_invalid', bad);
        assert.match(messageOf(e, 'id'), /JAGA_EVALUATION_THRESHOLD harus persen 1–100/);
        assert.match(messageOf(e, 'en'), /JAGA_EVALUATION_THRESHOLD must be a percentage 1–100/);
        return true;
      }, bad);
    }
  });

  it('proposes berjalan dengan baik at or above the threshold, not below, and nothing without a measure', () => {
    assert.equal(proposedAssessment({ metShare: 0.8 }, 0.8), 'baik');
    assert.equal(proposedAssessment({ metShare: 0.79 }, 0.8), 'tidak_baik');
    assert.equal(proposedAssessment({ metShare: null }, 0.8), null);
  });
});
