/**
 * HTTP API benchmark (one run, fresh SQLite data dir in a temp dir, removed afterwards):
 *
 * Jaga's real server (`buildHttpServer`: helmet, cookies, metrics hook, bearer-token auth, use
 * case, zod response validation) on loopback over 10,000 cases, against a bare Fastify app with
 * one GET route returning a small fixed JSON object, on another loopback port of the same
 * process. The load generator (autocannon, 100 connections) runs in a separate process (this
 * script re-spawned with `--load-worker`), so server and client do not share an event loop.
 *
 * Targets, in this order: bare, GET /api/v1/cases/{id} (a random id of all the cases per
 * request), GET /api/v1/cases?limit=50 (the default sort, -reportedAt, over all cases), bare
 * again. The baseline is the mean of both bare runs. Each run: warm-up, then the measured run.
 * Any non-2xx response, connection error or timeout (10 s) fails the benchmark (exit code 1),
 * after every target ran and the figures were printed. Goals for the two Jaga routes:
 * requests/s >= 0.5 x bare, and p99 < 20 ms. Besides requests/s and latency, each run prints the
 * server process's CPU time per request (less sensitive to a busy machine than requests/s).
 *
 * Environment: JAGA_BENCH_CASES (10000), JAGA_BENCH_CONNECTIONS (100), JAGA_BENCH_DURATION
 * (seconds, 10), JAGA_BENCH_WARMUP (seconds, 2), JAGA_BENCH_DIR (parent of the temp dir),
 * JAGA_BENCH_ONLY (bare | caseGet | caseList: load that target alone, no baseline; for
 * profiling the server side with `node --cpu-prof dist/bench/http.bench.js`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { loadConfig } from '../src/config/config.js';
import { buildHttpServer } from '../src/http/server.js';
import { openApp } from '../src/main/open-app.js';
import { seedCaseFixture } from './support/case-fixture.js';
import { rng } from './support/rng.js';

const envInt = (name: string, dflt: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? dflt : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
};

// ---------------------------------------------------------------------------------------------
// The load generator process: reads its job (JSON) on stdin, writes one JSON line per phase.

interface LoadJob {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly duration: number;
  readonly warmup: number;
  /** When set, each request goes to a random one of these paths (else: the url's path). */
  readonly paths?: readonly string[];
}

interface LoadResult {
  rps: number; requests: number; p50: number; p90: number; p99: number; latencyAvg: number; latencyMax: number;
  non2xx: number; errors: number; timeouts: number; bytesPerSec: number; durationS: number; warmupRps: number;
  warmupNon2xx: number; warmupErrors: number; clientCpuPct: number; statusCodes: Record<string, number>;
}

