import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { PART_BYTES } from '../../src/adapters/recordings/s3-recording-store.js';
import { recordingUploadRepository } from '../../src/adapters/db/repositories/recording-upload.repository.js';
import { NODE_LOST_AFTER_MS, closeAbandonedSessions } from '../../src/app/access/gateway-session.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { recordingStorageConfig } from '../../src/config/recording-storage-config.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import { openS3RecordingStore } from '../../src/main/open-s3-recording-store.js';
import type { RecordingDownload, RecordingWriter } from '../../src/ports/recording-store.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import type { OpenedS3RecordingStore } from '../support/recording-store-adapters.js';
import { openS3Store } from '../support/recording-store-adapters.js';
import type { S3TestServer } from '../support/s3-server.js';
import { startS3Server } from '../support/s3-server.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, openTestAppUpgradedFrom, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * What only the S3 adapter has (the RecordingStore contract runs over it in recording-store.test.ts):
 * multipart parts with their hashes in recording_uploads, fail-closed writing when the object
 * storage goes away, the sweeper, the configuration's refusals.
 */

const MiB = 1024 * 1024;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function drain(d: RecordingDownload): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of d.body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Appends `data` in 256 KiB chunks, as the recorder's batches come. */
async function appendAll(w: RecordingWriter, data: Buffer): Promise<void> {
  for (let at = 0; at < data.length; at += 256 * 1024) await w.append(data.subarray(at, at + 256 * 1024));
}

