/**
 * SOP evaluation benchmark (in process, SQLite in a temporary data directory):
 *
 * The registry through the real use cases (seedWorld), then cases written straight into the store
 * with the domain's own transitions, in one transaction per 10 000 (this file's `seedMonth`): every
 * case reported in November 2026 (WITA), so the monthly evaluation reads all of them — the worst case
 * for one month; about 70 % closed or approved, 10 % cancelled, the rest open at every step; 12 %
 * miss B1's standard and 8 % B6's, each explained. First JAGA_BENCH_EVAL_SMALL (10 000) cases,
 * measured; then up to JAGA_BENCH_EVAL_LARGE (100 000), measured again. At each size, after one
 * warm-up, JAGA_BENCH_EVAL_RUNS (5) times each, interleaved:
 * - **evaluation**: `getSopEvaluation` for the month (read every case of the window page by page,
 *   parse, evaluate per step, the trend's twelve months, the deviations with names, Tabel 7);
 * - **baseline**: a plain `count(*)` over the same rows (unit and report window) through the same
 *   Kysely connection — what merely finding the rows costs;
 * - **whole documents**: the same rows' `doc` read without parsing — what reading whole cases would
 *   cost before any parsing (the evaluation reads each case's small `timing` instead).
 * Goal: the evaluation's median at the large size < 2 s. Prints medians, the evaluation ÷ baseline
 * ratio, and how it grows from the small size to the large (the factor, against the 10× more cases).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { a1CheckResults } from '../src/app/case/prepare-workstation.js';
import { getSopEvaluation } from '../src/app/report/issue-sop-evaluation.js';
import { requireIp } from '../src/domain/access/cidr.js';
import {
  acknowledge, approve, cancel, close, endAccess, explainDeviation, openCase, prepare, recordRootCause, restore, startAccess,
} from '../src/domain/case/case-lifecycle.js';
import type { RepairCase } from '../src/domain/case/repair-case.js';
import { readWindow } from '../src/domain/report/sop-evaluation.js';
import { REMOTE_REPAIR_SOP_CODE } from '../src/domain/sop/builtin-sops.js';
import type { SopDefinition } from '../src/domain/sop/sop-definition.js';
import { loadConfig } from '../src/config/config.js';
import { openApp } from '../src/main/open-app.js';
import { migrateInstallation } from '../src/app/setup/migrate-installation.js';
import { TestClock } from '../test/support/test-clock.js';
import { as, fastPasswords, seedWorld } from '../test/support/test-app.js';
import { envNumber, median, passFail } from './support/stats.js';
import { rng } from './support/rng.js';

const SMALL = envNumber('JAGA_BENCH_EVAL_SMALL', 10_000, { integer: true, min: 100 });
const LARGE = envNumber('JAGA_BENCH_EVAL_LARGE', 100_000, { integer: true, min: SMALL });
const RUNS = envNumber('JAGA_BENCH_EVAL_RUNS', 5, { integer: true, min: 1 });
const GOAL_MS = 2000;
const MONTH = '2026-11';
const t0 = performance.now();

const dir = mkdtempSync(join(process.env['JAGA_BENCH_DIR'] ?? tmpdir(), 'jaga-bench-eval-'));
const clock = new TestClock('2026-12-02T01:00:00.000Z');
const config = loadConfig({ JAGA_DATA_DIR: dir });
const app = openApp(config, { clock, passwords: fastPasswords });

/** Writes cases `from`…`to - 1` of `total` (their report times spread over November 2026). */
async function seedMonth(from: number, to: number, total: number): Promise<void> {
  const ids = await app.store.read(async (tx) => ({
    unit: await tx.units.findByCode('gorontalo'), koor: await tx.users.findByUsername('koor'), andi: await tx.users.findByUsername('andi'),
    pelapor: await tx.users.findByUsername('pelapor'), network: await tx.networks.findByName('kantor-lpse'),
    workstation: await tx.workstations.findByAssetTag('LPSE-NB-001'), target: await tx.targets.findByName('spse'),
  }));
  const { unit, koor, andi, pelapor, network, workstation, target } = ids;
  if (!unit || !koor || !andi || !pelapor || !network || !workstation || !target) throw new Error('seedWorld did not run');
  const rand = rng(20261101 + from);
  const MIN = 60_000;
  const iso = (ms: number): string => new Date(ms).toISOString();
  // 1 November 00:00 WITA … 30 November 23:00 WITA.
  const start = Date.parse('2026-10-31T16:00:00Z');
  const span = 30 * 24 * 60 * MIN - 60 * MIN;
  const checksAt = (sop: SopDefinition, at: string) => a1CheckResults(sop, { executor: andi, unitId: unit.id, target, workstation, network, networkUnit: unit,
    source: requireIp('127.0.0.1'), grants: [], now: at });
  const build = (sop: SopDefinition, i: number): RepairCase => {
    const reportedMs = start + Math.floor((i / total) * span);
    let c = openCase(sop, { id: app.ids.newId(), unitId: unit.id, targetId: target.id, timeZone: unit.timeZone,
      report: { reportedAt: iso(reportedMs), reporterId: pelapor.id, channel: 'phone', system: 'SPSE produksi', description: 'Penyedia tidak dapat login ke SPSE', urgency: 'high' } });
    const goal = rand();
    if (goal < 0.03) return c;
    const lateB1 = rand() < 0.12;
    let t = reportedMs + (lateB1 ? 61 + Math.floor(rand() * 90) : 5 + Math.floor(rand() * 50)) * MIN;
    c = acknowledge(sop, c, { at: iso(t), by: koor.id, classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executorId: andi.id });
    if (lateB1) c = explainDeviation(sop, c, { step: 'B1', text: 'Laporan masuk di luar jam kerja; koordinator baru dapat dihubungi setelah apel pagi.', by: andi.id, at: iso(t + MIN) });
    if (goal < 0.13) return cancel(c, { at: iso(t + 10 * MIN), by: koor.id, reason: 'Laporan ganda' });
    if (goal < 0.16) return c;
    t += (5 + Math.floor(rand() * 50)) * MIN;
    c = prepare(sop, c, { at: iso(t), by: andi.id, workstationId: workstation.id, location: 'Ruang server LPSE', networkId: network.id, networkName: network.name,
      sourceIp: '127.0.0.1', checks: checksAt(sop, iso(t)) });
    if (goal < 0.19) return c;
    const accessId = app.ids.newId();
    c = startAccess(c, { id: accessId, startedAt: iso(t + MIN), endedAt: null, via: 'gateway', sourceIp: '127.0.0.1', networkId: network.id, recordedBy: andi.id });
    if (goal < 0.22) return c;
    t += (10 + Math.floor(rand() * 120)) * MIN;
    c = restore(sop, c, { at: iso(t), by: andi.id, initialFix: 'Memulai ulang layanan Tomcat dan memastikan halaman login SPSE kembali dapat diakses.' });
    if (goal < 0.25) return c;
    t += (30 + Math.floor(rand() * 24 * 60)) * MIN;
    c = recordRootCause(sop, c, { at: iso(t), by: andi.id, rootCause: 'Berkas log tidak dirotasi sehingga memenuhi partisi.', permanentFix: 'Memasang logrotate dan pemantauan ruang disk.' });
    c = endAccess(c, accessId, iso(t));
    if (goal < 0.30) return c;
    const lateB6 = rand() < 0.08;
    t += (lateB6 ? 65 + Math.floor(rand() * 120) : 5 + Math.floor(rand() * 50)) * MIN;
    if (lateB6) c = explainDeviation(sop, c, { step: 'B6', text: 'Menunggu konfirmasi penyedia sebelum menutup Logbook.', by: andi.id, at: iso(t - MIN) });
    c = close(sop, c, { at: iso(t), by: andi.id, notes: null });
    if (goal < 0.45) return c;
    return approve(c, { at: iso(t + 60 * MIN), by: koor.id, notes: null });
  };
  for (let done = from; done < to; done += 10_000) {
    await app.store.transaction(async (tx) => {
      const sop = await tx.sops.findCurrent(REMOTE_REPAIR_SOP_CODE);
      if (!sop) throw new Error('SOP-01 is not stored');
      for (let i = done; i < Math.min(to, done + 10_000); i++) await tx.cases.insert(build(sop, i));
    });
  }
  await sql.raw('pragma wal_checkpoint(TRUNCATE)').execute(app.store.db);
}

