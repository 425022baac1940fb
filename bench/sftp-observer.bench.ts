/**
 * SFTP observer benchmark (in memory, no I/O, no processes):
 *
 * A synthetic SFTP session moving JAGA_BENCH_SFTP_MIB (256) MiB each way, laid out as OpenSSH 9's
 * sftp does it (261120-byte WRITEs / READs, 64 requests in flight, replies after each batch), cut
 * into JAGA_BENCH_SFTP_CHUNK (32768) byte chunks regardless of packet boundaries, as an SSH channel
 * delivers them. Each direction is timed through SftpObserver (parse + SHA-256 of the payload)
 * against plain `createHash('sha256')` over the very same chunks (every byte of the bulk
 * direction), interleaved, best of JAGA_BENCH_REPEAT (5). The observer's hash is checked against
 * the real one. Goal: `uploadRatio` and `downloadRatio` (hash time ÷ observer time) >= 0.9.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SftpObserver } from '../src/gateway/sftp-observer.js';
import type { FileOperation } from '../src/gateway/transfer-observer.js';

const envInt = (name: string, dflt: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? dflt : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
};

const TOTAL = envInt('JAGA_BENCH_SFTP_MIB', 256) * 1024 * 1024;
const CHUNK = envInt('JAGA_BENCH_SFTP_CHUNK', 32768);
const REPEATS = envInt('JAGA_BENCH_REPEAT', 5);
const IO_LEN = 261120; // OpenSSH's read/write length with the limits@openssh.com extension
const IN_FLIGHT = 64;
const GOAL = 0.9;

const t0 = performance.now();

const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const str = (s: string | Buffer): Buffer => { const b = Buffer.isBuffer(s) ? s : Buffer.from(s); return Buffer.concat([u32(b.length), b]); };
const u64 = (n: number): Buffer => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
const pkt = (type: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat([Buffer.from([type]), ...parts]);
  return Buffer.concat([u32(body.length), body]);
};
const status = (id: number, code: number): Buffer => pkt(101, u32(id), u32(code), str(code ? 'End of file' : 'Success'), str(''));

type Event = readonly ['c' | 's', Buffer];

/** The payload: a random 1 MiB pool repeated (SHA-256 does not care), so building 256 MiB is quick. */
const pool = randomBytes(1024 * 1024);
const fillPayload = (dst: Buffer, at: number, fileOffset: number, len: number): void => {
  for (let k = 0; k < len;) {
    const p = (fileOffset + k) % pool.length;
    const n = Math.min(len - k, pool.length - p);
    pool.copy(dst, at + k, p, p + n);
    k += n;
  }
};
const fileSha = (): string => {
  const h = createHash('sha256');
  for (let k = 0; k < TOTAL;) { const n = Math.min(TOTAL - k, pool.length); h.update(pool.subarray(0, n)); k += n; }
  return h.digest('hex');
};

const HANDLE = Buffer.from('00000000');
const packets = Math.ceil(TOTAL / IO_LEN);

/** Client → target: WRITE packets in one big stream, chunked; STATUS replies after each batch. */
function uploadSession(): { events: Event[]; bulk: Buffer[] } {
  const writeHead = 4 + 1 + 4 + 4 + HANDLE.length + 8 + 4;
  const stream = Buffer.allocUnsafe(packets * writeHead + TOTAL);
  const ends: number[] = [];
  let at = 0;
  for (let i = 0; i < packets; i++) {
    const off = i * IO_LEN;
    const len = Math.min(IO_LEN, TOTAL - off);
    at = stream.writeUInt32BE(writeHead - 4 + len, at);
    at = stream.writeUInt8(6, at);
    at = stream.writeUInt32BE(100 + i, at);
    at = stream.writeUInt32BE(HANDLE.length, at);
    at += HANDLE.copy(stream, at);
    at = stream.writeBigUInt64BE(BigInt(off), at);
    at = stream.writeUInt32BE(len, at);
    fillPayload(stream, at, off, len);
    at += len;
    ends.push(at);
  }
  const events: Event[] = [
    ['c', pkt(1, u32(3))], ['s', pkt(2, u32(3))],
    ['c', pkt(3, u32(1), str('/srv/upload.bin'), u32(0x1a), u32(0))], ['s', pkt(102, u32(1), str(HANDLE))],
  ];
  const bulk: Buffer[] = [];
  let acked = 0;
  for (let s = 0; s < stream.length; s += CHUNK) {
    const chunk = stream.subarray(s, Math.min(stream.length, s + CHUNK));
    events.push(['c', chunk]);
    bulk.push(chunk);
    const end = s + chunk.length;
    // Replies for every batch of IN_FLIGHT writes the chunk completed.
    while (acked < packets && (ends[Math.min(packets, acked + IN_FLIGHT) - 1] as number) <= end) {
      const upto = Math.min(packets, acked + IN_FLIGHT);
      events.push(['s', Buffer.concat(Array.from({ length: upto - acked }, (_, k) => status(100 + acked + k, 0)))]);
      acked = upto;
    }
  }
  events.push(['c', pkt(4, u32(2), str(HANDLE))], ['s', status(2, 0)]);
  return { events, bulk };
}

