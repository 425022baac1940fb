import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, it } from 'node:test';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import type { App } from '../../src/app/app.js';
import { checkReadiness } from '../../src/app/system/readiness.js';
import { buildHttpServer } from '../../src/http/server.js';
import type { RecordingStore } from '../../src/ports/recording-store.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, describeOn, openTestApp, stopTestPostgres } from '../support/test-app.js';

const NEVER = new Promise<void>(() => {});

/** GET a path of the real HTTP server over `app` (in-process). */
async function get(app: App, url: string): Promise<{ status: number; body: unknown; cacheControl: unknown }> {
  const server = await buildHttpServer(app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent' });
  try {
    const r = await server.fastify.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json(), cacheControl: r.headers['cache-control'] };
  } finally {
    await server.fastify.close();
  }
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `/healthz and /readyz (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); });
    afterEach(async () => { await t.close().catch(() => {}); });
    after(async () => { await stopTestPostgres(); });

    it('is ready with the store reachable, migrations current and recordings writable: 200 with every check ok, and the probe leaves nothing', async () => {
      const r = await get(t.app, '/readyz');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { status: 'ready', checks: { store: 'ok', migrations: 'ok', recordings: 'ok' }, failing: [] });
      assert.equal(r.cacheControl, 'no-store');
      assert.deepEqual(readdirSync(t.config.ssh.recordingsDir), []);
      assert.deepEqual(await get(t.app, '/healthz'), { status: 200, body: { status: 'ok', database: dialect }, cacheControl: undefined });
    });

    it('a store behind this Jaga\'s migrations: 503 naming migrations', async () => {
      const behind = await openTestApp(dialect, { migrate: false });
      try {
        const r = await get(behind.app, '/readyz');
        assert.equal(r.status, 503);
        assert.deepEqual(r.body, { status: 'not_ready', checks: { store: 'ok', migrations: 'failing', recordings: 'ok' }, failing: ['migrations'] });
      } finally {
        await behind.close();
      }
    });

    it('recordings that cannot be written: 503 naming recordings, the cause kept from the caller', async () => {
      writeFileSync(join(t.config.dataDir, 'not-a-dir'), '');
      const app = { ...t.app, recordings: new LocalRecordingStore(join(t.config.dataDir, 'not-a-dir', 'recordings')) };
      const r = await get(app, '/readyz');
      assert.equal(r.status, 503);
      assert.deepEqual(r.body, { status: 'not_ready', checks: { store: 'ok', migrations: 'ok', recordings: 'failing' }, failing: ['recordings'] });
      assert.doesNotMatch(JSON.stringify(r.body), /not-a-dir|ENOTDIR|EEXIST/);
      const direct = await checkReadiness(app, NEVER);
      assert.match(direct.causes.recordings ?? '', /ENOTDIR|EEXIST/, 'the operator\'s log gets the cause');
    });

    it('a store that does not answer: 503 naming the store (migrations not asked), while /healthz still answers without it', async () => {
      await t.app.store.close();
      const r = await get(t.app, '/readyz');
      assert.equal(r.status, 503);
      assert.deepEqual(r.body, { status: 'not_ready', checks: { store: 'failing', migrations: 'skipped', recordings: 'ok' }, failing: ['store', 'migrations'] });
      assert.deepEqual((await get(t.app, '/healthz')).body, { status: 'ok', database: dialect });
    });

    it('a check that has not answered by the deadline counts as timeout', async () => {
      // A bucket that never answers (the store itself answers well within the deadline).
      const recordings: RecordingStore = Object.assign(Object.create(t.app.recordings) as RecordingStore, { probeWritable: () => NEVER });
      const r = await checkReadiness({ store: t.app.store, recordings }, new Promise((resolve) => setTimeout(resolve, 3_000)));
      assert.deepEqual(r.checks, { store: 'ok', migrations: 'ok', recordings: 'timeout' });
      assert.deepEqual(r.failing, ['recordings']);
    });
  });
}
