/**
 * The SSH gateway under the things a careless or hostile client (or target) does: odd exit
 * signals, a shell without a pty, leaving mid-handshake, withholding its window, a stream the
 * SFTP observer cannot follow, repeated refusals; and rules that change while a session lasts.
 * Real OpenSSH clients and sshd where the behaviour is reachable with them; the ssh2 client where
 * a stock client cannot be made to misbehave that way.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { loadOrCreateHostKey } from '../../src/gateway/host-key.js';
import { startSshGateway } from '../../src/gateway/ssh-gateway.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, newKeyPair, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { runClient } from '../support/sshd.js';
import { as } from '../support/test-app.js';

const worlds: GatewayWorld[] = [];
async function world(o: Parameters<typeof startGatewayWorld>[0] = {}): Promise<GatewayWorld> {
  const w = await startGatewayWorld(o);
  worlds.push(w);
  return w;
}

async function sessionsOf(w: GatewayWorld): Promise<GatewaySession[]> {
  return w.t.app.store.read((r) => r.gatewaySessions.listForCase(w.caseId));
}

/** An ssh2 client logged in through the gateway as andi (for what stock clients will not do). */
function ssh2Client(w: GatewayWorld, opts: { debug?: (line: string, client: ssh2.Client) => void } = {}): { client: ssh2.Client; ready: Promise<void>; closed: Promise<void> } {
  const client = new ssh2.Client();
  client.on('error', () => {});
  const ready = new Promise<void>((resolve, reject) => { client.once('ready', resolve); client.once('close', () => reject(new Error('closed before ready'))); });
  ready.catch(() => {});
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  client.connect({
    host: '127.0.0.1', port: w.port, username: `andi:${TARGET}`, privateKey: readFileSync(w.keyPath, 'utf8'), hostVerifier: () => true,
    ...(opts.debug ? { debug: (line: string) => opts.debug?.(line, client) } : {}),
  });
  return { client, ready, closed };
}

const execOn = (c: ssh2.Client, command: string): Promise<ClientChannel> =>
  new Promise((resolve, reject) => c.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))));

