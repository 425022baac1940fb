import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import { DomainError } from '../../src/domain/errors.js';
import type { RecordingDownload, RecordingStore } from '../../src/ports/recording-store.js';
import type { OpenedRecordingStore } from '../support/recording-store-adapters.js';
import { RECORDING_STORE_ADAPTERS } from '../support/recording-store-adapters.js';

/*
 * The RecordingStore contract: every adapter in RECORDING_STORE_ADAPTERS runs the same suite
 * (an object-storage adapter joins the list with its own `open`); then what only the local disk has.
 */

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

async function drain(d: RecordingDownload): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of d.body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Rejects with a DomainError of this code (and nothing else). */
async function refused(p: Promise<unknown>, code: string | RegExp, what = ''): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DomainError, `${what}: expected a DomainError, got ${String(err)}`);
    if (typeof code === 'string') assert.equal(err.code, code, what);
    else assert.match(err.code, code, what);
    return err;
  }
  assert.fail(`${what}: expected ${String(code)}, but it succeeded`);
}

async function record(store: RecordingStore, key: string, ...chunks: string[]) {
  const w = await store.create(key);
  for (const c of chunks) await w.append(Buffer.from(c));
  return w.finish();
}

for (const adapter of RECORDING_STORE_ADAPTERS) {
  describe(`RecordingStore contract (${adapter.name})`, () => {
    let s: OpenedRecordingStore;
    beforeEach(async () => { s = await adapter.open(); });
    afterEach(async () => { await s.close(); });

    it('appends in call order, finishes with the SHA-256 and size of exactly those bytes, and reads them back', async () => {
      const w = await s.store.create('sess-1-0.cast');
      assert.equal(w.key, 'sess-1-0.cast');
      // Not awaited one by one: the order of the calls is the order stored.
      const chunks = Array.from({ length: 50 }, (_, i) => `[${i},"o","baris ${i} ✓"]\n`);
      await Promise.all(chunks.map((c) => w.append(Buffer.from(c))));
      const all = chunks.join('');
      assert.deepEqual(w.written(), { sha256: sha(all), bytes: Buffer.byteLength(all) });
      const d = await w.finish();
      assert.deepEqual(d, { sha256: sha(all), bytes: Buffer.byteLength(all) });
      assert.deepEqual(await w.finish(), d, 'finishing twice returns the same digest');
      await assert.rejects(w.append(Buffer.from('later')), 'nothing is appended to a finished recording');
      assert.equal(text(await s.store.read('sess-1-0.cast')), all);
      const dl = await s.store.open('sess-1-0.cast');
      assert.deepEqual([dl.key, dl.sha256, dl.bytes], ['sess-1-0.cast', d.sha256, d.bytes]);
      assert.equal((await drain(dl)).toString(), all);
      assert.deepEqual(await s.store.list('sess-1-'), [{ key: 'sess-1-0.cast', bytes: d.bytes, finished: true }]);
    });

    it('never overwrites a recording: creating an existing key, finished or not, is recording.exists', async () => {
      await record(s.store, 'a-0.cast', 'pertama');
      await refused(s.store.create('a-0.cast'), 'recording.exists', 'finished');
      const w = await s.store.create('a-1.cast');
      await w.append(Buffer.from('x'));
      await refused(s.store.create('a-1.cast'), 'recording.exists', 'unfinished');
      await refused(s.reopen().create('a-1.cast'), 'recording.exists', 'unfinished, seen by another process');
      assert.equal(text(await s.store.read('a-0.cast')), 'pertama');
      await w.finish();
    });

    it('an empty recording is finished with the hash of nothing and downloads as zero bytes', async () => {
      const d = await record(s.store, 'empty-0.cast');
      assert.deepEqual(d, { sha256: sha(''), bytes: 0 });
      assert.equal((await s.store.read('empty-0.cast')).length, 0);
      assert.equal((await s.store.read('empty-0.cast', { start: 0 })).length, 0);
      const dl = await s.store.open('empty-0.cast');
      assert.deepEqual([dl.bytes, dl.sha256], [0, sha('')]);
      assert.equal((await drain(dl)).length, 0);
    });

    it('reads byte ranges [start, end): empty, inside, to the end, clamped past the end; bad ranges are recording.range_invalid', async () => {
      await record(s.store, 'r-0.cast', '0123456789');
      const read = async (start: number, end?: number) => text(await s.store.read('r-0.cast', end === undefined ? { start } : { start, end }));
      assert.equal(await read(0), '0123456789');
      assert.equal(await read(2, 5), '234');
      assert.equal(await read(4, 4), '', 'an empty range');
      assert.equal(await read(7), '789', 'from start to the end');
      assert.equal(await read(7, 1000), '789', 'an end past the end reads to the end');
      assert.equal(await read(10), '', 'starting at the end reads nothing');
      assert.equal(await read(10, 20), '');
      for (const [start, end] of [[11, undefined], [11, 12], [5, 4], [-1, 3], [0, -1], [1.5, 3], [0, 2.5], [Number.NaN, 3], [0, Number.POSITIVE_INFINITY], [2 ** 53, undefined]] as [number, number | undefined][]) {
        const err = await refused(s.store.read('r-0.cast', end === undefined ? { start } : { start, end }), 'recording.range_invalid', `${start}-${end}`);
        assert.equal(err.kind, 'invalid');
        assert.equal(err.params['bytes'], 10);
      }
      await refused(s.store.read('r-0.cast', { start: '1' as unknown as number }), 'recording.range_invalid', 'a string');
      await refused(s.store.read('nope-0.cast', { start: 0, end: 1 }), 'recording.not_found');
    });

    it('reads what an unfinished recording holds so far', async () => {
      const w = await s.store.create('live-0.cast');
      await w.append(Buffer.from('{"version":2}\n'));
      assert.equal(text(await s.store.read('live-0.cast')), '{"version":2}\n');
      assert.equal(text(await s.store.read('live-0.cast', { start: 2, end: 9 })), 'version');
      await w.finish();
    });

    it('lists by prefix, in key order, finished or not, nested keys included; a prefix of nothing lists nothing', async () => {
      await record(s.store, 's1-2.cast', 'dua');
      await record(s.store, 's1-0.cast', 'nol');
      await record(s.store, 's10-0.cast', 'sepuluh');
      await record(s.store, '2026/11/s1-0.cast', 'lama');
      const open1 = await s.store.create('s1-1.cast');
      await open1.append(Buffer.from('satu!'));
      assert.deepEqual(await s.store.list('s1-'), [
        { key: 's1-0.cast', bytes: 3, finished: true }, { key: 's1-1.cast', bytes: 5, finished: false }, { key: 's1-2.cast', bytes: 3, finished: true },
      ]);
      assert.deepEqual((await s.store.list('s1')).map((r) => r.key), ['s1-0.cast', 's1-1.cast', 's1-2.cast', 's10-0.cast']);
      assert.deepEqual((await s.store.list('')).map((r) => r.key), ['2026/11/s1-0.cast', 's1-0.cast', 's1-1.cast', 's1-2.cast', 's10-0.cast']);
      assert.deepEqual((await s.store.list('2026/')).map((r) => r.key), ['2026/11/s1-0.cast']);
      assert.deepEqual((await s.store.list('2026/11/s1-')).map((r) => r.key), ['2026/11/s1-0.cast']);
      assert.deepEqual(await s.store.list('tidak-ada-'), []);
      assert.deepEqual(await s.store.list('tidak/ada/'), []);
      await open1.finish();
      assert.deepEqual(await s.reopen().list('s1-1'), [{ key: 's1-1.cast', bytes: 5, finished: true }]);
    });

    it('a store that has never recorded anything lists nothing and finds nothing', async () => {
      assert.deepEqual(await s.store.list(''), []);
      await refused(s.store.read('x-0.cast'), 'recording.not_found');
      await refused(s.store.open('x-0.cast'), 'recording.not_found');
      await refused(s.store.finishAbandoned('x-0.cast'), 'recording.not_found');
    });

    it('downloads only finished recordings: unfinished is recording.not_finished, unknown is recording.not_found; a download can be released unread', async () => {
      const w = await s.store.create('d-0.cast');
      await w.append(Buffer.from('sedang ditulis'));
      const e = await refused(s.store.open('d-0.cast'), 'recording.not_finished');
      assert.equal(e.kind, 'conflict');
      await refused(s.store.open('d-9.cast'), 'recording.not_found');
      const d = await w.finish();
      const dl = await s.store.open('d-0.cast');
      assert.deepEqual([dl.sha256, dl.bytes], [d.sha256, d.bytes]);
      await dl.close();
      await dl.close();
      const again = await s.store.open('d-0.cast');
      assert.equal((await drain(again)).toString(), 'sedang ditulis');
    });

    it('crash recovery: a recording a killed process left unfinished is hashed as it is, finished, and then downloadable; recovering again changes nothing', async () => {
      const w = await s.store.create('k-0.cast');
      await w.append(Buffer.from('{"version":2,"width":80,"height":24}\n'));
      await w.append(Buffer.from('[0.5,"o","sebelum mati"]\n'));
      const left = w.written();
      // The process is killed here: `w` is never finished. A new process sees the same storage.
      const after = s.reopen();
      assert.deepEqual(await after.list('k-'), [{ key: 'k-0.cast', bytes: left.bytes, finished: false }]);
      await refused(after.open('k-0.cast'), 'recording.not_finished');
      const d = await after.finishAbandoned('k-0.cast');
      assert.deepEqual(d, left);
      assert.equal(d.sha256, sha('{"version":2,"width":80,"height":24}\n[0.5,"o","sebelum mati"]\n'));
      assert.deepEqual(await after.list('k-'), [{ key: 'k-0.cast', bytes: left.bytes, finished: true }]);
      const dl = await after.open('k-0.cast');
      assert.equal(dl.sha256, d.sha256);
      assert.equal(sha(await drain(dl)), d.sha256);
      assert.deepEqual(await after.finishAbandoned('k-0.cast'), d, 'a second recovery');
      assert.deepEqual(await s.reopen().finishAbandoned('k-0.cast'), d, 'a third, in yet another process');
      const fin = await record(after, 'k-1.cast', 'selesai');
      assert.deepEqual(await after.finishAbandoned('k-1.cast'), fin, 'a finished recording keeps its digest');
    });

    it('concurrent appends to different recordings never mix', async () => {
      const n = 16;
      const writers = await Promise.all(Array.from({ length: n }, (_, i) => s.store.create(`c${i}-0.cast`)));
      const expected = writers.map(() => '');
      const pending: Promise<void>[] = [];
      for (let round = 0; round < 40; round++) {
        writers.forEach((w, i) => {
          const line = `[${round},"o","${String(i).repeat(1 + (round % 7))}"]\n`;
          expected[i] += line;
          pending.push(w.append(Buffer.from(line)));
        });
      }
      await Promise.all(pending);
      const digests = await Promise.all(writers.map((w) => w.finish()));
      for (let i = 0; i < n; i++) {
        assert.equal(text(await s.store.read(`c${i}-0.cast`)), expected[i]);
        assert.equal(digests[i]?.sha256, sha(expected[i] as string));
      }
    });

    it('refuses keys that leave the store (recording.path_refused) or are malformed (recording.key_invalid), in every operation', async () => {
      await record(s.store, 'ada-0.cast', 'x');
      const leaving = ['../x', '../../etc/passwd', 'a/../../x', 'a/..', '..', '/etc/passwd', '/tmp/x.cast'];
      const malformed = ['', 'a//b', 'a/', 'a\0b', 'ada-0.cast\0', 'a\\b', '..\\x', '.', './x', '.hidden', 'a/.b', '-x', 'a b', 'a\nb', 'ü.cast',
        'x'.repeat(256), 'k-0.cast.writing', 'k-0.cast.sha256'];
      const ops = (k: string): [string, () => Promise<unknown>][] => [
        ['create', () => s.store.create(k)], ['read', () => s.store.read(k)], ['read range', () => s.store.read(k, { start: 0, end: 1 })],
        ['open', () => s.store.open(k)], ['finishAbandoned', () => s.store.finishAbandoned(k)],
      ];
      for (const k of leaving) {
        for (const [op, run] of ops(k)) {
          const e = await refused(run(), 'recording.path_refused', `${op} ${JSON.stringify(k)}`);
          assert.equal(e.kind, 'precondition');
        }
      }
      for (const k of malformed) {
        for (const [op, run] of ops(k)) {
          const e = await refused(run(), 'recording.key_invalid', `${op} ${JSON.stringify(k)}`);
          assert.equal(e.kind, 'invalid');
        }
      }
      for (const p of ['../', '../x', '/', '/etc/', 'a\0', 'a//', '..\\']) await refused(s.store.list(p), /^recording\.(path_refused|key_invalid)$/, `list ${JSON.stringify(p)}`);
      assert.deepEqual((await s.store.list('')).map((r) => r.key), ['ada-0.cast'], 'nothing was created');
    });

    // operations (issue 14): /readyz asks every adapter whether a recording could be written now.
    it('probeWritable resolves on a writable store and leaves nothing a listing or a restarted store shows, however often it runs', async () => {
      await Promise.all(Array.from({ length: 5 }, () => s.store.probeWritable()));
      assert.deepEqual(await s.store.list(''), []);
      await record(s.store, 'sesudah-0.cast', 'x');
      await s.store.probeWritable();
      assert.deepEqual((await s.reopen().list('')).map((r) => r.key), ['sesudah-0.cast']);
    });
  });
}