const window = readWindow(`${MONTH}-01`, `${MONTH}-30`);
// The evaluation reads twelve months back for its trend: the baseline counts the same window.
const trendWindow = readWindow('2025-12-01', `${MONTH}-30`);
async function baselineCount(unitId: string): Promise<number> {
  const r = await app.store.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n'))
    .where('unit_id', '=', unitId).where('reported_at', '>=', trendWindow.from).where('reported_at', '<', window.to).executeTakeFirstOrThrow();
  return Number(r.n);
}
async function readOnly(unitId: string): Promise<number> {
  let bytes = 0;
  for await (const page of app.store.db.selectFrom('cases').select(['doc']).where('unit_id', '=', unitId)
    .where('reported_at', '>=', trendWindow.from).where('reported_at', '<', window.to).orderBy('reported_at').orderBy('id').stream(2000)) bytes += page.doc.length;
  return bytes;
}

interface Sample { readonly evalMs: number; readonly baseMs: number; readonly readMs: number; readonly cases: number }
async function measure(unitId: string, expected: number): Promise<Sample> {
  const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => { const s = performance.now(); const r = await f(); return [performance.now() - s, r]; };
  await getSopEvaluation(app, as('koor'), { month: MONTH });
  const ev: number[] = [];
  const base: number[] = [];
  const read: number[] = [];
  let cases = 0;
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['eval', 'base', 'read'] : ['read', 'base', 'eval'];
    for (const side of order) {
      if (side === 'eval') {
        const [ms, data] = await time(() => getSopEvaluation(app, as('koor'), { month: MONTH }));
        ev.push(ms);
        cases = data.evaluation.cases;
      } else if (side === 'base') {
        const [ms, n] = await time(() => baselineCount(unitId));
        if (n !== expected) throw new Error(`baseline counted ${n}, expected ${expected}`);
        base.push(ms);
      } else {
        read.push((await time(() => readOnly(unitId)))[0]);
      }
    }
  }
  if (cases !== expected) throw new Error(`the evaluation counted ${cases} cases, expected ${expected}`);
  return { evalMs: median(ev), baseMs: median(base), readMs: median(read), cases };
}

