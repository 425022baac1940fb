/**
 * Notification benchmark (in process, SQLite in temporary data directories, the store's own
 * settings: WAL, synchronous=FULL, BEGIN IMMEDIATE):
 *
 * The cost of a case action that notifies — an urgent fault report (`fault.urgent_reported`) and
 * its acknowledgement (`case.assigned`), two use cases, two notifications — on an installation
 * whose notifications go to ten recipients, against the very same action on one whose go to none.
 * Both installations write the outbox row in the action's transaction (one insert per
 * notification); the ten deliveries are the worker's: after each block of the ten-recipient side
 * the outbox worker fans out and delivers to a local HTTP receiver, timed on its own and not part
 * of the action's figures. The sides alternate in blocks of JAGA_BENCH_NOTIFY_BLOCK (25) cases in
 * ABBA order, JAGA_BENCH_NOTIFY_N (200) cases each. Goal: actions/s with ten recipients ÷ actions/s
 * with none ≥ 0.9. Prints both rates, their ratio, the median of the block-pair ratios, and what
 * the worker spent per notification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acknowledgeReport } from '../src/app/case/acknowledge-report.js';
import { reportFault } from '../src/app/case/report-fault.js';
import { OutboxWorker } from '../src/app/notification/outbox-worker.js';
import { migrateInstallation } from '../src/app/setup/migrate-installation.js';
import { loadConfig } from '../src/config/config.js';
import type { OpenedApp } from '../src/main/open-app.js';
import { openApp } from '../src/main/open-app.js';
import { httpChannel, startNotificationReceiver } from '../test/support/notification-receiver.js';
import { TestClock } from '../test/support/test-clock.js';
import { as, fastPasswords, seedWorld } from '../test/support/test-app.js';
import { envNumber, median, passFail } from './support/stats.js';

const N = envNumber('JAGA_BENCH_NOTIFY_N', 200, { integer: true, min: 20 });
const BLOCK = envNumber('JAGA_BENCH_NOTIFY_BLOCK', 25, { integer: true, min: 1 });
const GOAL = 0.9;
const RECIPIENTS = Array.from({ length: 10 }, (_, i) => `recipient-${i + 1}`);
const t0 = performance.now();

const base = mkdtempSync(join(process.env['JAGA_BENCH_DIR'] ?? tmpdir(), 'jaga-bench-notify-'));
const receiver = await startNotificationReceiver();
const clock = new TestClock();

async function install(name: string, recipients: readonly string[]): Promise<OpenedApp> {
  const config = loadConfig({ JAGA_DATA_DIR: join(base, name) });
  const app = openApp(config, { clock, passwords: fastPasswords, notificationChannels: recipients.length ? [httpChannel(receiver.url, recipients)] : [] });
  await migrateInstallation(app);
  await seedWorld({ app, clock, config, close: () => app.store.close() });
  return app;
}

const none = await install('none', []);
const ten = await install('ten', RECIPIENTS);
const worker = new OutboxWorker(ten, { nodeId: 'bench', channels: ten.notificationChannels,
  settings: { maxAttempts: 8, backoffBaseSeconds: 30, backoffCapSeconds: 3600, timeoutSeconds: 10 }, batch: 100 });

/** One case action: an urgent report and its acknowledgement. */
async function action(app: OpenedApp): Promise<void> {
  const c = await reportFault(app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Penyedia tidak dapat login', urgency: 'critical', channel: 'phone' });
  await acknowledgeReport(app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
}

async function block(app: OpenedApp, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await action(app);
  return performance.now() - start;
}

let workerMs = 0;
async function drain(): Promise<void> {
  const start = performance.now();
  for (;;) {
    const r = await worker.runOnce();
    if (r.fannedOut === 0 && r.attempted === 0) break;
  }
  workerMs += performance.now() - start;
}

try {
  // Warm-up: statement caches, JIT, the receiver's sockets.
  await block(none, 10);
  await block(ten, 10);
  await drain();
  const delivered0 = receiver.delivered.length;
  workerMs = 0;
  let noneMs = 0, tenMs = 0;
  const pairRatios: number[] = [];
  for (let done = 0, k = 0; done < N; k++) {
    const n = Math.min(BLOCK, N - done);
    // ABBA: drift and load spikes hit both sides alike.
    const order = k % 2 === 0 ? [none, ten] : [ten, none];
    let a = 0, b = 0;
    for (const app of order) {
      const ms = await block(app, n);
      if (app === none) a = ms; else b = ms;
      if (app === ten) await drain();
    }
    noneMs += a;
    tenMs += b;
    pairRatios.push(a / b);
    done += n;
  }
  const notificationsSent = 2 * N;
  const deliveries = receiver.delivered.length - delivered0;
  if (deliveries !== notificationsSent * RECIPIENTS.length) throw new Error(`expected ${notificationsSent * RECIPIENTS.length} deliveries, got ${deliveries}`);
  const rateNone = N / (noneMs / 1000), rateTen = N / (tenMs / 1000);
  const ratio = rateTen / rateNone;
  const blockRatio = median(pairRatios);
  console.log(`notify benchmark: a case action (urgent report + acknowledgement: 2 use cases, 2 notifications), SQLite, ${N} cases per side in ABBA blocks of ${BLOCK}`);
  console.log(`  no recipients:  ${rateNone.toFixed(1)} actions/s (${(noneMs / N).toFixed(2)} ms each)`);
  console.log(`  ten recipients: ${rateTen.toFixed(1)} actions/s (${(tenMs / N).toFixed(2)} ms each); ratio ${ratio.toFixed(3)}, median block-pair ratio ${blockRatio.toFixed(3)}`);
  console.log(`  the worker, after the actions: ${notificationsSent} notifications fanned out to ${deliveries} deliveries in ${(workerMs / 1000).toFixed(2)} s `
    + `(${(workerMs / notificationsSent).toFixed(2)} ms per notification, ${(workerMs / deliveries).toFixed(3)} ms per delivery over HTTP)`);
  console.log(`goal: actions/s with ten recipients ÷ with none ≥ ${GOAL}: ${ratio.toFixed(3)} ${passFail(ratio >= GOAL)}`);
  const round = (x: number): number => Number(x.toFixed(3));
  console.log(`BENCH_JSON ${JSON.stringify({
    n: N, block: BLOCK, recipients: RECIPIENTS.length, actionsPerSecondNone: round(rateNone), actionsPerSecondTen: round(rateTen),
    ratio: round(ratio), medianBlockRatio: round(blockRatio), workerMsPerNotification: round(workerMs / notificationsSent),
    deliveries, goal: GOAL, goalMet: ratio >= GOAL, node: process.version, elapsedMs: Math.round(performance.now() - t0),
  })}`);
} finally {
  await none.store.close();
  await ten.store.close();
  await receiver.close();
  rmSync(base, { recursive: true, force: true });
}
