import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { sample } from '../support/metrics-text.js';
import { freePort } from '../support/server-banner.js';
import { runClient } from '../support/sshd.js';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));
const OPS_PASSWORD = 'an-operator-password-7f3k';

/*
 * The real `jaga serve` over a gateway world's data directory (its in-process gateway stopped),
 * with JAGA_LOG_LEVEL=info and /metrics on its own listener: what an operator's Prometheus and
 * log collector see after a refused SSH connection, a session and a few HTTP requests.
 */
describe('jaga serve: metrics and JSON logs of the gateway and HTTP', () => {
  let w: GatewayWorld;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;
  let ports: { ssh: number; http: number; metrics: number };
  let clientOptions: string[];
  let token: string;
  const jaga = (args: string[], input = '') => spawnSync(process.execPath, [JAGA, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: w.t.config.dataDir }, input, encoding: 'utf8',
  });
  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
  const ssh = (login: string, command: string, input?: string) => runClient('ssh', [...clientOptions, '-p', String(ports.ssh), `${login}@127.0.0.1`, '--', command], input === undefined ? {} : { input });

  before(async () => {
    w = await startGatewayWorld();
    await w.stopGateway();
    const made = jaga(['admin', 'create', '--as', 'super', '--username', 'opslog', '--role', 'superadmin', '--password-stdin'], `${OPS_PASSWORD}\n`);
    assert.equal(made.status, 0, made.stderr);
    const t = jaga(['token', 'create', '--as', 'koor', '--name', 'log-test', '--scope', 'full']);
    assert.equal(t.status, 0, t.stderr);
    token = t.stdout.trim();
    ports = { ssh: await freePort(), http: await freePort(), metrics: await freePort() };
    child = spawn(process.execPath, [JAGA, 'serve'], {
      env: {
        PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: w.t.config.dataDir, JAGA_LOG_LEVEL: 'info', JAGA_NODE_ID: 'node-obs',
        JAGA_SSH_ADDR: `127.0.0.1:${ports.ssh}`, JAGA_HTTP_ADDR: `127.0.0.1:${ports.http}`, JAGA_METRICS_ADDR: `127.0.0.1:${ports.metrics}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    exited = new Promise((r) => child.once('close', (code) => r(code)));
    await waitFor(() => stderr.includes('SSH gateway on'), 'jaga serve to start');
    const knownHosts = join(w.dir, 'known_hosts_obs');
    writeFileSync(knownHosts, `[127.0.0.1]:${ports.ssh} ${readFileSync(join(w.t.config.dataDir, 'ssh_host_ed25519_key.pub'), 'utf8')}`);
    clientOptions = w.clientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${knownHosts}` : o));
  });
  after(async () => {
    if (child.exitCode === null) { child.kill('SIGKILL'); await exited; }
    await w.close();
  });

  it('counts a refused connection by its code and A1 provision, a live session, the bytes relayed and the logbook appends, beside the process metrics', async () => {
    const before = await scrape();
    assert.match(before, /^nodejs_eventloop_lag_seconds \d/m, 'event-loop lag (collectDefaultMetrics)');
    assert.match(before, /^process_cpu_user_seconds_total \d/m);
    assert.match(before, /^jaga_store_up 1$/m);
    assert.match(before, /^jaga_gateway_sessions 0$/m);
    assert.match(before, /^# TYPE jaga_logbook_append_seconds histogram$/m);

    const refused = await ssh('andi:tidak-terdaftar', 'true');
    assert.notEqual(refused.status, 0);
    const live = ssh(`andi:${TARGET}`, 'read baris; sleep 2; echo hidup-di-metrik', 'masuk\n');
    await waitFor(async () => sample(await scrape(), 'jaga_gateway_sessions') === 1, 'the live session in jaga_gateway_sessions');
    const r = await live;
    assert.equal(r.stdout, 'hidup-di-metrik\n', r.stderr);
    await waitFor(async () => (await w.t.app.store.read((x) => x.gatewaySessions.listOpen())).length === 0, 'the session end to be recorded');

    const now = await scrape();
    const moved = (series: string) => sample(now, series) - sample(before, series);
    assert.ok(moved('jaga_refusals_total{code="gateway.A1d",provision="A1d"}') >= 1, now);
    assert.equal(sample(now, 'jaga_gateway_sessions'), 0);
    assert.ok(moved('jaga_gateway_bytes_total{direction="down"}') >= 'hidup-di-metrik\n'.length, now);
    assert.ok(moved('jaga_gateway_bytes_total{direction="up"}') >= 'masuk\n'.length, now);
    assert.ok(moved('jaga_logbook_append_seconds_count') >= 3, 'the refusal, the session start and its end at least');
    assert.ok(sample(now, 'jaga_logbook_entries') > sample(before, 'jaga_logbook_entries'));
    assert.match(now, /^jaga_cases_open\{step="B\d"\} \d+$/m);
  });

  it('logs JSON on stdout: the session id on every gateway line, the request id on every HTTP line, and no password or token; the banners stay on stderr', async () => {
    const login = await fetch(`http://127.0.0.1:${ports.http}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'opslog', password: OPS_PASSWORD }),
    });
    assert.equal(login.status, 200);
    const cookie = /jaga_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] as string;
    assert.ok(cookie);
    assert.equal((await fetch(`http://127.0.0.1:${ports.http}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);

    assert.match(stderr, /^SSH gateway on 127\.0\.0\.1:\d+/m, 'the banners are human text on stderr');
    for (const secret of [OPS_PASSWORD, token, cookie]) assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `a secret in the output (${secret.slice(0, 6)}…)`);
    const lines = stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) assert.equal(l['node'], 'node-obs');
    const gateway = lines.filter((l) => l['component'] === 'gateway');
    const [session] = await w.t.app.store.read((x) => x.gatewaySessions.listForCase(w.caseId));
    assert.ok(session, 'the session is stored');
    const opened = gateway.find((l) => l['msg'] === 'gateway session opened');
    assert.deepEqual(opened && [opened['sessionId'], opened['user'], opened['target'], opened['caseId']], [session.id, 'andi', TARGET, w.caseId]);
    const ended = gateway.find((l) => l['msg'] === 'gateway session ended');
    assert.deepEqual(ended && [ended['sessionId'], ended['endReason']], [session.id, 'client_closed']);
    // Every gateway line here is a connection's (the refused one's included): each names its session.
    assert.ok(gateway.length >= 2, stdout);
    for (const l of gateway) assert.equal(typeof l['sessionId'], 'string', JSON.stringify(l));
    const http = lines.filter((l) => l['req'] !== undefined || l['res'] !== undefined);
    assert.ok(http.length >= 4, stdout);
    for (const l of http) assert.equal(typeof l['reqId'], 'string', JSON.stringify(l));
    assert.ok(http.some((l) => (l['req'] as { path?: string } | undefined)?.path === '/api/v1/auth/login'));
  });
});
