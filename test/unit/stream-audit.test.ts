import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEFAULT_RECORDING_QUOTA_BYTES, loadConfig } from '../../src/config/config.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import { RecordingBudget, StreamAudit } from '../../src/gateway/stream-audit.js';

describe(StreamAudit.name, () => {
  it('counts and hashes a stream in full, chunk by chunk, and digests once', () => {
    const a = new StreamAudit();
    const parts = [randomBytes(1000), Buffer.alloc(0), randomBytes(70_000)];
    for (const p of parts) a.update(p);
    const want = { bytes: 71_000, sha256: createHash('sha256').update(Buffer.concat(parts)).digest('hex') };
    assert.deepEqual(a.digest(), want);
    a.update(Buffer.from('later'));
    assert.deepEqual(a.digest(), want);
  });
});

describe(RecordingBudget.name, () => {
  it('takes bytes until the quota, and refuses (taking nothing) what would go past it', () => {
    const b = new RecordingBudget(100);
    assert.equal(b.charge(60), true);
    assert.equal(b.charge(41), false);
    assert.equal(b.recorded, 60);
    assert.equal(b.charge(40), true);
    assert.equal(b.charge(1), false);
  });
});

describe('JAGA_SSH_RECORDING_QUOTA', () => {
  const quota = (v?: string): number => loadConfig(v === undefined ? {} : { JAGA_SSH_RECORDING_QUOTA: v }, { dataDir: '/tmp/jaga-config-test' }).ssh.recordingQuotaBytes;
  it('defaults to 256 MiB', () => {
    assert.equal(quota(), 256 * 1024 * 1024);
    assert.equal(DEFAULT_RECORDING_QUOTA_BYTES, 256 * 1024 * 1024);
  });
  it('takes bytes, or K/M/G with or without (i)B', () => {
    assert.equal(quota('1048576'), 1024 * 1024);
    assert.equal(quota('512M'), 512 * 1024 * 1024);
    assert.equal(quota('2GiB'), 2 * 1024 ** 3);
    assert.equal(quota(' 64 MB '), 64 * 1024 * 1024);
  });
  for (const bad of ['0', '-5', 'abc', '10 apples', '1.5G', '1023K', '2T', '99999999999999']) {
    it(`refuses ${JSON.stringify(bad)} with a message in both languages`, () => {
      assert.throws(() => quota(bad), (err: unknown) => {
        assert.ok(err instanceof DomainError && err.code === 'config.bytes_invalid');
        assert.match(messageOf(err, 'en'), /JAGA_SSH_RECORDING_QUOTA must be a size in bytes between 1 MiB and 1 TiB/);
        assert.match(messageOf(err, 'id'), /JAGA_SSH_RECORDING_QUOTA harus ukuran dalam byte/);
        return true;
      });
    });
  }
});
