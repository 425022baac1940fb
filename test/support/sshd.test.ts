import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { processAlive, runClient, sshdProcessTree, startSshd, type TestSshd } from './sshd.js';

let sshd: TestSshd;
let local: string; // client-side scratch directory

before(async () => {
  sshd = await startSshd();
  local = mkdtempSync(join(tmpdir(), 'jaga-sshd-client-'));
});
after(async () => {
  await sshd.stop();
  rmSync(local, { recursive: true, force: true });
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Remote path in a per-test scratch directory under the login account's home. */
async function remoteDir(name: string): Promise<string> {
  const dir = `jaga-harness-${process.pid}-${name}`;
  const r = await sshd.exec(`rm -rf ${dir} && mkdir ${dir}`);
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

test('exec runs commands as the non-root login account', async () => {
  assert.equal(sshd.host, '127.0.0.1');
  assert.equal(sshd.user, 'jagatest');
  const r = await sshd.exec('id -u && whoami');
  assert.equal(r.status, 0, r.stderr);
  const [uid, name] = r.stdout.trim().split('\n');
  assert.ok(Number(uid) > 0, `uid ${uid} is not root`);
  assert.equal(name, 'jagatest');
  assert.equal(r.stderr, '');

  const failing = await sshd.exec('echo oops >&2; exit 7');
  assert.equal(failing.status, 7);
  assert.equal(failing.stderr, 'oops\n');
});

test('exec passes stdin through', async () => {
  const input = 'line one\nline two ünïcödé\n';
  const r = await sshd.exec('cat', { input });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, input);

  const empty = await sshd.exec('cat'); // no input: stdin is at EOF, cat does not hang
  assert.deepEqual(empty, { status: 0, stdout: '', stderr: '' });
});

test('keys and fingerprint are in the expected formats', () => {
  assert.match(sshd.hostPublicKey, /^ssh-ed25519 [A-Za-z0-9+/]+=*$/);
  assert.match(sshd.hostKeyFingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.match(sshd.clientKey.publicKey, /^ssh-ed25519 [A-Za-z0-9+/]+=*$/);
  assert.match(sshd.clientKey.privateKey, /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
  assert.equal(readFileSync(sshd.clientKey.privateKeyPath, 'utf8'), sshd.clientKey.privateKey);
  // The fingerprint is SHA-256 over the key blob, unpadded base64.
  const blob = Buffer.from(sshd.hostPublicKey.split(' ')[1] ?? '', 'base64');
  assert.equal(sshd.hostKeyFingerprint, `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`);
});

test('the host key fingerprint matches what ssh-keyscan sees on the wire', async () => {
  const scan = await runClient('ssh-keyscan', ['-p', String(sshd.port), '-t', 'ed25519', '127.0.0.1']);
  assert.equal(scan.status, 0, scan.stderr);
  assert.match(scan.stdout, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `, 'm'));
  const lf = await runClient('ssh-keygen', ['-lf', '-'], { input: scan.stdout });
  assert.equal(lf.status, 0, lf.stderr);
  const fingerprints = lf.stdout.match(/SHA256:[A-Za-z0-9+/]+/g);
  assert.deepEqual(fingerprints, [sshd.hostKeyFingerprint]);
});

for (const mode of ['sftp protocol', 'legacy -O'] as const) {
  test(`a 1 MiB binary upload with scp (${mode}) arrives intact`, async () => {
    const data = randomBytes(1024 * 1024);
    const file = join(local, `upload-${mode === 'legacy -O' ? 'legacy' : 'sftp'}.bin`);
    writeFileSync(file, data);
    const dir = await remoteDir(`scp-${mode === 'legacy -O' ? 'legacy' : 'sftp'}`);
    const scp = await runClient('scp', [
      ...(mode === 'legacy -O' ? ['-O'] : []), '-q', ...sshd.clientOptions, '-P', String(sshd.port),
      file, `${sshd.user}@${sshd.host}:${dir}/upload.bin`,
    ]);
    assert.equal(scp.status, 0, scp.stderr);
    const sum = await sshd.exec(`sha256sum ${dir}/upload.bin && stat -c %s ${dir}/upload.bin`);
    assert.equal(sum.status, 0, sum.stderr);
    const [hashLine, size] = sum.stdout.trim().split('\n');
    assert.equal(hashLine?.split(' ')[0], sha256(data));
    assert.equal(size, String(data.length));
    await sshd.exec(`rm -rf ${dir}`);
  });
}

test('sftp in batch mode can put and get', async () => {
  const data = randomBytes(256 * 1024);
  const up = join(local, 'sftp-up.bin');
  const down = join(local, 'sftp-down.bin');
  writeFileSync(up, data);
  const dir = await remoteDir('sftp');
  const r = await runClient('sftp', ['-b', '-', ...sshd.clientOptions, '-P', String(sshd.port), `${sshd.user}@${sshd.host}`], {
    input: `cd ${dir}\nput ${up} file.bin\nls -l\nget file.bin ${down}\nrm file.bin\n`,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /file\.bin/);
  assert.equal(sha256(readFileSync(down)), sha256(data));
  const gone = await sshd.exec(`test -e ${dir}/file.bin; echo $?; rm -rf ${dir}`);
  assert.equal(gone.stdout.trim(), '1', 'sftp rm removed the remote file');
});

test('strict host key checking is really on', async () => {
  // A known_hosts entry with a different key for the same [host]:port must make ssh refuse.
  const other = await startSshd();
  try {
    const wrongKnownHosts = join(local, 'wrong_known_hosts');
    writeFileSync(wrongKnownHosts, `[127.0.0.1]:${sshd.port} ${other.hostPublicKey}\n`);
    const opts = sshd.clientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${wrongKnownHosts}` : o));
    const r = await runClient('ssh', [...opts, '-p', String(sshd.port), `${sshd.user}@127.0.0.1`, '--', 'true']);
    assert.equal(r.status, 255);
    assert.match(r.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  } finally {
    await other.stop();
  }
});

test('root login is refused, even with the accepted key', async () => {
  const r = await runClient('ssh', [...sshd.clientOptions, '-p', String(sshd.port), 'root@127.0.0.1', '--', 'id -u']);
  assert.equal(r.status, 255);
  assert.match(r.stderr, /Permission denied/);
  assert.equal(r.stdout, '');
  // A later login by the test account still works (no per-source penalty after the failure).
  assert.equal((await sshd.exec('true')).status, 0);
});

test('two instances run at once, isolated from each other', async () => {
  const [a, b] = await Promise.all([startSshd(), startSshd()]);
  try {
    assert.notEqual(a.port, b.port);
    assert.notEqual(a.port, sshd.port);
    assert.notEqual(a.hostKeyFingerprint, b.hostKeyFingerprint);
    assert.notEqual(a.clientKey.publicKey, b.clientKey.publicKey);
    const [ra, rb] = await Promise.all([a.exec('echo a; whoami'), b.exec('echo b; whoami')]);
    assert.deepEqual([ra.status, ra.stdout], [0, 'a\njagatest\n'], ra.stderr);
    assert.deepEqual([rb.status, rb.stdout], [0, 'b\njagatest\n'], rb.stderr);

    // b does not accept a's client key: each instance has its own authorized keys.
    const opts = a.clientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${b.knownHostsPath}` : o));
    const cross = await runClient('ssh', [...opts, '-p', String(b.port), 'jagatest@127.0.0.1', '--', 'true']);
    assert.equal(cross.status, 255);
    assert.match(cross.stderr, /Permission denied/);

    // Stopping one leaves the other (and the shared account) working.
    await a.stop();
    assert.equal((await b.exec('true')).status, 0);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

test('stop() ends sshd and its sessions, removes the temp dir, and is idempotent', async () => {
  const inst = await startSshd();
  const { dir, pid, port } = inst;
  assert.ok(existsSync(dir));
  assert.ok(existsSync(join(dir, 'sshd.log')));
  assert.match(inst.log(), /Server listening on 127\.0\.0\.1 port \d+/);

  // An open session: its processes hang off the listener until stop() takes them down too.
  const marker = `jaga-stop-${process.pid}`;
  const session = inst.exec(`exec -a ${marker} sleep 120`, { timeoutMs: 20_000 });
  const hasMarker = (t: Map<number, string>): boolean => [...t.keys()].some((p) => cmdline(p).includes(marker));
  let tree = sshdProcessTree(pid);
  for (let i = 0; i < 200 && !hasMarker(tree); i++) {
    await sleep(25);
    tree = sshdProcessTree(pid);
  }
  assert.ok(hasMarker(tree), 'session command runs under sshd');
  assert.ok(tree.size >= 3, `listener + connection + session processes, got ${tree.size}`);

  await Promise.all([inst.stop(), inst.stop()]);
  await inst.stop();

  for (const [p, start] of tree) assert.equal(processAlive(p, start), false, `process ${p} of the instance is gone`);
  assert.equal(existsSync(dir), false, 'temp dir removed');
  assert.equal(await accepts(port), false, 'port no longer accepts connections');
  const ended = await session;
  assert.notEqual(ended.status, 0, 'the open session was cut');

  // The shared instance is unaffected.
  assert.equal((await sshd.exec('true')).status, 0);
});
