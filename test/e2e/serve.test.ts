import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

describe('jaga serve (a real process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-serve-'));
  let env: NodeJS.ProcessEnv;
  let base: string;
  let token: string;
  let child: ChildProcess;
  let stderr = '';
  const jaga = (args: string[], input = '') => spawnSync(process.execPath, [JAGA, ...args], { env, input, encoding: 'utf8' });

  let metricsBase: string;
  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    metricsBase = `http://127.0.0.1:${metricsPort}`;
    env = { PATH: process.env['PATH'], JAGA_DATA_DIR: dir, JAGA_HTTP_ADDR: `127.0.0.1:${port}`, JAGA_METRICS_ADDR: `127.0.0.1:${metricsPort}` };
    assert.equal(jaga(['migrate']).status, 0);
    assert.equal(jaga(['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], 'a-long-password-1\n').status, 0);
    assert.equal(jaga(['unit', 'add', '--as', 'op', '--code', 'gorontalo', '--name', 'LPSE Gorontalo']).status, 0);
    assert.equal(jaga(['admin', 'create', '--as', 'op', '--username', 'koor', '--role', 'koordinator', '--unit', 'gorontalo', '--password-stdin'], 'a-long-password-2\n').status, 0);
    const t = jaga(['token', 'create', '--as', 'koor', '--name', 'test', '--scope', 'full']);
    assert.equal(t.status, 0, t.stderr);
    token = t.stdout.trim();
    assert.match(token, /^jaga_/);
    assert.doesNotMatch(t.stderr, /jaga_/, 'the token is printed once, on stdout only');
    child = spawn(process.execPath, [JAGA, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/healthz`)).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`jaga serve did not come up: ${stderr}`);
  });
  after(() => { child.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

  const report = (i: number) => fetch(`${base}/api/v1/cases`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ unit: 'gorontalo', system: 'SPSE', description: `gangguan ${i}`, urgency: 'high', channel: 'api' }),
  });

  it('answers health and metrics, counting open cases per step', async () => {
    assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok', database: 'sqlite' });
    assert.equal((await report(0)).status, 201);
    // Issue 10: /metrics on the API's address needs a `metrics` token; JAGA_METRICS_ADDR serves it without one.
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    const scrape = jaga(['token', 'create', '--as', 'op', '--name', 'prometheus', '--scope', 'metrics']);
    assert.equal(scrape.status, 0, scrape.stderr);
    const viaToken = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${scrape.stdout.trim()}` } });
    assert.equal(viaToken.status, 200);
    assert.match(await viaToken.text(), /^jaga_cases_open\{step="B1"\} 1$/m);
    const m = await (await fetch(`${metricsBase}/metrics`)).text();
    assert.match(m, /^jaga_cases_open\{step="B1"\} 1$/m);
    assert.match(m, /^jaga_http_requests_total\{method="POST",route="\/api\/v1\/cases",status="201"\} 1$/m);
    assert.match(m, /^jaga_logbook_entries \d+$/m);
  });

  it('on SIGTERM finishes in-flight requests, loses nothing, and exits 0', async () => {
    const inflight = Array.from({ length: 20 }, (_, i) => report(i + 1).then((r) => r.status, (e: Error) => `error: ${e.message}`));
    await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const results = await Promise.all(inflight);
    assert.equal(await exited, 0, stderr);
    const created = results.filter((s) => s === 201).length;
    assert.ok(results.every((s) => s === 201 || s === 503 || String(s).startsWith('error')), JSON.stringify(results));
    assert.ok(created > 0, JSON.stringify(results));
    // Every acknowledged report is in the store, and nothing else.
    const list = jaga(['case', 'list', '--as', 'koor', '--json', '--limit', '100']);
    assert.equal(list.status, 0, list.stderr);
    assert.equal((JSON.parse(list.stdout) as { total: number }).total, created + 1);
    assert.equal(jaga(['logbook', 'verify']).status, 0);
    assert.match(stderr, /SIGTERM/);
  });
});
