import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { checkpointPayload } from '../../src/domain/logbook/checkpoint.js';
import { loadConfig } from '../../src/config/config.js';
import { scheduleCheckpoints } from '../../src/main/serve-run.js';
import { loadOrCreateSigner } from '../../src/adapters/system/ed25519-signer.js';
import type { LoggedChild } from '../support/logged-child.js';
import { spawnLogged } from '../support/logged-child.js';
import { appendTestEntries, cutTailAndResign } from '../support/logbook-attacks.js';
import type { TestApp } from '../support/test-app.js';
import { openTestApp } from '../support/test-app.js';
import { waitFor } from '../support/gateway-world.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JAGA = join(ROOT, 'bin/jaga.js');

function jaga(dataDir: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [JAGA, ...args], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/*
 * Another installation's witness (`jaga witness serve`, a real process on loopback) and a witness
 * directory receive the checkpoints `jaga serve` makes on its schedule; root on the Jaga host then
 * cuts the logbook's tail and re-makes its checkpoints, which only the witnesses reveal.
 */
describe('witnessed checkpoints, end to end', () => {
  let t: TestApp;
  let dir: string;
  let witness: LoggedChild;
  let url: string;
  before(async () => {
    t = await openTestApp('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'jaga-witness-e2e-'));
    const pub = jaga(t.config.dataDir, ['logbook', 'public-key']);
    assert.equal(pub.status, 0, pub.stderr);
    writeFileSync(join(dir, 'installation.pub'), `${pub.stdout}`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    witness = spawnLogged(process.execPath, [JAGA, 'witness', 'serve', '--dir', join(dir, 'held'), '--listen', `127.0.0.1:${port}`,
      '--public-key', join(dir, 'installation.pub')], join(dir, 'witness.log'));
    await waitFor(async () => (await fetch(`${url}/checkpoints`).catch(() => null))?.status === 200, 'the witness listens');
  });
  after(async () => {
    witness.child.kill('SIGTERM');
    // The child is unref'd: polling keeps this process alive until it has gone.
    await waitFor(() => witness.exitInfo() !== undefined, 'the witness to stop');
    assert.equal(witness.exitInfo(), 'code 0');
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (n: number) => appendTestEntries(t, n);


  it('pushes scheduled checkpoints to both witnesses, and verify --witness catches the tail cut after them', async () => {
    const witnesses = `dir:${join(dir, 'mount')},${url}`;
    const config = loadConfig({ JAGA_DATA_DIR: t.config.dataDir, JAGA_WITNESSES: witnesses, JAGA_CHECKPOINT_INTERVAL: '0' });
    const lines: string[] = [];
    const sched = scheduleCheckpoints({ ...t.app, config }, (l) => lines.push(l));
    await append(20);
    await sched.tick();
    await sched.tick(); // no new entries: no new checkpoint
    await append(5);
    await sched.tick();
    await sched.pusher.settle();
    sched.stop();
    assert.deepEqual(lines, []);
    const held = (JSON.parse(await (await fetch(`${url}/checkpoints`)).text()) as { seq: number }[]).map((c) => c.seq);
    assert.equal(held.length, 2);
    assert.deepEqual(readdirSync(join(dir, 'mount')).length, 2);
    const [first = 0] = held;

    const args = ['logbook', 'verify', '--witness', `dir:${join(dir, 'mount')}`, '--witness', url];
    const clean = jaga(t.config.dataDir, args);
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /4 checkpoints from 2 witnesses match the chain/);

    // Root on the host: the tail after entry 10 goes, head and checkpoints are made anew.
    await cutTailAndResign(t, 10);
    assert.equal(jaga(t.config.dataDir, ['logbook', 'verify']).status, 0, 'without a witness the cut is not visible');
    const cut = jaga(t.config.dataDir, args);
    assert.equal(cut.status, 7);
    assert.match(cut.stderr, new RegExp(`Logbook truncated: witness dir:\\S+ holds checkpoint #${first}, past the last entry #10`));
  });

  it('the witness refuses a checkpoint signed by another key, and one that rewrites what it holds', async () => {
    const list = JSON.parse(await (await fetch(`${url}/checkpoints`)).text()) as { seq: number; hash: string; at: string; keyId: string; signature: string }[];
    const held = list[0];
    assert.ok(held);
    const forger = loadOrCreateSigner(join(dir, 'forger.pem'));
    const forged = { ...held, seq: held.seq + 1000 };
    const post = (body: unknown) => fetch(`${url}/checkpoints`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.equal((await post({ ...forged, signature: forger.sign(checkpointPayload(forged)) })).status, 403);
    const rewritten = { ...held, hash: 'f'.repeat(64) };
    const r = await post({ ...rewritten, signature: t.app.signer.sign(checkpointPayload(rewritten)) });
    assert.equal(r.status, 409);
    assert.match(await r.text(), /cannot be rewritten/);
    assert.equal((JSON.parse(await (await fetch(`${url}/checkpoints`)).text()) as unknown[]).length, list.length);
  });

  it('`jaga serve` makes checkpoints on its schedule and pushes them, logging a witness that is down without waiting for it', async () => {
    await append(3);
    const [httpPort, sshPort, deadPort] = [await freePort(), await freePort(), await freePort()];
    const dead = `http://127.0.0.1:${deadPort}`;
    const log = join(dir, 'serve.log');
    const serve = spawnLogged('/usr/bin/env', [`JAGA_DATA_DIR=${t.config.dataDir}`, `JAGA_HTTP_ADDR=127.0.0.1:${httpPort}`, `JAGA_SSH_ADDR=127.0.0.1:${sshPort}`,
      `JAGA_WITNESSES=dir:${join(dir, 'scheduled')},${dead},${url}`, 'JAGA_CHECKPOINT_INTERVAL=10', process.execPath, JAGA, 'serve'], log);
    try {
      // Generous: `jaga serve` starts beside other suites on a shared machine; its log says why if not.
      await waitFor(() => { try { return readdirSync(join(dir, 'scheduled')).some((n) => n.startsWith('checkpoint-')); } catch { return false; } }, 'a checkpoint in the witness directory', 60_000)
        .catch((err: Error) => assert.fail(`${err.message}; jaga serve's log:\n${readFileSync(log, 'utf8')}`));
      const head = await t.app.store.read((r) => r.logbook.readHead());
      assert.deepEqual(readdirSync(join(dir, 'scheduled')).filter((n) => !n.startsWith('.tmp-')), [`checkpoint-${String(head.seq).padStart(12, '0')}.json`]);
      await waitFor(async () => (JSON.parse(await (await fetch(`${url}/checkpoints`)).text()) as { seq: number }[]).some((c) => c.seq === head.seq), 'the HTTP witness to hold it');
      await waitFor(() => readFileSync(log, 'utf8').includes(`witness ${dead}/: checkpoint #${head.seq} not delivered (attempt 1/5, 1 failures since start)`), 'the dead witness in the operator log');
    } finally {
      serve.child.kill('SIGTERM');
      await waitFor(() => serve.exitInfo() !== undefined, '`jaga serve` to stop', 30_000);
    }
    assert.equal(serve.exitInfo(), 'code 0', readFileSync(log, 'utf8'));
  });

  it('uses a signing key kept outside the data directory, and refuses one others may write', () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'jaga-key-'));
    try {
      const key = join(keyDir, 'jaga-signing.pem');
      copyFileSync(t.config.signingKeyFile, key);
      chmodSync(key, 0o440);
      const env = { JAGA_SIGNING_KEY_FILE: key };
      const ok = jaga(t.config.dataDir, ['logbook', 'public-key'], env);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout.trim(), t.app.signer.publicKeyPem.trim());
      chmodSync(key, 0o666);
      const refused = jaga(t.config.dataDir, ['logbook', 'verify'], env);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /writable by its group or by everyone \(mode 0666\).*chmod go-w/);
      const missing = jaga(t.config.dataDir, ['logbook', 'verify'], { JAGA_SIGNING_KEY_FILE: join(keyDir, 'absent.pem') });
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /cannot be read: ENOENT/);
      assert.equal(readFileSync(t.config.signingKeyFile, 'utf8').includes('PRIVATE KEY'), true);
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
