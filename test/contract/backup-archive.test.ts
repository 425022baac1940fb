import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BackupInfo } from '../../src/adapters/backup/backup-archive.js';
import { readBackupArchive, writeBackupArchive } from '../../src/adapters/backup/backup-archive.js';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import { DomainError } from '../../src/domain/errors.js';

const PASS = { passphrase: 'the archive passphrase' };
const place = mkdtempSync(join(tmpdir(), 'jaga-archive-'));
after(() => rmSync(place, { recursive: true, force: true }));
let n = 0;

/** An installation's files and a recording store over real files: two finished recordings and one still being written. */
async function source(): Promise<{ files: { name: string; path: string }[]; recordings: LocalRecordingStore }> {
  const dir = join(place, `src-${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'jaga.sqlite'), 'not really a database, but bytes');
  writeFileSync(join(dir, 'data-key'), 'k'.repeat(44));
  const recordings = new LocalRecordingStore(join(dir, 'recordings'));
  for (const [key, body] of [['s1-0.cast', 'one'], ['2026/s2-1.cast', 'two'.repeat(50_000)]] as const) {
    const w = await recordings.create(key);
    await w.append(Buffer.from(body));
    await w.finish();
  }
  const live = await recordings.create('s3-0.cast');
  await live.append(Buffer.from('still typing'));
  return { files: [{ name: 'database/jaga.sqlite', path: join(dir, 'jaga.sqlite') }, { name: 'keys/data-key', path: join(dir, 'data-key') }], recordings };
}

const info = (recordings: BackupInfo['recordings']): Omit<BackupInfo, 'format' | 'version'> =>
  ({ createdAt: '2026-12-01T00:00:00.000Z', dialect: 'sqlite', signingKey: { included: true }, recordings });

async function restore(archive: string): Promise<{ dir: string; store: LocalRecordingStore; manifest: Awaited<ReturnType<typeof readBackupArchive>>['manifest'] }> {
  const dir = join(place, `dst-${n++}`);
  mkdirSync(dir);
  const store = new LocalRecordingStore(join(dir, 'recordings'));
  const names: Record<string, string> = { 'database/jaga.sqlite': 'jaga.sqlite', 'keys/data-key': 'data-key' };
  const { manifest } = await readBackupArchive(archive, PASS, { dir, fileName: (x) => names[x] as string, recordings: store, accept: () => {} });
  return { dir, store, manifest };
}

describe('the backup archive\'s contents (backup-archive.ts)', () => {
  it('copies every file and recording with its SHA-256, a recording being written as far as it is stored (finished at restore)', async () => {
    const src = await source();
    const archive = join(place, 'copied.backup');
    const written = await writeBackupArchive(archive, PASS, { info: info('copied'), ...src });
    assert.deepEqual(written.parts.map((p) => p.name), ['backup.json', 'database/jaga.sqlite', 'keys/data-key', 'recordings/2026/s2-1.cast', 'recordings/s1-0.cast', 'recordings/s3-0.cast']);
    assert.deepEqual(written.recordings.map((r) => [r.key, r.finished]), [['2026/s2-1.cast', true], ['s1-0.cast', true], ['s3-0.cast', false]]);
    const { dir, store, manifest } = await restore(archive);
    assert.deepEqual(manifest, written);
    assert.equal(readFileSync(join(dir, 'jaga.sqlite'), 'utf8'), 'not really a database, but bytes');
    for (const r of written.recordings) {
      const d = await store.open(r.key);
      await d.close();
      assert.deepEqual([d.sha256, d.bytes], [r.sha256, r.bytes], r.key);
    }
    assert.ok(existsSync(join(dir, 'recordings', 's1-0.cast.sha256')), 'the digest beside each restored recording');
  });

  it('lists recordings kept in object storage by key and hash, without their bytes', async () => {
    const src = await source();
    const archive = join(place, 'listed.backup');
    const written = await writeBackupArchive(archive, PASS, { info: info('listed'), ...src });
    assert.deepEqual(written.parts.map((p) => p.name), ['backup.json', 'database/jaga.sqlite', 'keys/data-key']);
    const live = written.recordings.find((r) => r.key === 's3-0.cast');
    assert.deepEqual(live, { key: 's3-0.cast', bytes: 12, sha256: null, finished: false });
    assert.match(written.recordings.find((r) => r.key === 's1-0.cast')?.sha256 ?? '', /^[0-9a-f]{64}$/);
    const { dir, manifest } = await restore(archive);
    assert.deepEqual(manifest.recordings, written.recordings);
    assert.equal(existsSync(join(dir, 'recordings')), false, 'no recording written');
  });

  it('never replaces an existing file, and leaves nothing behind when it refuses', async () => {
    const src = await source();
    const archive = join(place, 'taken.backup');
    writeFileSync(archive, 'someone else\'s');
    await assert.rejects(writeBackupArchive(archive, PASS, { info: info('copied'), ...src }), (e: unknown) => e instanceof DomainError && e.code === 'backup.exists');
    assert.equal(readFileSync(archive, 'utf8'), 'someone else\'s');
    assert.deepEqual(readdirSync(place).filter((x) => x.includes('.partial-')), []);
  });
});
