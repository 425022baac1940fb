/**
 * The benchmarks' case fixture: a registry through the real use cases (superadmin, unit
 * `gorontalo`, koordinator, pelapor, admin executor, auditor with no unit, network, workstation,
 * target, a read-scoped API token of the auditor), then `n` cases written straight into the store
 * in transactions of 1000 with the domain's own transitions (about 70 % approved, the rest spread
 * over every other status, 10 % with an explained B1 deviation; ~3.1 KB per case document; open
 * cases recent, finished ones spread over two years). No logbook entries are written for them.
 * Shared by http.bench.ts and web.bench.ts, so both measure the same data.
 */
import { sql } from 'kysely';
import type { Invocation } from '../../src/app/app-deps.js';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { a1CheckResults } from '../../src/app/case/prepare-workstation.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { createUnit } from '../../src/app/registry/create-unit.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import { migrateInstallation } from '../../src/app/setup/migrate-installation.js';
import { requireIp } from '../../src/domain/access/cidr.js';
import {
  acknowledge, approve, cancel, close, endAccess, explainDeviation, openCase, prepare, recordRootCause, restore, startAccess,
} from '../../src/domain/case/case-lifecycle.js';
import type { CaseStatus, RepairCase } from '../../src/domain/case/repair-case.js';
import { CHANNELS, URGENCIES } from '../../src/domain/case/repair-case.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../src/domain/sop/builtin-sops.js';
import type { SopDefinition } from '../../src/domain/sop/sop-definition.js';
import type { openApp } from '../../src/main/open-app.js';
import { rng } from './rng.js';
import { DESCRIPTIONS } from './sample-text.js';

/** The password of every fixture user. */
export const FIXTURE_PASSWORD = 'correct horse battery staple';

export interface CaseFixture {
  /** A read-scoped API token of the auditor (sees every case). */
  readonly token: string;
  readonly caseIds: readonly string[];
  /** Mean JSON size of a case document. */
  readonly avgDocBytes: number;
  readonly seedMs: number;
}

/** Migrates, seeds the registry and `N_CASES` cases (see the file comment). */
export async function seedCaseFixture(app: ReturnType<typeof openApp>, N_CASES: number): Promise<CaseFixture> {
  const seeder = await caseSeeder(app, N_CASES);
  return seeder.add(Array.from({ length: N_CASES }, (_, i) => i));
}

/**
 * The registry of the fixture, and `add(indices)`: the cases of those indices out of a fixture of
 * `total` cases (index i is reported at the i-th point of the two years), for a benchmark that
 * grows one database (scale.bench.ts: a 10 k sample of the 1 M first, then the rest).
 */