describe('LocalRecordingStore: the local disk', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jaga-recdisk-'));
    dir = join(root, 'recordings');
  });
  afterEach(() => { rmSync(root, { recursive: true, force: true }); });

  it('keeps recordings owner-only: the directory (created on the first recording, not before) 0700, files 0600', async () => {
    const store = new LocalRecordingStore(dir);
    assert.deepEqual(await store.list(''), []);
    assert.throws(() => lstatSync(dir), 'nothing is created until something is recorded');
    const w = await store.create('2026/p-0.cast');
    await w.append(Buffer.from('rahasia di layar'));
    await w.finish();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, '2026')).mode & 0o777, 0o700);
    for (const f of readdirSync(join(dir, '2026'))) assert.equal(statSync(join(dir, '2026', f)).mode & 0o777, 0o600, f);
    assert.deepEqual(readdirSync(join(dir, '2026')).sort(), ['p-0.cast', 'p-0.cast.sha256'], 'the marker of an unfinished recording is gone');
  });

  it('serves a recording written before the store kept digests (no marker, no digest) as finished, hashing it', async () => {
    mkdirSync(join(dir, '2026'), { recursive: true });
    writeFileSync(join(dir, '2026', 'gs-1-0.cast'), '{"version":2}\n');
    const store = new LocalRecordingStore(dir);
    assert.deepEqual(await store.list(''), [{ key: '2026/gs-1-0.cast', bytes: 14, finished: true }]);
    const dl = await store.open('2026/gs-1-0.cast');
    assert.equal(dl.sha256, sha('{"version":2}\n'));
    assert.equal((await drain(dl)).toString(), '{"version":2}\n');
    // A digest that no longer matches the file (it changed) is not believed.
    writeFileSync(join(dir, '2026', 'gs-1-0.cast.sha256'), `${JSON.stringify({ sha256: 'a'.repeat(64), bytes: 3 })}\n`);
    assert.equal((await store.open('2026/gs-1-0.cast').then(async (d) => { await d.close(); return d.sha256; })), sha('{"version":2}\n'));
  });

  it('refuses a link that points out of the directory (recording.path_refused), lists no links, and follows one that stays inside', async () => {
    const outside = join(root, 'luar');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.cast'), 'rahasia');
    const store = new LocalRecordingStore(dir);
    await record(store, 'asli-0.cast', 'asli');
    symlinkSync(join(outside, 'secret.cast'), join(dir, 'link.cast'));
    symlinkSync(outside, join(dir, 'luar'));
    symlinkSync(join(dir, 'asli-0.cast'), join(dir, 'alias.cast'));
    for (const k of ['link.cast', 'luar/secret.cast']) {
      await refused(store.open(k), 'recording.path_refused', k);
      await refused(store.read(k), 'recording.path_refused', k);
      await refused(store.finishAbandoned(k), 'recording.path_refused', k);
    }
    await refused(store.create('luar/baru.cast'), 'recording.path_refused', 'a new recording under a link out');
    assert.deepEqual(readdirSync(outside), ['secret.cast']);
    assert.deepEqual((await store.list('')).map((r) => r.key), ['asli-0.cast']);
    assert.equal(text(await store.read('alias.cast')), 'asli');
    symlinkSync(join(outside, 'secret.cast'), join(dir, 'planted-0.cast'));
    await refused(store.create('planted-0.cast'), 'recording.exists', 'never written through a planted link');
    assert.equal(text(await store.read('alias.cast')), 'asli');
  });

  it('fails closed: a write the disk refuses rejects that append and every later one; finish keeps exactly the bytes the file took', async () => {
    let budget = 10;
    const store = new LocalRecordingStore(dir, {
      open: async (path) => {
        const fh = await open(path, 'wx', 0o600);
        const write = fh.write.bind(fh) as (b: Uint8Array, o: number, l: number) => Promise<{ bytesWritten: number }>;
        return Object.assign(fh, {
          write: async (b: Uint8Array, o: number, l: number) => {
            if (budget <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            const r = await write(b, o, Math.min(l, budget));
            budget -= r.bytesWritten;
            return r;
          },
        });
      },
    });
    const w = await store.create('full-0.cast');
    await w.append(Buffer.from('12345'));
    await assert.rejects(w.append(Buffer.from('6789abcdef')), /ENOSPC/);
    budget = 100;
    await assert.rejects(w.append(Buffer.from('more')), /ENOSPC/, 'a failed writer stays failed');
    const d = await w.finish();
    assert.deepEqual(d, { sha256: sha('123456789a'), bytes: 10 });
    assert.equal(text(await store.read('full-0.cast')), '123456789a');
    const dl = await store.open('full-0.cast');
    await dl.close();
    assert.equal(dl.sha256, d.sha256);
  });

  it('fails closed: a recording that cannot be made durable rejects finish and stays unfinished, to be recovered later', async () => {
    const store = new LocalRecordingStore(dir, {
      open: async (path) => Object.assign(await open(path, 'wx', 0o600), { sync: () => Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })) }),
    });
    const w = await store.create('eio-0.cast');
    await w.append(Buffer.from('data'));
    await assert.rejects(w.finish(), /EIO/);
    assert.deepEqual(w.written(), { sha256: sha('data'), bytes: 4 });
    assert.deepEqual(await store.list(''), [{ key: 'eio-0.cast', bytes: 4, finished: false }]);
    assert.deepEqual(await new LocalRecordingStore(dir).finishAbandoned('eio-0.cast'), { sha256: sha('data'), bytes: 4 });
  });

  // operations (issue 14)
  it('probeWritable rejects with the system error where no recording could be written, and writes nothing beside the directory', async () => {
    writeFileSync(join(root, 'a-file'), 'not a directory');
    const store = new LocalRecordingStore(join(root, 'a-file', 'recordings'));
    await assert.rejects(store.probeWritable(), (err: NodeJS.ErrnoException) => err.code === 'ENOTDIR' || err.code === 'EEXIST');
    assert.deepEqual(readdirSync(root), ['a-file']);
    const ok = new LocalRecordingStore(dir);
    await ok.probeWritable();
    assert.deepEqual(readdirSync(dir), [], 'the probe file is removed');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });
});
