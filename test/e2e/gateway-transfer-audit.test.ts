/**
 * Recording and transfer audit: every byte through the gateway is recorded or, for a recognised
 * file transfer, hashed per file; every channel's streams are counted and hashed in full and its
 * closing event says which treatment it got. Real OpenSSH ssh/scp/sftp, real sftp-server, rsync
 * and tar against a real sshd; the ssh2 client only for the SFTP request no stock client sends.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runClient } from '../support/sshd.js';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const LOGIN = `andi+${TARGET}@127.0.0.1`;

type Entry = Awaited<ReturnType<typeof logbook>>[number];
interface Streams { stdin: { bytes: number; sha256: string }; stdout: { bytes: number; sha256: string }; stderr: { bytes: number; sha256: string } }

type CastEvent = [number, string, string, { b64: string }?];
const events = (w: GatewayWorld, file: string, type: 'i' | 'o'): CastEvent[] =>
  readFileSync(join(w.t.config.dataDir, 'recordings', file), 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as CastEvent)
    .filter((e) => e[1] === type);
/** The recording's events of one kind ('i' input, 'o' output) joined, as shown. */
function recorded(w: GatewayWorld, file: string, type: 'i' | 'o'): string {
  return events(w, file, type).map((e) => e[2]).join('');
}
/** The exact bytes the recording holds of one kind (a binary event's own bytes, else its text). */
function recordedBytes(w: GatewayWorld, file: string, type: 'i' | 'o'): Buffer {
  return Buffer.concat(events(w, file, type).map((e) => (e[3] ? Buffer.from(e[3].b64, 'base64') : Buffer.from(e[2], 'utf8'))));
}