export async function caseSeeder(app: ReturnType<typeof openApp>, total: number): Promise<{ add(indices: readonly number[]): Promise<CaseFixture> }> {
  const N_CASES = total;
  const BATCH = 1000;
  // --- setup: registry through the real use cases -----------------------------------------------
  await migrateInstallation(app);
  const boot: Invocation = { actor: null, via: 'cli' };
  const as = (actor: string): Invocation => ({ actor, via: 'cli' });
  const PASSWORD = FIXTURE_PASSWORD;
  await createUser(app, boot, { username: 'super', role: 'superadmin', password: PASSWORD });
  const su = as('super');
  const unit = await createUnit(app, su, { code: 'gorontalo', name: 'LPSE Provinsi Gorontalo' });
  const koor = await createUser(app, su, { username: 'koor', role: 'koordinator', unit: 'gorontalo', password: PASSWORD, nip: '197001012000031001' });
  const pelapor = await createUser(app, su, { username: 'pelapor', role: 'pelapor', unit: 'gorontalo', password: PASSWORD });
  const andi = await createUser(app, su, { username: 'andi', role: 'admin_lpse', unit: 'gorontalo', password: PASSWORD });
  await createUser(app, su, { username: 'audit', role: 'auditor', password: PASSWORD });
  const network = await createNetwork(app, su, { name: 'kantor-lpse', unit: 'gorontalo', kind: 'office_lpse', cidrs: ['10.20.0.0/16'], intranet: true });
  const workstation = await registerWorkstation(app, su, { assetTag: 'LPSE-NB-001', serialNumber: 'SN-001', ownerUnit: 'gorontalo', assignedUser: 'andi', organisationOwned: true });
  const target = await registerTarget(app, su, { name: 'spse', unit: 'gorontalo', host: '10.20.1.10', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` });
  const { token } = await createApiToken(app, as('audit'), { name: 'bench', scope: 'read' });

  // --- setup: cases, written directly in batches (domain transitions, no logbook entries) -------
  const rand = rng(20240611);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const MIN = 60_000;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const nowMs = Date.now();
  const history = 2 * 365 * 24 * 60 * MIN;
  const statusMix: [CaseStatus, number][] = [['approved', 0.70], ['closed', 0.05], ['root_caused', 0.04], ['restored', 0.03], ['in_repair', 0.03],
    ['prepared', 0.03], ['acknowledged', 0.03], ['reported', 0.04], ['cancelled', 0.05]];
  const pickStatus = (): CaseStatus => {
    let x = rand();
    for (const [s, p] of statusMix) { if ((x -= p) < 0) return s; }
    return 'approved';
  };

  const buildCase = (sop: SopDefinition, id: string, i: number): RepairCase => {
    const goal = pickStatus();
    // Open cases are recent, finished ones spread over two years; ids are random, times increase with i.
    const reportedMs = nowMs - history + Math.floor((i + rand()) / N_CASES * (history - 14 * 24 * 60 * MIN));
    let c = openCase(sop, {
      id, unitId: unit.id, targetId: rand() < 0.8 ? target.id : null, timeZone: unit.timeZone,
      report: { reportedAt: iso(reportedMs), reporterId: pelapor.id, channel: pick(CHANNELS), system: pick(SYSTEMS),
        description: pick(DESCRIPTIONS), urgency: pick(URGENCIES) },
    });
    if (goal === 'reported') return c;
    if (goal === 'cancelled') return cancel(c, { at: iso(reportedMs + 20 * MIN), by: koor.id, reason: pick(CANCEL_REASONS) });
    // 10 % of the cases miss B1's standard (60 min) and carry an explained deviation.
    const late = rand() < 0.1;
    let t = reportedMs + (late ? 75 + Math.floor(rand() * 60) : 5 + Math.floor(rand() * 50)) * MIN;
    c = acknowledge(sop, c, { at: iso(t), by: koor.id, classification: pick(CLASSIFICATIONS), impact: pick(IMPACTS), executorId: andi.id });
    if (late) c = explainDeviation(sop, c, { step: 'B1', text: pick(EXPLANATIONS), by: koor.id, at: iso(t + 5 * MIN) });
    if (goal === 'acknowledged') return c;
    t += (5 + Math.floor(rand() * 45)) * MIN;
    const sourceIp = `10.20.${Math.floor(rand() * 255)}.${1 + Math.floor(rand() * 254)}`;
    const checks = a1CheckResults(sop, { executor: andi, unitId: unit.id, target: c.targetId ? target : null, workstation, network, networkUnit: unit, source: requireIp(sourceIp), grants: [], now: iso(t) });
    c = prepare(sop, c, { at: iso(t), by: andi.id, workstationId: workstation.id, location: pick(LOCATIONS), networkId: network.id,
      networkName: network.name, sourceIp, checks });
    if (goal === 'prepared') return c;
    const accesses = 1 + Math.floor(rand() * 3);
    const accessIds: string[] = [];
    for (let k = 0; k < accesses; k++) {
      t += (2 + Math.floor(rand() * 30)) * MIN;
      const accessId = app.ids.newId();
      accessIds.push(accessId);
      c = startAccess(c, { id: accessId, startedAt: iso(t), endedAt: null, via: rand() < 0.7 ? 'gateway' : 'manual', sourceIp, networkId: network.id, recordedBy: andi.id });
      if (goal === 'in_repair' && k === accesses - 1) return c;
      t += (10 + Math.floor(rand() * 120)) * MIN;
      c = endAccess(c, accessId, iso(t));
    }
    c = restore(sop, c, { at: iso(t), by: andi.id, initialFix: pick(INITIAL_FIXES) });
    if (goal === 'restored' || goal === 'in_repair') return c;
    t += (60 + Math.floor(rand() * 3 * 24 * 60)) * MIN;
    c = recordRootCause(sop, c, { at: iso(t), by: andi.id, rootCause: pick(ROOT_CAUSES), permanentFix: pick(PERMANENT_FIXES) });
    if (goal === 'root_caused') return c;
    t += (5 + Math.floor(rand() * 50)) * MIN;
    c = close(sop, c, { at: iso(t), by: andi.id, notes: rand() < 0.5 ? null : 'Dokumentasi A2 lengkap; bukti sesi gateway terlampir.' });
    if (goal === 'closed') return c;
    t += (30 + Math.floor(rand() * 2 * 24 * 60)) * MIN;
    return approve(c, { at: iso(t), by: koor.id, notes: rand() < 0.7 ? null : 'Disetujui; tindak lanjut perbaikan permanen dipantau bulan depan.' });
  };

  const caseIds: string[] = [];
  let docBytes = 0;
  const add = async (indices: readonly number[]): Promise<CaseFixture> => {
    const seedStart = performance.now();
    for (let done = 0; done < indices.length; done += BATCH) {
      await app.store.transaction(async (tx) => {
        const sop = await tx.sops.findCurrent(REMOTE_REPAIR_SOP_CODE);
        if (!sop) throw new Error(`SOP ${REMOTE_REPAIR_SOP_CODE} is not stored (migrateInstallation?)`);
        for (const i of indices.slice(done, done + BATCH)) {
          const c = buildCase(sop, app.ids.newId(), i);
          await tx.cases.insert(c);
          caseIds.push(c.id);
          docBytes += Buffer.byteLength(JSON.stringify(c));
        }
      });
    }
    if (app.store.dialect === 'sqlite') await sql.raw('pragma wal_checkpoint(TRUNCATE)').execute(app.store.db);
    else await sql.raw('analyze cases').execute(app.store.db);
    return { token, caseIds, avgDocBytes: docBytes / caseIds.length, seedMs: performance.now() - seedStart };
  };
  return { add };
}

// Realistic case text (Indonesian, as LPSE staff write it).


const SYSTEMS = ['SPSE produksi', 'SPSE 4.5 (server aplikasi)', 'Basis data SPSE', 'Server cadangan SPSE', 'Portal LPSE'];
const CLASSIFICATIONS = ['aplikasi', 'server', 'jaringan', 'basis data'];
const IMPACTS = [
  'Seluruh paket tender yang sedang berjalan di unit ini terhambat; tiga paket memasuki tahap pemasukan penawaran hari ini.',
  'Sebagian pengguna terdampak; proses evaluasi oleh Pokja dapat ditunda sampai sore tanpa mengubah jadwal.',
  'Tidak ada paket yang sedang berada pada tahap kritis, tetapi penyedia tidak dapat mendaftar akun baru.',
];
const EXPLANATIONS = [
  'Laporan masuk di luar jam kerja; koordinator baru dapat dihubungi setelah apel pagi.',
  'Pelaksana sedang menangani gangguan lain di unit yang sama; penerimaan laporan tertunda.',
];
const LOCATIONS = ['Ruang server LPSE Provinsi Gorontalo, lantai 2', 'Kantor LPSE, ruang admin', 'Ruang rapat Biro Pengadaan (laptop dinas)'];
const INITIAL_FIXES = [
  'Memulai ulang layanan Tomcat dan memastikan halaman login SPSE kembali dapat diakses dari jaringan luar.',
  'Menghapus berkas log lama dan arsip sementara sehingga ruang disk kembali 60% terpakai; pencadangan dijalankan ulang.',
  'Memasang ulang sertifikat TLS yang baru diterbitkan dan memuat ulang konfigurasi nginx.',
];
const ROOT_CAUSES = [
  'Layanan Tomcat berhenti setelah pembaruan paket sistem operasi karena versi Java tidak lagi cocok dengan konfigurasi aplikasi.',
  'Berkas log tidak dirotasi selama enam bulan sehingga memenuhi partisi; logrotate tidak terpasang pada server ini.',
  'Kumpulan koneksi aplikasi tidak menutup koneksi setelah galat waktu habis, sehingga koneksi menumpuk di basis data.',
];
const PERMANENT_FIXES = [
  'Memasang logrotate dan pemantauan ruang disk; menambah uji konfigurasi sebelum pembaruan.',
  'Mengunci versi Java pada paket sistem operasi dan mendokumentasikan prosedur pembaruan bersama Direktorat.',
  'Mengatur batas waktu dan ukuran kumpulan koneksi; menambah peringatan pemantauan untuk jumlah koneksi basis data.',
];
const CANCEL_REASONS = ['Laporan ganda; gangguan yang sama sudah ditangani pada kasus lain.', 'Gangguan ternyata di jaringan pelapor, bukan di server SPSE.'];
