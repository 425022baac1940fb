/**
 * Scale at LKPP size (issue 14), on SQLite and on PostgreSQL (a throwaway cluster on loopback),
 * each in its own temporary place, removed afterwards. Parts (JAGA_BENCH_SCALE_PARTS), per engine:
 *   cases:    the case list (`listCases` as the auditor, who sees every case: the first page, a
 *             status filter, a unit + step filter, page 100) p99 over many calls with a 10 k sample
 *             of the fixture, then again after the same database grew to 1 M cases
 *             (JAGA_BENCH_SCALE_CASES). Goal: p99 at 1 M ≤ 2 × p99 at 10 k, for every query.
 *   logbook:  durable appends (one entry per transaction, Jaga's real path) into a logbook of 1 k
 *             entries and into one of 1 M (JAGA_BENCH_SCALE_ENTRIES), alternating in blocks (ABBA)
 *             so that load on the machine hits both alike. Goal: rate at 1 M ≥ 0.8 × rate at 1 k
 *             (flat). Then `verifyLogbook` of the big logbook when it held 10 % of its entries and
 *             when full: goal time per entry at 1 M ≤ 1.25 × time per entry at 10 % (linear).
 * Prints absolute figures, the baseline of the same run, the ratio and a PASS/FAIL line per goal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigner } from '../src/adapters/system/ed25519-signer.js';
import { sha256Hex } from '../src/adapters/system/node-crypto.js';
import type { Invocation } from '../src/app/app-deps.js';
import { listCases } from '../src/app/case/list-cases.js';
import { appendToLogbook } from '../src/app/logbook/logbook-writer.js';
import { verifyLogbook } from '../src/app/logbook/verify-logbook.js';
import { loadConfig } from '../src/config/config.js';
import type { LogbookEntryInput } from '../src/domain/logbook/logbook-entry.js';
import { openApp } from '../src/main/open-app.js';
import { fastPasswords } from '../test/support/test-app.js';
import { caseSeeder } from './support/case-fixture.js';
import { rng } from './support/rng.js';
import { DESCRIPTIONS } from './support/sample-text.js';
import { envNumber, median, passFail, pct } from './support/stats.js';

type Engine = 'sqlite' | 'postgres';
const ENGINES = (process.env['JAGA_BENCH_SCALE_ENGINES'] ?? 'sqlite,postgres').split(',').map((e) => e.trim()).filter(Boolean) as Engine[];
const PARTS = new Set((process.env['JAGA_BENCH_SCALE_PARTS'] ?? 'cases,logbook').split(',').map((p) => p.trim()));
const BIG_CASES = envNumber('JAGA_BENCH_SCALE_CASES', 1_000_000, { integer: true, min: 20_000 });
const SMALL_CASES = 10_000;
const BIG_ENTRIES = envNumber('JAGA_BENCH_SCALE_ENTRIES', 1_000_000, { integer: true, min: 20_000 });
const SMALL_ENTRIES = 1_000;
const LIST_CALLS = envNumber('JAGA_BENCH_SCALE_LIST_CALLS', 200, { integer: true, min: 20 });
const APPEND_BLOCK = 100;
const APPEND_BLOCKS = envNumber('JAGA_BENCH_SCALE_APPEND_BLOCKS', 20, { integer: true, min: 4 });
for (const e of ENGINES) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`JAGA_BENCH_SCALE_ENGINES: unknown engine '${e}' (sqlite, postgres)`);

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const root = mkdtempSync(join(process.env['JAGA_BENCH_DIR'] || tmpdir(), 'jaga-bench-scale-'));
const result: Record<string, unknown> = { engines: ENGINES, parts: [...PARTS], node: process.version };
const goals: Record<string, boolean> = {};
let postgres: { createDatabase(): Promise<string>; stop(): Promise<void> } | null = null;

async function openOn(engine: Engine, name: string): Promise<ReturnType<typeof openApp>> {
  const dir = join(root, `${engine}-${name}`);
  const env: Record<string, string> = { JAGA_DATA_DIR: dir };
  if (engine === 'postgres') {
    if (!postgres) {
      const { startPostgres } = await import('../test/support/postgres-cluster.js');
      postgres = await startPostgres();
    }
    env['JAGA_DATABASE_URL'] = await postgres.createDatabase();
  }
  return openApp(loadConfig(env), { passwords: fastPasswords });
}

// --- cases ------------------------------------------------------------------------------------

const QUERIES: readonly { name: string; input: Record<string, unknown> }[] = [
  { name: 'first page', input: {} },
  { name: 'status closed', input: { status: 'closed' } },
  { name: 'unit + step B6', input: { unit: 'gorontalo', step: 'B6' } },
  { name: 'page 100', input: { offset: 4950 } },
];

async function listP99(app: ReturnType<typeof openApp>, inv: Invocation): Promise<Record<string, { p50: number; p99: number; total: number }>> {
  const out: Record<string, { p50: number; p99: number; total: number }> = {};
  for (const q of QUERIES) {
    for (let i = 0; i < 10; i++) await listCases(app, inv, q.input); // warm
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < LIST_CALLS; i++) {
      const t = performance.now();
      total = (await listCases(app, inv, q.input)).total;
      times.push(performance.now() - t);
    }
    out[q.name] = { p50: median(times), p99: pct(times, 0.99), total };
  }
  return out;
}

async function casesPart(engine: Engine): Promise<void> {
  const app = await openOn(engine, 'cases');
  try {
    const seeder = await caseSeeder(app, BIG_CASES);
    // A uniform sample of the big fixture first (every 100th case), then the rest.
    const stride = Math.floor(BIG_CASES / SMALL_CASES);
    const first = Array.from({ length: SMALL_CASES }, (_, i) => i * stride);
    const f1 = await seeder.add(first);
    const inv: Invocation = { actor: 'audit', via: 'cli' };
    console.log(`[${engine}] cases: ${fmt(SMALL_CASES)} seeded in ${fmt(f1.seedMs / 1000, 1)} s (${fmt(f1.avgDocBytes)} B per case document)`);
    const small = await listP99(app, inv);
    const rest: number[] = [];
    for (let i = 0; i < BIG_CASES; i++) if (i % stride !== 0 || i / stride >= SMALL_CASES) rest.push(i);
    const f2 = await seeder.add(rest);
    console.log(`[${engine}] cases: grown to ${fmt(f2.caseIds.length)} in ${fmt(f2.seedMs / 1000, 1)} s`);
    const big = await listP99(app, inv);
    const lines: Record<string, unknown> = {};
    for (const q of QUERIES) {
      const s = small[q.name] as { p50: number; p99: number; total: number };
      const b = big[q.name] as { p50: number; p99: number; total: number };
      const ratio = b.p99 / s.p99;
      const ok = ratio <= 2;
      goals[`${engine}.caseList.${q.name}`] = ok;
      console.log(`[${engine}] case list '${q.name}': ${fmt(SMALL_CASES)} cases (baseline) p50 ${s.p50.toFixed(2)} ms p99 ${s.p99.toFixed(2)} ms (total ${fmt(s.total)}); `
        + `${fmt(f2.caseIds.length)} cases p50 ${b.p50.toFixed(2)} ms p99 ${b.p99.toFixed(2)} ms (total ${fmt(b.total)}); ratio ${ratio.toFixed(2)}; goal ≤ 2: ${passFail(ok)}`);
      lines[q.name] = { small: s, big: b, ratio };
    }
    result[`${engine}.cases`] = { small: SMALL_CASES, big: f2.caseIds.length, queries: lines };
  } finally {
    await app.store.close();
  }
}

// --- logbook ----------------------------------------------------------------------------------

const rand = rng(20261201);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const uuid = (): string => {
  const h = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};
const CASES = Array.from({ length: 500 }, uuid);
const entry = (): LogbookEntryInput => ({
  type: pick(['case.reported', 'case.acknowledged', 'case.access_started', 'case.root_caused']), actorId: null, unitId: null, caseId: pick(CASES),
  data: { description: pick(DESCRIPTIONS), step: pick(['B1', 'B2', 'B3', 'B4', 'B5', 'B6']), via: 'http', sourceIp: `10.8.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}` },
});

async function logbookPart(engine: Engine): Promise<void> {
  const small = await openOn(engine, 'logbook-small');
  const big = await openOn(engine, 'logbook-big');
  try {
    await small.store.migrate();
    await big.store.migrate();
    const signer = loadOrCreateSigner(join(root, `${engine}-signing-key`));
    const writerDeps = { sha256: sha256Hex, signer };
    let t = Date.parse('2026-01-05T01:00:00.000Z');
    const at = (): string => new Date(t += 1000).toISOString();
    const grow = async (app: ReturnType<typeof openApp>, n: number): Promise<void> => {
      for (let done = 0; done < n; done += 2000) {
        const batch = Array.from({ length: Math.min(2000, n - done) }, entry);
        await app.store.transaction((tx) => appendToLogbook(tx.logbook, writerDeps, at(), batch));
      }
    };
    const verifyMs = async (app: ReturnType<typeof openApp>, expected: number): Promise<number> => {
      const s = performance.now();
      const report = await verifyLogbook({ store: app.store, sha256: sha256Hex, signer });
      if (!report.ok || report.entries !== expected) throw new Error(`[${engine}] verifyLogbook failed: ${JSON.stringify(report).slice(0, 500)}`);
      return performance.now() - s;
    };
    await grow(small, SMALL_ENTRIES);
    const tenth = Math.floor(BIG_ENTRIES / 10);
    const g0 = performance.now();
    await grow(big, tenth);
    const vTenth = Math.min(await verifyMs(big, tenth), await verifyMs(big, tenth));
    await grow(big, BIG_ENTRIES - tenth);
    console.log(`[${engine}] logbook: ${fmt(BIG_ENTRIES)} entries built in ${fmt((performance.now() - g0) / 1000, 1)} s`);
    const vFull = Math.min(await verifyMs(big, BIG_ENTRIES), await verifyMs(big, BIG_ENTRIES));
    // Appends, one entry per durable transaction, in ABBA blocks.
    const block = async (app: ReturnType<typeof openApp>): Promise<number> => {
      const s = performance.now();
      for (let i = 0; i < APPEND_BLOCK; i++) {
        const e = entry();
        const when = at();
        await app.store.transaction((tx) => appendToLogbook(tx.logbook, writerDeps, when, [e]));
      }
      return performance.now() - s;
    };
    await block(small); await block(big); // warm
    const ratios: number[] = [];
    let smallMs = 0;
    let bigMs = 0;
    for (let b = 0; b < APPEND_BLOCKS; b++) {
      const order = b % 2 === 0 ? [small, big] : [big, small];
      const times = new Map<unknown, number>();
      for (const app of order) times.set(app, await block(app));
      const sm = times.get(small) as number;
      const bm = times.get(big) as number;
      smallMs += sm; bigMs += bm;
      ratios.push(sm / bm);
    }
    const n = APPEND_BLOCK * APPEND_BLOCKS;
    const smallRate = n / smallMs * 1000;
    const bigRate = n / bigMs * 1000;
    const appendRatio = median(ratios);
    const appendOk = appendRatio >= 0.8;
    goals[`${engine}.logbookAppendFlat`] = appendOk;
    console.log(`[${engine}] logbook appends (one per transaction, ${fmt(n)} each, ABBA blocks of ${APPEND_BLOCK}): at ${fmt(SMALL_ENTRIES)} entries (baseline) ${fmt(smallRate)}/s; `
      + `at ${fmt(BIG_ENTRIES)} entries ${fmt(bigRate)}/s; ratio (median of blocks) ${appendRatio.toFixed(2)}; goal ≥ 0.8: ${passFail(appendOk)}`);
    const perTenth = vTenth / tenth;
    const perFull = vFull / BIG_ENTRIES;
    const growth = perFull / perTenth;
    const verifyOk = growth <= 1.25;
    goals[`${engine}.verifyLinear`] = verifyOk;
    console.log(`[${engine}] logbook verify: ${fmt(tenth)} entries (baseline) ${fmt(vTenth)} ms (${(perTenth * 1000).toFixed(2)} µs/entry); `
      + `${fmt(BIG_ENTRIES)} entries ${fmt(vFull)} ms (${(perFull * 1000).toFixed(2)} µs/entry); per-entry ratio ${growth.toFixed(2)}; goal ≤ 1.25 (linear): ${passFail(verifyOk)}`);
    result[`${engine}.logbook`] = { smallEntries: SMALL_ENTRIES, bigEntries: BIG_ENTRIES, smallAppendPerSec: smallRate, bigAppendPerSec: bigRate, appendRatio,
      verifyTenthMs: vTenth, verifyFullMs: vFull, verifyPerEntryRatio: growth };
  } finally {
    await small.store.close();
    await big.store.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`scale benchmark: engines ${ENGINES.join(', ')}; parts ${[...PARTS].join(', ')}; ${fmt(BIG_CASES)} cases, ${fmt(BIG_ENTRIES)} logbook entries`);
  try {
    for (const engine of ENGINES) {
      if (PARTS.has('cases')) await casesPart(engine);
      if (PARTS.has('logbook')) await logbookPart(engine);
    }
  } finally {
    if (postgres) await (postgres as { stop(): Promise<void> }).stop();
    rmSync(root, { recursive: true, force: true });
  }
  result['goals'] = goals;
  result['ok'] = Object.values(goals).every(Boolean);
  result['elapsedMs'] = Math.round(performance.now() - started);
  console.log(`BENCH_JSON ${JSON.stringify(result)}`);
}

main().catch((err: Error) => { console.error(err); process.exit(1); });