describe('SSH gateway: recording and transfer audit', () => {
  let w: GatewayWorld;
  /** A directory the target account may write in (the target is this machine's sshd). */
  let remote: string;
  const extra: GatewayWorld[] = [];
  before(async () => {
    w = await startGatewayWorld();
    remote = mkdtempSync(join(tmpdir(), 'jaga-audit-'));
    chmodSync(remote, 0o777);
  });
  after(async () => {
    for (const x of extra) await x.close();
    await w?.close();
    rmSync(remote, { recursive: true, force: true });
  });

  /** Entries of the channels this test opened (the logbook is shared by the tests of this file). */
  const since = async (n: number): Promise<Entry[]> => (await logbook(w.t)).slice(n);
  const mark = async (): Promise<number> => (await logbook(w.t)).length;
  const execOf = (entries: Entry[], match: (command: string) => boolean): Entry => {
    const e = entries.find((x) => x.type === 'gateway.exec' && match(String(x.d['command'])));
    assert.ok(e, `a gateway.exec entry among ${entries.map((x) => `${x.type} ${String(x.d['command'] ?? '')}`).join(', ')}`);
    return e;
  };
  const recordingOf = async (sessionId: unknown, channel: unknown): Promise<string> => {
    const s = await w.t.app.store.read((r) => r.gatewaySessions.findById(String(sessionId)));
    const rec = s?.recordings.find((r) => r.channel === channel);
    assert.ok(rec, `channel ${String(channel)} of session ${String(sessionId)} has a recording`);
    return rec.file;
  };

  it('a slow disk slows a bulk transfer through exec instead of ending it: the channel waits for its recording, which holds every byte', async () => {
    // Recording files that take 32 MiB/s at most: far slower than the relay. Before the recorder
    // held its channel, more than 64 MiB piled up unwritten and the session was ended.
    const RATE = 32 * 1024 * 1024;
    const slow = async (path: string): Promise<FileHandle> => {
      const fh = await open(path, 'wx', 0o600);
      const write = fh.write.bind(fh) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
      return Object.assign(fh, {
        write: async (b: Buffer, o: number, l: number) => {
          await new Promise((r) => setTimeout(r, (l / RATE) * 1000));
          return write(b, o, l);
        },
      });
    };
    const s = await startGatewayWorld({ recordingOpener: slow });
    extra.push(s);
    const input = randomBytes(160 * 1024 * 1024); // more than the 64 MiB that may wait unwritten
    const up = await s.ssh('sha256sum', { input });
    assert.equal(up.status, 0, up.stderr);
    assert.equal(up.stdout.split(' ')[0], sha256(input), 'every byte reached the target');
    const down = await s.ssh('head -c 40000000 /dev/urandom | tee /dev/stderr | sha256sum >&2; true');
    assert.equal(down.status, 0, down.stderr.slice(-300));
    await settled(s);
    const entries = await logbook(s.t);
    assert.ok(!entries.some((e) => e.type === 'gateway.recording_failed'), 'no recording failed');
    const upExec = entries.find((e) => e.type === 'gateway.exec' && e.d['command'] === 'sha256sum');
    assert.ok(upExec);
    assert.equal((upExec.d['streams'] as Streams).stdin.sha256, sha256(input));
    const rec = (await s.t.app.store.read((r) => r.gatewaySessions.findById(String(upExec.d['sessionId']))))?.recordings[0];
    assert.ok(rec);
    assert.equal(sha256(recordedBytes(s, rec.file, 'i')), sha256(input), 'the recording holds the whole upload');
    const downExec = entries.find((e) => e.type === 'gateway.exec' && String(e.d['command']).startsWith('head -c'));
    assert.equal((downExec?.d['streams'] as Streams).stderr.bytes, 40_000_000 + 64 + '  -\n'.length, 'the whole download and its hash line went to the client');
  });

  it('a program that is only named scp (/tmp/…/scp -t) is an ordinary command: recorded, input and output, with its streams hashed', async () => {
    const dir = join(remote, 'fake');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'scp'), `#!/bin/sh\ncat > ${dir}/diterima.txt\necho selesai\n`, { mode: 0o755 });
    const n = await mark();
    const input = 'RAHASIA-LEWAT-SCP-PALSU\n'.repeat(100);
    const r = await w.ssh(`${dir}/scp -t ${dir}`, { input });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'diterima.txt'), 'utf8'), input);
    await settled(w);
    const entries = await since(n);
    assert.ok(!entries.some((e) => e.type === 'gateway.file_transfer'), 'not taken for a transfer');
    const exec = execOf(entries, (c) => c.endsWith('/scp -t ' + dir));
    assert.equal(exec.d['treatment'], 'recorded');
    const streams = exec.d['streams'] as Streams;
    assert.deepEqual(streams.stdin, { bytes: input.length, sha256: sha256(input) });
    assert.deepEqual(streams.stdout, { bytes: 'selesai\n'.length, sha256: sha256('selesai\n') });
    const file = await recordingOf(exec.d['sessionId'], exec.d['channel']);
    assert.equal(recorded(w, file, 'i'), input, 'what it was sent is in the recording');
    assert.equal(recorded(w, file, 'o'), 'selesai\n');
  });

  it('scp upload and download (legacy protocol) are still hashed per file; the channel says `transfer` and its streams are hashed', async () => {
    const data = randomBytes(300_000);
    const src = join(remote, 'kirim.bin');
    writeFileSync(src, data);
    const n = await mark();
    const up = await runClient('scp', [...w.clientOptions, '-O', '-P', String(w.port), src, `${LOGIN}:${remote}/tiba.bin`]);
    assert.equal(up.status, 0, up.stderr);
    const back = join(remote, 'kembali.bin');
    const down = await runClient('scp', [...w.clientOptions, '-O', '-P', String(w.port), `${LOGIN}:${remote}/tiba.bin`, back]);
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(readFileSync(back), data);
    await settled(w);
    const entries = await since(n);
    const ops = entries.filter((e) => e.type === 'gateway.file_transfer').map((e) => e.d);
    for (const op of ['upload', 'download']) {
      assert.ok(ops.some((o) => o['op'] === op && o['sha256'] === sha256(data) && o['bytes'] === data.length && o['status'] === 'ok'), `${op} in ${JSON.stringify(ops)}`);
    }
    const execs = entries.filter((e) => e.type === 'gateway.exec');
    assert.equal(execs.length, 2);
    for (const e of execs) {
      assert.equal(e.d['treatment'], 'transfer');
      assert.equal(e.d['transfer'], 'scp');
      const s = e.d['streams'] as Streams;
      assert.equal(s.stdin.bytes + s.stdout.bytes + s.stderr.bytes, Number(e.d['bytesUp']) + Number(e.d['bytesDown']));
      assert.ok(Math.max(s.stdin.bytes, s.stdout.bytes) > data.length, 'the file went through one of the streams');
    }
  });

  it('a stream that stops being valid SCP ends the channel with a message, and is logged', async () => {
    const n = await mark();
    const r = await w.ssh(`scp -t ${remote}`, { input: 'ini bukan protokol SCP\n' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /can no longer be logged/);
    await settled(w);
    const entries = await since(n);
    const op = entries.find((e) => e.type === 'gateway.file_transfer' && e.d['op'] === 'unparseable');
    assert.match(String(op?.d['error']), /unparseable/);
    const exec = execOf(entries, (c) => c === `scp -t ${remote}`);
    assert.equal((exec.d['streams'] as Streams).stdin.bytes, 0, 'what broke the protocol did not pass on to the target…');
    const file = await recordingOf(exec.d['sessionId'], exec.d['channel']);
    assert.equal(recorded(w, file, 'i'), 'ini bukan protokol SCP\n', '…and is kept in the channel\'s recording');
  });

  it('SFTP run as a command (sftp -s /usr/lib/openssh/sftp-server) is observed like the subsystem; its stderr is recorded', async () => {
    const data = randomBytes(200_000);
    const src = join(remote, 'lewat-exec.bin');
    writeFileSync(src, data);
    const n = await mark();
    const r = await w.sftp(`put ${src} ${remote}/tiba-exec.bin\nget ${remote}/tiba-exec.bin ${remote}/kembali-exec.bin\n`,
      { extra: ['-s', '/usr/lib/openssh/sftp-server -e -l INFO'] });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readFileSync(join(remote, 'kembali-exec.bin')), data);
    await settled(w);
    const entries = await since(n);
    const ops = entries.filter((e) => e.type === 'gateway.file_transfer').map((e) => e.d);
    for (const op of ['upload', 'download']) {
      assert.ok(ops.some((o) => o['protocol'] === 'sftp' && o['op'] === op && o['sha256'] === sha256(data)), `${op} in ${JSON.stringify(ops)}`);
    }
    const exec = execOf(entries, (c) => c.startsWith('/usr/lib/openssh/sftp-server'));
    assert.equal(exec.d['treatment'], 'transfer');
    assert.equal(exec.d['transfer'], 'sftp');
    const stderr = (exec.d['streams'] as Streams).stderr;
    assert.ok(stderr.bytes > 0, 'sftp-server -e logs to stderr');
    const file = await recordingOf(exec.d['sessionId'], exec.d['channel']);
    const shown = recorded(w, file, 'o');
    assert.match(shown, /session opened for local user/, 'the transfer channel\'s stderr is in its recording');
    assert.equal(sha256(shown), stderr.sha256, 'and only its stderr: the file data is hashed per file, not recorded');
  });

  it('`internal-sftp` run as a command reaches the target as that command (sshd runs it only as a subsystem): observed as SFTP, its error recorded', async () => {
    const n = await mark();
    const r = await w.ssh('internal-sftp');
    assert.equal(r.status, 127, r.stderr);
    assert.match(r.stderr, /internal-sftp: .*not found/);
    await settled(w);
    const exec = execOf(await since(n), (c) => c === 'internal-sftp');
    assert.deepEqual([exec.d['treatment'], exec.d['transfer'], exec.d['exitStatus']], ['transfer', 'sftp', 127]);
    const file = await recordingOf(exec.d['sessionId'], exec.d['channel']);
    assert.match(recorded(w, file, 'o'), /internal-sftp: .*not found/);
  });

  it('SFTP extensions are followed and logged: ln (hardlink), rename (posix-rename), df (statvfs), cp (copy-data)', async () => {
    const data = randomBytes(50_000);
    const src = join(remote, 'ext.bin');
    writeFileSync(src, data);
    const n = await mark();
    const r = await w.sftp([`put ${src} ${remote}/e1.bin`, `ln ${remote}/e1.bin ${remote}/e1.hard`, `rename ${remote}/e1.hard ${remote}/e1.moved`,
      `df ${remote}`, `cp ${remote}/e1.bin ${remote}/e1.copy`, ''].join('\n'));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readFileSync(join(remote, 'e1.copy')), data);
    await settled(w);
    const entries = await since(n);
    const closed = entries.find((e) => e.type === 'gateway.channel_closed');
    assert.deepEqual([closed?.d['kind'], closed?.d['treatment'], closed?.d['transfer']], ['sftp', 'transfer', 'sftp'], 'the subsystem channel\'s closing event');
    const streams = closed?.d['streams'] as Streams;
    assert.equal(streams.stdin.bytes, closed?.d['bytesUp']);
    assert.ok(streams.stdin.bytes > data.length);
    const ops = entries.filter((e) => e.type === 'gateway.file_transfer').map((e) => e.d);
    const has = (want: Record<string, unknown>): void => {
      assert.ok(ops.some((o) => Object.entries(want).every(([k, v]) => o[k] === v)), `${JSON.stringify(want)} in ${JSON.stringify(ops, null, 1)}`);
    };
    has({ op: 'hardlink', extension: 'hardlink@openssh.com', path: `${remote}/e1.bin`, toPath: `${remote}/e1.hard`, status: 'ok' });
    has({ op: 'rename', extension: 'posix-rename@openssh.com', path: `${remote}/e1.hard`, toPath: `${remote}/e1.moved`, status: 'ok' });
    has({ op: 'query', extension: 'statvfs@openssh.com', path: remote, status: 'ok' });
    has({ op: 'copy', extension: 'copy-data', path: `${remote}/e1.bin`, toPath: `${remote}/e1.copy`, status: 'ok' });
    const dest = ops.find((o) => o['op'] === 'upload' && o['path'] === `${remote}/e1.copy`);
    assert.equal(dest?.['sha256'], null, 'the copy\'s destination is a write whose content the gateway did not see');
    assert.match(String(dest?.['hashNote']), /copy-data/);
  });

  it('an SFTP extension the observer does not follow never reaches the target: the client gets SSH_FX_OP_UNSUPPORTED, it is logged, the session goes on', async () => {
    const n = await mark();
    const client = new ssh2.Client();
    client.on('error', () => {});
    const ready = new Promise<void>((resolve, reject) => { client.once('ready', resolve); client.once('close', () => reject(new Error('closed before ready'))); });
    client.connect({ host: '127.0.0.1', port: w.port, username: `andi:${TARGET}`, privateKey: readFileSync(w.keyPath, 'utf8'), hostVerifier: () => true });
    await ready;
    try {
      const ch = await new Promise<ClientChannel>((resolve, reject) => client.subsys('sftp', (err, c) => (err ? reject(err) : resolve(c))));
      let got = Buffer.alloc(0);
      ch.on('data', (d: Buffer) => { got = Buffer.concat([got, d]); });
      ch.stderr.resume();
      /** The reply packets so far: [type, id, first u32 after the id]. */
      const packets = (): Array<[number, number, number]> => {
        const out: Array<[number, number, number]> = [];
        for (let o = 0; o + 4 <= got.length;) {
          const len = got.readUInt32BE(o);
          if (o + 4 + len > got.length) break;
          out.push([got[o + 4] as number, got.readUInt32BE(o + 5), len >= 9 ? got.readUInt32BE(o + 9) : -1]);
          o += 4 + len;
        }
        return out;
      };
      const u32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
      const str = (s: string): Buffer => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
      const pkt = (...parts: Buffer[]): Buffer => { const body = Buffer.concat(parts); return Buffer.concat([u32(body.length), body]); };
      ch.write(pkt(Buffer.from([1]), u32(3))); // INIT
      await waitFor(() => packets().length === 1, 'VERSION');
      ch.write(pkt(Buffer.from([200]), u32(7), str('jaga-test-unknown@example.com'), str(`${remote}/tidak-boleh`)));
      ch.write(pkt(Buffer.from([16]), u32(8), str('.'))); // REALPATH: the channel goes on
      await waitFor(() => packets().length === 3, 'two replies');
      const [, refused, realpath] = packets();
      assert.deepEqual(refused, [101, 7, 8], 'SSH_FXP_STATUS, id 7, SSH_FX_OP_UNSUPPORTED');
      assert.deepEqual(realpath?.slice(0, 2), [104, 8], 'SSH_FXP_NAME for the next request');
      assert.ok(got.includes(Buffer.from('Jaga: this SFTP extension is not allowed')));
      ch.end();
    } finally {
      client.end();
    }
    await settled(w);
    const op = (await since(n)).find((e) => e.type === 'gateway.file_transfer' && e.d['op'] === 'refused');
    assert.equal(op?.d['extension'], 'jaga-test-unknown@example.com');
    assert.equal(op?.d['status'], 'failed');
  });

  it('cat > file (binary too), base64 through a shell and tar | ssh \'tar x\' are recorded in full, each stream counted and hashed as sent', async () => {
    const n = await mark();
    const text = Buffer.concat([Buffer.from('baris berkas biasa\n'.repeat(3000)), randomBytes(20_000)]); // text, then binary
    const cat = await w.ssh(`cat > ${remote}/cat.txt`, { input: text });
    assert.equal(cat.status, 0, cat.stderr);
    const b64 = randomBytes(30_000).toString('base64');
    const dec = await w.ssh(`base64 -d > ${remote}/b64.bin`, { input: b64 });
    assert.equal(dec.status, 0, dec.stderr);
    const srcDir = join(remote, 'tar-src');
    mkdirSync(srcDir);
    writeFileSync(join(srcDir, 'a.txt'), 'isi berkas a\n'.repeat(500));
    writeFileSync(join(srcDir, 'b.txt'), 'isi berkas b\n'.repeat(700));
    const tarball = execFileSync('tar', ['c', '-C', srcDir, 'a.txt', 'b.txt']);
    const destDir = join(remote, 'tar-dest');
    mkdirSync(destDir);
    chmodSync(destDir, 0o777);
    const tar = await w.ssh(`tar x -C ${destDir}`, { input: tarball });
    assert.equal(tar.status, 0, tar.stderr);
    assert.equal(readFileSync(join(destDir, 'b.txt'), 'utf8'), 'isi berkas b\n'.repeat(700));
    await settled(w);
    const entries = await since(n);
    for (const [match, input] of [[(c: string) => c.startsWith('cat >'), text], [(c: string) => c.startsWith('base64 -d'), Buffer.from(b64)],
      [(c: string) => c.startsWith('tar x'), tarball]] as const) {
      const exec = execOf(entries, match);
      assert.equal(exec.d['treatment'], 'recorded');
      const s = exec.d['streams'] as Streams;
      assert.deepEqual(s.stdin, { bytes: input.length, sha256: sha256(input) }, String(exec.d['command']));
      assert.equal(s.stdin.bytes, exec.d['bytesUp']);
      assert.equal(s.stdout.bytes + s.stderr.bytes, exec.d['bytesDown']);
      const file = await recordingOf(exec.d['sessionId'], exec.d['channel']);
      assert.deepEqual(recordedBytes(w, file, 'i'), input, `${String(exec.d['command'])} recorded in full, byte for byte`);
    }
  });

  it('rsync -e ssh is recorded, with both directions counted and hashed', async () => {
    const srcDir = join(remote, 'rsync-src');
    mkdirSync(srcDir);
    writeFileSync(join(srcDir, 'satu.bin'), randomBytes(100_000));
    const destDir = join(remote, 'rsync-dest'); // made by rsync, as the target account
    const n = await mark();
    const sshCmd = ['ssh', ...w.clientOptions, '-p', String(w.port)].join(' ');
    const r = await runClient('rsync', ['-a', '-e', sshCmd, `${srcDir}/`, `${LOGIN}:${destDir}/`], { timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readFileSync(join(destDir, 'satu.bin')), readFileSync(join(srcDir, 'satu.bin')));
    await settled(w);
    const exec = execOf(await since(n), (c) => c.startsWith('rsync --server'));
    assert.equal(exec.d['treatment'], 'recorded');
    const s = exec.d['streams'] as Streams;
    assert.ok(s.stdin.bytes > 100_000, `the file went up: ${JSON.stringify(s)}`);
    assert.equal(s.stdin.bytes, exec.d['bytesUp']);
    assert.equal(s.stdout.bytes + s.stderr.bytes, exec.d['bytesDown']);
    for (const x of [s.stdin, s.stdout, s.stderr]) assert.match(x.sha256, /^[0-9a-f]{64}$/);
    const file = await recordingOf(exec.d['sessionId'], exec.d['channel']);
    assert.equal(sha256(recordedBytes(w, file, 'i')), s.stdin.sha256, 'the recording holds exactly what went up (binary included)…');
    assert.equal(s.stderr.bytes, 0);
    assert.equal(sha256(recordedBytes(w, file, 'o')), s.stdout.sha256, '…and what came back');
  });

  it('the variables passed on to the target (LANG, LC_*) are recorded: a script handed over in LC_* hides nothing', async () => {
    const e = await startGatewayWorld({ sshdConfig: 'AcceptEnv LANG LC_*\n' });
    extra.push(e);
    const script = 'echo isi-skrip-tersembunyi-7f3a';
    const r = await e.ssh('printf %s "$LC_JAGASKRIP" | wc -c', { extra: ['-o', `SetEnv=LC_JAGASKRIP="${script}"`] });
    assert.equal(r.status, 0, r.stderr);
    await settled(e);
    const exec = (await logbook(e.t)).find((x) => x.type === 'gateway.exec' && String(x.d['command']).includes('LC_JAGASKRIP'));
    const s = await e.t.app.store.read((x) => x.gatewaySessions.findById(String(exec?.d['sessionId'])));
    const file = s?.recordings.find((x) => x.channel === exec?.d['channel'])?.file as string;
    const header = JSON.parse(readFileSync(join(e.t.config.dataDir, 'recordings', file), 'utf8').split('\n')[0] as string) as { env: Record<string, string> };
    assert.equal(header.env['LC_JAGASKRIP'], script, JSON.stringify(header));
    assert.equal(r.stdout.trim(), String(script.length), 'the variable reached the target');
  });

  it('past the session\'s recording quota an unrecognised channel ends with a message saying why and how to move files, logged', async () => {
    const q = await startGatewayWorld({ recordingQuotaBytes: 256 * 1024 });
    extra.push(q);
    const input = randomBytes(600 * 1024).toString('base64');
    const r = await q.ssh(`cat > ${remote}/kuota.txt`, { input });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /kuota rekaman sesi ini \(256 KiB\) habis/);
    assert.match(r.stderr, /recording quota \(256 KiB\) is used up.*scp or sftp/);
    await settled(q);
    const entries = await logbook(q.t);
    const hit = entries.find((e) => e.type === 'gateway.recording_quota_reached');
    assert.equal(hit?.d['quota'], 256 * 1024);
    const exec = entries.find((e) => e.type === 'gateway.exec');
    const stdin = (exec?.d['streams'] as Streams).stdin;
    assert.ok(stdin.bytes <= 256 * 1024, `nothing past the quota passed: ${stdin.bytes}`);
    const written = existsSync(join(remote, 'kuota.txt')) ? readFileSync(join(remote, 'kuota.txt')) : Buffer.alloc(0);
    assert.equal(written.length, stdin.bytes, 'what reached the target is what was counted (and recorded)');
    assert.equal(sha256(written), stdin.sha256);
  });

  it('resizes count against the recording quota too: a client that sends them without end cannot grow a recording past it', async () => {
    const q = await startGatewayWorld({ recordingQuotaBytes: 64 * 1024 });
    extra.push(q);
    const client = new ssh2.Client();
    client.on('error', () => {});
    const ready = new Promise<void>((resolve, reject) => { client.once('ready', resolve); client.once('close', () => reject(new Error('closed before ready'))); });
    client.connect({ host: '127.0.0.1', port: q.port, username: `andi:${TARGET}`, privateKey: readFileSync(q.keyPath, 'utf8'), hostVerifier: () => true });
    await ready;
    let stderr = '';
    try {
      const ch = await new Promise<ClientChannel>((resolve, reject) => client.exec('echo siap; sleep 30', { pty: { rows: 24, cols: 80 } }, (err, c) => (err ? reject(err) : resolve(c))));
      const closed = new Promise<void>((resolve) => ch.once('close', () => resolve()));
      ch.on('data', (d: Buffer) => { stderr += d.toString(); });
      ch.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      await waitFor(() => stderr.includes('siap'), 'the command to run');
      for (let i = 0; i < 4000; i++) ch.setWindow(24, 80 + (i % 50), 0, 0);
      await Promise.race([closed, new Promise((r) => setTimeout(r, 20_000))]);
    } finally {
      client.end();
    }
    await settled(q);
    const entries = await logbook(q.t);
    assert.ok(entries.some((e) => e.type === 'gateway.recording_quota_reached'), entries.map((e) => e.type).join(', '));
    assert.match(stderr, /recording quota \(64 KiB\) is used up/);
    const closedRec = entries.find((e) => e.type === 'gateway.recording_closed');
    assert.ok((closedRec?.d['bytes'] as number) < 64 * 1024 + 4096, `the recording stays within the quota: ${String(closedRec?.d['bytes'])}`);
  });
});