/** Polls `probe` until it holds (at most ~20 s): the uploads run beside the appends. */
async function eventually(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never happened: ${what}`);
}

describe('S3RecordingStore: multipart uploads, fail-closed writing, the sweeper', () => {
  let s: OpenedS3RecordingStore;
  beforeEach(async () => { s = await openS3Store(); });
  afterEach(async () => { await s.close(); });
  const log = () => recordingUploadRepository(s.db.db);

  it('uploads a 12 MiB recording as parts of 5, 5 and 2 MiB, each with its size and SHA-256 in recording_uploads, then the whole object with its own', async () => {
    const data = randomBytes(12 * MiB);
    const w = await s.store.create('big-0.cast');
    await appendAll(w, data);
    const d = await w.finish();
    assert.deepEqual(d, { sha256: sha(data), bytes: data.length });
    const u = await log().findByKey('big-0.cast');
    assert.equal(u?.state, 'finished');
    assert.equal(u.nodeId, 'node-a');
    assert.match(u.uploadId ?? '', /.+/, 'a multipart upload');
    assert.deepEqual(u.parts.map((p) => [p.number, p.bytes, p.sha256]), [
      [1, PART_BYTES, sha(data.subarray(0, 5 * MiB))], [2, PART_BYTES, sha(data.subarray(5 * MiB, 10 * MiB))], [3, 2 * MiB, sha(data.subarray(10 * MiB))],
    ]);
    assert.equal(PART_BYTES, 5 * MiB);
    assert.deepEqual([u.sha256, u.bytes], [d.sha256, d.bytes]);
    assert.ok(u.finishedAt !== null && u.finishedAt >= u.startedAt);
    const dl = await s.store.open('big-0.cast');
    assert.deepEqual([dl.sha256, dl.bytes], [d.sha256, d.bytes]);
    assert.equal(sha(await drain(dl)), d.sha256, 'the bucket holds exactly the bytes');
    assert.deepEqual(Buffer.from(await s.store.read('big-0.cast', { start: 5 * MiB - 3, end: 5 * MiB + 3 })), data.subarray(5 * MiB - 3, 5 * MiB + 3), 'a range across a part boundary');
    assert.deepEqual(await s.server.uploadsInProgress(), [], 'the upload is complete');
  });

  it('keeps a recording under 5 MiB as one PUT, and the spool owner-only while it runs and empty after', async () => {
    const w = await s.store.create('2026/small-0.cast');
    await w.append(Buffer.from('{"version":2}\n'));
    const spool = join(s.dataDir, 'recordings-spool');
    assert.equal(statSync(spool).mode & 0o777, 0o700);
    assert.equal(statSync(join(spool, '2026', 'small-0.cast')).mode & 0o777, 0o600);
    await w.finish();
    const u = await log().findByKey('2026/small-0.cast');
    assert.deepEqual([u?.state, u?.uploadId, u?.parts], ['finished', null, []]);
    assert.deepEqual(readdirSync(join(spool, '2026')), [], 'the spool copy is deleted once stored');
    assert.deepEqual(await s.reopen().list('2026/'), [{ key: '2026/small-0.cast', bytes: 14, finished: true }]);
  });

  it('a live recording is read from the spool of the node writing it; another node is told which node holds it', async () => {
    const w = await s.store.create('live-0.cast');
    await w.append(Buffer.from('sedang berjalan'));
    assert.equal(Buffer.from(await s.store.read('live-0.cast')).toString(), 'sedang berjalan');
    const other = s.node('node-b');
    const e = await other.read('live-0.cast').then(() => assert.fail('read'), (err: unknown) => err);
    assert.ok(e instanceof DomainError && e.code === 'recording.held_by_node', String(e));
    assert.equal(e.params['node'], 'node-a');
    assert.match(messageOf(e, 'en'), /being written on node 'node-a'/);
    assert.match(messageOf(e, 'id'), /sedang ditulis di node 'node-a'/);
    assert.deepEqual(await other.list('live-'), [{ key: 'live-0.cast', bytes: 0, finished: false }], 'no part uploaded yet');
    await w.finish();
    assert.equal(Buffer.from(await other.read('live-0.cast')).toString(), 'sedang berjalan', 'finished: from the bucket, on any node');
  });

  it('fails closed: the object storage going away mid-write rejects an append and the finish; the spool keeps every byte, and the sweeper stores them once it is back', async () => {
    const w = await s.store.create('down-0.cast');
    const first = randomBytes(6 * MiB);
    await appendAll(w, first);
    await eventually('part 1 is uploaded', async () => ((await log().findByKey('down-0.cast'))?.parts.length ?? 0) === 1);
    await s.server.pause();
    let refused: unknown = null;
    const more: Buffer[] = [];
    // Part 2 fails to upload; at the latest once the spool runs 4 parts ahead, an append says so.
    for (let i = 0; i < 30 && refused === null; i++) {
      const chunk = randomBytes(MiB);
      try {
        await w.append(chunk);
        more.push(chunk);
      } catch (err) {
        refused = err;
      }
    }
    assert.ok(refused instanceof Error, 'an append rejected');
    await assert.rejects(w.append(Buffer.from('x')), 'and every later one');
    await assert.rejects(w.finish(), 'the finish cannot store it either');
    const kept = Buffer.concat([first, ...more]);
    assert.deepEqual(w.written(), { sha256: sha(kept), bytes: kept.length });
    assert.equal((await log().findByKey('down-0.cast'))?.state, 'writing', 'left unfinished');
    await s.server.resume();
    assert.deepEqual(await s.store.sweepAbandoned({ aliveNodes: new Set(), staleBefore: new Date(0).toISOString() }), [{ key: 'down-0.cast', nodeId: 'node-a', outcome: 'finished' }]);
    const dl = await s.store.open('down-0.cast');
    assert.deepEqual([dl.sha256, dl.bytes], [sha(kept), kept.length]);
    assert.equal(sha(await drain(dl)), sha(kept));
  });

  it('refuses to start a recording while the object storage cannot be reached (nothing would be stored)', async () => {
    await s.server.pause();
    await assert.rejects(s.store.create('nope-0.cast'));
    await s.server.resume();
    assert.equal(await log().findByKey('nope-0.cast'), undefined);
  });

  it('the sweeper completes a dead node\'s upload from the parts it recorded, aborts one with none, and leaves a live node\'s and its own writers\' alone', async () => {
    const dead = s.node('node-b');
    const big = randomBytes(11 * MiB);
    const wb = await dead.create('b-0.cast');
    await appendAll(wb, big);
    await eventually('two parts are uploaded', async () => ((await log().findByKey('b-0.cast'))?.parts.length ?? 0) === 2);
    await (await dead.create('b-1.cast')).append(Buffer.from('kecil, belum terunggah'));
    // node-b started a multipart upload and died before recording its first part
    await dead.create('b-2.cast');
    const started = await dead.startUpload('b-2.cast');
    assert.deepEqual(await s.server.uploadsInProgress(), [(await log().findByKey('b-0.cast'))?.uploadId, started].sort());
    const alive = s.node('node-c');
    await (await alive.create('c-0.cast')).append(Buffer.from('node-c hidup'));
    const mine = await s.store.create('a-0.cast');
    await mine.append(Buffer.from('ditulis sekarang'));
    const later = new Date(Date.now() + 60_000).toISOString();

    const swept = await s.store.sweepAbandoned({ aliveNodes: new Set(['node-c']), staleBefore: later });
    assert.deepEqual(swept, [
      { key: 'b-0.cast', nodeId: 'node-b', outcome: 'recovered' }, { key: 'b-1.cast', nodeId: 'node-b', outcome: 'aborted' }, { key: 'b-2.cast', nodeId: 'node-b', outcome: 'aborted' },
    ]);
    const recovered = big.subarray(0, 10 * MiB);
    const u = await log().findByKey('b-0.cast');
    assert.deepEqual([u?.state, u?.sha256, u?.bytes], ['recovered', sha(recovered), recovered.length], 'what its parts hold, hashed as stored');
    const dl = await s.store.open('b-0.cast');
    assert.equal(sha(await drain(dl)), sha(recovered));
    assert.deepEqual(await s.server.uploadsInProgress(), [], 'the empty upload was aborted (AbortMultipartUpload)');
    assert.equal((await log().findByKey('b-2.cast'))?.state, 'aborted');
    const e = await s.store.finishAbandoned('b-1.cast').then(() => assert.fail('finishAbandoned'), (err: unknown) => err);
    assert.ok(e instanceof DomainError && e.code === 'recording.upload_aborted');
    assert.match(messageOf(e, 'en'), /lost with node 'node-b'/);
    assert.deepEqual(await s.store.list('b-'), [{ key: 'b-0.cast', bytes: recovered.length, finished: true }], 'aborted uploads are not listed');
    assert.deepEqual((await s.store.list('')).filter((r) => !r.finished).map((r) => r.key), ['a-0.cast', 'c-0.cast'], 'the live ones are left alone');
    assert.deepEqual(await s.store.sweepAbandoned({ aliveNodes: new Set(['node-c']), staleBefore: later }), [], 'a second sweep finds nothing');
    await mine.finish();
  });

  it('a dead node\'s recording is recovered to its last tail upload: a small one whole, a large one with the bytes past its last part', async () => {
    const dead = s.node('node-b', { tailIntervalMs: 20 });
    const small = Buffer.from('{"version":2}\n[0.5,"o","sebelum mati"]\n');
    await (await dead.create('t-0.cast')).append(small);
    const large = randomBytes(6 * MiB + 12345);
    await appendAll(await dead.create('t-1.cast'), large);
    await eventually('the tails are uploaded', async () => {
      const [a, b] = await Promise.all([log().findByKey('t-0.cast'), log().findByKey('t-1.cast')]);
      return a?.tail?.bytes === small.length && b?.parts.length === 1 && b.tail?.start === 5 * MiB && b.tail.bytes === large.length - 5 * MiB;
    });
    assert.deepEqual(await s.store.list('t-'), [{ key: 't-0.cast', bytes: small.length, finished: false }, { key: 't-1.cast', bytes: large.length, finished: false }],
      'another node sees what is uploaded of them');
    const swept = await s.store.sweepAbandoned({ aliveNodes: new Set(), staleBefore: new Date(Date.now() + 60_000).toISOString() });
    assert.deepEqual(swept.map((x) => [x.key, x.outcome]), [['t-0.cast', 'recovered'], ['t-1.cast', 'recovered']]);
    for (const [key, data] of [['t-0.cast', small], ['t-1.cast', large]] as const) {
      const dl = await s.store.open(key);
      assert.deepEqual([dl.sha256, dl.bytes], [sha(data), data.length], key);
      assert.equal(sha(await drain(dl)), sha(data), key);
      assert.deepEqual([(await log().findByKey(key))?.state, (await log().findByKey(key))?.sha256], ['recovered', sha(data)]);
    }
    assert.deepEqual(await s.server.uploadsInProgress(), []);
    assert.deepEqual((await s.store.list('')).map((r) => r.key), ['t-0.cast', 't-1.cast'], 'the tail objects are gone and never listed');
  });

  it('two nodes sweeping one dead node\'s upload at once: it is completed once, and neither sweep fails', async () => {
    const dead = s.node('node-b');
    const data = randomBytes(6 * MiB);
    await appendAll(await dead.create('race-0.cast'), data);
    await eventually('part 1 is uploaded', async () => ((await log().findByKey('race-0.cast'))?.parts.length ?? 0) === 1);
    const opts = { aliveNodes: new Set<string>(), staleBefore: new Date(Date.now() + 60_000).toISOString() };
    const [a, c] = await Promise.all([s.store.sweepAbandoned(opts), s.node('node-c').sweepAbandoned(opts)]);
    assert.ok([...a, ...c].every((x) => x.key === 'race-0.cast' && x.outcome !== 'failed' && x.outcome !== 'aborted'), JSON.stringify([a, c]));
    const part = data.subarray(0, 5 * MiB);
    const u = await log().findByKey('race-0.cast');
    assert.deepEqual([u?.state, u?.sha256, u?.bytes], ['recovered', sha(part), part.length]);
    assert.equal(sha(await drain(await s.store.open('race-0.cast'))), sha(part));
  });
});

for (const dialect of DIALECTS) {
  describeOn(dialect, `migration 0015_recording_uploads (${dialect})`, () => {
    after(async () => { await stopTestPostgres(); });

    it('adds an empty recording_uploads table to a store of an earlier version, whose data stays; its rows read back as written', async () => {
      const t = await openTestAppUpgradedFrom(dialect, '0010_logbook_type', (db) =>
        sql`insert into units (id, code, name, time_zone, created_at) values ('u-1', 'gorontalo', 'G', 'Asia/Makassar', '2026-11-01T00:00:00.000Z')`.execute(db));
      try {
        await t.app.store.assertMigrated();
        assert.deepEqual(await t.app.store.db.selectFrom('recording_uploads').selectAll().execute(), []);
        assert.equal((await t.app.store.read((r) => r.units.findByCode('gorontalo')))?.id, 'u-1');
        const log = recordingUploadRepository(t.app.store.db);
        assert.equal(await log.insert({ key: 'gs-1-0.cast', nodeId: 'node-a', startedAt: '2026-12-01T00:00:00.000Z' }), true);
        assert.equal(await log.insert({ key: 'gs-1-0.cast', nodeId: 'node-b', startedAt: '2026-12-01T00:00:01.000Z' }), false, 'a key is taken once');
        await log.setUploadId('gs-1-0.cast', 'up-1', '2026-12-01T00:00:02.000Z');
        await log.recordPart('gs-1-0.cast', { number: 2, bytes: 7, sha256: 'b'.repeat(64), etag: 'e2' }, '2026-12-01T00:00:03.000Z');
        await log.recordPart('gs-1-0.cast', { number: 1, bytes: PART_BYTES, sha256: 'a'.repeat(64), etag: 'e1' }, '2026-12-01T00:00:04.000Z');
        await log.recordTail('gs-1-0.cast', { start: PART_BYTES + 7, bytes: 3, sha256: 'c'.repeat(64) }, '2026-12-01T00:00:05.000Z');
        assert.deepEqual((await log.listWriting('gs-1-')).map((u) => u.key), ['gs-1-0.cast']);
        await log.end('gs-1-0.cast', { state: 'finished', sha256: 'd'.repeat(64), bytes: 2 ** 40, at: '2026-12-01T00:00:06.000Z' });
        assert.deepEqual(await log.findByKey('gs-1-0.cast'), {
          key: 'gs-1-0.cast', nodeId: 'node-a', uploadId: 'up-1', state: 'finished',
          parts: [{ number: 1, bytes: PART_BYTES, sha256: 'a'.repeat(64), etag: 'e1' }, { number: 2, bytes: 7, sha256: 'b'.repeat(64), etag: 'e2' }],
          tail: { start: PART_BYTES + 7, bytes: 3, sha256: 'c'.repeat(64) }, sha256: 'd'.repeat(64), bytes: 2 ** 40,
          startedAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:06.000Z', finishedAt: '2026-12-01T00:00:06.000Z',
        });
        assert.deepEqual(await log.listWriting(''), [], 'a finished upload is not listed as being written');
      } finally {
        await t.close();
      }
    });
  });

  describeOn(dialect, `recordings in object storage through the app: crash recovery of a dead node's session (${dialect})`, () => {
    let server: S3TestServer;
    let t: TestApp;
    beforeEach(async () => {
      server = await startS3Server();
      t = await openTestApp(dialect, { env: server.env('jaga') });
    });
    afterEach(async () => { await t.close(); await server.stop(); });
    after(async () => { await stopTestPostgres(); });

    it('a session of a node that stopped confirming is closed with the recording completed from its uploaded parts; a channel with nothing uploaded is aborted and left out', async () => {
      const w = await seedWorld(t);
      const caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' })).id;
      const ids = await t.app.store.read(async (r) => ({
        user: (await r.users.findByUsername('andi'))?.id ?? '', ws: (await r.workstations.findByAssetTag('LPSE-NB-001'))?.id ?? '', net: (await r.networks.findByName('kantor-lpse'))?.id ?? '',
      }));
      const now = t.clock.now().toISOString();
      const session: GatewaySession = {
        id: 'gs-dead', caseId, unitId: w.unit.id, userId: ids.user, targetId: w.target.id, workstationId: ids.ws, networkId: ids.net, sourceIp: '127.0.0.1',
        keyFingerprint: 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU', startedAt: now, endedAt: null, endReason: null, bytesUp: 0, bytesDown: 0, recordings: [],
        nodeId: 'node-b', heartbeatAt: now,
      };
      await t.app.store.transaction((r) => r.gatewaySessions.insert(session));
      // node-b: its own spool, the same bucket and database; it writes two channels and dies.
      const c = recordingStorageConfig(server.env('jaga'), join(t.config.dataDir, 'node-b'));
      assert.equal(c.kind, 's3');
      if (c.kind !== 's3') return;
      const nodeB = openS3RecordingStore(c, t.app.store, 'node-b', () => t.clock.now().toISOString());
      const data = randomBytes(6 * MiB);
      await appendAll(await nodeB.create('gs-dead-0.cast'), data);
      const uploads = recordingUploadRepository(t.app.store.db);
      await eventually('part 1 is uploaded', async () => ((await uploads.findByKey('gs-dead-0.cast'))?.parts.length ?? 0) === 1);
      await (await nodeB.create('gs-dead-1.cast')).append(Buffer.from('{"version":2}\n'));

      assert.equal(await closeAbandonedSessions(t.app, { nodeId: 'node-a', starting: false }), 0, 'node-b still counts as alive');
      t.clock.advanceSeconds(NODE_LOST_AFTER_MS / 1000 + 1);
      assert.equal(await closeAbandonedSessions(t.app, { nodeId: 'node-a', starting: false }), 1);
      const part = data.subarray(0, 5 * MiB);
      const closed = await t.app.store.read((r) => r.gatewaySessions.findById('gs-dead'));
      assert.equal(closed?.endReason, 'node_lost');
      assert.deepEqual(closed.recordings, [{ channel: 0, file: 'gs-dead-0.cast', sha256: sha(part), bytes: part.length }]);
      assert.deepEqual([(await uploads.findByKey('gs-dead-0.cast'))?.state, (await uploads.findByKey('gs-dead-1.cast'))?.state], ['recovered', 'aborted']);
      const dl = await t.app.recordings.open('gs-dead-0.cast');
      assert.equal(sha(await drain(dl)), sha(part), 'downloadable from any node');
    });
  });
}

