import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import { AsciicastRecorder, RECORDING_HIGH_WATER } from '../../src/gateway/recorder.js';
import type { OpenedRecordingStore } from '../support/recording-store-adapters.js';
import { RECORDING_STORE_ADAPTERS } from '../support/recording-store-adapters.js';
import { TestClock } from '../support/test-clock.js';

const HEADER = { width: 80, height: 24, title: 'andi@spse (C-1)', env: { TERM: 'xterm' }, jaga: { case: 'C-1' } };

for (const adapter of RECORDING_STORE_ADAPTERS) {
  describe(`${AsciicastRecorder.name} over the RecordingStore (${adapter.name})`, () => {
    let s: OpenedRecordingStore;
    beforeEach(async () => { s = await adapter.open(); });
    afterEach(async () => { await s.close(); });

    it('stamps the header and every event from the Clock port, and finishes with the hash of exactly what was stored', async () => {
      const clock = new TestClock('2026-11-28T01:00:00.000Z');
      const seen: unknown[] = [];
      const rec = await AsciicastRecorder.create(s.store, 'sess-0.cast', HEADER, { clock, onFailure: () => assert.fail('no failure'), onEvent: (e) => seen.push(e) });
      clock.advanceSeconds(2.5);
      rec.output(Buffer.from('halo\r\n'));
      rec.resize(120, 40);
      clock.advanceSeconds(1);
      rec.input(Buffer.from('exit\r'));
      const d = await rec.close();
      const bytes = Buffer.from(await s.store.read('sess-0.cast'));
      assert.deepEqual(d, { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
      const lines = bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
      assert.deepEqual(lines[0], { version: 2, ...HEADER, timestamp: Date.parse('2026-11-28T01:00:00.000Z') / 1000 });
      assert.deepEqual(lines.slice(1), [[2.5, 'o', 'halo\r\n'], [2.5, 'r', '120x40'], [3.5, 'i', 'exit\r']]);
      assert.deepEqual(seen, lines.slice(1), 'watchers see the events as recorded');
      assert.deepEqual(await s.store.list('sess-'), [{ key: 'sess-0.cast', bytes: bytes.length, finished: true }]);
      assert.deepEqual(await rec.close(), d, 'closing twice');
      rec.output(Buffer.from('after'));
      assert.equal(rec.capturing, false);
    });

    it('refuses to start a recording whose key is taken (never overwritten)', async () => {
      const clock = new TestClock();
      await (await AsciicastRecorder.create(s.store, 'dup-0.cast', HEADER, { clock, onFailure: () => {} })).close();
      await assert.rejects(AsciicastRecorder.create(s.store, 'dup-0.cast', HEADER, { clock, onFailure: () => {} }), { code: 'recording.exists' });
    });
  });
}

describe(`${AsciicastRecorder.name}: failing closed`, () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'jaga-recfail-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('a recording that cannot even write its header is refused by create(), without a failure report', async () => {
    const store = new LocalRecordingStore(join(dir, 'r'), { open: () => open('/dev/full', 'w') });
    let reported = 0;
    await assert.rejects(AsciicastRecorder.create(store, 'full-0.cast', HEADER, { clock: new TestClock(), onFailure: () => { reported++; } }), /ENOSPC/);
    assert.equal(reported, 0);
  });

  it('a write that fails mid-session is reported once; close still gives the digest of what was stored', async () => {
    let budget = Infinity;
    const store = new LocalRecordingStore(join(dir, 'r'), {
      open: async (path) => {
        const fh = await open(path, 'wx', 0o600);
        const write = fh.write.bind(fh) as (b: Uint8Array, o: number, l: number) => Promise<{ bytesWritten: number }>;
        return Object.assign(fh, { write: (b: Uint8Array, o: number, l: number) => (budget-- > 0 ? write(b, o, l) : Promise.reject(new Error('ENOSPC: no space left on device, write'))) });
      },
    });
    const failures: Error[] = [];
    const rec = await AsciicastRecorder.create(store, 'mid-0.cast', HEADER, { clock: new TestClock(), onFailure: (e) => failures.push(e) });
    budget = 0;
    rec.output(Buffer.from('hilang'));
    await new Promise((r) => setTimeout(r, 20));
    rec.output(Buffer.from('juga hilang'));
    const d = await rec.close();
    assert.equal(failures.length, 1);
    assert.match(failures[0]?.message ?? '', /ENOSPC/);
    assert.equal(rec.failure, failures[0]);
    const stored = Buffer.from(await store.read('mid-0.cast'));
    assert.deepEqual(d, { sha256: createHash('sha256').update(stored).digest('hex'), bytes: stored.length });
    assert.doesNotMatch(stored.toString(), /hilang/);
  });
});

describe(`${AsciicastRecorder.name}: a store that falls behind`, () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'jaga-recslow-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('asks its channel to wait past RECORDING_HIGH_WATER, lets it go once the store caught up, and appends at most 1 MiB at a time', async () => {
    let gate: (() => void) | null = null;
    const sizes: number[] = [];
    const store = new LocalRecordingStore(join(dir, 'r'), {
      open: async (path) => {
        const fh = await open(path, 'wx', 0o600);
        const write = fh.write.bind(fh) as (b: Uint8Array, o: number, l: number) => Promise<{ bytesWritten: number }>;
        return Object.assign(fh, {
          write: async (b: Uint8Array, o: number, l: number) => {
            sizes.push(l);
            if (sizes.length > 1) await new Promise<void>((r) => { gate = r; }); // every write after the header waits to be let through
            return write(b, o, l);
          },
        });
      },
    });
    const rec = await AsciicastRecorder.create(store, 'slow-0.cast', HEADER, { clock: new TestClock(), onFailure: () => assert.fail('no failure') });
    const chunk = Buffer.alloc(30_000, 0xff); // binary: one exact-bytes event line of ~40 KB each
    assert.equal(rec.backlog(), null, 'nothing waits yet');
    let sent = 0;
    while (rec.backlog() === null) { rec.output(chunk); sent += chunk.length; }
    assert.ok(sent > RECORDING_HIGH_WATER / 2, `held only once well behind (${sent} bytes recorded)`);
    let released = false;
    void rec.backlog()?.then(() => { released = true; });
    const let1 = async (): Promise<void> => {
      await waitUntil(() => gate !== null);
      const g = gate as unknown as () => void;
      gate = null;
      g();
      await new Promise((r) => setImmediate(r));
    };
    await let1();
    assert.equal(released, false, 'one write is not enough to catch up');
    while (!released) await let1();
    let closed = false;
    const pump = (async () => {
      while (!closed) {
        const g = gate as (() => void) | null;
        gate = null;
        g?.();
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const d = await rec.close();
    closed = true;
    await pump;
    for (const n of sizes.slice(1)) assert.ok(n <= 1024 * 1024 + 64 * 1024, `an append of ${n} bytes`);
    const stored = Buffer.from(await store.read('slow-0.cast'));
    assert.equal(d.bytes, stored.length);
    const exact = stored.toString('utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string, { b64: string }]);
    assert.equal(exact.reduce((n, e) => n + Buffer.from(e[3].b64, 'base64').length, 0), sent, 'every byte recorded was stored');
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'waited 10 s');
}
