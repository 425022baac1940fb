/**
 * How gateway sessions end: client killed, target stopped, idle timeout, recording failure (fails
 * closed), SIGTERM of `jaga serve`. Each leaves a closed session with an end time, a readable
 * recording, and a logbook that verifies. Plus hostile input from a bounded fuzz client.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';

async function sessionsOf(w: GatewayWorld): Promise<GatewaySession[]> {
  return w.t.app.store.read((r) => r.gatewaySessions.listForCase(w.caseId));
}

/** Every line of every recording of the session parses (header, then events). */
function assertReadableRecordings(w: GatewayWorld, s: GatewaySession): void {
  for (const rec of s.recordings) {
    const lines = readFileSync(join(w.t.config.dataDir, 'recordings', rec.file), 'utf8').trimEnd().split('\n');
    assert.equal((JSON.parse(lines[0] as string) as { version: number }).version, 2);
    for (const l of lines.slice(1)) assert.ok(Array.isArray(JSON.parse(l)));
  }
}

const sshTT = (w: GatewayWorld, port = w.port, opts: readonly string[] = w.clientOptions): string[] =>
  ['ssh', ...opts, '-o', 'LogLevel=ERROR', '-tt', '-p', String(port), `andi:${TARGET}@127.0.0.1`];

const worlds: GatewayWorld[] = [];
async function world(o: Parameters<typeof startGatewayWorld>[0] = {}): Promise<GatewayWorld> {
  const w = await startGatewayWorld(o);
  worlds.push(w);
  return w;
}

