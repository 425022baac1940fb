import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { DomainError } from '../../src/domain/errors.js';

const base = { JAGA_DATA_DIR: '/tmp/jaga-config-test' };

describe('JAGA_SSH_TOTP_GRACE and JAGA_METRICS_ADDR', () => {
  it('the TOTP grace is 600 s by default, 0 turns it off, and a bad value is a clear error', () => {
    assert.equal(loadConfig(base).ssh.totpGraceSeconds, 600);
    assert.equal(loadConfig({ ...base, JAGA_SSH_TOTP_GRACE: '0' }).ssh.totpGraceSeconds, 0);
    assert.equal(loadConfig({ ...base, JAGA_SSH_TOTP_GRACE: '90' }).ssh.totpGraceSeconds, 90);
    for (const v of ['10m', '-1', 'lama']) {
      assert.throws(() => loadConfig({ ...base, JAGA_SSH_TOTP_GRACE: v }), (e: unknown) => e instanceof DomainError && e.code === 'config.seconds_invalid', v);
    }
  });

  it('the separate metrics listener is off unless JAGA_METRICS_ADDR names one', () => {
    assert.equal(loadConfig(base).http.metrics, null);
    assert.deepEqual(loadConfig({ ...base, JAGA_METRICS_ADDR: '127.0.0.1:9464' }).http.metrics, { host: '127.0.0.1', port: 9464 });
    assert.throws(() => loadConfig({ ...base, JAGA_METRICS_ADDR: '127.0.0.1' }), (e: unknown) => e instanceof DomainError && e.code === 'config.address_invalid');
  });
});