describe('recording storage configuration', () => {
  const base = { JAGA_RECORDINGS_URL: 's3://jaga-rekaman/lpse', JAGA_S3_ENDPOINT: 'http://127.0.0.1:9000', JAGA_S3_ACCESS_KEY_ID: 'AKIA', JAGA_S3_SECRET_ACCESS_KEY: 'rahasia-sekali' };
  const refusal = (env: Record<string, string>): DomainError => {
    try {
      recordingStorageConfig(env, '/data');
    } catch (err) {
      assert.ok(err instanceof DomainError, String(err));
      return err;
    }
    return assert.fail('expected a refusal');
  };

  it('keeps recordings in the data directory when JAGA_RECORDINGS_URL is unset', () => {
    assert.deepEqual(recordingStorageConfig({}, '/data'), { kind: 'local', dir: '/data/recordings' });
  });

  it('reads s3://bucket/prefix, the endpoint, region and credentials; the AWS_* names too; never shows the secret', () => {
    const c = recordingStorageConfig(base, '/data');
    assert.equal(c.kind, 's3');
    if (c.kind !== 's3') return;
    assert.deepEqual([c.bucket, c.prefix, c.endpoint, c.region, c.accessKeyId, c.secretAccessKey, c.spoolDir],
      ['jaga-rekaman', 'lpse', { useSSL: false, host: '127.0.0.1', port: 9000 }, 'us-east-1', 'AKIA', 'rahasia-sekali', '/data/recordings-spool']);
    assert.doesNotMatch(JSON.stringify(c), /rahasia/, 'serialised');
    assert.doesNotMatch(String(Object.keys(c)), /secret/, 'listed');
    const aws = recordingStorageConfig({ JAGA_RECORDINGS_URL: 's3://jaga-rekaman', AWS_ENDPOINT_URL_S3: 'https://s3.ap-southeast-3.amazonaws.com', AWS_REGION: 'ap-southeast-3',
      AWS_ACCESS_KEY_ID: 'AKIB', AWS_SECRET_ACCESS_KEY: 'lain' }, '/data');
    assert.ok(aws.kind === 's3');
    assert.deepEqual([aws.prefix, aws.endpoint, aws.region, aws.accessKeyId, aws.secretAccessKey], ['', { useSSL: true, host: 's3.ap-southeast-3.amazonaws.com', port: 443 }, 'ap-southeast-3', 'AKIB', 'lain']);
    const both = recordingStorageConfig({ ...base, AWS_ACCESS_KEY_ID: 'AWS-NAME' }, '/data');
    assert.ok(both.kind === 's3' && both.accessKeyId === 'AKIA', 'the JAGA_S3_* name wins');
  });

  it('refuses a bad URL, a missing variable or a bad endpoint, naming the variable, in both languages and without the secret', () => {
    for (const v of ['s3://', 'http://bucket/x', 's3://Bucket/x', 's3://a/x', 's3://bucket/../x', 's3://bucket/x?y=1', 's3://user:pw@bucket/x']) {
      const e = refusal({ ...base, JAGA_RECORDINGS_URL: v });
      assert.equal(e.code, 'config.recordings_url_invalid', v);
      assert.match(messageOf(e, 'en'), /JAGA_RECORDINGS_URL must look like s3:\/\/bucket\/prefix/);
      assert.match(messageOf(e, 'id'), /JAGA_RECORDINGS_URL harus berbentuk s3:\/\/bucket\/prefiks/);
      assert.doesNotMatch(messageOf(e, 'en'), /pw@/, 'a credential in the URL is not repeated');
    }
    for (const [name, alias] of [['JAGA_S3_ENDPOINT', 'AWS_ENDPOINT_URL_S3'], ['JAGA_S3_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'], ['JAGA_S3_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY']] as const) {
      const env: Record<string, string> = { ...base };
      delete env[name];
      const e = refusal(env);
      assert.equal(e.code, 'config.s3_variable_missing');
      assert.equal(messageOf(e, 'en'), `Recordings in object storage (JAGA_RECORDINGS_URL=s3://…) need ${name} (or ${alias}).`);
      assert.equal(messageOf(e, 'id'), `Rekaman di penyimpanan objek (JAGA_RECORDINGS_URL=s3://…) memerlukan ${name} (atau ${alias}).`);
    }
    for (const v of ['127.0.0.1:9000', 'ftp://host', 'http://k:rahasia@host:9000', 'http://host:9000/path', 'http://host?x=1']) {
      const e = refusal({ ...base, JAGA_S3_ENDPOINT: v });
      assert.equal(e.code, 'config.s3_endpoint_invalid', v);
      assert.match(messageOf(e, 'en'), /^JAGA_S3_ENDPOINT must be an http\(s\):\/\/host\[:port\] address/);
      assert.match(messageOf(e, 'id'), /^JAGA_S3_ENDPOINT harus alamat http\(s\)/);
      assert.doesNotMatch(`${messageOf(e, 'en')} ${JSON.stringify(e.params)}`, /rahasia/, 'the secret in it is not repeated');
    }
    assert.equal(refusal({ ...base, JAGA_S3_ENDPOINT: '', AWS_ENDPOINT_URL_S3: 'nope' }).params['name'], 'AWS_ENDPOINT_URL_S3', 'the variable that was read is named');
  });
});
