import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freePort, serverBanner, serveBanner } from '../support/server-banner.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JAGA = join(ROOT, 'bin/jaga.js');

interface Run { status: number | null; stdout: string; stderr: string }

function jaga(dataDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [JAGA, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...opts.env }, input: opts.input ?? '', encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command that must succeed; returns its standard output, trimmed. */
function ok(dataDir: string, args: string[], input?: string): string {
  const r = jaga(dataDir, args, input === undefined ? {} : { input });
  assert.equal(r.status, 0, `jaga ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

function sqlite(dataDir: string, statements: string): void {
  const r = spawnSync('sqlite3', [join(dataDir, 'jaga.sqlite'), statements], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/**
 * Indonesian words that only an Indonesian sentence or label would bring into the output (none is
 * an SOP term): function words, the words of the case view's labels, and the month names that
 * differ from English.
 */
const INDONESIAN_WORDS = [
  'dan', 'yang', 'tidak', 'belum', 'oleh', 'pada', 'kasus', 'langkah', 'untuk', 'dengan', 'sudah', 'telah', 'masih', 'atau', 'dari',
  'di', 'ke', 'ini', 'itu', 'bukan', 'sedang', 'dalam', 'selesai', 'mulai', 'dilaporkan', 'diakui', 'disetujui', 'jaringan', 'lokasi',
  'menit', 'pukul', 'perbaikan', 'akses', 'gagal', 'lulus', 'penjelasan', 'batas', 'tanggal', 'waktu', 'uraian', 'sistem', 'urgensi',
  'saluran', 'dampak', 'klasifikasi', 'pelaksana', 'tindakan', 'catatan', 'alasan', 'lengkap', 'dijelaskan', 'penyimpangan', 'galat',
  'januari', 'februari', 'maret', 'mei', 'juni', 'juli', 'agustus', 'oktober', 'desember', 'kritis', 'telepon', 'milik', 'terdaftar',
  'diizinkan', 'berwenang', 'terlindungi', 'menyiapkan', 'menerima', 'laporan', 'gangguan', 'lanjut', 'awal', 'diperiksa', 'entri',
];

const indonesianIn = (text: string): string[] =>
  [...new Set(text.toLowerCase().split(/[^a-z]+/).filter((w) => INDONESIAN_WORDS.includes(w)))];

/** English words that only an English sentence would bring into the output (commands and option names in it aside). */
const ENGLISH_WORDS = [
  'the', 'and', 'of', 'on', 'for', 'with', 'without', 'until', 'valid', 'is', 'it', 'not', 'now', 'store', 'shown', 'again', 'revoked',
  'stored', 'written', 'listening', 'keeping', 'shutting', 'down', 'gracefully', 'yet', 'another', 'first', 'hand', 'single', 'use',
  'append', 'line', 'above', 'run', 'via', 'no', 'preference', 'client', 'else', 'documentation', 'authentication', 'witness',
];

const englishIn = (text: string): string[] =>
  [...new Set(text.toLowerCase().split(/[^a-z]+/).filter((w) => ENGLISH_WORDS.includes(w)))];

describe('jaga chooses one language for the whole invocation (--lang, JAGA_LANG)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-lang-'));
  const as = (u: string): string[] => ['--as', u];
  let caseId = '';
  let returnedJson = '';
  before(() => {
    ok(dir, ['migrate']);
    ok(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], 'long-enough-password\n');
    ok(dir, ['unit', 'add', ...as('op'), '--code', 'gorontalo', '--name', 'Gorontalo Province LPSE', '--time-zone', 'Asia/Makassar']);
    for (const [user, role] of [['koor', 'koordinator'], ['andi', 'admin_lpse'], ['desk', 'pelapor']] as const) {
      ok(dir, ['admin', 'create', ...as('op'), '--username', user, '--role', role, '--unit', 'gorontalo', '--password-stdin'], 'long-enough-password\n');
    }
    ok(dir, ['network', 'add', ...as('op'), '--name', 'office-lan', '--kind', 'office_lpse', '--cidr', '10.10.0.0/16', '--intranet', '--unit', 'gorontalo']);
    ok(dir, ['workstation', 'add', ...as('op'), '--asset-tag', 'NB-001', '--serial', 'SN-001', '--owner-unit', 'gorontalo', '--assigned-user', 'andi',
      '--organisation-owned', '--ssh-key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl andi@nb-001']);
    ok(dir, ['target', 'add', ...as('op'), '--name', 'spse-prod', '--unit', 'gorontalo', '--host', '10.10.1.5', '--login', 'spseadm',
      '--host-key-fingerprint', `SHA256:${'A'.repeat(43)}`]);
    caseId = ok(dir, ['case', 'report', ...as('desk'), '--unit', 'gorontalo', '--target', 'spse-prod', '--system', 'SPSE production',
      '--description', 'The SPSE login page returns HTTP 502', '--urgency', 'critical', '--channel', 'phone']);
    // The report arrived 3 hours ago: B1's time standard (1 hour) is missed, so the case carries a deviation to explain.
    sqlite(dir, `UPDATE cases SET doc = json_set(doc, '$.report.reportedAt', '${new Date(Date.now() - 3 * 3600_000).toISOString()}') WHERE id = '${caseId}';`);
    ok(dir, ['case', 'acknowledge', caseId, ...as('koor'), '--classification', 'application', '--impact', 'Suppliers cannot sign in', '--executor', 'andi']);
    ok(dir, ['case', 'explain-deviation', caseId, ...as('andi'), '--step', 'B1', '--explanation', 'The report came in at night']);
    ok(dir, ['case', 'prepare', caseId, ...as('andi'), '--workstation', 'NB-001', '--location', 'LPSE office, server room', '--network', 'office-lan',
      '--source-ip', '10.10.2.20']);
    ok(dir, ['case', 'access-start', caseId, ...as('andi'), '--source-ip', '10.10.2.20']);
    ok(dir, ['case', 'restore', caseId, ...as('andi'), '--initial-fix', 'Restarted tomcat; sign-in works again']);
    ok(dir, ['case', 'root-cause', caseId, ...as('andi'), '--root-cause', 'The /var disk filled up with logs', '--permanent-fix', 'Daily log rotation and a disk alarm at 80%']);
    ok(dir, ['case', 'access-end', caseId, ...as('andi')]);
    ok(dir, ['case', 'close', caseId, ...as('andi'), '--notes', 'Done']);
    // Kembalikan once, the actor from JAGA_ACTOR; then closed again and approved.
    const returned = jaga(dir, ['case', 'return', caseId, '--reason', 'The analysis does not say why the logs were not rotated', '--json'], { env: { JAGA_ACTOR: 'koor' } });
    assert.equal(returned.status, 0, returned.stderr);
    returnedJson = returned.stdout;
    ok(dir, ['case', 'correct', caseId, ...as('andi'), '--root-cause', 'The /var disk filled up with Tomcat logs that were never rotated']);
    ok(dir, ['case', 'close', caseId, ...as('andi'), '--notes', 'Logs were never rotated: logrotate was missing; daily rotation installed']);
    ok(dir, ['case', 'approve', caseId, ...as('koor')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a case that went through every step with no Indonesian sentence under --lang en, SOP terms aside', () => {
    const out = ok(dir, ['case', 'show', caseId, ...as('koor'), '--lang', 'en']);
    assert.deepEqual(indonesianIn(out), [], out);
    for (const step of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']) assert.match(out, new RegExp(`^ {4}${step} `, 'm'), step);
    assert.match(out, /^Case [0-9a-f-]{36}$/m);
    assert.match(out, /Status: approved/);
    assert.match(out, /LPSE unit: Gorontalo Province LPSE \(gorontalo\); times shown in WITA \(Asia\/Makassar\)/);
    assert.match(out, /Target: spse-prod \(spseadm@10\.10\.1\.5\)/);
    assert.match(out, /Reported: \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} WITA, by desk/);
    assert.match(out, /Executor: andi/);
    assert.match(out, /Workstation: NB-001/);
    assert.match(out, /A1 workstation checks: passed/);
    assert.match(out, /A1a ok +Workstation NB-001 is registered and owned by LKPP\/LPSE\./);
    assert.match(out, /B1 +Receive the fault report — time standard 60 min/);
    assert.match(out, /deviation: 1\d\d min over the time standard/);
    assert.match(out, /explanation \(by andi, .* WITA\): The report came in at night/);
    assert.match(out, /Approval \(Menyetujui\) \(by koor,/);
    assert.match(out, /A2 documentation: complete/);
    assert.match(out, /b\. Network used: office-lan/);
  });

  it('returns a closed case for correction (jaga case return): the trail in --json, and in case show --lang en with no Indonesian sentence', () => {
    const c = JSON.parse(returnedJson) as { status: string; closure: unknown; returns: { reason: string; closure: { notes: string } }[] };
    assert.equal(c.status, 'root_caused');
    assert.equal(c.closure, null);
    assert.deepEqual(c.returns.map((r) => [r.reason, r.closure.notes]), [['The analysis does not say why the logs were not rotated', 'Done']]);
    const out = ok(dir, ['case', 'show', caseId, ...as('koor'), '--lang', 'en']);
    assert.deepEqual(indonesianIn(out), [], out);
    assert.match(out, /^ {2}Returned for correction \(Kembalikan\) #1 \(by koor, \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} WITA\)\n {4}Reason: The analysis does not say why the logs were not rotated\n {4}Close returned: by andi, \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} WITA\n {4}Notes: Done$/m);
    assert.match(out, /B6 closed in the Logbook \(by andi, [^)]+\)\n {4}Notes: Logs were never rotated/);
    assert.match(out, /Notes: Done\n {4}Corrected \(by andi, [^)]+ WITA\)\n {6}Root cause: The \/var disk filled up with Tomcat logs that were never rotated\n {6}before: The \/var disk filled up with logs$/m);
    assert.match(out, /d\. Fault analysis: The \/var disk filled up with Tomcat logs that were never rotated/);
    const id = ok(dir, ['case', 'show', caseId, ...as('koor'), '--lang', 'id']);
    assert.match(id, /Dikembalikan untuk diperbaiki \(Kembalikan\) #1 \(oleh koor, \d{1,2} [A-Z][a-z]+ \d{4} pukul \d{2}\.\d{2} WITA\)\n {4}Alasan: The analysis/);
    assert.match(id, /Dikoreksi \(oleh andi, [^)]+\)\n {6}Akar masalah: The \/var disk filled up with Tomcat logs that were never rotated\n {6}sebelumnya: /);
    const v = JSON.parse(ok(dir, ['case', 'show', caseId, ...as('koor'), '--json'])) as { returns: { by: { username: string }; at: { zone: string }; closure: { by: { username: string } } }[] };
    assert.deepEqual(v.returns.map((r) => [r.by.username, r.at.zone, r.closure.by.username]), [['koor', 'WITA', 'andi']]);
  });

  it('refuses jaga case return in the chosen language with the exit code of its kind: not the koordinator (4), not closed (5), no --reason (2)', () => {
    const executor = jaga(dir, ['case', 'return', caseId, ...as('andi'), '--reason', 'Again', '--lang', 'en']);
    assert.equal(executor.status, 4);
    assert.equal(executor.stderr, "error: andi (admin_lpse) may not return cases for correction on this case's unit. [case.forbidden.return]\n");
    const approved = jaga(dir, ['case', 'return', caseId, ...as('koor'), '--reason', 'Again', '--lang', 'en']);
    assert.equal(approved.status, 5);
    assert.equal(approved.stderr, 'error: Cannot return the case for correction: the case is approved; no step is left. [case.wrong_step]\n');
    const noReason = jaga(dir, ['case', 'return', caseId, ...as('koor'), '--lang', 'en']);
    assert.equal(noReason.status, 2);
    assert.match(noReason.stderr, /--reason/);
    assert.match(ok(dir, ['case', 'return', '--help', '--lang', 'en']), /--reason TEXT +alasan: what the executor must correct \[required\]/);
  });

  it('shows it in Indonesian under --lang id, and JAGA_LANG chooses when no flag does (the flag wins)', () => {
    const id = ok(dir, ['case', 'show', caseId, ...as('koor'), '--lang', 'id']);
    assert.match(id, /^Kasus [0-9a-f-]{36}$/m);
    assert.match(id, /Status: disetujui/);
    assert.match(id, /Dilaporkan: \d{1,2} [A-Z][a-z]+ \d{4} pukul \d{2}\.\d{2} WITA, oleh desk/);
    assert.match(id, /penyimpangan mutu baku: terlambat 1\d\d menit/);
    assert.match(id, /A2 dokumentasi: lengkap/);
    assert.ok(indonesianIn(id).length > 10);
    const env = jaga(dir, ['case', 'show', caseId, ...as('koor')], { env: { JAGA_LANG: 'en' } });
    assert.match(env.stdout, /^Case /m);
    const flagWins = jaga(dir, ['case', 'show', caseId, ...as('koor'), '--lang', 'id'], { env: { JAGA_LANG: 'en' } });
    assert.match(flagWins.stdout, /^Kasus /m);
  });

  it('lists cases with names and local times in the chosen language', () => {
    const en = ok(dir, ['case', 'list', ...as('koor'), '--lang', 'en']);
    assert.match(en, new RegExp(`^${caseId} +approved +— +critical +\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} WITA +gorontalo +andi +SPSE production$`));
    assert.match(ok(dir, ['case', 'list', ...as('koor'), '--lang', 'id']), /disetujui +— +kritis/);
    const j = JSON.parse(ok(dir, ['case', 'list', ...as('koor'), '--json'])) as { items: { unit: { name: string }; executor: { username: string }; reportedAt: { zone: string } }[] };
    assert.equal(j.items[0]?.unit.name, 'Gorontalo Province LPSE');
    assert.equal(j.items[0]?.executor.username, 'andi');
    assert.equal(j.items[0]?.reportedAt.zone, 'WITA');
    const none = JSON.parse(ok(dir, ['case', 'list', ...as('koor'), '--target', 'tidak-ada', '--json'])) as { items: unknown[] };
    assert.deepEqual(none.items, [], '--target: an unknown target selects nothing');
  });

  it('prints the case view model as JSON: names resolved, codes not words', () => {
    const v = JSON.parse(ok(dir, ['case', 'show', caseId, ...as('koor'), '--json'])) as {
      status: string; report: { reporter: { username: string }; at: { zone: string } }; timeline: { step: string; deviation: { explanation: { by: { username: string } } } | null }[];
    };
    assert.equal(v.status, 'approved');
    assert.equal(v.report.reporter.username, 'desk');
    assert.equal(v.report.at.zone, 'WITA');
    assert.equal(v.timeline.find((r) => r.step === 'B1')?.deviation?.explanation.by.username, 'andi');
  });

  it('writes errors in the chosen language only, with the code', () => {
    const en = jaga(dir, ['case', 'show', 'no-such-case', ...as('koor'), '--lang', 'en']);
    assert.equal(en.status, 3);
    assert.equal(en.stderr, "error: Case 'no-such-case' not found. [case.not_found]\n");
    const id = jaga(dir, ['case', 'show', 'no-such-case', ...as('koor')], { env: { JAGA_LANG: 'id' } });
    assert.match(id.stderr, /^galat: .*'no-such-case' tidak ditemukan\. \[case\.not_found\]\n$/);
    const usage = jaga(dir, ['frobnicate', '--lang', 'en']);
    assert.equal(usage.status, 2);
    assert.equal(usage.stderr, 'error: unknown command: jaga frobnicate\n(jaga --help)\n');
    const both = jaga(dir, ['case', 'show', 'no-such-case', ...as('koor')]);
    assert.match(both.stderr, /^galat: .*\nerror: .*\[case\.not_found\]\n$/, 'without a language, both as before');
  });

  it('refuses a language it does not speak with a bilingual usage error, from the flag and from JAGA_LANG', () => {
    const tries: [string[], Record<string, string>, string][] = [
      [['case', 'list', ...as('koor'), '--lang', 'fr'], {}, '--lang'],
      [['case', 'list', ...as('koor')], { JAGA_LANG: 'klingon' }, 'JAGA_LANG'],
    ];
    for (const [args, env, source] of tries) {
      const r = jaga(dir, args, { env });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`galat: ${source} harus id \\(Bahasa Indonesia\\) atau en \\(English\\)[^\\n]*\\nerror: ${source} must be id \\(Bahasa Indonesia\\) or en \\(English\\)`));
      assert.equal(r.stdout, '');
    }
  });

  it('words help in the chosen language where it has both, and keeps sop show --lang both', () => {
    assert.match(ok(dir, ['case', 'report', '--help', '--lang', 'en']), /--unit UNIT +LPSE unit \[required\]/);
    assert.match(ok(dir, ['case', 'report', '--help', '--lang', 'id']), /--unit UNIT +LPSE unit \[wajib\]/);
    assert.match(ok(dir, ['case', 'report', '--help']), /\[wajib\/required\]/);
    assert.match(ok(dir, ['sop', 'show', '--lang', 'both']), /Prosedur Perbaikan Secara Remote[\s\S]*\(Government of Gorontalo Province/);
    assert.doesNotMatch(ok(dir, ['sop', 'show', '--lang', 'en']), /menerima laporan/);
  });

  it('uses the language for logbook output too', () => {
    // This installation's case was backdated in SQL above, which verification now catches (issue 10): an intact one is a fresh one.
    const fresh = mkdtempSync(join(tmpdir(), 'jaga-lang-'));
    try {
      ok(fresh, ['migrate']);
      assert.match(ok(fresh, ['logbook', 'verify', '--lang', 'en']), /^logbook intact: \d+ entries, head #\d+ [0-9a-f]{64}, \d+ checkpoint checked$/);
      assert.match(ok(fresh, ['logbook', 'verify', '--lang', 'id']), /^Logbook utuh: \d+ entri, kepala #\d+ [0-9a-f]{64}, \d+ checkpoint diperiksa$/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    assert.match(jaga(dir, ['logbook', 'verify', '--lang', 'en']).stderr, /^Logbook BROKEN at entry #\d+: Case \S+ differs from the logbook at report\.reportedAt: logbook "[^"]+", stored "[^"]+"\.\n$/);
    assert.match(jaga(dir, ['logbook', 'verify', '--lang', 'id']).stderr, /^Logbook RUSAK pada entri #\d+: Kasus \S+ berbeda dari logbook pada report\.reportedAt: logbook "[^"]+", tersimpan "[^"]+"\.\n$/);
    const r = jaga(dir, ['logbook', 'export', '--format', 'xml', '--lang', 'en']);
    assert.equal(r.stderr, 'error: --format must be csv or jsonl\n(jaga --help)\n');
  });

  it('words the registries in the chosen language too: what was created or changed, and every list', () => {
    const run = (lang: string, args: string[], input?: string): string => {
      const r = jaga(dir, [...args, ...as('op'), '--lang', lang], input === undefined ? {} : { input });
      assert.equal(r.status, 0, `jaga ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
      return r.stdout + r.stderr;
    };
    const lists = (lang: string): string => ['user', 'unit', 'network', 'workstation', 'target', 'grant'].map((x) => run(lang, [x, 'list'])).join('');
    const en = [
      run('en', ['unit', 'add', '--code', 'lkpp', '--name', 'LKPP', '--time-zone', 'Asia/Jakarta', '--national']),
      run('en', ['admin', 'create', '--username', 'budi', '--role', 'auditor', '--password-stdin'], 'long-enough-password\n'),
      run('en', ['user', 'deactivate', 'budi', '--reason', 'moved to another office']),
      lists('en'),
    ].join('');
    assert.deepEqual(indonesianIn(en), [], en);
    assert.doesNotMatch(en, /dibuat|diubah|aktif|semua|dipensiunkan|nasional|kosong/i);
    assert.match(en, /^unit created: lkpp \(Asia\/Jakarta\) national$/m);
    assert.match(en, /^user created: budi \(auditor\)$/m);
    assert.match(en, /^Changed: user deactivated budi$/m);
    assert.match(en, /^budi {2}auditor {2}all units {2}deactivated {2}budi$/m);
    assert.match(en, /^\(none\)$/m, 'no grant yet');
    const id = run('id', ['user', 'reactivate', 'budi', '--reason', 'kembali']) + lists('id');
    assert.match(id, /^Diubah: pengguna diaktifkan kembali budi$/m);
    assert.match(id, /^budi {2}auditor {2}semua unit {2}aktif {2}budi$/m);
    assert.doesNotMatch(id, /active|all units|created|Changed|none/);
  });

  it('words tokens, enrolment codes, the backup and target credentials in the chosen language (their secrets alone on stdout)', () => {
    /** What a command said: its stderr, and its stdout where that holds no secret; the data directory left out (a random name). */
    const run = (lang: string, args: string[], stdoutToo: boolean): string => {
      const r = jaga(dir, [...args, '--lang', lang]);
      assert.equal(r.status, 0, `jaga ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
      return (stdoutToo ? r.stdout + r.stderr : r.stderr).split(dir).join('DIR');
    };
    const said = (lang: string): string => {
      const token = jaga(dir, ['token', 'create', ...as('op'), '--name', `prom-${lang}`]).stdout.trim();
      const tokenId = (JSON.parse(ok(dir, ['token', 'list', ...as('op'), '--json'])) as { id: string; name: string }[])
        .find((x) => x.name === `prom-${lang}`)?.id ?? '';
      assert.ok(token && tokenId);
      return [
        run(lang, ['token', 'create', ...as('op'), '--name', `metrics-${lang}`], false),
        run(lang, ['token', 'revoke', tokenId, ...as('op')], true),
        run(lang, ['token', 'list', ...as('op')], true),
        run(lang, ['user', 'enrolment-code', 'andi', ...as('op')], false),
        run(lang, ['target', 'credential', 'spse-prod', '--generate', ...as('op')], false),
        run(lang, ['backup', '--database-only', '--out', join(dir, `copy-${lang}.sqlite`)], true),
        run(lang, ['user', 'set-language', 'auto', ...as('op')], true),
      ].join('');
    };
    const en = said('en');
    assert.deepEqual(indonesianIn(en), [], en);
    assert.doesNotMatch(en, /dicabut|berlaku|simpan|kode|sekali|kredensial|tambahkan|cadangan|ditulis|bahasa|s\.d\./i);
    assert.match(en, /^Token metrics-en \(read\) valid until \S+; store it now, it is not shown again\.$/m);
    assert.match(en, /^Token prom-en revoked$/m);
    assert.match(en, /^\S+ {2}read {2}revoked {2}prom-en$/m);
    assert.match(en, /^\S+ {2}read {2}until \S+ {2}metrics-en$/m);
    assert.match(en, /^TOTP enrolment code for andi, single use, valid until \S+; hand it to the user directly\.$/m);
    assert.match(en, /^target credential stored: spse-prod \(private_key\)$/m);
    assert.match(en, /^append the line above to the authorized_keys of target spse-prod's login account$/m);
    assert.match(en, /^backup written: DIR\/copy-en\.sqlite \(\+ DIR\/copy-en\.sqlite\.signing-key\.pem\)$/m);
    assert.match(en, /^op has no language preference now/m);
    const id = said('id');
    assert.deepEqual(englishIn(id), [], id);
    assert.match(id, /^Token metrics-id \(read\) berlaku sampai \S+; simpan sekarang, tidak ditampilkan lagi\.$/m);
    assert.match(id, /^\S+ {2}read {2}dicabut {2}prom-id$/m);
    assert.match(id, /^\S+ {2}read {2}s\.d\. \S+ {2}metrics-id$/m);
    assert.match(id, /^Kode pendaftaran TOTP untuk andi, sekali pakai, berlaku sampai \S+; berikan langsung kepada pengguna\.$/m);
    assert.match(id, /^Kredensial target disimpan: spse-prod \(private_key\)$/m);
    assert.match(id, /^Cadangan ditulis: DIR\/copy-id\.sqlite/m);
    assert.match(id, /^op tidak lagi memilih bahasa/m);
    const both = jaga(dir, ['token', 'revoke', (JSON.parse(ok(dir, ['token', 'list', ...as('op'), '--json'])) as { id: string; revokedAt: string | null }[])
      .find((x) => !x.revokedAt)?.id ?? '', ...as('op')]);
    assert.match(both.stderr, /^Token \S+ dicabut \/ Token \S+ revoked$/m, 'without a language, both as before');
  });

  it('words the banners of jaga serve and jaga witness serve in the chosen language', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'jaga-lang-'));
    try {
      ok(fresh, ['migrate']);
      const text = (out: string): string => out.split(fresh).join('DIR');
      const en = text(await serveBanner(fresh, ['--lang', 'en'], {}, true));
      assert.deepEqual(indonesianIn(en), [], en);
      assert.match(en, /^Prometheus metrics without authentication on http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
      assert.match(en, /^Jaga listening on http:\/\/127\.0\.0\.1:\d+ \(SQLite DIR\/jaga\.sqlite\); API documentation: \S+\/api\/docs$/m);
      assert.match(en, /^SSH gateway on 127\.0\.0\.1:\d+ \(ssh -p \d+ USER\+TARGET@host\)$/m);
      assert.match(en, /^Jaga: no user yet/m);
      assert.match(en, /^SIGTERM: shutting down gracefully$/m);
      const id = text(await serveBanner(fresh, [], { JAGA_LANG: 'id' }, true));
      assert.deepEqual(englishIn(id), [], id);
      assert.match(id, /^Jaga mendengarkan di \S+ \(SQLite DIR\/jaga\.sqlite\); dokumentasi API: /m);
      assert.match(id, /^Gateway SSH di 127\.0\.0\.1:\d+ \(ssh -p \d+ PENGGUNA\+TARGET@host\)$/m);
      assert.match(id, /^SIGTERM: berhenti dengan rapi$/m);
      writeFileSync(join(fresh, 'installation.pub'), ok(fresh, ['logbook', 'public-key']));
      const witness = async (lang: string): Promise<string> => text(await serverBanner(['witness', 'serve', '--dir', join(fresh, 'held'),
        '--listen', `127.0.0.1:${await freePort()}`, '--public-key', join(fresh, 'installation.pub'), '--lang', lang], {}, /listening on|mendengarkan di/));
      assert.match(await witness('en'), /^Witness for \S+ listening on 127\.0\.0\.1:\d+, keeping DIR\/held$/m);
      const wid = await witness('id');
      assert.match(wid, /^Saksi untuk \S+ mendengarkan di 127\.0\.0\.1:\d+, menyimpan DIR\/held$/m);
      assert.deepEqual(englishIn(wid), [], wid);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});

describe('jaga never lets user text drive the operator terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-escape-'));
  // eslint-disable-next-line no-control-regex -- what must never reach the terminal
  const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const HOSTILE = 'Login broken\x1b[2J\x1b[H\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\u009b31m\rA1a ok\u202eexe.pdf';
  let caseId = '';
  before(() => {
    ok(dir, ['migrate']);
    ok(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], 'long-enough-password\n');
    ok(dir, ['unit', 'add', '--as', 'op', '--code', 'jakarta', '--name', 'LPSE Jakarta', '--time-zone', 'Asia/Jakarta']);
    for (const [user, role] of [['koor', 'koordinator'], ['desk', 'pelapor']] as const) {
      ok(dir, ['admin', 'create', '--as', 'op', '--username', user, '--role', role, '--unit', 'jakarta', '--password-stdin'], 'long-enough-password\n');
    }
    caseId = ok(dir, ['case', 'report', '--as', 'desk', '--unit', 'jakarta', '--system', 'SPSE\x1b[8m', '--description', HOSTILE, '--urgency', 'high']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a hostile description escaped, in case show, case list and JSON', () => {
    for (const lang of ['id', 'en']) {
      const show = ok(dir, ['case', 'show', caseId, '--as', 'koor', '--lang', lang]);
      assert.doesNotMatch(show, ACTIVE);
      assert.match(show, /Login broken␛\[2J␛\[H␛\]52;c;Y3VybCBldmlsIHwgc2g=␇\\u009b31m␍A1a ok\\u202eexe\.pdf/);
      assert.match(show, /WIB \(Asia\/Jakarta\)/);
      const list = ok(dir, ['case', 'list', '--as', 'koor', '--lang', lang]);
      assert.doesNotMatch(list, ACTIVE);
      assert.match(list, /SPSE␛\[8m$/);
    }
    const json = ok(dir, ['case', 'show', caseId, '--as', 'koor', '--json']);
    assert.doesNotMatch(json.replace(/\n/g, ''), ACTIVE);
    assert.equal((JSON.parse(json) as { report: { description: string } }).report.description, HOSTILE, 'JSON keeps the exact value');
  });

  it('escapes input quoted back in an error message', () => {
    const r = jaga(dir, ['case', 'show', '\x1b[2Jx\u009b1m', '--as', 'koor']);
    assert.equal(r.status, 3);
    assert.doesNotMatch(r.stderr.replace(/\n/g, ''), ACTIVE);
    assert.match(r.stderr, /'␛\[2Jx\\u009b1m'/);
  });

  it('exports the logbook to a terminal with C1 and bidi controls escaped, the values unchanged', () => {
    const out = ok(dir, ['logbook', 'export', '--format', 'jsonl']);
    assert.doesNotMatch(out.replace(/\n/g, ''), ACTIVE);
    const reported = out.split('\n').map((l) => JSON.parse(l) as { type: string; data: { description?: string } }).find((e) => e.type === 'case.reported');
    assert.equal(reported?.data.description, HOSTILE);
  });
});