async function loadWorker(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const job = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadJob;
  const paths = job.paths;
  const opts: autocannon.Options = {
    url: job.url, connections: job.connections, headers: job.headers, pipelining: 1, timeout: 10,
    ...(paths ? { requests: [{ setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] as string }) }] } : {}),
  };
  const warm = await autocannon({ ...opts, duration: job.warmup });
  process.stdout.write(`${JSON.stringify({ phase: 'measure' })}\n`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await autocannon({ ...opts, duration: job.duration });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count ?? 0]));
  const result: LoadResult = {
    rps: r.requests.average, requests: r.requests.total, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99,
    latencyAvg: r.latency.average, latencyMax: r.latency.max, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
    bytesPerSec: r.throughput.average, durationS: r.duration, warmupRps: warm.requests.average, warmupNon2xx: warm.non2xx,
    warmupErrors: warm.errors, clientCpuPct: (cpu.user + cpu.system) / 1000 / wallMs * 100, statusCodes,
  };
  process.stdout.write(`${JSON.stringify({ phase: 'done', result })}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const N_CASES = envInt('JAGA_BENCH_CASES', 10_000);
  const CONNECTIONS = envInt('JAGA_BENCH_CONNECTIONS', 100);
  const DURATION = envInt('JAGA_BENCH_DURATION', 10);
  const WARMUP = envInt('JAGA_BENCH_WARMUP', 2);
  const LIST_LIMIT = 50;
  const GOAL_RATIO = 0.5;
  const GOAL_P99_MS = 20;
  const ONLY = process.env['JAGA_BENCH_ONLY'] || undefined;
  if (ONLY !== undefined && !['bare', 'caseGet', 'caseList'].includes(ONLY)) throw new Error(`JAGA_BENCH_ONLY must be bare, caseGet or caseList, got '${ONLY}'`);

  const t0 = performance.now();
  const dir = mkdtempSync(join(process.env['JAGA_BENCH_DIR'] || tmpdir(), 'jaga-bench-http-'));
  const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const round = (n: number, digits: number): number => Number(n.toFixed(digits));
  const fileSize = (f: string): number => { try { return statSync(f).size; } catch { return 0; } };

  // Only the data dir: never JAGA_DATABASE_URL from the environment, this benchmark is SQLite.
  const config = loadConfig({ JAGA_DATA_DIR: dir });
  const dbFile = config.database.dialect === 'sqlite' ? config.database.file : '';
  let opened: ReturnType<typeof openApp> | undefined;
  let jaga: Awaited<ReturnType<typeof buildHttpServer>> | undefined;
  const bare = Fastify({ logger: false });
  try {
    const app = openApp(config);
    opened = app;
    console.log('== Jaga HTTP API benchmark');
    console.log(`node ${process.version} (${process.platform}/${process.arch}), ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`database ${dbFile}`);

    // --- setup: the shared case fixture (bench/support/case-fixture.ts) -------------------------------
    const fixture = await seedCaseFixture(app, N_CASES);
    const { token, caseIds } = fixture;
    const rand = rng(20240611);
    const byStatus = await app.store.read((r) => r.cases.countByStatus());
    const dbBytes = fileSize(dbFile) + fileSize(`${dbFile}-wal`);
    console.log(`seeded ${fmt(N_CASES)} cases in ${fmt(fixture.seedMs)} ms: avg doc ${fmt(fixture.avgDocBytes)} B; `
      + `${Object.entries(byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}; database ${fmt(dbBytes / 1048576, 1)} MiB`);

    // --- servers --------------------------------------------------------------------------------
    jaga = await buildHttpServer(app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent' });
    const jagaUrl = await jaga.fastify.listen({ host: '127.0.0.1', port: 0 });
    bare.get('/bare', async () => ({ ok: true, service: 'bare', version: 1 }));
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    console.log(`Jaga ${jagaUrl}, bare Fastify ${bareUrl}; load: autocannon in a separate process, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s`);

    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const casePaths = caseIds.map((id) => `/api/v1/cases/${id}`);
    const listPath = `/api/v1/cases?limit=${LIST_LIMIT}`;

    // Sanity: every target answers 200 with what we expect, before any load.
    const probe = async (url: string): Promise<{ bytes: number; body: unknown }> => {
      const res = await fetch(url, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status}: ${text.slice(0, 300)}`);
      return { bytes: Buffer.byteLength(text), body: JSON.parse(text) as unknown };
    };
    const bareProbe = await probe(`${bareUrl}/bare`);
    let caseProbeBytes = 0;
    const sample = Array.from({ length: 50 }, () => casePaths[Math.floor(rand() * casePaths.length)] as string);
    for (const p of sample) caseProbeBytes += (await probe(`${jagaUrl}${p}`)).bytes;
    const listProbe = await probe(`${jagaUrl}${listPath}`);
    const page = listProbe.body as { items: unknown[]; total: number };
    if (page.total !== N_CASES || page.items.length !== LIST_LIMIT) throw new Error(`case list: total ${page.total}, ${page.items.length} items`);
    console.log(`response bodies: bare ${fmt(bareProbe.bytes)} B, case ~${fmt(caseProbeBytes / sample.length)} B (mean of ${sample.length}), `
      + `list of ${LIST_LIMIT} ${fmt(listProbe.bytes / 1024, 1)} KiB (total ${fmt(page.total)})`);

    // --- load -------------------------------------------------------------------------------------
    interface Measured extends LoadResult { name: string; serverCpuPct: number; serverElu: number; serverCpuUsPerReq: number }
    const self = fileURLToPath(import.meta.url);
    const runLoad = (name: string, job: LoadJob): Promise<Measured> => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [self, '--load-worker'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      // Server-side figures over the measured phase only: this process serves both apps.
      let cpu0 = process.cpuUsage();
      let elu0 = performance.eventLoopUtilization();
      let t1 = performance.now();
      let settled = false;
      const fail = (e: Error) => { if (!settled) { settled = true; child.kill(); reject(e); } };
      child.on('error', fail);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        out += d;
        let nl: number;
        while ((nl = out.indexOf('\n')) >= 0) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          let msg: { phase: 'measure' } | { phase: 'done'; result: LoadResult };
          try {
            msg = JSON.parse(line) as typeof msg;
          } catch {
            fail(new Error(`load generator for ${name} wrote an unexpected line: ${line.slice(0, 200)}`));
            return;
          }
          if (msg.phase === 'measure') {
            cpu0 = process.cpuUsage();
            elu0 = performance.eventLoopUtilization();
            t1 = performance.now();
          } else if (!settled) {
            const cpu = process.cpuUsage(cpu0);
            const elu = performance.eventLoopUtilization(elu0);
            const cpuMs = (cpu.user + cpu.system) / 1000;
            settled = true;
            resolve({ ...msg.result, name, serverCpuPct: cpuMs / (performance.now() - t1) * 100, serverElu: elu.utilization,
              serverCpuUsPerReq: msg.result.requests > 0 ? cpuMs * 1000 / msg.result.requests : 0 });
          }
        }
      });
      // 'close', not 'exit': stdout may still hold the result when the process has exited.
      child.on('close', (code) => fail(new Error(`load generator for ${name} ended (code ${code}) before reporting`)));
      child.stdin.end(JSON.stringify(job));
    });

    const job = (url: string, paths?: readonly string[]): LoadJob => ({ url, headers, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, ...(paths ? { paths } : {}) });
    const failures: string[] = [];
    const report = (m: Measured): Measured => {
      console.log(`${m.name.padEnd(9)}: ${fmt(m.rps).padStart(7)} req/s  p50 ${fmt(m.p50, 1)} ms  p90 ${fmt(m.p90, 1)} ms  p99 ${fmt(m.p99, 1)} ms  max ${fmt(m.latencyMax)} ms  `
        + `(${fmt(m.requests)} requests; warm-up ${fmt(m.warmupRps)} req/s; server ${fmt(m.serverCpuUsPerReq)} µs CPU/request, CPU ${fmt(m.serverCpuPct)} %, `
        + `event loop ${fmt(m.serverElu * 100)} % busy; client CPU ${fmt(m.clientCpuPct)} %)`);
      if (m.non2xx + m.errors + m.timeouts + m.warmupNon2xx + m.warmupErrors > 0) {
        const f = `${m.name}: ${m.non2xx} non-2xx (status counts ${JSON.stringify(m.statusCodes)}), ${m.errors} errors of which ${m.timeouts} timeouts (> 10 s); `
          + `warm-up: ${m.warmupNon2xx} non-2xx, ${m.warmupErrors} errors`;
        console.log(`   !! ${f}`);
        failures.push(f);
      }
      return m;
    };
    // Every target runs even when one fails, so the figures are all there; the run fails at the end.
    const failLoudly = () => {
      if (failures.length > 0) throw new Error(`HTTP benchmark FAILED, requests did not all succeed:\n  ${failures.join('\n  ')}`);
    };

    console.log('');
    if (ONLY) {
      // Profiling mode: one target, no baseline (run the whole script under `node --cpu-prof`).
      const m = report(await runLoad(ONLY, ONLY === 'bare' ? job(`${bareUrl}/bare`) : ONLY === 'caseGet' ? job(jagaUrl, casePaths) : job(`${jagaUrl}${listPath}`)));
      console.log(`BENCH_JSON ${JSON.stringify({ only: ONLY, ok: failures.length === 0, rps: round(m.rps, 1), p50: m.p50, p99: m.p99,
        serverCpuUsPerReq: round(m.serverCpuUsPerReq, 1), serverCpuPct: round(m.serverCpuPct, 1), serverElu: round(m.serverElu, 3), cases: N_CASES })}`);
      failLoudly();
      return;
    }
    const bare1 = report(await runLoad('bare', job(`${bareUrl}/bare`)));
    const caseGet = report(await runLoad('caseGet', job(jagaUrl, casePaths)));
    const caseList = report(await runLoad('caseList', job(`${jagaUrl}${listPath}`)));
    const bare2 = report(await runLoad('bare (2)', job(`${bareUrl}/bare`)));

    const bareRps = (bare1.rps + bare2.rps) / 2;
    const caseGetRatio = caseGet.rps / bareRps;
    const caseListRatio = caseList.rps / bareRps;
    const verdict = (m: Measured, ratio: number) => `ratio ${ratio >= GOAL_RATIO ? 'ok' : 'MISSED'}, p99 ${m.p99 < GOAL_P99_MS ? 'ok' : 'MISSED'}`;
    console.log(`\n=> bare ${fmt(bareRps)} req/s (mean of 2: ${fmt(bare1.rps)}, ${fmt(bare2.rps)}), p99 ${fmt(bare1.p99, 1)} / ${fmt(bare2.p99, 1)} ms`);
    console.log(`=> caseGet  ${fmt(caseGet.rps)} req/s, caseGetRatio ${caseGetRatio.toFixed(3)} (goal >= ${GOAL_RATIO}), p50 ${fmt(caseGet.p50, 1)} ms, `
      + `p99 ${fmt(caseGet.p99, 1)} ms (goal < ${GOAL_P99_MS}): ${verdict(caseGet, caseGetRatio)}`);
    console.log(`=> caseList ${fmt(caseList.rps)} req/s, caseListRatio ${caseListRatio.toFixed(3)} (goal >= ${GOAL_RATIO}), p50 ${fmt(caseList.p50, 1)} ms, `
      + `p99 ${fmt(caseList.p99, 1)} ms (goal < ${GOAL_P99_MS}): ${verdict(caseList, caseListRatio)}`);

    const elapsedMs = performance.now() - t0;
    console.log(`\n-- context: ${fmt(N_CASES)} cases, database ${fmt(dbBytes / 1048576, 1)} MiB, node ${process.version}, ${availableParallelism()} CPUs, `
      + `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${CONNECTIONS} connections, ${DURATION} s per run, total ${fmt(elapsedMs / 1000, 1)} s`);

    const runJson = (m: Measured) => ({
      rps: round(m.rps, 1), p50: m.p50, p90: m.p90, p99: m.p99, latencyAvg: round(m.latencyAvg, 2), latencyMax: m.latencyMax, requests: m.requests,
      non2xx: m.non2xx, errors: m.errors, timeouts: m.timeouts, serverCpuUsPerReq: round(m.serverCpuUsPerReq, 1), serverCpuPct: round(m.serverCpuPct, 1),
      serverElu: round(m.serverElu, 3), clientCpuPct: round(m.clientCpuPct, 1), bytesPerSec: Math.round(m.bytesPerSec),
    });
    const json = {
      ok: failures.length === 0,
      bareRps: round(bareRps, 1), bareRpsRuns: [round(bare1.rps, 1), round(bare2.rps, 1)],
      caseGetRps: round(caseGet.rps, 1), caseGetRatio: round(caseGetRatio, 3), caseGetP50: caseGet.p50, caseGetP99: caseGet.p99,
      caseListRps: round(caseList.rps, 1), caseListRatio: round(caseListRatio, 3), caseListP50: caseList.p50, caseListP99: caseList.p99,
      bareP50: bare1.p50, bareP99: bare1.p99,
      goals: { ratio: GOAL_RATIO, p99Ms: GOAL_P99_MS },
      runs: { bare: runJson(bare1), caseGet: runJson(caseGet), caseList: runJson(caseList), bare2: runJson(bare2) },
      cases: N_CASES, avgDocBytes: round(fixture.avgDocBytes, 1), caseBodyBytes: Math.round(caseProbeBytes / sample.length), listBodyBytes: listProbe.bytes,
      listLimit: LIST_LIMIT, connections: CONNECTIONS, durationS: DURATION, warmupS: WARMUP, dbBytes,
      node: process.version, cpus: availableParallelism(), loadavg: loadavg().map((l) => round(l, 2)), elapsedMs: round(elapsedMs, 0),
    };
    console.log(`BENCH_JSON ${JSON.stringify(json)}`);
    failLoudly();
  } finally {
    try {
      await bare.close();
      if (jaga) await jaga.fastify.close();
      if (opened) await opened.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}


// Last, so that the constants above are initialised before main() uses them.
if (process.argv[2] === '--load-worker') {
  await loadWorker();
} else {
  await main();
}
