/**
 * The SFTP / legacy SCP observer against the real OpenSSH programs, no SSH server involved:
 *
 * - SFTP: `sftp -D wrapper.sh -b batch` runs the "server program" wrapper.sh over its stdin and
 *   stdout; the wrapper is a tiny node relay that connects to a Unix socket of this test process,
 *   which spawns the real `/usr/lib/openssh/sftp-server` and passes the bytes on both ways. The test
 *   process is the tee: it records both directions in the order they passed (the order the gateway
 *   sees them) and feeds a live observer as they pass; the recording is then replayed into fresh
 *   observers in random chunk sizes (seeded).
 * - SCP: the two remote halves of the legacy protocol, `scp -f` (source) and `scp -t` (sink), run
 *   as local processes and are piped into each other through this process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { isSftpServerCommand, parseScpCommand } from '../../src/gateway/channel-kind.js';
import { ScpObserver } from '../../src/gateway/scp-observer.js';
import { SftpObserver } from '../../src/gateway/sftp-observer.js';
import type { FileOperation } from '../../src/gateway/transfer-observer.js';

const SFTP_SERVER = '/usr/lib/openssh/sftp-server';
const MIB = 1024 * 1024;

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const EMPTY_SHA = sha256(Buffer.alloc(0));

/** mulberry32: the same chunkings on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Trace = Array<['c' | 's', Buffer]>;
interface Observer { fromClient(b: Buffer): void; fromServer(b: Buffer): void; end(): void }

/**
 * Feeds a recorded trace in random chunk sizes (log-uniform, 1 byte … 64 KiB): consecutive bytes
 * of one direction are merged and re-split, so a chunk may hold many packets or a sliver of one.
 * Each chunk is a copy that is scribbled over after the call: the observer must not keep it.
 */
function replay(trace: Trace, observer: Observer, seed: number, maxChunk = 64 * 1024): void {
  const rand = rng(seed);
  const runs: Array<['c' | 's', Buffer[]]> = [];
  for (const [d, b] of trace) {
    const last = runs[runs.length - 1];
    if (last && last[0] === d) last[1].push(b); else runs.push([d, [b]]);
  }
  for (const [d, parts] of runs) {
    const all = Buffer.concat(parts);
    for (let i = 0; i < all.length;) {
      const size = Math.min(all.length - i, Math.max(1, Math.floor(Math.exp(rand() * Math.log(maxChunk + 1)))));
      const chunk = Buffer.from(all.subarray(i, i + size));
      if (d === 'c') observer.fromClient(chunk); else observer.fromServer(chunk);
      chunk.fill(0xa5);
      i += size;
    }
  }
  observer.end();
}

function replaySftp(trace: Trace, seed: number, opts?: { maxPendingBytes?: number }): FileOperation[] {
  const ops: FileOperation[] = [];
  replay(trace, new SftpObserver((op) => ops.push(op), opts), seed);
  return ops;
}

const exited = (p: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('close', (code) => resolve(code))));

// ---------------------------------------------------------------------------------------------
// SFTP rig

interface SftpSession { trace: Trace; liveOps: FileOperation[]; serverStderr: string }

class SftpRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'jaga-sftp-'));
  private readonly sock = join(this.dir, 'relay.sock');
  private readonly wrapper = join(this.dir, 'server.sh');
  private server: Server | null = null;
  private waiting: ((s: SftpSession) => void) | null = null;
  /** Called with each client chunk before it is passed on to sftp-server. */
  onClientChunk: ((b: Buffer) => void) | null = null;

  async start(): Promise<void> {
    const relay = join(this.dir, 'relay.mjs');
    writeFileSync(relay, [
      "import { connect } from 'node:net';",
      'const s = connect({ path: process.argv[2], allowHalfOpen: true });',
      'process.stdin.pipe(s);',
      's.pipe(process.stdout, { end: false });',
      "s.on('end', () => process.stdout.write('', () => process.exit(0)));",
      "s.on('error', () => process.exit(1));",
    ].join('\n'));
    writeFileSync(this.wrapper, `#!/bin/sh\nexec "${process.execPath}" "${relay}" "${this.sock}"\n`, { mode: 0o755 });
    this.server = createServer({ allowHalfOpen: true }, (sock) => this.session(sock));
    await new Promise<void>((resolve) => this.server?.listen(this.sock, resolve));
  }

  private session(sock: Socket): void {
    const trace: Trace = [];
    const liveOps: FileOperation[] = [];
    const live = new SftpObserver((op) => liveOps.push(op));
    const srv = spawn(SFTP_SERVER, ['-e', '-l', 'ERROR'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let serverStderr = '';
    srv.stderr.on('data', (d: Buffer) => { serverStderr += d.toString(); });
    srv.stdin.on('error', () => {});
    sock.on('error', () => {});
    sock.on('data', (d: Buffer) => {
      trace.push(['c', Buffer.from(d)]);
      this.onClientChunk?.(d);
      live.fromClient(d);
      srv.stdin.write(d);
    });
    sock.on('end', () => srv.stdin.end());
    srv.stdout.on('data', (d: Buffer) => {
      trace.push(['s', Buffer.from(d)]);
      live.fromServer(d);
      sock.write(d);
    });
    srv.on('close', () => {
      live.end();
      sock.end();
      const w = this.waiting;
      this.waiting = null;
      w?.({ trace, liveOps, serverStderr });
    });
  }

  /** Runs `sftp -b` over the relay; resolves with the session once both ends are done. */
  async run(commands: readonly string[]): Promise<SftpSession & { code: number | null; output: string }> {
    const batch = join(this.dir, `batch-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(batch, `${commands.join('\n')}\n`);
    const session = new Promise<SftpSession>((resolve) => { this.waiting = resolve; });
    const p = spawn('sftp', ['-q', '-D', this.wrapper, '-b', batch], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    p.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    const code = await exited(p);
    const s = await session;
    return { ...s, code, output };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Fields that matter, so that assertion failures print readably. */
const brief = (op: FileOperation): Record<string, unknown> => ({ ...op });

describe('SftpObserver with the real OpenSSH sftp and sftp-server', () => {
  const rig = new SftpRig();
  let files: string;
  let local: string;
  let big: Buffer;
  let main: SftpSession & { code: number | null; output: string };
  before(async () => {
    await rig.start();
    files = join(rig.dir, 'remote');
    local = join(rig.dir, 'local');
    mkdirSync(files);
    mkdirSync(local);
    big = randomBytes(5 * MIB);
    writeFileSync(join(local, 'big.bin'), big);
    writeFileSync(join(local, 'empty.bin'), Buffer.alloc(0));
    writeFileSync(join(files, 'vanishing.bin'), 'gone before it is opened');
    // A get of a file that is missing when the client opens it: sftp's own check (STAT) finds
    // it, then the relay removes it just before the OPEN reaches sftp-server.
    const needle = Buffer.from(join(files, 'vanishing.bin'));
    rig.onClientChunk = (b) => {
      const at = b.indexOf(needle);
      if (at >= 9 && b[at - 9] === 3 && b.readUInt32BE(at - 4) === needle.length && existsSync(join(files, 'vanishing.bin'))) {
        unlinkSync(join(files, 'vanishing.bin'));
      }
    };
    main = await rig.run([
      `put ${join(local, 'big.bin')} ${join(files, 'up.bin')}`,
      `get ${join(files, 'up.bin')} ${join(local, 'down.bin')}`,
      `put ${join(local, 'empty.bin')} ${join(files, 'empty.bin')}`,
      `rename ${join(files, 'up.bin')} ${join(files, 'moved.bin')}`,
      `ln -s ${join(files, 'moved.bin')} ${join(files, 'link.bin')}`,
      `chmod 600 ${join(files, 'moved.bin')}`,
      `mkdir ${join(files, 'sub')}`,
      `rmdir ${join(files, 'sub')}`,
      `rm ${join(files, 'link.bin')}`,
      `rm ${join(files, 'moved.bin')}`,
      `-get ${join(files, 'vanishing.bin')} ${join(local, 'vanishing.bin')}`,
      `-put ${join(local, 'empty.bin')} ${join(rig.dir, 'no-such-dir', 'x.bin')}`,
      `-rm ${join(files, 'never-was.bin')}`,
    ]);
  });
  after(() => rig.stop());

  const expected = (): Array<Partial<FileOperation>> => [
    // OpenSSH's client asks the server's limits first (an extension, followed and logged)
    { op: 'query', extension: 'limits@openssh.com', path: '', status: 'ok' },
    { op: 'upload', path: join(files, 'up.bin'), bytes: big.length, sha256: sha256(big), status: 'ok' },
    { op: 'download', path: join(files, 'up.bin'), bytes: big.length, sha256: sha256(big), status: 'ok' },
    { op: 'upload', path: join(files, 'empty.bin'), bytes: 0, sha256: EMPTY_SHA, status: 'ok' },
    { op: 'rename', path: join(files, 'up.bin'), toPath: join(files, 'moved.bin'), status: 'ok' },
    { op: 'symlink', path: join(files, 'moved.bin'), toPath: join(files, 'link.bin'), status: 'ok' },
    { op: 'setstat', path: join(files, 'moved.bin'), status: 'ok' },
    { op: 'mkdir', path: join(files, 'sub'), status: 'ok' },
    { op: 'rmdir', path: join(files, 'sub'), status: 'ok' },
    { op: 'remove', path: join(files, 'link.bin'), status: 'ok' },
    { op: 'remove', path: join(files, 'moved.bin'), status: 'ok' },
    { op: 'download', path: join(files, 'vanishing.bin'), bytes: 0, sha256: null, status: 'failed', error: 'No such file' },
    { op: 'upload', path: join(rig.dir, 'no-such-dir', 'x.bin'), bytes: 0, sha256: null, status: 'failed', error: 'No such file' },
    { op: 'remove', path: join(files, 'never-was.bin'), status: 'failed', error: 'No such file' },
  ];

  const check = (ops: FileOperation[]): void => {
    const want = expected();
    assert.equal(ops.length, want.length, `ops: ${JSON.stringify(ops.map(brief), null, 1)}`);
    want.forEach((w, i) => {
      const got = ops[i] as FileOperation;
      assert.equal(got.protocol, 'sftp');
      for (const [k, v] of Object.entries(w)) assert.deepEqual(got[k as keyof FileOperation], v, `op ${i} (${w.op}) ${k}: ${JSON.stringify(got)}`);
      if (got.op !== 'upload' && got.op !== 'download') { assert.equal(got.bytes, 0); assert.equal(got.sha256, null); }
      if (got.status === 'ok' && (got.op === 'upload' || got.op === 'download')) assert.equal(got.hashNote, undefined, JSON.stringify(got));
      if (got.sha256 === null && (got.op === 'upload' || got.op === 'download')) assert.ok(got.hashNote, 'a null hash has its note');
    });
  };

  it('the session itself did what the batch says (sanity of the rig)', () => {
    assert.equal(main.code, 0, main.output);
    assert.deepEqual(readFileSync(join(local, 'down.bin')), big);
    assert.ok(!existsSync(join(files, 'moved.bin')));
    assert.ok(main.trace.length > 10);
  });

  it('observed live, as the bytes passed: put/get of 5 MiB with the real SHA-256, rename, symlink, chmod, mkdir, rmdir, rm, failures', () => {
    check(main.liveOps);
  });

  it('gives the same report for the recorded streams fed in random chunks (1 byte … 64 KiB), several seeds', () => {
    for (const seed of [1, 2, 3, 20240611]) check(replaySftp(main.trace, seed));
  });

  it('gives the same report when every chunk is tiny (1 … 64 bytes): packets split anywhere, headers included', () => {
    const ops: FileOperation[] = [];
    replay(main.trace, new SftpObserver((op) => ops.push(op)), 7, 64);
    check(ops);
  });

  it('reports a resumed download (`reget`) as the bytes read from its first offset', async () => {
    // sftp -b has no partial get; `reget` of a file already half there reads from the middle.
    const half = big.subarray(0, 2 * MIB + 123);
    writeFileSync(join(files, 'again.bin'), big);
    writeFileSync(join(local, 'again.bin'), half);
    const s = await rig.run([`reget ${join(files, 'again.bin')} ${join(local, 'again.bin')}`]);
    assert.equal(s.code, 0, s.output);
    assert.deepEqual(readFileSync(join(local, 'again.bin')), big);
    for (const all of [s.liveOps, replaySftp(s.trace, 11)]) {
      const ops = all.filter((o) => o.op !== 'query');
      assert.equal(ops.length, 1, JSON.stringify(all));
      const [op] = ops as [FileOperation];
      assert.equal(op.op, 'download');
      assert.equal(op.status, 'ok');
      assert.equal(op.bytes, big.length - half.length);
      assert.equal(op.sha256, sha256(big.subarray(half.length)));
      assert.equal(op.hashNote, `from offset ${half.length}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// SFTP: synthetic streams for what OpenSSH does not do on its own

const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const u64 = (n: number): Buffer => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
const str = (s: string | Buffer): Buffer => { const b = Buffer.isBuffer(s) ? s : Buffer.from(s); return Buffer.concat([u32(b.length), b]); };
const pkt = (type: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat([Buffer.from([type]), ...parts]);
  return Buffer.concat([u32(body.length), body]);
};
const INIT = pkt(1, u32(3));
const VERSION = pkt(2, u32(3));
const ATTRS0 = u32(0);
const open = (id: number, path: string, pflags: number): Buffer => pkt(3, u32(id), str(path), u32(pflags), ATTRS0);
const handle = (id: number, h: string): Buffer => pkt(102, u32(id), str(h));
const status = (id: number, code: number, msg = ''): Buffer => pkt(101, u32(id), u32(code), str(msg), str(''));
const read = (id: number, h: string, offset: number, len: number): Buffer => pkt(5, u32(id), str(h), u64(offset), u32(len));
const data = (id: number, d: Buffer): Buffer => pkt(103, u32(id), str(d));
const write = (id: number, h: string, offset: number, d: Buffer): Buffer => pkt(6, u32(id), str(h), u64(offset), str(d));
const close = (id: number, h: string): Buffer => pkt(4, u32(id), str(h));

describe('SftpObserver on synthetic streams', () => {
  const content = randomBytes(40_000);
  const piece = (i: number): Buffer => content.subarray(i * 10_000, (i + 1) * 10_000);

  /** A download whose DATA replies come back in the order given. */
  const download = (order: number[]): Trace => [
    ['c', INIT], ['s', VERSION],
    ['c', open(1, '/srv/f', 1)], ['s', handle(1, 'H')],
    ['c', Buffer.concat([0, 1, 2, 3, 4].map((i) => read(10 + i, 'H', i * 10_000, 10_000)))],
    ['s', Buffer.concat(order.map((i) => data(10 + i, piece(i))))],
    ['s', status(14, 1, 'End of file')],
    ['c', close(2, 'H')], ['s', status(2, 0)],
  ];

  it('hashes DATA replies that arrive out of order by holding the early pieces', () => {
    for (const seed of [1, 2, 3]) {
      const [op, ...rest] = replaySftp(download([2, 0, 3, 1]), seed);
      assert.equal(rest.length, 0);
      assert.deepEqual(op, { protocol: 'sftp', op: 'download', path: '/srv/f', bytes: 40_000, sha256: sha256(content), status: 'ok' });
    }
  });

  it('gives up hashing (not counting) when out-of-order data exceeds maxPendingBytes', () => {
    const [op] = replaySftp(download([3, 2, 1, 0]), 1, { maxPendingBytes: 15_000 });
    assert.equal(op?.sha256, null);
    assert.match(op?.hashNote ?? '', /out-of-order data over 15000 bytes/);
    assert.equal(op?.bytes, 40_000);
    assert.equal(op?.status, 'ok');
  });

  it('shares the out-of-order budget between the files of one channel', () => {
    const two: Trace = [['c', INIT], ['s', VERSION],
      ['c', Buffer.concat([open(1, '/srv/a', 1), open(2, '/srv/b', 1)])], ['s', Buffer.concat([handle(1, 'A'), handle(2, 'B')])],
      ['c', Buffer.concat([read(10, 'A', 0, 10_000), read(11, 'A', 10_000, 10_000), read(20, 'B', 0, 10_000), read(21, 'B', 10_000, 10_000)])],
      ['s', Buffer.concat([data(11, piece(1)), data(21, piece(1)), data(10, piece(0)), data(20, piece(0))])],
      ['c', Buffer.concat([read(12, 'A', 20_000, 10_000), read(22, 'B', 20_000, 10_000)])], ['s', Buffer.concat([status(12, 1), status(22, 1)])],
      ['c', Buffer.concat([close(3, 'A'), close(4, 'B')])], ['s', Buffer.concat([status(3, 0), status(4, 0)])]];
    const ops = replaySftp(two, 1, { maxPendingBytes: 15_000 });
    assert.deepEqual(ops.map((o) => [o.path, o.bytes, o.sha256, o.hashNote]), [
      ['/srv/a', 20_000, sha256(content.subarray(0, 20_000)), undefined],
      ['/srv/b', 20_000, null, 'out-of-order data over 15000 bytes'],
    ]);
    // Each alone fits.
    assert.equal(replaySftp(two, 1, { maxPendingBytes: 20_000 })[1]?.sha256, sha256(content.subarray(0, 20_000)));
  });

  it('bounds the bookkeeping of many small scattered writes (pieces held, separate ranges)', () => {
    const writes = Array.from({ length: 5000 }, (_, k) => write(100 + k, 'W', 2 * k, Buffer.from([k & 0xff])));
    const trace: Trace = [['c', INIT], ['s', VERSION], ['c', open(1, '/srv/sparse', 0x1a)], ['s', handle(1, 'W')],
      ['c', Buffer.concat(writes)], ['s', Buffer.concat(writes.map((_, k) => status(100 + k, 0)))], ['c', close(2, 'W')], ['s', status(2, 0)]];
    const [op] = replaySftp(trace, 1);
    assert.equal(op?.bytes, 5000);
    assert.equal(op?.sha256, null);
    assert.equal(op?.hashNote, `out-of-order data over ${8 * MIB} bytes; byte count may include bytes sent twice`);
  });

  it('marks a download without EOF as a partial read (hash of what was read)', () => {
    const trace: Trace = [['c', INIT], ['s', VERSION], ['c', open(1, '/srv/f', 1)], ['s', handle(1, 'H')],
      ['c', read(5, 'H', 0, 10_000)], ['s', data(5, piece(0))], ['c', close(2, 'H')], ['s', status(2, 0)]];
    const [op] = replaySftp(trace, 1);
    assert.deepEqual(op, { protocol: 'sftp', op: 'download', path: '/srv/f', bytes: 10_000, sha256: sha256(piece(0)),
      hashNote: 'partial read', status: 'ok' });
  });

  it('gives up hashing on non-sequential (overlapping) writes but counts distinct bytes', () => {
    const trace: Trace = [['c', INIT], ['s', VERSION], ['c', open(1, '/srv/up', 0x1a)], ['s', handle(1, 'W')],
      ['c', Buffer.concat([write(3, 'W', 0, piece(0)), write(4, 'W', 5_000, piece(1)), write(5, 'W', 15_000, piece(2))])],
      ['s', Buffer.concat([status(3, 0), status(4, 0), status(5, 0)])], ['c', close(6, 'W')], ['s', status(6, 0)]];
    const [op] = replaySftp(trace, 1);
    assert.deepEqual(op, { protocol: 'sftp', op: 'upload', path: '/srv/up', bytes: 25_000, sha256: null,
      hashNote: 'non-sequential writes', status: 'ok' });
  });

  it('reports a failed WRITE as a failed upload and a failed CLOSE as failed', () => {
    const trace: Trace = [['c', INIT], ['s', VERSION], ['c', open(1, '/srv/up', 0x1a)], ['s', handle(1, 'W')],
      ['c', write(3, 'W', 0, piece(0))], ['s', status(3, 4, 'No space left on device')],
      ['c', close(6, 'W')], ['s', status(6, 0)],
      ['c', open(7, '/srv/up2', 0x1a)], ['s', handle(7, 'X')], ['c', close(8, 'X')], ['s', status(8, 4, 'close failed')]];
    const ops = replaySftp(trace, 1);
    assert.equal(ops[0]?.status, 'failed');
    assert.equal(ops[0]?.error, 'No space left on device');
    assert.equal(ops[0]?.sha256, sha256(piece(0)), 'the bytes the client sent');
    assert.equal(ops[1]?.status, 'failed');
    assert.equal(ops[1]?.error, 'close failed');
  });

  it('reports handles still open and unanswered operations as incomplete when the channel closes', () => {
    const trace: Trace = [['c', INIT], ['s', VERSION], ['c', open(1, '/srv/up', 0x1a)], ['s', handle(1, 'W')],
      ['c', write(3, 'W', 0, piece(0))], ['c', pkt(13, u32(9), str('/srv/old'))]];
    const ops = replaySftp(trace, 1);
    assert.deepEqual(ops, [
      { protocol: 'sftp', op: 'upload', path: '/srv/up', bytes: 10_000, sha256: sha256(piece(0)), hashNote: 'incomplete: channel closed',
        status: 'incomplete' },
      { protocol: 'sftp', op: 'remove', path: '/srv/old', bytes: 0, sha256: null, status: 'incomplete', error: 'no reply: channel closed' },
    ]);
  });

  it('stops at garbage with one unparseable note, reporting what was open as incomplete, and ignores the rest', () => {
    const ops: FileOperation[] = [];
    const obs = new SftpObserver((op) => ops.push(op));
    obs.fromClient(Buffer.concat([INIT, open(1, '/srv/f', 1)]));
    obs.fromServer(Buffer.concat([VERSION, handle(1, 'H')]));
    obs.fromClient(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    obs.fromClient(randomBytes(1000));
    obs.fromServer(randomBytes(1000));
    obs.end();
    assert.equal(ops.length, 2, JSON.stringify(ops));
    assert.equal(ops[0]?.op, 'unparseable');
    assert.match(ops[0]?.error ?? '', /^unparseable: /);
    assert.equal(ops[1]?.op, 'download');
    assert.equal(ops[1]?.status, 'incomplete');
  });

  const ext = (id: number, name: string, ...parts: Buffer[]): Buffer => pkt(200, u32(id), str(name), ...parts);

  it('follows the extensions OpenSSH offers and logs each (copy-data as a copy whose content is not seen)', () => {
    const ops: FileOperation[] = [];
    const obs = new SftpObserver((op) => ops.push(op));
    obs.fromClient(Buffer.concat([INIT, open(1, '/srv/a', 1), open(2, '/srv/b', 0x1a)]));
    obs.fromServer(Buffer.concat([VERSION, handle(1, 'A'), handle(2, 'B')]));
    obs.fromClient(Buffer.concat([
      ext(3, 'hardlink@openssh.com', str('/srv/a'), str('/srv/a.link')), ext(4, 'posix-rename@openssh.com', str('/srv/x'), str('/srv/y')),
      ext(5, 'statvfs@openssh.com', str('/srv')), ext(6, 'fsync@openssh.com', str('B')),
      ext(7, 'copy-data', str('A'), u64(0), u64(0), str('B'), u64(0)),
      ext(8, 'expand-path@openssh.com', str('~/x')), ext(9, 'home-directory', str('andi')),
    ]));
    obs.fromServer(Buffer.concat([status(3, 0), status(4, 0), pkt(201, u32(5), Buffer.alloc(88)), status(6, 0), status(7, 0),
      pkt(104, u32(8), u32(1), str('/home/andi/x'), str(''), ATTRS0), status(9, 4, 'unsupported')]));
    obs.fromClient(Buffer.concat([close(10, 'A'), close(11, 'B')]));
    obs.fromServer(Buffer.concat([status(10, 0), status(11, 0)]));
    obs.end();
    assert.deepEqual(ops.map((o) => [o.op, o.extension, o.path, o.toPath, o.status]), [
      ['hardlink', 'hardlink@openssh.com', '/srv/a', '/srv/a.link', 'ok'],
      ['rename', 'posix-rename@openssh.com', '/srv/x', '/srv/y', 'ok'],
      ['query', 'statvfs@openssh.com', '/srv', undefined, 'ok'],
      ['fsync', 'fsync@openssh.com', '/srv/b', undefined, 'ok'],
      ['copy', 'copy-data', '/srv/a', '/srv/b', 'ok'],
      ['query', 'expand-path@openssh.com', '~/x', undefined, 'ok'],
      ['query', 'home-directory', 'andi', undefined, 'failed'],
      ['download', undefined, '/srv/a', undefined, 'ok'],
      ['upload', undefined, '/srv/b', undefined, 'ok'],
    ]);
    assert.match(ops[4]?.hashNote ?? '', /content not seen/);
    assert.equal(ops[8]?.sha256, null, 'a file copy-data wrote into has no hash of its content');
    assert.match(ops[8]?.hashNote ?? '', /copy-data wrote into it/);
  });

  for (const [what, client] of [
    ['an extension it does not know (observing alone; the gateway filters, see below)', ext(3, 'evil@example.com', str('payload'))],
    ['a WRITE to a handle never opened', write(3, 'NOPE', 0, Buffer.from('smuggled'))],
    ['a READ of a handle never opened', read(3, 'NOPE', 0, 100)],
    ['a metadata request larger than any path', pkt(17, u32(3), str(Buffer.alloc(100_000, 0x61)))],
  ] as const) {
    it(`stops (unparseable, the channel ends) at ${what}`, () => {
      const ops: FileOperation[] = [];
      const obs = new SftpObserver((op) => ops.push(op));
      obs.fromClient(INIT);
      obs.fromServer(VERSION);
      obs.fromClient(client);
      assert.equal(obs.following, false);
      assert.deepEqual(ops.map((o) => o.op), ['unparseable'], JSON.stringify(ops));
    });
  }

  it('filtering: an extension it does not follow never passes; the client gets SSH_FX_OP_UNSUPPORTED; all else passes byte for byte, however chunked', () => {
    // the client waits for its handle before using it: the stream comes in two parts, each cut at random
    const first = Buffer.concat([INIT, open(1, '/srv/a', 1), ext(2, 'evil@example.com', str(Buffer.alloc(3000, 0x65)))]);
    const second = Buffer.concat([ext(3, 'statvfs@openssh.com', str('/srv')), read(4, 'A', 0, 100), ext(5, 'another@example.com'), close(6, 'A')]);
    const allowed = Buffer.concat([INIT, open(1, '/srv/a', 1), ext(3, 'statvfs@openssh.com', str('/srv')), read(4, 'A', 0, 100), close(6, 'A')]);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const ops: FileOperation[] = [];
      const obs = new SftpObserver((op) => ops.push(op));
      const rand = rng(seed);
      const passed: Buffer[] = [];
      const replies: Buffer[] = [];
      const send = (stream: Buffer): void => {
        for (let i = 0; i < stream.length;) {
          const size = Math.max(1, Math.floor(rand() * (seed % 2 ? 40 : 5000)));
          const chunk = Buffer.from(stream.subarray(i, i + size));
          for (const p of obs.filterClient(chunk)) passed.push(Buffer.from(p));
          chunk.fill(0xa5); // the observer must have copied what it holds
          replies.push(...obs.takeReplies());
          i += size;
        }
      };
      send(first);
      replies.push(...obs.filterServer(Buffer.concat([VERSION, handle(1, 'A')])));
      send(second);
      assert.ok(obs.following);
      assert.deepEqual(Buffer.concat(passed), allowed, `seed ${seed}: what passed`);
      const got = Buffer.concat(replies);
      assert.ok(got.includes(Buffer.concat([u32(2), u32(8)])) && got.includes(Buffer.concat([u32(5), u32(8)])), `seed ${seed}: both refused with status 8`);
      assert.deepEqual(ops.filter((o) => o.op === 'refused').map((o) => o.extension), ['evil@example.com', 'another@example.com']);
    }
  });

  it('filtering: a refusal reply waits for the end of the target\'s packet it would cut', () => {
    const obs = new SftpObserver(() => {});
    obs.filterClient(Buffer.concat([INIT, open(1, '/srv/a', 1)]));
    obs.filterServer(Buffer.concat([VERSION, handle(1, 'A')]));
    obs.filterClient(read(2, 'A', 0, 5000));
    const reply = data(2, randomBytes(5000));
    const first = obs.filterServer(reply.subarray(0, 1000));
    obs.filterClient(ext(3, 'evil@example.com'));
    assert.deepEqual(obs.takeReplies(), [], 'not in the middle of the DATA packet');
    const rest = obs.filterServer(reply.subarray(1000));
    const out = Buffer.concat([...first, ...rest]);
    assert.deepEqual(out.subarray(0, reply.length), reply);
    assert.deepEqual(out.subarray(reply.length, reply.length + 13), Buffer.concat([u32(out.length - reply.length - 4), Buffer.from([101]), u32(3), u32(8)]));
  });

  it('stops at DATA that answers no READ (a server cannot slip data past the files)', () => {
    const ops: FileOperation[] = [];
    const obs = new SftpObserver((op) => ops.push(op));
    obs.fromClient(INIT);
    obs.fromServer(Buffer.concat([VERSION, data(77, Buffer.from('smuggled'))]));
    assert.equal(obs.following, false);
    assert.deepEqual(ops.map((o) => o.op), ['unparseable']);
  });

  it('stops at bytes after the data of a WRITE or a DATA packet (they would cross in no file\'s hash)', () => {
    const withTrailer = (p: Buffer, extra: Buffer): Buffer => { const b = Buffer.concat([p, extra]); b.writeUInt32BE(b.length - 4); return b; };
    const smuggled = Buffer.from('bytes no file hash covers');
    for (const [what, client, server] of [
      ['WRITE', withTrailer(write(2, 'H', 0, Buffer.from('isi')), smuggled), Buffer.alloc(0)],
      ['DATA', read(2, 'H', 0, 100), withTrailer(data(2, Buffer.from('isi')), smuggled)],
    ] as const) {
      for (const seed of [1, 2, 3]) {
        const ops: FileOperation[] = [];
        const obs = new SftpObserver((op) => ops.push(op));
        replay([['c', INIT], ['s', VERSION], ['c', open(1, '/srv/f', what === 'WRITE' ? 0x1a : 1)], ['s', handle(1, 'H')], ['c', client], ['s', server]], obs, seed, 16);
        assert.equal(obs.following, false, `${what}, seed ${seed}`);
        assert.equal(ops[0]?.op, 'unparseable', JSON.stringify(ops));
        assert.match(ops[0]?.error ?? '', new RegExp(`after the data of a ${what} packet`));
      }
    }
  });

  it('refuses SFTP versions other than 3 with one note', () => {
    const ops: FileOperation[] = [];
    const obs = new SftpObserver((op) => ops.push(op));
    obs.fromClient(pkt(1, u32(6)));
    obs.fromServer(pkt(2, u32(6)));
    obs.fromClient(open(1, '/x', 1));
    obs.end();
    assert.deepEqual(ops.map((o) => [o.op, o.error]), [['unparseable', 'unparseable: SFTP version 6 (only 3 is understood)']]);
  });

  it('a consumer that throws does not break observing', () => {
    let n = 0;
    const obs = new SftpObserver(() => { n++; throw new Error('consumer'); });
    for (const [d, b] of download([0, 1, 2, 3])) assert.doesNotThrow(() => (d === 'c' ? obs.fromClient(b) : obs.fromServer(b)));
    obs.end();
    assert.equal(n, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Legacy SCP: scp -f (source) piped into scp -t (sink)

interface ScpRun { trace: Trace; liveOps: FileOperation[]; codes: [number | null, number | null]; stderr: string }

/**
 * Pipes `scp <sourceArgs>` (the source, e.g. `-f FILE`) into `scp <sinkArgs>` (the sink, `-t DIR`).
 * `upload`: the source is the client, the sink the target; `download`: the reverse.
 */
async function runScp(mode: 'upload' | 'download', sourceArgs: string[], sinkArgs: string[], basePath: string): Promise<ScpRun> {
  const source = spawn('scp', sourceArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
  const sink = spawn('scp', sinkArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
  const [client, server] = mode === 'upload' ? [source, sink] : [sink, source];
  const trace: Trace = [];
  const liveOps: FileOperation[] = [];
  const obs = new ScpObserver(mode, basePath, (op) => liveOps.push(op));
  let stderr = '';
  for (const p of [source, sink]) {
    p.stdin.on('error', () => {});
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  }
  client.stdout.on('data', (d: Buffer) => { trace.push(['c', Buffer.from(d)]); obs.fromClient(d); server.stdin.write(d); });
  server.stdout.on('data', (d: Buffer) => { trace.push(['s', Buffer.from(d)]); obs.fromServer(d); client.stdin.write(d); });
  client.stdout.on('end', () => server.stdin.end());
  server.stdout.on('end', () => client.stdin.end());
  const codes = await Promise.all([exited(source), exited(sink)]);
  obs.end();
  return { trace, liveOps, codes, stderr };
}

function replayScp(mode: 'upload' | 'download', basePath: string, trace: Trace, seed: number): FileOperation[] {
  const ops: FileOperation[] = [];
  replay(trace, new ScpObserver(mode, basePath, (op) => ops.push(op)), seed);
  return ops;
}

describe('ScpObserver with the real OpenSSH scp -f / scp -t', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-scp-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const a = randomBytes(3 * MIB + 17);
  const b = randomBytes(70_000);
  before(() => {
    mkdirSync(join(dir, 'client'));
    mkdirSync(join(dir, 'target'));
    mkdirSync(join(dir, 'client', 'tree'));
    writeFileSync(join(dir, 'client', 'a.bin'), a);
    writeFileSync(join(dir, 'client', 'tree', 'one.bin'), a);
    writeFileSync(join(dir, 'client', 'tree', 'two.bin'), b);
    writeFileSync(join(dir, 'target', 'b.bin'), b);
  });

  const both = (mode: 'upload' | 'download', base: string, run: ScpRun): FileOperation[][] =>
    [run.liveOps, replayScp(mode, base, run.trace, 1), replayScp(mode, base, run.trace, 2), replayScp(mode, base, run.trace, 3)];

  it('upload (scp -t on the target): path, bytes and SHA-256, confirmed by the final ack', async () => {
    const target = join(dir, 'target');
    const run = await runScp('upload', ['-f', join(dir, 'client', 'a.bin')], ['-d', '-t', target], `${target}/`);
    assert.deepEqual(run.codes, [0, 0], run.stderr);
    assert.deepEqual(readFileSync(join(target, 'a.bin')), a);
    for (const ops of both('upload', `${target}/`, run)) {
      assert.deepEqual(ops, [{ protocol: 'scp', op: 'upload', path: join(target, 'a.bin'), bytes: a.length, sha256: sha256(a), status: 'ok' }]);
    }
    // Without -d or a trailing slash the target may be the file itself or a directory: the path
    // is the target as given and the note says where the file is if that is a directory.
    const [op] = replayScp('upload', target, run.trace, 4);
    assert.equal(op?.path, target);
    assert.equal(op?.pathNote, `or '${join(target, 'a.bin')}' if '${target}' is a directory`);
  });

  it('download (scp -f on the target) with -p times', async () => {
    const src = join(dir, 'target', 'b.bin');
    const run = await runScp('download', ['-p', '-f', src], ['-p', '-t', join(dir, 'client')], src);
    assert.deepEqual(run.codes, [0, 0], run.stderr);
    assert.deepEqual(readFileSync(join(dir, 'client', 'b.bin')), b);
    for (const ops of both('download', src, run)) {
      assert.deepEqual(ops, [{ protocol: 'scp', op: 'download', path: src, bytes: b.length, sha256: sha256(b), status: 'ok' }]);
    }
  });

  it('-r of a directory with two files, both ways', async () => {
    const target = join(dir, 'target');
    // `scp -r tree host:DIR/` (the usual form: into a directory) runs `scp -r -t DIR/` there.
    const up = await runScp('upload', ['-r', '-f', join(dir, 'client', 'tree')], ['-r', '-t', `${target}/`], `${target}/`);
    assert.deepEqual(up.codes, [0, 0], up.stderr);
    assert.deepEqual(readFileSync(join(target, 'tree', 'two.bin')), b);
    const tree = join(target, 'tree');
    for (const ops of both('upload', `${target}/`, up)) {
      assert.deepEqual(ops.map((o) => [o.op, o.path, o.bytes, o.sha256, o.status]).sort(), [
        ['mkdir', tree, 0, null, 'ok'],
        ['upload', join(tree, 'one.bin'), a.length, sha256(a), 'ok'],
        ['upload', join(tree, 'two.bin'), b.length, sha256(b), 'ok'],
      ]);
      assert.ok(ops.every((o) => o.pathNote === undefined));
    }
    // `scp -r tree host:DIR`: DIR may be an existing directory (then DIR/tree) or be created as
    // the copy of tree; the observer cannot know which and says so on every entry.
    const unsure = replayScp('upload', target, up.trace, 5);
    assert.deepEqual(unsure.map((o) => [o.op, o.path, o.pathNote]).sort(), [
      ['mkdir', target, `or '${tree}' if '${target}' is a directory`],
      ['upload', join(target, 'one.bin'), `or '${join(tree, 'one.bin')}' if '${target}' is a directory`],
      ['upload', join(target, 'two.bin'), `or '${join(tree, 'two.bin')}' if '${target}' is a directory`],
    ]);
    const src = join(target, 'tree');
    mkdirSync(join(dir, 'back'));
    const down = await runScp('download', ['-r', '-f', src], ['-r', '-t', join(dir, 'back')], src);
    assert.deepEqual(down.codes, [0, 0], down.stderr);
    for (const ops of both('download', src, down)) {
      assert.deepEqual(ops.map((o) => [o.op, o.path, o.bytes, o.sha256, o.status]).sort(), [
        ['download', join(src, 'one.bin'), a.length, sha256(a), 'ok'],
        ['download', join(src, 'two.bin'), b.length, sha256(b), 'ok'],
      ]);
    }
  });

  it('an error ack from the sink makes the upload failed, with its message', async () => {
    const target = join(dir, 'no-such-dir', 'x.bin');
    const run = await runScp('upload', ['-f', join(dir, 'client', 'a.bin')], ['-t', target], target);
    assert.notDeepEqual(run.codes, [0, 0]);
    for (const ops of both('upload', target, run)) {
      assert.equal(ops.length, 1, JSON.stringify(ops));
      assert.equal(ops[0]?.op, 'upload');
      assert.equal(ops[0]?.status, 'failed');
      assert.equal(ops[0]?.bytes, 0);
      assert.equal(ops[0]?.sha256, null);
      assert.match(ops[0]?.error ?? '', /No such file or directory/);
    }
  });

  it('a missing source file makes the download failed', async () => {
    const src = join(dir, 'target', 'missing.bin');
    const run = await runScp('download', ['-f', src], ['-t', join(dir, 'client')], src);
    for (const ops of both('download', src, run)) {
      assert.equal(ops.length, 1, JSON.stringify(ops));
      assert.equal(ops[0]?.op, 'download');
      assert.equal(ops[0]?.path, src);
      assert.equal(ops[0]?.status, 'failed');
      assert.match(ops[0]?.error ?? '', /missing\.bin: No such file or directory/);
    }
  });

  it('a transfer cut off mid-data is incomplete, with the hash of what passed', () => {
    const ops: FileOperation[] = [];
    const obs = new ScpObserver('upload', '/srv/', (op) => ops.push(op));
    obs.fromServer(Buffer.from([0]));
    obs.fromClient(Buffer.from('C0644 100 f.txt\n'));
    obs.fromServer(Buffer.from([0]));
    obs.fromClient(Buffer.alloc(40, 0x41));
    obs.end();
    assert.deepEqual(ops, [{ protocol: 'scp', op: 'upload', path: '/srv/f.txt', bytes: 40, sha256: sha256(Buffer.alloc(40, 0x41)),
      hashNote: 'incomplete: channel closed', status: 'incomplete' }]);
  });

  it('data from the source before the ack it waits for is not SCP (a program that only looks like scp)', () => {
    const ops: FileOperation[] = [];
    const obs = new ScpObserver('upload', '/tmp', (op) => ops.push(op));
    obs.fromClient(Buffer.from('any data, no ack asked for\n'));
    assert.equal(obs.following, false);
    assert.deepEqual(ops.map((o) => o.op), ['unparseable']);
  });

  it('a sink that keeps sending errors unasked is not SCP', () => {
    const ops: FileOperation[] = [];
    const obs = new ScpObserver('download', '/etc/hosts', (op) => ops.push(op));
    obs.fromClient(Buffer.from('\x00\x01one\n'));
    assert.equal(obs.following, true);
    obs.fromClient(Buffer.from('\x01two\n'));
    assert.equal(obs.following, false);
    assert.deepEqual(ops.map((o) => [o.op, o.status]), [['download', 'failed'], ['unparseable', 'incomplete']]);
  });

  it('garbage on the control stream gives one unparseable note', () => {
    const ops: FileOperation[] = [];
    const obs = new ScpObserver('download', '/etc/hosts', (op) => ops.push(op));
    obs.fromClient(Buffer.from([0]));
    obs.fromServer(Buffer.from('Last login: yesterday\n'));
    obs.fromServer(Buffer.from('C0644 3 hosts\n'));
    obs.end();
    assert.deepEqual(ops.map((o) => o.op), ['unparseable']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseScpCommand', () => {
  const cases: Array<[string, ReturnType<typeof parseScpCommand>]> = [
    ['scp -t /tmp', { mode: 'upload', path: '/tmp', recursive: false, targetIsDirectory: false }],
    ['scp -f /etc/hosts', { mode: 'download', path: '/etc/hosts', recursive: false, targetIsDirectory: false }],
    ['scp -v -r -t -- /tmp/x', { mode: 'upload', path: '/tmp/x', recursive: true, targetIsDirectory: false }],
    ['scp -r -p -d -t /srv/www', { mode: 'upload', path: '/srv/www', recursive: true, targetIsDirectory: true }],
    ['scp -v -p -f -- -odd-name', { mode: 'download', path: '-odd-name', recursive: false, targetIsDirectory: false }],
    ['scp -rpf /var/log', { mode: 'download', path: '/var/log', recursive: true, targetIsDirectory: false }],
    ["scp -t '/tmp/my dir'", { mode: 'upload', path: '/tmp/my dir', recursive: false, targetIsDirectory: false }],
    ['scp -f "/tmp/a \\"b\\""', { mode: 'download', path: '/tmp/a "b"', recursive: false, targetIsDirectory: false }],
    ['scp -t /tmp/a\\ b', { mode: 'upload', path: '/tmp/a b', recursive: false, targetIsDirectory: false }],
    ['/usr/bin/scp -f ~/notes.txt', { mode: 'download', path: '~/notes.txt', recursive: false, targetIsDirectory: false }],
    ['scp -rpdvq -t x', { mode: 'upload', path: 'x', recursive: true, targetIsDirectory: true }],
    ['/tmp/x/scp -t /tmp', null],
    ['./scp -t /tmp', null],
    ['/home/andi/bin/scp -f /etc/passwd', null],
    ['scp -o ProxyCommand=x -t /tmp', null],
    ['scp -i key -t /tmp', null],
    ['scp -t /a /b', null],
    ['scp -T -t /tmp', null],
    ['  scp   -t   .  ', { mode: 'upload', path: '.', recursive: false, targetIsDirectory: false }],
    ['scp -t', null],
    ['scp -t -f /tmp', null],
    ['scp /a /b', null],
    ['scp host:/a /b', null],
    ['ls -la', null],
    ['sftp-server', null],
    ['echo scp -t /tmp', null],
    ['scpx -t /tmp', null],
    ['scp -t /tmp; rm -rf /', null],
    ['scp -t $(pwd)', null],
    ['scp -t "/tmp/$HOME"', null],
    ["scp -t '/unterminated", null],
    ['', null],
  ];
  for (const [command, want] of cases) {
    it(`${JSON.stringify(command)} → ${want ? `${want.mode} ${want.path}` : 'null'}`, () => {
      assert.deepEqual(parseScpCommand(command), want);
    });
  }
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => { parseScpCommand(s); }), { numRuns: 200, seed: 5 });
  });
});

describe('isSftpServerCommand', () => {
  for (const [command, want] of [
    ['/usr/lib/openssh/sftp-server', true], ['/usr/libexec/openssh/sftp-server -e -l INFO', true], ['internal-sftp', true],
    ['sftp-server -R', true], ['/tmp/x/sftp-server -d /srv -u 022', true], ["'/usr/lib/openssh/sftp-server' -P hardlink@openssh.com", true],
    ['/usr/lib/openssh/sftp-server -d', false], ['/usr/lib/openssh/sftp-server; id', false], ['/usr/lib/openssh/sftp-server extra', false],
    ['sftp-serverx', false], ['sftp host', false], ['exec /usr/lib/openssh/sftp-server', false], ['', false],
  ] as const) {
    it(`${JSON.stringify(command)} → ${want}`, () => assert.equal(isSftpServerCommand(command), want));
  }
});

// ---------------------------------------------------------------------------------------------

describe('garbage and truncated streams never throw', () => {
  const chunks = fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 300 })), { maxLength: 12 });
  const valid = (op: FileOperation): void => {
    assert.ok(['sftp', 'scp'].includes(op.protocol));
    assert.ok(['ok', 'failed', 'incomplete'].includes(op.status));
    assert.ok(Number.isSafeInteger(op.bytes) && op.bytes >= 0);
    assert.ok(op.sha256 === null || /^[0-9a-f]{64}$/.test(op.sha256));
  };
  const feed = (obs: Observer, input: Array<[boolean, Uint8Array]>): void => {
    for (const [client, bytes] of input) {
      const b = Buffer.from(bytes);
      if (client) obs.fromClient(b); else obs.fromServer(b);
    }
    obs.end();
  };

  it('random bytes, with and without a valid SFTP start', () => {
    fc.assert(fc.property(chunks, fc.boolean(), (input, start) => {
      const ops: FileOperation[] = [];
      const obs = new SftpObserver((op) => ops.push(op), { maxPendingBytes: 1000 });
      if (start) { obs.fromClient(INIT); obs.fromServer(VERSION); }
      feed(obs, input);
      ops.forEach(valid);
      assert.ok(ops.filter((o) => o.op === 'unparseable').length <= 1);
    }), { numRuns: 200, seed: 1 });
  });

  it('random bytes on SCP, both modes', () => {
    fc.assert(fc.property(chunks, fc.constantFrom('upload' as const, 'download' as const), (input, mode) => {
      const ops: FileOperation[] = [];
      feed(new ScpObserver(mode, '/tmp', (op) => ops.push(op)), input);
      ops.forEach(valid);
      assert.ok(ops.filter((o) => o.op === 'unparseable').length <= 1);
    }), { numRuns: 200, seed: 2 });
  });

  /** A small real-looking SFTP session (upload, download, rename, remove) to cut and corrupt. */
  const session: Trace = (() => {
    const f = randomBytes(3000);
    return [['c', INIT], ['s', VERSION], ['c', open(1, '/u', 0x1a)], ['s', handle(1, 'W')],
      ['c', Buffer.concat([write(2, 'W', 0, f.subarray(0, 1500)), write(3, 'W', 1500, f.subarray(1500))])],
      ['s', Buffer.concat([status(2, 0), status(3, 0)])], ['c', close(4, 'W')], ['s', status(4, 0)],
      ['c', open(5, '/u', 1)], ['s', handle(5, 'R')], ['c', Buffer.concat([read(6, 'R', 0, 2000), read(7, 'R', 2000, 2000)])],
      ['s', Buffer.concat([data(6, f.subarray(0, 2000)), data(7, f.subarray(2000))])], ['c', read(8, 'R', 3000, 2000)],
      ['s', status(8, 1)], ['c', close(9, 'R')], ['s', status(9, 0)],
      ['c', pkt(200, u32(10), str('posix-rename@openssh.com'), str('/u'), str('/v'))], ['s', status(10, 0)],
      ['c', pkt(13, u32(11), str('/v'))], ['s', status(11, 0)]];
  })();

  it('the synthetic session itself is understood', () => {
    assert.deepEqual(replaySftp(session, 1).map((o) => [o.op, o.status, o.bytes]),
      [['upload', 'ok', 3000], ['download', 'ok', 3000], ['rename', 'ok', 0], ['remove', 'ok', 0]]);
  });

  it('truncated and corrupted SFTP sessions, fed in random chunks', () => {
    const flat = session.map(([d, b]) => [d, b] as const);
    const total = flat.reduce((n, [, b]) => n + b.length, 0);
    fc.assert(fc.property(fc.nat({ max: total }), fc.option(fc.tuple(fc.nat({ max: total - 1 }), fc.integer({ min: 1, max: 255 }))),
      fc.integer(), (cut, flip, seed) => {
        let pos = 0;
        const trace: Trace = [];
        for (const [d, b] of flat) {
          const c = Buffer.from(b);
          if (flip && flip[0] >= pos && flip[0] < pos + c.length) c[flip[0] - pos] = (c[flip[0] - pos] as number) ^ flip[1];
          if (pos + c.length > cut) { trace.push([d, c.subarray(0, cut - pos)]); break; }
          trace.push([d, c]);
          pos += c.length;
        }
        const ops = replaySftp(trace, seed);
        ops.forEach(valid);
        assert.ok(ops.filter((o) => o.op === 'unparseable').length <= 1);
      }), { numRuns: 200, seed: 3 });
  });
});