try {
  await migrateInstallation(app);
  await seedWorld({ app, clock, config, close: async () => undefined });
  const unitId = (await app.store.read((tx) => tx.units.findByCode('gorontalo')))?.id as string;
  let s = performance.now();
  await seedMonth(0, SMALL, LARGE);
  const seedSmallMs = performance.now() - s;
  const small = await measure(unitId, SMALL);
  s = performance.now();
  await seedMonth(SMALL, LARGE, LARGE);
  const seedLargeMs = performance.now() - s;
  const large = await measure(unitId, LARGE);
  const growth = large.evalMs / small.evalMs;
  const line = (n: number, x: Sample) => `${String(n).padStart(7)} cases: evaluation median ${x.evalMs.toFixed(1)} ms; count(*) ${x.baseMs.toFixed(1)} ms (ratio ${(x.evalMs / x.baseMs).toFixed(1)}); `
    + `whole documents read unparsed ${x.readMs.toFixed(1)} ms (evaluation ÷ that ${(x.evalMs / x.readMs).toFixed(2)})`;
  console.log(`evaluation benchmark: the monthly SOP evaluation (${MONTH}, one unit, every case in that month), SQLite, ${RUNS} runs each, interleaved`);
  console.log(`seeded ${SMALL} cases in ${(seedSmallMs / 1000).toFixed(1)} s, then ${LARGE - SMALL} more in ${(seedLargeMs / 1000).toFixed(1)} s`);
  console.log(line(SMALL, small));
  console.log(line(LARGE, large));
  console.log(`growth ${SMALL} → ${LARGE} cases (×${(LARGE / SMALL).toFixed(0)}): evaluation ×${growth.toFixed(2)}, count(*) ×${(large.baseMs / small.baseMs).toFixed(2)}, read ×${(large.readMs / small.readMs).toFixed(2)}`);
  console.log(`goal: evaluation median at ${LARGE} cases < ${GOAL_MS} ms: ${large.evalMs.toFixed(1)} ms ${passFail(large.evalMs < GOAL_MS)}`);
  const round = (x: number): number => Number(x.toFixed(2));
  console.log(`BENCH_JSON ${JSON.stringify({
    small: SMALL, large: LARGE, runs: RUNS,
    smallEvalMedianMs: round(small.evalMs), smallCountMedianMs: round(small.baseMs), smallReadMedianMs: round(small.readMs),
    largeEvalMedianMs: round(large.evalMs), largeCountMedianMs: round(large.baseMs), largeReadMedianMs: round(large.readMs),
    largeEvalToCount: round(large.evalMs / large.baseMs), largeEvalToRead: round(large.evalMs / large.readMs), growth: round(growth),
    goalMs: GOAL_MS, goalMet: large.evalMs < GOAL_MS, node: process.version, elapsedMs: Math.round(performance.now() - t0),
  })}`);
} finally {
  await app.store.close();
  rmSync(dir, { recursive: true, force: true });
}
