/**
 * Two real `jaga serve` nodes on one PostgreSQL (and one shared data directory: the same data
 * key, host key and recordings directory, as on a shared volume): a session through node A's
 * gateway is listed, watched and terminated through node B's HTTP API, and its recording
 * downloads from node B after it ends. Node A killed mid-session: node B says clearly that the
 * session's node does not answer (logged), and node A's next start closes the session. Run twice:
 * recordings in the shared data directory, and in one S3-compatible server (s3rver; node A's
 * restart stores the killed session's recording from its spool).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import WebSocket from 'ws';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import type { LiveSessionEvent, LiveSessionInfo } from '../../src/ports/live-sessions.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import type { S3TestServer } from '../support/s3-server.js';
import { startS3Server } from '../support/s3-server.js';
import { freePort } from '../support/server-banner.js';
import { as, describeOn, stopTestPostgres } from '../support/test-app.js';

interface Node {
  readonly id: string;
  readonly child: ChildProcess;
  readonly httpPort: number;
  readonly sshPort: number;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

for (const storage of ['the shared data directory', 'S3-compatible object storage'] as const) {
describeOn('postgres', `Two jaga serve nodes on one PostgreSQL, recordings in ${storage}: any node watches and ends any session`, () => {
  let w: GatewayWorld;
  let auth: { authorization: string };
  const running = new Set<Node>();
  let s3: S3TestServer | undefined;
  const storageEnv = (): Record<string, string> => s3?.env('two-node') ?? {};

  before(async () => {
    if (storage === 'S3-compatible object storage') s3 = await startS3Server();
    w = await startGatewayWorld({ dialect: 'postgres', env: storageEnv() });
    await w.stopGateway(); // the in-process gateway; the two nodes take over its store and data directory
    const { token } = await createApiToken(w.t.app, as('koor'), { name: 'pantau-node', scope: 'full' });
    auth = { authorization: `Bearer ${token}` };
  });
  after(async () => {
    for (const n of running) { n.child.kill('SIGKILL'); await n.exited; }
    await w?.close();
    await s3?.stop();
    await stopTestPostgres();
  });

  async function startNode(id: string): Promise<Node> {
    const [sshPort, httpPort] = await Promise.all([freePort(), freePort()]);
    const db = w.t.config.database;
    assert.equal(db.dialect, 'postgres');
    const env = { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: w.t.config.dataDir, JAGA_DATABASE_URL: db.url, JAGA_NODE_ID: id,
      JAGA_SSH_ADDR: `127.0.0.1:${sshPort}`, JAGA_HTTP_ADDR: `127.0.0.1:${httpPort}`, ...storageEnv() };
    const child = spawn(process.execPath, ['bin/jaga.js', 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const node: Node = { id, child, httpPort, sshPort, exited, stderr: () => err };
    running.add(node);
    void exited.then(() => running.delete(node));
    await waitFor(() => err.includes('SSH gateway on') || child.exitCode !== null, `node ${id} to start`, 30_000);
    assert.match(err, /SSH gateway on/, err);
    return node;
  }

  /** `ssh -tt` through `node`'s gateway with the world's key, trusting the shared data directory's host key. */
  function sshTT(node: Node): string[] {
    const knownHosts = join(w.dir, `known_hosts_${node.sshPort}`);
    writeFileSync(knownHosts, `[127.0.0.1]:${node.sshPort} ${readFileSync(join(w.t.config.dataDir, 'ssh_host_ed25519_key.pub'), 'utf8')}`);
    const opts = w.clientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${knownHosts}` : o));
    return ['ssh', ...opts, '-o', 'LogLevel=ERROR', '-tt', '-p', String(node.sshPort), `andi:${TARGET}@127.0.0.1`];
  }

  const api = (node: Node, path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`http://127.0.0.1:${node.httpPort}${path}`, { ...init, headers: { ...auth, ...init.headers } });

  async function liveOn(node: Node): Promise<LiveSessionInfo[]> {
    const r = await api(node, '/api/v1/gateway/sessions');
    assert.equal(r.status, 200);
    return await r.json() as LiveSessionInfo[];
  }

  const ended = async (id: string): Promise<boolean> => typeof (await w.t.app.store.read((x) => x.gatewaySessions.findById(id)))?.endedAt === 'string';

  // Output keeps coming for a while, so a watcher that joins sees it whenever it joins.
  const TYPED = 'for i in $(seq 1 160); do echo dipantau-$((i+40)); sleep 0.25; done\r';

  it('a session through node A is listed, watched and terminated through node B; its recording downloads from node B', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const pty = runInPty(sshTT(a), [{ wait: '\\$ ' }, { send: TYPED }, { wait: 'dipantau-41' }, { wait: 'terminated by koor', timeoutMs: 40_000 }]);
    await waitFor(async () => (await liveOn(b)).length === 1, 'node B to list the session of node A');
    const [info] = await liveOn(b);
    assert.equal(info?.node, 'node-a');
    assert.equal(info.username, 'andi');
    assert.equal(info.target, TARGET);
    assert.equal((await liveOn(a))[0]?.node, 'node-a');
    const id = info.id;

    const events: LiveSessionEvent[] = [];
    let first: { type: string; info?: LiveSessionInfo } | undefined;
    const ws = new WebSocket(`ws://127.0.0.1:${b.httpPort}/api/v1/gateway/sessions/${id}/watch`, { headers: auth });
    ws.on('message', (m: Buffer) => {
      const e = JSON.parse(m.toString()) as LiveSessionEvent | { type: 'session'; info: LiveSessionInfo };
      if (e.type === 'session') first = e; else events.push(e);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code: number) => r(code)));
    const seen = () => events.filter((e) => e.type === 'o').map((e) => (e as { data: string }).data).join('');
    await waitFor(() => /dipantau-\d+\r\n/.test(seen()), 'the watcher on node B to see the session\'s output', 20_000);
    assert.equal(first?.info?.node, 'node-a');
    // asciinema-player's way (the live view page): an asciicast v2 stream of the terminal, relayed the same.
    const cast: unknown[] = [];
    const player = new WebSocket(`ws://127.0.0.1:${b.httpPort}/api/v1/gateway/sessions/${id}/watch`, 'v2.asciicast', { headers: auth });
    player.on('message', (m: Buffer) => cast.push(JSON.parse(m.toString())));
    const playerClosed = new Promise<number>((r) => player.on('close', (code: number) => r(code)));
    await waitFor(() => cast.some((e) => Array.isArray(e) && e[1] === 'o' && /dipantau-\d+/.test(String(e[2]))), 'the player on node B to get output', 20_000);
    assert.deepEqual(cast[0], { version: 2, width: 80, height: 24 });

    const term = await api(b, `/api/v1/gateway/sessions/${id}/terminate`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'uji dua node' }) });
    assert.equal(term.status, 200, await term.text());
    const r = await pty;
    assert.match(r.output.toString(), /sesi diakhiri oleh koor/);
    assert.equal(await closed, 1000);
    assert.equal(await playerClosed, 1000);
    assert.deepEqual(events.at(-1), { type: 'end', reason: 'terminated' });

    await waitFor(async () => await ended(id), 'the end to be recorded');
    const s = await w.t.app.store.read((x) => x.gatewaySessions.findById(id));
    assert.equal(s?.endReason, 'terminated');
    assert.equal(s.nodeId, 'node-a');
    const entries = await logbook(w.t);
    const koor = await w.t.app.store.read((x) => x.users.findByUsername('koor'));
    assert.ok(entries.some((e) => e.type === 'gateway.session_watched' && e.d['sessionId'] === id && e.actorId === koor?.id));
    assert.ok(entries.some((e) => e.type === 'gateway.session_terminated' && e.d['sessionId'] === id && e.d['node'] === 'node-a' && e.actorId === koor?.id));
    assert.equal(entries.find((e) => e.type === 'case.access_ended' && e.d['sessionId'] === id)?.d['terminatedBy'], 'koor');
    assert.deepEqual(await liveOn(b), []);

    // The recording, written by node A into the shared recordings directory (or the bucket), downloads from node B with its stored hash.
    const rec = s.recordings[0];
    assert.ok(rec);
    const dl = await api(b, `/api/v1/gateway/sessions/${id}/recordings/${rec.channel}`);
    assert.equal(dl.status, 200);
    const bytes = Buffer.from(await dl.arrayBuffer());
    assert.equal(dl.headers.get('x-content-sha256'), rec.sha256);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), rec.sha256);
    assert.match(bytes.toString(), /dipantau-\d+/);

    for (const n of [a, b]) n.child.kill('SIGTERM');
    assert.equal(await a.exited, 0, a.stderr());
    assert.equal(await b.exited, 0, b.stderr());
  });

  it('node A killed mid-session: node B says its node does not answer (logged), and node A\'s next start closes the session', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const pty = runInPty(sshTT(a), [{ wait: '\\$ ' }, { send: TYPED }, { wait: 'dipantau-42' }, { sleepMs: 60_000 }]);
    await waitFor(async () => (await liveOn(b)).length === 1, 'node B to list the session of node A');
    const id = (await liveOn(b))[0]?.id as string;
    // A watcher on node B when node A dies: its socket is closed once node A's relay falls silent.
    const ws = new WebSocket(`ws://127.0.0.1:${b.httpPort}/api/v1/gateway/sessions/${id}/watch`, { headers: auth });
    let seen = '';
    ws.on('message', (m: Buffer) => {
      const e = JSON.parse(m.toString()) as { type: string; data?: string };
      if (e.type === 'o') seen += e.data ?? '';
    });
    const closed = new Promise<number>((r) => ws.on('close', (code: number) => r(code)));
    // Node A dies only once the typed command's output went out (the client waits for it before it idles).
    await waitFor(() => seen.includes('dipantau-42'), 'the watcher to see the typed command\'s output');

    a.child.kill('SIGKILL');
    await a.exited;
    await pty; // the client sees its connection drop
    assert.equal(await closed, 1011);

    const term = await api(b, `/api/v1/gateway/sessions/${id}/terminate`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ reason: 'node mati' }) });
    assert.equal(term.status, 422);
    const body = await term.json() as { error: string; message: string };
    assert.equal(body.error, 'gateway_session.node_unreachable');
    assert.match(body.message, /node-a, which carries this session, did not answer; the session was not ended/);
    const refusal = (await logbook(w.t)).find((e) => e.type === 'refusal' && e.d['code'] === 'gateway_session.node_unreachable');
    assert.equal(refusal?.caseId, w.caseId);
    assert.equal((await w.t.app.store.read((x) => x.gatewaySessions.findById(id)))?.endedAt, null);

    const again = await startNode('node-a');
    await waitFor(async () => await ended(id), 'node A\'s start to close the session');
    const s = await w.t.app.store.read((x) => x.gatewaySessions.findById(id));
    assert.equal(s?.endReason, 'gateway_restart');
    assert.equal(s.recordings.length, 1);
    assert.deepEqual(await liveOn(b), []);
    for (const n of [again, b]) n.child.kill('SIGTERM');
    await Promise.all([again.exited, b.exited]);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
    const records = await verifyLogbook(w.t.app, undefined, { records: w.t.app });
    assert.equal(records.ok, true, 'every recording, wherever it is stored, has the bytes the logbook holds');
    assert.equal(records.records?.recordings, 2);
  });
});
}
