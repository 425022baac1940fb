/**
 * Logbook benchmark (one run, fresh SQLite file in a temp dir, removed afterwards):
 *
 * 1. Durable appends/s through Jaga's real path (one `store.transaction` + `appendToLogbook`
 *    per entry) versus plain inserts of the very same rows into a table with the same columns
 *    and indexes, one row per BEGIN IMMEDIATE … COMMIT, same file, same pragmas
 *    (WAL, synchronous=FULL: every commit fsyncs). The two sides alternate in blocks of 250
 *    (ABBA order) so that drift and load spikes on a shared machine hit both alike.
 * 2. verifyLogbook entries/s versus sha256Hex alone over the exact same payload strings
 *    (read from the database and serialised before timing). Best of 3, interleaved. Also the
 *    scan alone and entryPayload alone, to show where verification time goes.
 *
 * Environment: JAGA_BENCH_N (durable rows; default: calibrated so each side of part 1 runs about
 * 3.5 s, at least 2000), JAGA_BENCH_VERIFY_N (extra entries for the verify part, default 50000),
 * JAGA_BENCH_DIR (parent of the temp dir, default the OS temp dir: put it on the disk you care
 * about, fsync cost is the point).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { KyselyStore } from '../src/adapters/db/kysely-store.js';
import type { LogbookTable } from '../src/adapters/db/schema.js';
import { loadOrCreateSigner } from '../src/adapters/system/ed25519-signer.js';
import { sha256Hex } from '../src/adapters/system/node-crypto.js';
import { appendToLogbook } from '../src/app/logbook/logbook-writer.js';
import { verifyLogbook } from '../src/app/logbook/verify-logbook.js';
import { canonicalJson } from '../src/domain/logbook/canonical-json.js';
import type { LogbookEntry, LogbookEntryInput } from '../src/domain/logbook/logbook-entry.js';
import { GENESIS_HASH, entryPayload } from '../src/domain/logbook/logbook-entry.js';
import { rng } from './support/rng.js';
import { DESCRIPTIONS } from './support/sample-text.js';

const envInt = (name: string, dflt: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? dflt : Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
};

const N_FIXED = process.env['JAGA_BENCH_N'] ? envInt('JAGA_BENCH_N', 2000) : undefined;
const N_MIN = 2000;
const N_TARGET_SECONDS = 3.5;
// (N is rounded up to a multiple of 1000, so the blocks of part 1 come in ABBA pairs.)
const VERIFY_N = envInt('JAGA_BENCH_VERIFY_N', 50_000);
const VERIFY_BATCH = 1000;
const REPEATS = 3;
const APPEND_BLOCK = 250;

const t0 = performance.now();
const dir = mkdtempSync(join(process.env['JAGA_BENCH_DIR'] || tmpdir(), 'jaga-bench-'));
const dbFile = join(dir, 'jaga.sqlite');

// ---------------------------------------------------------------------------------------------
// Realistic entry data: case events of ~300–600 bytes of canonical JSON, Indonesian text.

const rand = rng(20240611);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const uuid = (): string => {
  const h = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};

const UNITS = Array.from({ length: 12 }, uuid);
const USERS = Array.from({ length: 40 }, uuid);
const CASES = Array.from({ length: 300 }, uuid);
const IMPACTS = [
  'Seluruh paket tender yang sedang berjalan di unit ini terhambat; tiga paket memasuki tahap pemasukan penawaran hari ini.',
  'Sebagian pengguna terdampak; proses evaluasi oleh Pokja dapat ditunda sampai sore tanpa mengubah jadwal.',
  'Tidak ada paket yang sedang berada pada tahap kritis, tetapi penyedia tidak dapat mendaftar akun baru.',
];
const ROOT_CAUSES = [
  'Layanan Tomcat berhenti setelah pembaruan paket sistem operasi karena versi Java tidak lagi cocok dengan konfigurasi aplikasi.',
  'Berkas log tidak dirotasi selama enam bulan sehingga memenuhi partisi; logrotate tidak terpasang pada server ini.',
  'Kumpulan koneksi aplikasi tidak menutup koneksi setelah galat waktu habis, sehingga koneksi menumpuk di basis data.',
];
const NETWORKS = ['kantor-lpse', 'vpn-lkpp', 'intranet-pemda'];
const UNIT_NAMES = ['LPSE Provinsi Gorontalo', 'LPSE Kota Manado', 'LPSE Kabupaten Bone Bolango', 'LPSE Provinsi Sulawesi Utara'];

function caseEvent(): LogbookEntryInput {
  const caseId = pick(CASES);
  const unitId = pick(UNITS);
  const actorId = pick(USERS);
  const status = pick(['reported', 'acknowledged', 'approved', 'in_progress', 'restored']);
  const common = {
    status, step: pick(['B1', 'B2', 'B3', 'C1', 'C2', 'D1']), revision: 1 + Math.floor(rand() * 12), via: pick(['cli', 'http']),
    sop: 'SOP-01 1.0', unit: pick(UNIT_NAMES),
  };
  const kind = Math.floor(rand() * 4);
  const data: Record<string, unknown> =
    kind === 0 ? { target: 'spse', system: 'SPSE 4.5u20240105', description: pick(DESCRIPTIONS),
      urgency: pick(['rendah', 'sedang', 'tinggi']), channel: pick(['telepon', 'surel', 'whatsapp']), ...common }
      : kind === 1 ? { classification: pick(['aplikasi', 'server', 'jaringan']), impact: pick(IMPACTS), executor: 'andi.saputra',
        notes: 'Diteruskan ke admin LPSE; koordinator sudah dihubungi lewat telepon.', ...common }
        : kind === 2 ? { accessId: uuid(), purpose: 'Memeriksa log Tomcat dan memulai ulang layanan SPSE sesuai langkah C1.', network: pick(NETWORKS), sourceIp: `10.8.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
          first: rand() < 0.5, workstation: 'LPSE-NB-001', target: 'spse', account: 'spseadm', ...common,
          deviations: [{ step: 'B2', overMinutes: Math.floor(rand() * 90), standardMinutes: 60 }] }
          : { rootCause: pick(ROOT_CAUSES), permanentFix: 'Memasang logrotate dan pemantauan ruang disk; menambah uji konfigurasi sebelum pembaruan.', ...common };
  const type = ['case.reported', 'case.acknowledged', 'case.access_started', 'case.root_caused'][kind] as string;
  return { type, actorId, unitId, caseId, data };
}

const BASE_MS = Date.parse('2024-06-11T01:00:00.000Z');
const atOf = (i: number): string => new Date(BASE_MS + i * 1500).toISOString();

/** The chain Jaga will build, computed in memory: the exact rows both sides of part 1 write. */
function chainOf(inputs: readonly LogbookEntryInput[], ats: readonly string[], from: { seq: number; hash: string }): LogbookEntry[] {
  let head = from;
  return inputs.map((input, i) => {
    const base = { seq: head.seq + 1, at: ats[i] as string, type: input.type, actorId: input.actorId, unitId: input.unitId,
      caseId: input.caseId, data: canonicalJson(input.data), prevHash: head.hash };
    const e: LogbookEntry = { ...base, hash: sha256Hex(entryPayload(base)) };
    head = { seq: e.seq, hash: e.hash };
    return e;
  });
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const round = (n: number, digits: number): number => Number(n.toFixed(digits));
const fileSize = (f: string): number => { try { return statSync(f).size; } catch { return 0; } };

// ---------------------------------------------------------------------------------------------

const store = KyselyStore.open({ dialect: 'sqlite', file: dbFile }, () => new Date().toISOString());
try {
  await store.migrate();
  const signer = loadOrCreateSigner(join(dir, 'checkpoint-signing.pem'));
  const writerDeps = { sha256: sha256Hex, signer };
  const plainDb = store.db.withTables<{ logbook_plain: LogbookTable; bench_warmup: LogbookTable }>();
  // RESTART: the next commit writes the WAL from its start again, over the existing file (the
  // steady state of a long-running installation) instead of growing a truncated file.
  const walCheckpoint = (mode: 'RESTART' | 'TRUNCATE' = 'RESTART') => sql.raw(`pragma wal_checkpoint(${mode})`).execute(store.db);
  const createPlain = async (name: 'logbook_plain' | 'bench_warmup') => {
    await sql.raw(`CREATE TABLE ${name} (seq integer PRIMARY KEY, at text NOT NULL, type text NOT NULL, actor_id text,
      unit_id text, case_id text, data text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL)`).execute(store.db);
    // The same secondary indexes as `logbook`, so both sides do the same B-tree work per row.
    await sql.raw(`CREATE INDEX ${name}_at ON ${name}(at)`).execute(store.db);
    await sql.raw(`CREATE INDEX ${name}_case ON ${name}(case_id)`).execute(store.db);
  };
  const dropPlain = (name: string) => sql.raw(`DROP TABLE ${name}`).execute(store.db);
  const toRow = (e: LogbookEntry): LogbookTable => ({
    seq: e.seq, at: e.at, type: e.type, actor_id: e.actorId, unit_id: e.unitId, case_id: e.caseId, data: e.data, prev_hash: e.prevHash, hash: e.hash,
  });

  console.log('== Jaga logbook benchmark');
  console.log(`node ${process.version} (${process.platform}/${process.arch}), database ${dbFile}`);

  /** Plain baseline: one INSERT per BEGIN IMMEDIATE … COMMIT, through the same Kysely/SQLite connection. */
  const plainRun = async (name: 'logbook_plain' | 'bench_warmup', rs: readonly LogbookTable[]): Promise<number> => {
    await createPlain(name);
    await walCheckpoint();
    const start = performance.now();
    for (const r of rs) await plainDb.transaction().execute((trx) => trx.insertInto(name).values(r).execute());
    const ms = performance.now() - start;
    await dropPlain(name);
    return ms;
  };

  // Warm-up (JIT, page cache, first WAL growth) on a scratch table; its second half calibrates N.
  const warmRows = chainOf(Array.from({ length: 1000 }, caseEvent), Array.from({ length: 1000 }, (_, i) => atOf(i)),
    { seq: 0, hash: GENESIS_HASH }).map(toRow);
  await plainRun('bench_warmup', warmRows.slice(0, 400));
  const warmMs = await plainRun('bench_warmup', warmRows.slice(400));
  const warmRate = 600 / warmMs * 1000;
  const N = N_FIXED ?? Math.max(N_MIN, Math.ceil(warmRate * N_TARGET_SECONDS / 1000) * 1000);
  console.log(`fsync calibration: ~${fmt(warmRate)} plain commits/s -> N=${fmt(N)}${N_FIXED ? ' (JAGA_BENCH_N)' : ''}`);

  const inputs = Array.from({ length: N }, caseEvent);
  const ats = inputs.map((_, i) => atOf(i));
  const expected = chainOf(inputs, ats, { seq: 0, hash: GENESIS_HASH });
  const rows = expected.map(toRow);
  const avgData = rows.reduce((s, r) => s + Buffer.byteLength(r.data), 0) / N;
  const avgPayload = expected.reduce((s, e) => s + Buffer.byteLength(entryPayload(e)), 0) / N;
  console.log(`entry data: avg ${fmt(avgData)} B canonical JSON, avg ${fmt(avgPayload)} B hashed payload`);

  // --- 1. durable appends vs plain inserts -----------------------------------------------------
  // Interleaved in blocks, ABBA (plain+Jaga, Jaga+plain, …), so both sides see the same share of
  // whatever else the machine does; per-pair ratios give a robust median besides the totals.
  const blocks = Math.ceil(N / APPEND_BLOCK);
  console.log(`\n-- 1. durable appends, N=${fmt(N)} per side, one entry per transaction (WAL, synchronous=FULL), `
    + `${blocks} interleaved blocks of ${APPEND_BLOCK}`);
  await createPlain('logbook_plain');
  await walCheckpoint();
  const plainBlockMs: number[] = [];
  const jagaBlockMs: number[] = [];
  const plainBlock = async (from: number, to: number): Promise<number> => {
    const start = performance.now();
    for (let i = from; i < to; i++) await plainDb.transaction().execute((trx) => trx.insertInto('logbook_plain').values(rows[i] as LogbookTable).execute());
    return performance.now() - start;
  };
  const jagaBlock = async (from: number, to: number): Promise<number> => {
    const start = performance.now();
    for (let i = from; i < to; i++) {
      await store.transaction((tx) => appendToLogbook(tx.logbook, writerDeps, ats[i] as string, [inputs[i] as LogbookEntryInput]));
    }
    return performance.now() - start;
  };
  for (let b = 0; b < blocks; b++) {
    const from = b * APPEND_BLOCK;
    const to = Math.min(N, from + APPEND_BLOCK);
    if (b % 2 === 0) {
      plainBlockMs.push(await plainBlock(from, to));
      jagaBlockMs.push(await jagaBlock(from, to));
    } else {
      jagaBlockMs.push(await jagaBlock(from, to));
      plainBlockMs.push(await plainBlock(from, to));
    }
  }
  await dropPlain('logbook_plain');
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const median = (xs: readonly number[]): number => {
    const ys = [...xs].sort((a, b) => a - b);
    const m = Math.floor(ys.length / 2);
    return ys.length % 2 ? ys[m] as number : ((ys[m - 1] as number) + (ys[m] as number)) / 2;
  };
  const plainMs = sum(plainBlockMs);
  const jagaMs = sum(jagaBlockMs);
  const blockRatios = plainBlockMs.map((p, i) => p / (jagaBlockMs[i] as number));
  console.log(`plain inserts: ${fmt(plainMs)} ms  ${fmt(N / plainMs * 1000)}/s  (blocks ${fmt(Math.min(...plainBlockMs))}–${fmt(Math.max(...plainBlockMs))} ms)`);
  console.log(`Jaga appends : ${fmt(jagaMs)} ms  ${fmt(N / jagaMs * 1000)}/s  (blocks ${fmt(Math.min(...jagaBlockMs))}–${fmt(Math.max(...jagaBlockMs))} ms)`);

  const head = await store.read((r) => r.logbook.readHead());
  const last = expected[N - 1] as LogbookEntry;
  if (head.seq !== N || head.hash !== last.hash) throw new Error('Jaga wrote a different chain than the plain rows');

  const appendPerSec = N / jagaMs * 1000;
  const plainInsertPerSec = N / plainMs * 1000;
  const appendRatio = appendPerSec / plainInsertPerSec;
  const appendRatioMedian = median(blockRatios);
  console.log(`=> appends/s ${fmt(appendPerSec)}, plain inserts/s ${fmt(plainInsertPerSec)}, ratio ${appendRatio.toFixed(3)} `
    + `(median of ${blocks} block pairs ${appendRatioMedian.toFixed(3)}, range ${Math.min(...blockRatios).toFixed(2)}–${Math.max(...blockRatios).toFixed(2)}) (goal >= 0.5)`);

  // --- 2. verify vs hashing alone ---------------------------------------------------------------
  console.log(`\n-- 2. verify: building ${fmt(VERIFY_N)} more entries in transactions of ${fmt(VERIFY_BATCH)}`);
  const buildStart = performance.now();
  for (let done = 0; done < VERIFY_N; done += VERIFY_BATCH) {
    const k = Math.min(VERIFY_BATCH, VERIFY_N - done);
    const batch = Array.from({ length: k }, caseEvent);
    const at = atOf(N + done);
    await store.transaction((tx) => appendToLogbook(tx.logbook, writerDeps, at, batch));
  }
  await walCheckpoint();
  console.log(`built in ${fmt(performance.now() - buildStart)} ms`);

  const entries: LogbookEntry[] = [];
  await store.read(async (r) => { for await (const page of r.logbook.scan({})) entries.push(...page); });
  const payloads = entries.map(entryPayload);
  const hashes = entries.map((e) => e.hash);
  const total = entries.length;
  const payloadBytes = payloads.reduce((s, p) => s + Buffer.byteLength(p), 0);
  const checkpoints = (await store.read((r) => r.logbook.checkpoints())).length;
  console.log(`logbook: ${fmt(total)} entries, ${fmt(payloadBytes / 1048576, 1)} MiB of payload, ${fmt(checkpoints)} signed checkpoints`);

  const verifyTimes: number[] = [];
  const hashTimes: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    const vs = performance.now();
    const report = await verifyLogbook({ store, sha256: sha256Hex, signer });
    verifyTimes.push(performance.now() - vs);
    if (!report.ok || report.entries !== total) throw new Error(`verifyLogbook failed: ${JSON.stringify(report)}`);

    const hs = performance.now();
    for (let i = 0; i < total; i++) {
      if (sha256Hex(payloads[i] as string) !== hashes[i]) throw new Error(`hash mismatch at #${i + 1}`);
    }
    hashTimes.push(performance.now() - hs);
    console.log(`rep ${rep + 1}: verifyLogbook ${fmt(verifyTimes[rep] as number)} ms, sha256 alone ${fmt(hashTimes[rep] as number)} ms`);
  }
  // Breakdown context (not part of the ratio), best of REPEATS each: the page scan alone
  // (repos.logbook.scan, what verifyLogbook reads), and building every payload string from the
  // in-memory entries alone (entryPayload, no hashing). verify ≈ scan + build + hashing.
  const scanTimes: number[] = [];
  const buildTimes: number[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    const ss = performance.now();
    let seen = 0;
    await store.read(async (r) => { for await (const page of r.logbook.scan({})) seen += page.length; });
    scanTimes.push(performance.now() - ss);
    if (seen !== total) throw new Error(`scan saw ${seen} of ${total} entries`);
    const bs = performance.now();
    let chars = 0;
    for (const e of entries) chars += entryPayload(e).length;
    buildTimes.push(performance.now() - bs);
    if (chars === 0) throw new Error('no payload');
  }
  const scanMs = Math.min(...scanTimes);
  const buildMs = Math.min(...buildTimes);
  console.log(`breakdown: scan pages only ${fmt(scanMs)} ms, entryPayload only ${fmt(buildMs)} ms (best of ${REPEATS}; no hashing in either)`);

  const verifyMs = Math.min(...verifyTimes);
  const hashMs = Math.min(...hashTimes);
  const verifyPerSec = total / verifyMs * 1000;
  const hashPerSec = total / hashMs * 1000;
  const verifyRatio = verifyPerSec / hashPerSec;
  console.log(`=> verify ${fmt(verifyPerSec)} entries/s, sha256 alone ${fmt(hashPerSec)} entries/s (best of ${REPEATS}), ratio ${verifyRatio.toFixed(3)} (goal >= 0.5)`);

  // --- 3. context -------------------------------------------------------------------------------
  await walCheckpoint('TRUNCATE');
  const dbBytes = fileSize(dbFile) + fileSize(`${dbFile}-wal`);
  const elapsedMs = performance.now() - t0;
  console.log(`\n-- context: N=${fmt(N)}, verify entries=${fmt(total)}, database ${fmt(dbBytes / 1048576, 1)} MiB, node ${process.version}, total ${fmt(elapsedMs / 1000, 1)} s`);

  const json = {
    n: N, appendPerSec: round(appendPerSec, 1), plainInsertPerSec: round(plainInsertPerSec, 1), appendRatio: round(appendRatio, 3),
    appendRatioMedianBlock: round(appendRatioMedian, 3), appendBlocks: blocks,
    verifyEntries: total, verifyPerSec: round(verifyPerSec, 1), hashPerSec: round(hashPerSec, 1), verifyRatio: round(verifyRatio, 3),
    verifyMs: verifyTimes.map((t) => round(t, 1)), hashMs: hashTimes.map((t) => round(t, 1)),
    scanOnlyMs: round(scanMs, 1), payloadBuildMs: round(buildMs, 1), checkpoints,
    avgDataBytes: round(avgData, 1), avgPayloadBytes: round(avgPayload, 1), dbBytes, node: process.version, elapsedMs: round(elapsedMs, 0),
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
