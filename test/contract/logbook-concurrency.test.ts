import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { DIALECTS, openTestApp, stopTestPostgres, describeOn } from '../support/test-app.js';
import { problemEn } from '../support/chain-problem-text.js';

const WORKER = fileURLToPath(new URL('../support/append-worker.js', import.meta.url));
const WORKERS = 4;
const PER_WORKER = 60;

function runWorker(env: NodeJS.ProcessEnv, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [WORKER, name, String(PER_WORKER)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${name} exited ${code}: ${err}`))));
  });
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `logbook appends from concurrent processes (${dialect})`, () => {
    after(async () => { await stopTestPostgres(); });

    it('keeps one linear chain: no fork, no gap, every entry present', async () => {
      const t = await openTestApp(dialect);
      try {
        const base = await t.app.store.read((r) => r.logbook.readHead());
        const env = { ...process.env, JAGA_DATA_DIR: t.config.dataDir,
          ...(t.config.database.dialect === 'postgres' ? { JAGA_DATABASE_URL: t.config.database.url } : {}) };
        let appending = true;
        const workers = Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(env, `w${i}`))).finally(() => { appending = false; });
        // Verifying a live logbook while others append never raises a false alarm.
        let liveChecks = 0;
        while (appending) {
          const live = await verifyLogbook(t.app);
          assert.equal(live.ok, true, problemEn(live.problem));
          liveChecks++;
          // On SQLite a verify resolves without touching the event loop; let the workers' exits in.
          await new Promise((r) => setTimeout(r, 5));
        }
        await workers;
        assert.ok(liveChecks > 0);
        const report = await verifyLogbook(t.app);
        assert.equal(report.ok, true, problemEn(report.problem));
        assert.equal(report.lastSeq, base.seq + WORKERS * PER_WORKER);
        const seen = new Set<string>();
        await t.app.store.read(async (r) => {
          for await (const page of r.logbook.scan({})) {
            for (const e of page) {
              if (e.type !== 'test.concurrent') continue;
              const d = JSON.parse(e.data) as { worker: string; i: number };
              seen.add(`${d.worker}:${d.i}`);
            }
          }
        });
        assert.equal(seen.size, WORKERS * PER_WORKER);
        const checkpoints = await t.app.store.read((r) => r.logbook.checkpoints());
        assert.ok(checkpoints.length >= Math.floor((WORKERS * PER_WORKER) / 25) - 1, `checkpoints: ${checkpoints.length}`);
      } finally {
        await t.close();
      }
    });
  });
}
