/**
 * Web UI benchmark (one run, fresh SQLite data dir in a temp dir, removed afterwards).
 *
 * Over the shared case fixture (bench/support/case-fixture.ts: 10,000 cases by default), the
 * server's own time to answer, in this process through Fastify's `inject` (no network, no
 * client): the dashboard page `/` against `GET /api/v1/dashboard` (the same use case and view
 * model, as JSON), and the case page `/cases/{id}` against the JSON calls that give the same data,
 * `GET /api/v1/cases/{id}` and `GET /api/v1/cases/{id}/sessions`, timed together (a random case per
 * request, the same one for both). Both as the unit's koordinator, signed in with password and
 * TOTP through the API, with the session cookie. Targets are interleaved request by request
 * (page, JSON, page, JSON …) after a warm-up, so drift and load spikes hit both alike.
 * Goal, issue 11: page ≥ 0.5× its JSON call, i.e. the JSON call's median time ÷ the page's ≥ 0.5
 * (p50 and p99 printed for both).
 *
 * Environment: JAGA_BENCH_CASES (10000), JAGA_BENCH_WEB_N (requests per target, 300),
 * JAGA_BENCH_DIR (parent of the temp dir).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rfc6238Totp } from '../src/adapters/system/rfc6238-totp.js';
import { issueEnrolmentCode } from '../src/app/auth/enrolment-code.js';
import { loadConfig } from '../src/config/config.js';
import { buildHttpServer } from '../src/http/server.js';
import { openApp } from '../src/main/open-app.js';
import { FIXTURE_PASSWORD, seedCaseFixture } from './support/case-fixture.js';
import { rng } from './support/rng.js';
import { envNumber, median, passFail, pct } from './support/stats.js';

const GOAL_RATIO = 0.5;

async function main(): Promise<void> {
  const nCases = envNumber('JAGA_BENCH_CASES', 10_000, { integer: true, min: 1 });
  const n = envNumber('JAGA_BENCH_WEB_N', 300, { integer: true, min: 10 });
  const dir = mkdtempSync(join(process.env['JAGA_BENCH_DIR'] || tmpdir(), 'jaga-bench-web-'));
  const started = performance.now();
  const app = openApp(loadConfig({ JAGA_DATA_DIR: dir }));
  let server: Awaited<ReturnType<typeof buildHttpServer>> | undefined;
  try {
    console.log('== Jaga web UI benchmark');
    console.log(`node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const fixture = await seedCaseFixture(app, nCases);
    console.log(`seeded ${nCases} cases in ${fixture.seedMs.toFixed(0)} ms (avg doc ${fixture.avgDocBytes.toFixed(0)} B)`);
    server = await buildHttpServer(app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent' });
    const inject = server.fastify.inject.bind(server.fastify);

    // Sign in as the koordinator: password, then TOTP (enrolled once with an enrolment code).
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'koor', password: FIXTURE_PASSWORD } });
    const session = login.cookies.find((c) => c.name === 'jaga_session');
    if (login.statusCode !== 200 || !session) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
    const cookie = `jaga_session=${session.value}`;
    const { csrfToken } = login.json<{ csrfToken: string }>();
    const post = (url: string, payload: Record<string, unknown>) => inject({ method: 'POST', url, payload, headers: { cookie, 'x-csrf-token': csrfToken } });
    const { code } = await issueEnrolmentCode(app, { actor: 'super', via: 'cli' }, 'koor');
    const enrol = await post('/api/v1/auth/totp/enroll', { password: FIXTURE_PASSWORD, enrolmentCode: code });
    if (enrol.statusCode !== 200) throw new Error(`TOTP enrolment failed: ${enrol.body}`);
    const confirm = await post('/api/v1/auth/totp/confirm', { code: rfc6238Totp.code(enrol.json<{ secret: string }>().secret, new Date()) });
    if (confirm.statusCode !== 200) throw new Error(`TOTP confirmation failed: ${confirm.body}`);

    /** GETs each url in turn (a page, or the JSON calls that give the same data) and sums their times. */
    const getAll = async (urls: readonly string[], html: boolean): Promise<{ ms: number; bytes: number }> => {
      let ms = 0;
      let bytes = 0;
      for (const u of urls) { const r = await get(u, html); ms += r.ms; bytes += r.bytes; }
      return { ms, bytes };
    };
    const get = async (url: string, html: boolean): Promise<{ ms: number; bytes: number }> => {
      const t0 = performance.now();
      const r = await inject({ method: 'GET', url, headers: { cookie, accept: html ? 'text/html' : 'application/json' } });
      const ms = performance.now() - t0;
      const type = String(r.headers['content-type'] ?? '');
      if (r.statusCode !== 200 || !type.startsWith(html ? 'text/html' : 'application/json')) {
        throw new Error(`GET ${url} → ${r.statusCode} ${type}: ${r.body.slice(0, 300)}`);
      }
      return { ms, bytes: r.rawPayload.length };
    };

    const rand = rng(11);
    const caseId = (): string => fixture.caseIds[Math.floor(rand() * fixture.caseIds.length)] as string;
    // The JSON side is what a client needs for the same data: the dashboard's own call; for the case
    // page, the case (timeline, A1, A2) and its gateway sessions (the page shows both).
    const pairs = [
      { name: 'dashboard', page: () => ['/'], json: () => ['/api/v1/dashboard'] },
      { name: 'case page', page: (id: string) => [`/cases/${id}`], json: (id: string) => [`/api/v1/cases/${id}`, `/api/v1/cases/${id}/sessions`] },
    ];
    const results: Record<string, unknown> = {};
    let allOk = true;
    for (const p of pairs) {
      for (let i = 0; i < 20; i++) { const id = caseId(); await getAll(p.page(id), true); await getAll(p.json(id), false); } // warm-up
      const page: number[] = [];
      const json: number[] = [];
      let pageBytes = 0;
      let jsonBytes = 0;
      for (let i = 0; i < n; i++) {
        const id = caseId();
        // Alternate which goes first, so neither always runs in the other's garbage.
        const pageFirst = i % 2 === 0;
        const first = await getAll(pageFirst ? p.page(id) : p.json(id), pageFirst);
        const second = await getAll(pageFirst ? p.json(id) : p.page(id), !pageFirst);
        const [a, b] = pageFirst ? [first, second] : [second, first];
        page.push(a.ms); json.push(b.ms); pageBytes += a.bytes; jsonBytes += b.bytes;
      }
      const ratio = median(json) / median(page);
      const ok = ratio >= GOAL_RATIO;
      allOk &&= ok;
      console.log(`${p.name}: page p50 ${median(page).toFixed(2)} ms, p99 ${pct(page, 0.99).toFixed(2)} ms (${(pageBytes / page.length / 1024).toFixed(1)} KiB); ` +
        `JSON p50 ${median(json).toFixed(2)} ms, p99 ${pct(json, 0.99).toFixed(2)} ms (${(jsonBytes / json.length / 1024).toFixed(1)} KiB); ` +
        `page at ${ratio.toFixed(2)}× its JSON call (goal ≥ ${GOAL_RATIO}): ${passFail(ok)}`);
      results[p.name === 'dashboard' ? 'dashboard' : 'casePage'] = {
        pageP50: median(page), pageP99: pct(page, 0.99), jsonP50: median(json), jsonP99: pct(json, 0.99), ratio, ok,
        pageBytes: Math.round(pageBytes / page.length), jsonBytes: Math.round(jsonBytes / json.length), samples: page.length,
      };
    }
    console.log(`BENCH_JSON ${JSON.stringify({ cases: nCases, n, ...results, goals: { ratio: GOAL_RATIO, met: allOk }, elapsedMs: Math.round(performance.now() - started) })}`);
  } finally {
    await server?.fastify.close();
    await app.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => { console.error(err); process.exit(1); });
