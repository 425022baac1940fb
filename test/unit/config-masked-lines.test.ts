import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { DomainError } from '../../src/domain/errors.js';

describe('JAGA_SSH_MASKED_LINES_FLAG', () => {
  const load = (v?: string) => loadConfig({ JAGA_DATA_DIR: '/tmp/jaga-config-test', ...(v === undefined ? {} : { JAGA_SSH_MASKED_LINES_FLAG: v }) });

  it('defaults to 3 and takes any whole number, 0 included (every session with a masked line is flagged)', () => {
    assert.equal(load().ssh.maskedLinesFlag, 3);
    assert.equal(load('').ssh.maskedLinesFlag, 3);
    assert.equal(load('0').ssh.maskedLinesFlag, 0);
    assert.equal(load(' 25 ').ssh.maskedLinesFlag, 25);
  });

  it('refuses anything else with a message naming the variable, never a silent default', () => {
    for (const bad of ['-1', 'tiga', '3.5', '1e3', '9999999']) {
      assert.throws(() => load(bad), (e: unknown) => e instanceof DomainError && e.code === 'config.count_invalid' && e.params['name'] === 'JAGA_SSH_MASKED_LINES_FLAG', bad);
    }
  });
});