/** Target → client: READ requests in batches, DATA replies in one big stream, chunked. */
function downloadSession(): { events: Event[]; bulk: Buffer[] } {
  const dataHead = 4 + 1 + 4 + 4;
  const stream = Buffer.allocUnsafe(packets * dataHead + TOTAL);
  const starts: number[] = [];
  let at = 0;
  for (let i = 0; i < packets; i++) {
    const off = i * IO_LEN;
    const len = Math.min(IO_LEN, TOTAL - off);
    starts.push(at);
    at = stream.writeUInt32BE(dataHead - 4 + len, at);
    at = stream.writeUInt8(103, at);
    at = stream.writeUInt32BE(100 + i, at);
    at = stream.writeUInt32BE(len, at);
    fillPayload(stream, at, off, len);
    at += len;
  }
  const read = (i: number): Buffer => pkt(5, u32(100 + i), str(HANDLE), u64(i * IO_LEN), u32(IO_LEN));
  const events: Event[] = [
    ['c', pkt(1, u32(3))], ['s', pkt(2, u32(3))],
    ['c', pkt(3, u32(1), str('/srv/download.bin'), u32(1), u32(0))], ['s', pkt(102, u32(1), str(HANDLE))],
  ];
  const bulk: Buffer[] = [];
  let requested = 0;
  for (let s = 0; s < stream.length; s += CHUNK) {
    const chunk = stream.subarray(s, Math.min(stream.length, s + CHUNK));
    const last = s + chunk.length - 1;
    // The READs this chunk answers must have been sent before it.
    while (requested < packets && (starts[requested] as number) <= last) {
      const upto = Math.min(packets, requested + IN_FLIGHT);
      events.push(['c', Buffer.concat(Array.from({ length: upto - requested }, (_, k) => read(requested + k)))]);
      requested = upto;
    }
    events.push(['s', chunk]);
    bulk.push(chunk);
  }
  events.push(['c', read(packets)], ['s', status(100 + packets, 1)], ['c', pkt(4, u32(2), str(HANDLE))], ['s', status(2, 0)]);
  return { events, bulk };
}

function timeObserver(events: readonly Event[]): { ms: number; op: FileOperation | undefined } {
  const ops: FileOperation[] = [];
  const start = performance.now();
  const obs = new SftpObserver((op) => ops.push(op));
  for (const [d, b] of events) {
    if (d === 'c') obs.fromClient(b); else obs.fromServer(b);
  }
  obs.end();
  return { ms: performance.now() - start, op: ops[0] };
}

function timeHash(bulk: readonly Buffer[]): number {
  const start = performance.now();
  const h = createHash('sha256');
  for (const b of bulk) h.update(b);
  h.digest('hex');
  return performance.now() - start;
}

const want = fileSha();
const result: Record<string, unknown> = { mib: TOTAL / 1024 / 1024, chunk: CHUNK, ioLen: IO_LEN, repeats: REPEATS };
let ok = true;
console.log(`sftp observer benchmark: ${TOTAL / 1024 / 1024} MiB each way, ${CHUNK}-byte chunks, best of ${REPEATS}`);
for (const [name, build] of [['upload', uploadSession], ['download', downloadSession]] as const) {
  const { events, bulk } = build();
  const obsMs: number[] = [];
  const hashMs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    // ABBA: alternate which side goes first.
    if (r % 2 === 0) hashMs.push(timeHash(bulk));
    const o = timeObserver(events);
    if (o.op?.sha256 !== want || o.op.bytes !== TOTAL || o.op.status !== 'ok' || o.op.op !== name) {
      console.log(`!! ${name}: the observer reported ${JSON.stringify(o.op)}, expected sha256 ${want}`);
      ok = false;
    }
    obsMs.push(o.ms);
    if (r % 2 === 1) hashMs.push(timeHash(bulk));
  }
  const bestObs = Math.min(...obsMs);
  const bestHash = Math.min(...hashMs);
  const ratio = bestHash / bestObs;
  const mibs = (ms: number): number => TOTAL / 1024 / 1024 / (ms / 1000);
  console.log(`${name}: observer ${mibs(bestObs).toFixed(0)} MiB/s (${bestObs.toFixed(0)} ms), plain sha256 ${mibs(bestHash).toFixed(0)} MiB/s ` +
    `(${bestHash.toFixed(0)} ms), ratio ${ratio.toFixed(3)} (goal >= ${GOAL})`);
  Object.assign(result, { [`${name}Ratio`]: Number(ratio.toFixed(4)), [`${name}ObserverMs`]: obsMs.map((x) => Math.round(x)),
    [`${name}HashMs`]: hashMs.map((x) => Math.round(x)), [`${name}ObserverMiBps`]: Math.round(mibs(bestObs)),
    [`${name}HashMiBps`]: Math.round(mibs(bestHash)) });
}
Object.assign(result, { ok, node: process.version, elapsedMs: Math.round(performance.now() - t0) });
console.log(`BENCH_JSON ${JSON.stringify(result)}`);
if (!ok) process.exitCode = 1;