describe('SSH gateway: how sessions end', () => {
  after(async () => { for (const w of worlds) await w.close().catch(() => {}); });

  it('client killed mid-session: the session closes with an end time and a readable recording', async () => {
    const w = await world();
    const r = await runInPty(sshTT(w), [{ wait: '\\$ ' }, { send: 'echo mulai\r' }, { wait: 'mulai\r\n' }, { kill: 'SIGKILL' }]);
    assert.equal(r.status, -9);
    await settled(w);
    const [s] = await sessionsOf(w);
    assert.ok(s?.endedAt);
    assert.equal(s.endReason, 'client_closed');
    assert.equal(s.recordings.length, 1);
    assertReadableRecordings(w, s);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('target stopped mid-session: the client is told, the session closes as target_closed', async () => {
    const w = await world();
    const pty = runInPty(sshTT(w), [{ wait: '\\$ ' }, { send: 'echo siap\r' }, { wait: 'siap\r\n' }, { wait: 'terputus', timeoutMs: 20_000 }]);
    await waitFor(() => w.gateway.live.list().some((l) => l.bytesDown > 0 && l.channels.length > 0), 'a live session with output');
    await new Promise((r) => setTimeout(r, 500));
    await w.sshd.stop();
    const r = await pty;
    assert.match(r.output.toString(), /the connection to the target was lost/);
    await settled(w);
    const [s] = await sessionsOf(w);
    assert.equal(s?.endReason, 'target_closed');
    assert.ok(s.endedAt);
    assertReadableRecordings(w, s);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('idle timeout: a session without traffic is ended and told why', async () => {
    const w = await world({ idleTimeoutSeconds: 1 });
    const r = await w.ssh('sleep 20', { timeoutMs: 15_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /without activity/);
    await settled(w);
    const [s] = await sessionsOf(w);
    assert.equal(s?.endReason, 'idle_timeout');
  });

  it('recording fails closed: a recording that cannot be written at all refuses the shell; one that fails mid-session ends it', async () => {
    let budget = Infinity;
    const opener = async (path: string): Promise<FileHandle> => {
      if (budget === 0) return open('/dev/full', 'w'); // every write: ENOSPC
      const fh = await open(path, 'wx', 0o600);
      const write = fh.write.bind(fh) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
      return Object.assign(fh, {
        write: async (b: Buffer, o: number, l: number) => {
          budget -= l;
          if (budget < 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          return write(b, o, l);
        },
      });
    };
    const w = await world({ recordingOpener: opener });
    budget = 0;
    const none = await runInPty(sshTT(w), [{ wait: 'recording failed' }]);
    assert.match(none.output.toString(), /perekaman sesi gagal/);
    await settled(w);
    budget = 20_000;
    const mid = await runInPty(sshTT(w), [{ wait: '\\$ ' }, { send: 'seq 1 200000\r' }, { wait: 'recording failed', timeoutMs: 20_000 }]);
    assert.match(mid.output.toString(), /session recording failed; the session is ended/);
    await settled(w);
    const sessions = await sessionsOf(w);
    assert.equal(sessions.length, 2);
    for (const s of sessions) assert.equal(s.endReason, 'recording_failed');
    assert.ok((await logbook(w.t)).some((e) => e.type === 'gateway.recording_failed'));
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('hostile input: random bytes and truncated handshakes never crash the gateway or disturb a live session', async () => {
    const w = await world();
    // A live interactive session that echoes through `cat` the whole time.
    const pty = runInPty(sshTT(w), [{ wait: '\\$ ' }, { send: 'cat\r' }, { sleepMs: 300 }, { send: 'sebelum\r' }, { wait: 'sebelum\r\n' },
      { sleepMs: 4000 }, { send: 'sesudah\r' }, { wait: 'sesudah\r\n' }, { send: '\x04' }, { wait: '\\$ ' }, { send: 'exit\r' }]);
    await waitFor(() => w.gateway.live.list().length === 1, 'the live session');
    const banner = 'SSH-2.0-OpenSSH_9.2\r\n';
    const payloads = (i: number): Buffer => {
      switch (i % 5) {
        case 0: return randomBytes(1 + (i * 37) % 3000);
        case 1: return Buffer.from(banner);
        case 2: return Buffer.concat([Buffer.from(banner), randomBytes(64)]);
        case 3: return Buffer.concat([Buffer.from(banner), Buffer.from([0, 0, 0x7f, 0xff, 4, 20]), randomBytes(100)]); // huge packet length
        default: return Buffer.from('SSH-1.5-kuno\r\n');
      }
    };
    const deadline = Date.now() + 3000;
    let sent = 0;
    for (let i = 0; i < 150 && Date.now() < deadline; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => new Promise<void>((resolve) => {
        const sock = connect({ host: '127.0.0.1', port: w.port }, () => {
          sock.write(payloads(i + k));
          if ((i + k) % 3 === 0) sock.destroy(); else sock.end();
        });
        sock.setTimeout(2000, () => sock.destroy());
        sock.on('error', () => {});
        sock.on('close', () => resolve());
        sock.resume();
      })));
      sent += 10;
    }
    assert.ok(sent >= 50);
    const r = await pty;
    assert.equal(r.status, 0, r.output.toString());
    // A flood of idle half-open connections from one address does not lock out another.
    const idle = await Promise.all(Array.from({ length: 70 }, () => new Promise<Socket>((resolve) => {
      const sock = connect({ host: '127.0.0.1', port: w.port, localAddress: '127.0.0.9' }, () => resolve(sock));
      sock.on('error', () => {});
      sock.resume();
    })));
    const after = await w.ssh('echo masih-hidup');
    assert.equal(after.stdout, 'masih-hidup\n', after.stderr);
    for (const sock of idle) sock.destroy();
    await settled(w);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('SIGTERM of `jaga serve`: live sessions are told, closed as shutdown with their recordings, then the process exits', async () => {
    const w = await world();
    await w.stopGateway(); // the in-process one; a real `jaga serve` takes over the same data directory
    const serve = await startServe(w);
    const pty = runInPty(sshTT(w, serve.sshPort, serve.clientOptions), [{ wait: '\\$ ' }, { send: 'echo hidup\r' }, { wait: 'hidup\r\n' }, { wait: 'shutting down', timeoutMs: 20_000 }]);
    await waitFor(async () => (await w.t.app.store.read((r) => r.gatewaySessions.listOpen())).length === 1, 'the session to open');
    await new Promise((r) => setTimeout(r, 700));
    serve.child.kill('SIGTERM');
    const r = await pty;
    assert.match(r.output.toString(), /gateway dihentikan/);
    assert.equal(await serve.exited, 0, serve.stderr());
    const [s] = await sessionsOf(w);
    assert.equal(s?.endReason, 'shutdown');
    assert.ok(s.endedAt);
    assertReadableRecordings(w, s);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('SIGKILL of `jaga serve`: the next start closes the session it left open, with an end time and the recording\'s hash', async () => {
    const w = await world();
    await w.stopGateway();
    const first = await startServe(w);
    const pty = runInPty(sshTT(w, first.sshPort, first.clientOptions), [{ wait: '\\$ ' }, { send: 'echo sebelum-mati\r' }, { wait: 'sebelum-mati\r\n' }, { sleepMs: 20_000 }]);
    await waitFor(async () => (await w.t.app.store.read((r) => r.gatewaySessions.listOpen())).length === 1, 'the session to open');
    await new Promise((r) => setTimeout(r, 700));
    first.child.kill('SIGKILL');
    await first.exited;
    await pty; // the client sees its connection drop
    const [left] = await w.t.app.store.read((r) => r.gatewaySessions.listOpen());
    assert.ok(left, 'the killed process could not record the end');
    const second = await startServe(w);
    await waitFor(async () => (await w.t.app.store.read((r) => r.gatewaySessions.listOpen())).length === 0, 'the abandoned session to be closed');
    second.child.kill('SIGTERM');
    await second.exited;
    const s = await w.t.app.store.read((r) => r.gatewaySessions.findById(left.id));
    assert.equal(s?.endReason, 'gateway_restart');
    assert.ok(s.endedAt && s.endedAt > s.startedAt);
    assert.equal(s.recordings.length, 1);
    assert.equal(s.recordings[0]?.sha256, createHash('sha256').update(readFileSync(join(w.t.config.dataDir, 'recordings', s.recordings[0]?.file ?? ''))).digest('hex'));
    const c = await w.t.app.store.read((r) => r.cases.findById(w.caseId));
    assert.equal(c?.accesses.find((a) => a.id === left.id)?.endedAt, s.endedAt);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });
});

/** A real `jaga serve` process over the world's data directory, with the client options for its gateway host key. */
async function startServe(w: GatewayWorld): Promise<{ child: ChildProcess; sshPort: number; clientOptions: string[]; exited: Promise<number | null>; stderr(): string }> {
  const [sshPort, httpPort] = await Promise.all([freePort(), freePort()]);
  const env = { ...process.env, JAGA_DATA_DIR: w.t.config.dataDir, JAGA_SSH_ADDR: `127.0.0.1:${sshPort}`, JAGA_HTTP_ADDR: `127.0.0.1:${httpPort}` };
  const child = spawn(process.execPath, ['bin/jaga.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  child.stdout?.resume();
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  await waitFor(() => err.includes('SSH gateway on'), 'jaga serve to start');
  const knownHosts = join(w.dir, `known_hosts_serve_${sshPort}`);
  writeFileSync(knownHosts, `[127.0.0.1]:${sshPort} ${readFileSync(join(w.t.config.dataDir, 'ssh_host_ed25519_key.pub'), 'utf8')}`);
  const clientOptions = w.clientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${knownHosts}` : o));
  return { child, sshPort, clientOptions, exited, stderr: () => err };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
