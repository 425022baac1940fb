import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { parseLogLevel } from '../../src/config/ops-config.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';

describe('JAGA_LOG_LEVEL and jaga serve --log-level', () => {
  const load = (v?: string) => loadConfig({ JAGA_DATA_DIR: '/tmp/jaga-config-test', ...(v === undefined ? {} : { JAGA_LOG_LEVEL: v }) });

  it('defaults to warn and takes error, warn, info and debug in any case', () => {
    assert.equal(load().ops.logLevel, 'warn');
    assert.equal(load('').ops.logLevel, 'warn');
    assert.equal(load('INFO').ops.logLevel, 'info');
    assert.equal(load(' debug ').ops.logLevel, 'debug');
    assert.equal(parseLogLevel('error', '--log-level'), 'error');
  });

  it('refuses anything else naming the variable or the option in both languages, never a silent default', () => {
    for (const bad of ['trace', 'loud', '3', 'silent']) {
      assert.throws(() => load(bad), (e: unknown) => e instanceof DomainError && e.code === 'config.log_level_invalid' && e.params['name'] === 'JAGA_LOG_LEVEL', bad);
    }
    try {
      parseLogLevel('verbose', '--log-level');
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.equal(messageOf(e, 'en'), "--log-level must be one of error, warn, info, debug, not 'verbose'.");
      assert.equal(messageOf(e, 'id'), "--log-level harus salah satu dari error, warn, info, debug, bukan 'verbose'.");
    }
  });
});
