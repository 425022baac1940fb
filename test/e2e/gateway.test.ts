/**
 * The SSH gateway end to end: the real `ssh`, `scp` and `sftp` clients → Jaga's gateway → a real
 * OpenSSH sshd. The allowed path (shell with resize and Ctrl-C, exec, 50 MiB scp/sftp both ways),
 * the recording, and the evidence in the case and the logbook.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { transcriptOf } from '../../src/presenters/transcript.js';

const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('SSH gateway: the allowed path', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld(); });
  after(async () => { await w?.close(); });

  it('exec: stdout, stderr and the exit status come back; the command is logged with its exit status and byte counts', async () => {
    const r = await w.ssh('echo keluar; echo galat >&2; exit 3');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, 'keluar\n');
    assert.equal(r.stderr, 'galat\n');
    await settled(w);
    const exec = (await logbook(w.t)).filter((e) => e.type === 'gateway.exec').at(-1);
    assert.ok(exec);
    assert.equal(exec.caseId, w.caseId);
    assert.equal(exec.d['command'], 'echo keluar; echo galat >&2; exit 3');
    assert.equal(exec.d['exitStatus'], 3);
    assert.equal(exec.d['bytesDown'], 'keluar\n'.length + 'galat\n'.length);
  });

  it('quick commands in parallel each get their own output and exit status (none lost to a race with the channel opening)', async () => {
    const rs = await Promise.all(Array.from({ length: 16 }, (_, i) => w.ssh(`echo nomor-${i}; exit ${i % 4 + 5}`)));
    rs.forEach((r, i) => {
      assert.equal(r.status, i % 4 + 5, `#${i}: ${r.stderr}`);
      assert.equal(r.stdout, `nomor-${i}\n`);
    });
  });

  it('exec with stdin closed at once (ssh host cmd </dev/null) and with piped input loses nothing', async () => {
    assert.equal((await w.ssh('echo tanpa-input')).stdout, 'tanpa-input\n');
    const input = randomBytes(300_000).toString('base64');
    const r = await w.ssh('sha256sum', { input });
    assert.equal(r.stdout.split(' ')[0], createHash('sha256').update(input).digest('hex'));
  });

  it('the first session starts B3 (waktu mulai akses); every session start and end is in the case and the logbook without anyone typing it', async () => {
    await w.ssh('true');
    await settled(w);
    const c = await w.t.app.store.read((r) => r.cases.findById(w.caseId));
    assert.ok(c);
    assert.equal(c.status, 'in_repair');
    const sessions = await w.t.app.store.read((r) => r.gatewaySessions.listForCase(w.caseId));
    assert.ok(sessions.length >= 1);
    const accesses = c.accesses;
    for (const s of sessions) {
      const a = accesses.find((x) => x.id === s.id);
      assert.ok(a, `access for session ${s.id}`);
      assert.equal(a.via, 'gateway');
      assert.equal(a.startedAt, s.startedAt);
      assert.equal(a.endedAt, s.endedAt);
      assert.equal(a.sourceIp, '127.0.0.1');
      assert.equal(s.endReason, 'client_closed');
    }
    const entries = await logbook(w.t);
    const started = entries.filter((e) => e.type === 'case.access_started');
    assert.equal(started.length, sessions.length);
    assert.equal(started[0]?.d['first'], true);
    assert.equal(started[0]?.d['network'], 'kantor-lpse');
    assert.equal(started[0]?.d['workstation'], 'LPSE-NB-002');
    assert.equal(started[0]?.d['target'], TARGET);
    assert.equal(entries.filter((e) => e.type === 'case.access_ended').length, sessions.length);
  });

  it('interactive shell: resize and Ctrl-C work; the recording is asciicast v2, replays to what the terminal showed, and its SHA-256 is in the logbook', async () => {
    const r = await runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      { wait: '\\$ ' },
      { send: 'stty size\r' }, { wait: '24 80' }, { wait: '\\$ ' },
      { resize: [40, 120] }, { sleepMs: 200 },
      { send: 'stty size\r' }, { wait: '40 120' }, { wait: '\\$ ' },
      { send: 'sleep 30\r' }, { sleepMs: 300 }, { send: '\x03' }, { wait: '\\$ ', timeoutMs: 5000 },
      { send: 'sudo -n true; echo selesai-$((6*7))\r' }, { wait: 'selesai-42' }, { wait: '\\$ ' },
      { send: 'exit\r' },
    ]);
    assert.equal(r.status, 0, r.output.toString());
    await settled(w);
    const sessions = await w.t.app.store.read((rr) => rr.gatewaySessions.listForCase(w.caseId));
    const s = sessions.at(-1); // this test's session (commands without a pty are recorded too)
    assert.ok(s && s.recordings.length === 1, 'the interactive session has its recording');
    const rec = s.recordings[0];
    assert.ok(rec);
    const path = join(w.t.config.dataDir, 'recordings', rec.file);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    assert.equal(header['version'], 2);
    assert.equal(header['width'], 80);
    assert.equal(header['height'], 24);
    assert.equal(typeof header['timestamp'], 'number');
    assert.equal((header['jaga'] as Record<string, unknown>)['case'], w.caseId);
    assert.equal((header['jaga'] as Record<string, unknown>)['target'], TARGET);
    const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    let last = 0;
    for (const [t, type, data] of events) {
      assert.ok(t >= last, 'event times never go back');
      last = t;
      assert.ok(['o', 'i', 'r'].includes(type));
      assert.equal(typeof data, 'string');
    }
    assert.ok(events.some(([, type, data]) => type === 'r' && data === '120x40'), 'the resize is recorded');
    assert.ok(events.some(([, type, data]) => type === 'i' && data.includes('\x03')), 'the Ctrl-C keystroke is recorded');
    const replay = events.filter(([, type]) => type === 'o').map(([, , d]) => d).join('');
    assert.equal(replay, r.output.toString('utf8'), 'the recording replays to exactly what the terminal showed');
    // Its transcript (the case page's text beside the player): the typed commands and what they printed.
    const transcript = transcriptOf(lines.join('\n'));
    const typed = transcript.lines.flatMap((l) => (l.kind === 'input' ? [l.text] : []));
    assert.deepEqual(typed, ['stty size', 'stty size', 'sleep 30', '^C', 'sudo -n true; echo selesai-$((6*7))', 'exit']);
    assert.ok(transcript.lines.some((l) => l.kind === 'output' && l.text === 'selesai-42'), JSON.stringify(transcript.lines));
    assert.equal(transcript.startedAt, new Date((header['timestamp'] as number) * 1000).toISOString());
    // Hash: the file, the session row and the logbook agree.
    assert.equal(sha256File(path), rec.sha256);
    const entries = await logbook(w.t);
    const closed = entries.find((e) => e.type === 'gateway.recording_closed' && e.d['sessionId'] === s.id);
    assert.equal(closed?.d['sha256'], rec.sha256);
    const ended = entries.find((e) => e.type === 'case.access_ended' && e.d['sessionId'] === s.id);
    assert.deepEqual((ended?.d['recordings'] as { sha256: string }[])[0]?.sha256, rec.sha256);
    // A1c: the escalation attempt is its own event.
    const esc = entries.find((e) => e.type === 'gateway.escalation' && e.d['sessionId'] === s.id);
    assert.equal(esc?.d['program'], 'sudo');
  });

  it('scp and sftp: a 50 MiB upload and download arrive intact, and each transfer is logged with its path, size and SHA-256', async () => {
    const src = join(w.dir, 'upload.bin');
    writeFileSync(src, randomBytes(50 * 1024 * 1024));
    const want = sha256File(src);
    const remote = `/tmp/jaga-gw-${process.pid}`;
    const up = await w.scp([src, `andi+${TARGET}@127.0.0.1:${remote}-scp.bin`], { timeoutMs: 120_000 });
    assert.equal(up.status, 0, up.stderr);
    const down = join(w.dir, 'download-scp.bin');
    const dl = await w.scp([`andi+${TARGET}@127.0.0.1:${remote}-scp.bin`, down], { timeoutMs: 120_000 });
    assert.equal(dl.status, 0, dl.stderr);
    assert.equal(sha256File(down), want);
    const downSftp = join(w.dir, 'download-sftp.bin');
    const sf = await w.sftp(`put ${src} ${remote}-sftp.bin\nget ${remote}-sftp.bin ${downSftp}\nrm ${remote}-sftp.bin\nrm ${remote}-scp.bin\n`, { timeoutMs: 120_000 });
    assert.equal(sf.status, 0, sf.stderr);
    assert.equal(sha256File(downSftp), want);
    await settled(w);
    const ops = (await logbook(w.t)).filter((e) => e.type === 'gateway.file_transfer').map((e) => e.d);
    for (const [op, path] of [['upload', `${remote}-scp.bin`], ['download', `${remote}-scp.bin`], ['upload', `${remote}-sftp.bin`], ['download', `${remote}-sftp.bin`]]) {
      const found = ops.find((o) => o['op'] === op && o['path'] === path);
      assert.ok(found, `${op} ${path} logged; got ${JSON.stringify(ops)}`);
      assert.equal(found['bytes'], 50 * 1024 * 1024);
      assert.equal(found['sha256'], want);
      assert.equal(found['status'], 'ok');
    }
    assert.ok(ops.some((o) => o['op'] === 'remove' && o['path'] === `${remote}-sftp.bin`));
  });

  it('legacy scp (-O, the SCP protocol over exec) is observed the same way', async () => {
    const src = join(w.dir, 'legacy.bin');
    writeFileSync(src, randomBytes(3 * 1024 * 1024 + 17));
    const want = sha256File(src);
    const remote = `/tmp/jaga-gw-legacy-${process.pid}.bin`;
    const up = await w.scp(['-O', src, `andi+${TARGET}@127.0.0.1:${remote}`]);
    assert.equal(up.status, 0, up.stderr);
    const back = join(w.dir, 'legacy-back.bin');
    const down = await w.scp(['-O', `andi+${TARGET}@127.0.0.1:${remote}`, back]);
    assert.equal(down.status, 0, down.stderr);
    assert.equal(sha256File(back), want);
    await w.ssh(`rm -f ${remote}`);
    await settled(w);
    const ops = (await logbook(w.t)).filter((e) => e.type === 'gateway.file_transfer' && e.d['protocol'] === 'scp').map((e) => e.d);
    for (const op of ['upload', 'download']) {
      const found = ops.find((o) => o['op'] === op && o['path'] === remote);
      assert.ok(found, `${op} logged: ${JSON.stringify(ops)}`);
      assert.equal(found['sha256'], want);
      assert.equal(found['bytes'], 3 * 1024 * 1024 + 17);
      assert.equal(found['status'], 'ok');
    }
  });

  it('the logbook still verifies after all of it', async () => {
    await settled(w);
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });
});