describe('SSH gateway: hardening', () => {
  after(async () => { for (const w of worlds) await w.close().catch(() => {}); });

  it('an exit signal SSH has no name for (kill -BUS) reaches the client as status 255, is logged, and the gateway keeps serving', async () => {
    const w = await world();
    const r = await w.ssh('echo sebelum; kill -BUS $$');
    assert.equal(r.stdout, 'sebelum\n');
    assert.equal(r.status, 255);
    const again = await w.ssh('echo masih-hidup');
    assert.equal(again.stdout, 'masih-hidup\n', again.stderr);
    await settled(w);
    const exec = (await logbook(w.t)).find((e) => e.type === 'gateway.exec' && String(e.d['command']).includes('kill -BUS'));
    assert.match(String(exec?.d['signal']), /@openssh\.com$/, 'the name sshd sends for a signal outside RFC 4254 (SIG@openssh.com) is kept as it came');
  });

  it('a shell without a pty (ssh -T, commands piped in) is recorded like any interactive shell', async () => {
    const w = await world();
    const r = await runClient('ssh', [...w.clientOptions, '-T', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], { input: 'echo PERINTAH-TANPA-PTY; id -un\nexit\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /PERINTAH-TANPA-PTY/);
    await settled(w);
    const [s] = await sessionsOf(w);
    assert.equal(s?.recordings.length, 1);
    const cast = readFileSync(join(w.t.config.dataDir, 'recordings', s.recordings[0]?.file as string), 'utf8');
    const [header, ...events] = cast.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    assert.equal((header as { version: number; jaga: { pty: boolean } }).version, 2);
    assert.equal((header as { jaga: { pty: boolean } }).jaga.pty, false);
    const typed = (events as [number, string, string][]).filter((e) => e[1] === 'i').map((e) => e[2]).join('');
    const shown = (events as [number, string, string][]).filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    assert.match(typed, /echo PERINTAH-TANPA-PTY/);
    assert.match(shown, new RegExp(`PERINTAH-TANPA-PTY\\n${w.sshd.user}\\n`));
  });

  it('so is a command without a pty (ssh host bash, commands piped in), in full: no cut-off', async () => {
    const w = await world();
    const r = await w.ssh('bash', { input: 'echo LEWAT-EXEC\nhead -c 6000000 /dev/zero | tr "\\0" x\n' });
    assert.equal(r.status, 0, r.stderr.slice(0, 500));
    assert.equal(r.stdout.length, 'LEWAT-EXEC\n'.length + 6_000_000);
    await settled(w);
    const [s] = await sessionsOf(w);
    assert.equal(s?.recordings.length, 1);
    const cast = readFileSync(join(w.t.config.dataDir, 'recordings', s.recordings[0]?.file as string), 'utf8');
    const header = JSON.parse(cast.slice(0, cast.indexOf('\n'))) as { jaga: { kind: string; command: string; pty: boolean; treatment: string } };
    assert.deepEqual([header.jaga.kind, header.jaga.command, header.jaga.pty, header.jaga.treatment], ['exec', 'bash', false, 'recorded']);
    assert.match(cast, /echo LEWAT-EXEC/);
    assert.ok(!cast.includes('dipotong'), 'no truncation marker');
    const shown = cast.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string]).filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    assert.equal(shown, r.stdout, 'the recording holds all of the output');
    const exec = (await logbook(w.t)).find((e) => e.type === 'gateway.exec' && e.d['command'] === 'bash');
    assert.equal(exec?.d['bytesDown'], 'LEWAT-EXEC\n'.length + 6_000_000, 'the byte count covers all of it');
  });

  it('what is typed at a password prompt is not in the recording (the command and its result are)', async () => {
    const w = await world();
    const r = await runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      { wait: '\\$ ' }, { send: "read -s -p 'Password: ' P; echo; echo panjang-${#P}\r" }, { wait: "[^']Password: " },
      { send: 'RahasiaSekali42\r' }, { wait: 'panjang-15' }, { wait: '\\$ ' }, { send: 'exit\r' },
    ]);
    assert.equal(r.status, 0, r.output.toString());
    await settled(w);
    const [s] = await sessionsOf(w);
    const cast = readFileSync(join(w.t.config.dataDir, 'recordings', s?.recordings[0]?.file as string), 'utf8');
    assert.ok(!cast.includes('RahasiaSekali42'), 'the typed password is not recorded');
    const input = cast.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string]).filter((e) => e[1] === 'i').map((e) => e[2]).join('');
    assert.ok(input.includes(`${'*'.repeat(15)}\r`), `the keystrokes are there, masked: ${JSON.stringify(input)}`);
    assert.match(cast, /panjang-15/);
    assert.match(cast, /read -s -p/);
  });

  it('a client that leaves while the gateway is still reaching the target leaves no session, no live entry and no held slot behind', async () => {
    const w = await world();
    // 20 times (more than the 16 unauthenticated connections one address may hold): each client
    // vanishes right after its signed publickey request, while the gateway decides and connects.
    for (let i = 0; i < 20; i++) {
      let sent = false;
      const { closed } = ssh2Client(w, {
        debug: (line, client) => {
          if (!sent && /Outbound: Sending USERAUTH_REQUEST \(publickey\)/.test(line)) {
            sent = true;
            setImmediate(() => (client as unknown as { _sock: { destroy(): void } })._sock.destroy());
          }
        },
      });
      await closed;
    }
    await settled(w);
    assert.equal(w.gateway.live.list().length, 0);
    for (const s of await sessionsOf(w)) assert.ok(s.endedAt, 'every session that was opened has ended');
    const r = await w.ssh('echo masuk');
    assert.equal(r.stdout, 'masuk\n', r.stderr);
    await settled(w);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('a client that stops reading cannot hold a terminated session open, and nothing it sends after the termination reaches the target', async () => {
    const w = await world();
    const { client, ready } = ssh2Client(w);
    await ready;
    const file = `/tmp/jaga-stall-${process.pid}-${Date.now()}`;
    // The target floods output the client never reads, while the client keeps typing into cat.
    const ch = await execOn(client, `sh -c 'yes & exec cat > ${file}'`);
    ch.pause();
    ch.stderr.resume();
    const typing = setInterval(() => ch.write('diketik\n'), 50);
    try {
      await waitFor(() => w.gateway.live.list().some((l) => l.bytesUp > 0), 'typing to reach the target');
      const [live] = w.gateway.live.list();
      const t0 = Date.now();
      assert.equal(await w.gateway.live.terminate(live?.id as string, 'koor'), true);
      assert.ok(Date.now() - t0 < 10_000, `terminate took ${Date.now() - t0} ms`);
      await new Promise((r) => setTimeout(r, 300));
      const size = statSync(file).size;
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(statSync(file).size, size, 'input after the termination did not reach the target');
      const [s] = await sessionsOf(w);
      assert.equal(s?.endReason, 'terminated');
      assert.ok(s.endedAt);
    } finally {
      clearInterval(typing);
      client.end();
    }
  });

  it('an SFTP stream the observer cannot follow ends the channel with a message instead of going on unlogged', async () => {
    const w = await world();
    const { client, ready } = ssh2Client(w);
    await ready;
    const ch = await new Promise<ClientChannel>((resolve, reject) => client.subsys('sftp', (err, c) => (err ? reject(err) : resolve(c))));
    let stderr = '';
    ch.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    ch.resume();
    const closed = new Promise<void>((r) => ch.once('close', () => r()));
    ch.write(Buffer.from([0, 0, 0, 5, 99, 0, 0, 0, 3])); // a packet of type 99 where SSH_FXP_INIT must come
    await closed;
    client.end();
    assert.match(stderr, /can no longer be logged/);
    await settled(w);
    const op = (await logbook(w.t)).find((e) => e.type === 'gateway.file_transfer' && e.d['op'] === 'unparseable');
    assert.ok(op, 'the unobservable stream is in the logbook');
  });

  it('access is decided again while a session lasts: a session over a VPN ends when its case moves on to B5 (intranet only)', async () => {
    const w = await world({ officeCidrs: ['127.0.0.1/32'], recheckSeconds: 1 });
    await createNetwork(w.t.app, as('super'), { name: 'vpn-loop', unit: 'gorontalo', kind: 'vpn', cidrs: ['127.0.0.3/32'], intranet: false });
    const running = w.ssh('echo tersambung; sleep 30', { extra: ['-b', '127.0.0.3'], timeoutMs: 40_000, totp: true });
    await waitFor(() => w.gateway.live.list().some((l) => l.bytesDown > 0), 'the VPN session to be live');
    await recordRestoration(w.t.app, as('andi'), w.caseId, { initialFix: 'layanan dijalankan ulang' });
    const r = await running;
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /akses dicabut \(A1e: .*access revoked/);
    await settled(w);
    const [s] = await sessionsOf(w);
    assert.equal(s?.endReason, 'access_revoked');
    const refusal = (await logbook(w.t)).find((e) => e.type === 'refusal' && e.d['action'] === 'gateway.recheck');
    assert.equal((refusal?.d['details'] as Record<string, unknown> | undefined)?.['rule'], 'A1e');
    assert.equal(refusal?.caseId, w.caseId);
  });

  it('a second node starting on the same store leaves the first node\'s live session alone (nodes may share one store)', async () => {
    const w = await world({ heartbeatMs: 200 });
    const running = w.ssh('echo hidup; sleep 30', { timeoutMs: 40_000 });
    await waitFor(() => w.gateway.live.list().some((l) => l.bytesDown > 0), 'a live session on node-a');
    const b = await startSshGateway({ ...w.t.app, clock: { now: () => new Date() }, recordings: new LocalRecordingStore(join(w.dir, 'recordings-b')) }, {
      host: '127.0.0.1', port: 0, hostKey: loadOrCreateHostKey(join(w.dir, 'node_b_host_key'), w.t.app.sshKeys).privateKey,
      idleTimeoutSeconds: 0, nodeId: 'node-b', heartbeatMs: 200,
    });
    try {
      await new Promise((r) => setTimeout(r, 800)); // several heartbeats of both nodes
      const [s] = await sessionsOf(w);
      assert.equal(s?.endedAt, null, 'still open');
      assert.equal(s.nodeId, 'node-a');
      assert.ok(s.heartbeatAt && Date.parse(s.heartbeatAt) > Date.parse(s.startedAt), 'node-a keeps confirming it');
      assert.equal(w.gateway.live.list().length, 1);
    } finally {
      await b.close();
    }
    assert.equal(await w.gateway.live.terminate(w.gateway.live.list()[0]?.id as string, 'koor'), true);
    await running;
    const [s] = await sessionsOf(w);
    assert.equal(s?.endReason, 'terminated');
  });

  it('an address refused 20 times in a minute is turned away for a while (logged once); other addresses are not', async () => {
    const w = await world({ officeCidrs: ['127.0.0.0/24'] });
    const stranger = newKeyPair(w.dir, 'stranger');
    const opts = w.clientOptions.map((o) => (o === w.keyPath ? stranger.path : o));
    const attempt = (): ReturnType<typeof runClient> =>
      runClient('ssh', [...opts, '-b', '127.0.0.4', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`, '--', 'true']);
    for (let i = 0; i < 20; i++) {
      const r = await attempt();
      assert.match(r.stderr, /\[A1a\]/, `attempt ${i + 1}: ${r.stderr}`);
    }
    const blocked = await attempt();
    assert.equal(blocked.status, 255);
    assert.doesNotMatch(blocked.stderr, /REFUSED/, 'turned away before any SSH: no refusal line, no logbook entry');
    const ok = await w.ssh('echo kantor-lain');
    assert.equal(ok.stdout, 'kantor-lain\n', ok.stderr);
    const entries = await logbook(w.t);
    const blocks = entries.filter((e) => e.type === 'gateway.source_blocked');
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.d['sourceIp'], '127.0.0.4');
    assert.equal(entries.filter((e) => e.type === 'refusal' && e.d['code'] === 'gateway.A1a').length, 20);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });
});
