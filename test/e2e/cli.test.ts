import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PostgresCluster } from '../support/postgres-cluster.js';
import { startPostgres } from '../support/postgres-cluster.js';
import ssh2 from 'ssh2';
import { DIALECTS, onDialect } from '../support/test-app.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JAGA = join(ROOT, 'bin/jaga.js');
const SCRIPT = join(ROOT, 'test/e2e/full-case.sh');

interface Run { status: number | null; stdout: string; stderr: string }

function jaga(dataDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [JAGA, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...opts.env }, input: opts.input ?? '', encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sqlite(dataDir: string, statements: string): void {
  const r = spawnSync('sqlite3', [join(dataDir, 'jaga.sqlite'), statements], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const created: string[] = [];
/** A temp directory, removed when this file's tests end. */
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'jaga-cli-')); created.push(d); return d; };
after(() => { for (const d of created) rmSync(d, { recursive: true, force: true }); });

describe('the full-case shell script (jaga commands only)', () => {
  let pg: PostgresCluster | undefined;
  after(async () => { await pg?.stop(); });

  for (const dialect of DIALECTS) {
    it(`takes a case from fault report to approval on ${dialect}`, onDialect(dialect), async () => {
      const dir = tmp();
      const env: Record<string, string> = { PATH: `${join(ROOT, 'bin')}:${process.env['PATH'] ?? ''}`, JAGA_DATA_DIR: dir };
      if (dialect === 'postgres') {
        pg ??= await startPostgres();
        env['JAGA_DATABASE_URL'] = await pg.createDatabase();
      }
      const r = spawnSync('bash', [SCRIPT, 'jaga.js'], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /CASE_APPROVED [0-9a-f-]{36}/);
      assert.match(r.stdout, /Logbook utuh \/ logbook intact/);
      rmSync(dir, { recursive: true, force: true });
    });
  }
});

describe('jaga logbook verify against direct edits with sqlite3', () => {
  let pristine: string;
  let checkpointFile: string;
  before(() => {
    pristine = tmp();
    const r = spawnSync('bash', [SCRIPT, 'jaga.js'], {
      env: { PATH: `${join(ROOT, 'bin')}:${process.env['PATH'] ?? ''}`, JAGA_DATA_DIR: pristine }, encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    checkpointFile = join(pristine, '..', `${pristine.split('/').pop() ?? 'x'}-checkpoint.json`);
    const cp = jaga(pristine, ['logbook', 'checkpoint', '--out', checkpointFile]);
    assert.equal(cp.status, 0, cp.stderr);
  });
  after(() => { rmSync(pristine, { recursive: true, force: true }); rmSync(checkpointFile, { force: true }); });

  /** A copy of the untouched installation to tamper with. */
  const copy = (): string => { const d = tmp(); cpSync(pristine, d, { recursive: true }); return d; };
  const DROP = 'DROP TRIGGER logbook_no_update; DROP TRIGGER logbook_no_delete;';

  it('verifies an untouched logbook, also against the exported checkpoint', () => {
    const r = jaga(pristine, ['logbook', 'verify', '--checkpoint', checkpointFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /intact: 18 entri\/entries/);
  });

  it('the triggers refuse UPDATE and DELETE while they exist', () => {
    const d = copy();
    const r = spawnSync('sqlite3', [join(d, 'jaga.sqlite'), 'DELETE FROM logbook WHERE seq = 3;'], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /append-only/);
  });

  it('names an edited entry', () => {
    const d = copy();
    sqlite(d, `${DROP} UPDATE logbook SET data = replace(data, 'Disk /var penuh', 'Jaringan putus') WHERE type = 'case.root_caused';`);
    const seq = spawnSync('sqlite3', [join(d, 'jaga.sqlite'), "SELECT seq FROM logbook WHERE type = 'case.root_caused'"], { encoding: 'utf8' }).stdout.trim();
    const r = jaga(d, ['logbook', 'verify']);
    assert.equal(r.status, 7);
    assert.match(r.stderr, new RegExp(`RUSAK pada entri #${seq}: .*diubah`));
    assert.match(r.stderr, new RegExp(`BROKEN at entry #${seq}: Entry #${seq} was altered`));
  });

  it('names a deleted entry', () => {
    const d = copy();
    sqlite(d, `${DROP} DELETE FROM logbook WHERE seq = 7;`);
    const r = jaga(d, ['logbook', 'verify']);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /BROKEN at entry #7: Entry #7 is missing \(deleted\)/);
  });

  it('names the first of two reordered entries', () => {
    const d = copy();
    sqlite(d, `${DROP} UPDATE logbook SET seq = -4 WHERE seq = 4; UPDATE logbook SET seq = 4 WHERE seq = 5; UPDATE logbook SET seq = 5 WHERE seq = -4;`);
    const r = jaga(d, ['logbook', 'verify']);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /BROKEN at entry #4/);
  });

  it('names an inserted entry', () => {
    const d = copy();
    sqlite(d, `${DROP} UPDATE logbook SET seq = seq + 100 WHERE seq >= 10; UPDATE logbook SET seq = seq - 99 WHERE seq >= 110;
      INSERT INTO logbook SELECT 10, at, type, actor_id, unit_id, case_id, data, prev_hash, hash FROM logbook WHERE seq = 9;`);
    const r = jaga(d, ['logbook', 'verify']);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /BROKEN at entry #10/);
  });

  it('detects truncation back past an exported checkpoint even when head and stored checkpoints were rewritten', () => {
    const d = copy();
    sqlite(d, `${DROP} DROP TRIGGER logbook_checkpoints_no_delete; DELETE FROM logbook WHERE seq > 15; DELETE FROM logbook_checkpoints;
      UPDATE logbook_head SET seq = 15, hash = (SELECT hash FROM logbook WHERE seq = 15);`);
    // The chain alone cannot tell a cut from an end; the case row the cut entries recorded still can (issue 10).
    const alone = jaga(d, ['logbook', 'verify']);
    assert.equal(alone.status, 7);
    assert.match(alone.stderr, /Case \S+ differs from the logbook at /);
    const r = jaga(d, ['logbook', 'verify', '--checkpoint', checkpointFile]);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /BROKEN at entry #16: Logbook truncated: checkpoint #18 \(tersimpan\/stored|BROKEN at entry #16: Logbook truncated: checkpoint #18 \(ekspor\/exported/);
  });

  it('detects truncation through the recorded head when only rows were deleted', () => {
    const d = copy();
    sqlite(d, `${DROP} DELETE FROM logbook WHERE seq > 12;`);
    const r = jaga(d, ['logbook', 'verify']);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /BROKEN at entry #13: Logbook truncated/);
  });

  it('refuses a forged checkpoint file', () => {
    const forged = join(tmp(), 'forged.json');
    writeFileSync(forged, JSON.stringify({ seq: 5, hash: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z', keyId: 'ed25519:x', signature: 'AAAA' }));
    const r = jaga(pristine, ['logbook', 'verify', '--checkpoint', forged]);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /no valid signature/);
  });

  it('exports a period as CSV and as JSON lines', () => {
    const csv = jaga(pristine, ['logbook', 'export', '--format', 'csv', '--from', '2000-01-01']);
    assert.equal(csv.status, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'seq,at,type,actor_id,unit_id,case_id,data,prev_hash,hash');
    assert.equal(lines.length, 19);
    const jl = jaga(pristine, ['logbook', 'export', '--format', 'jsonl', '--to', '2000-01-01']);
    assert.equal(jl.stdout.trim(), '');
    assert.match(jl.stderr, /0 entri/);
  });
});

describe('jaga refuses bad input with a clear, coded, bilingual error', () => {
  const dir = tmp();
  before(() => {
    assert.equal(jaga(dir, ['migrate']).status, 0);
    assert.equal(jaga(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], { input: 'long-enough-password\n' }).status, 0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string[], number, RegExp][] = [
    ['unknown command', ['frobnicate'], 2, /perintah tidak dikenal[\s\S]*unknown command/],
    ['missing required option', ['unit', 'add', '--as', 'op', '--code', 'x1'], 2, /--name wajib diisi[\s\S]*--name is required/],
    ['unknown option', ['migrate', '--colour'], 2, /argumen tidak valid[\s\S]*bad arguments/],
    ['unknown role', ['admin', 'create', '--as', 'op', '--username', 'u1', '--role', 'root', '--password-stdin'], 2, /Peran tidak dikenal 'root'[\s\S]*Unknown role 'root'.*\[user.role_unknown\]/],
    ['malformed CIDR', ['network', 'add', '--as', 'op', '--name', 'n', '--kind', 'vpn', '--cidr', '10.0.0.0/40'], 2, /CIDR tidak valid[\s\S]*\[network.cidr_invalid\]/],
    ['invalid time zone', ['unit', 'add', '--as', 'op', '--code', 'xx', '--name', 'X', '--time-zone', 'WITA'], 2, /Zona waktu tidak valid[\s\S]*\[unit.time_zone_invalid\]/],
    ['unknown unit', ['case', 'report', '--as', 'op', '--unit', 'nope', '--system', 's', '--description', 'd', '--urgency', 'low'], 3, /tidak ditemukan[\s\S]*not found/],
    ['unknown actor', ['case', 'list', '--as', 'ghost'], 4, /\[auth.unknown_actor\]/],
    ['missing actor', ['case', 'list'], 2, /--as USER/],
    ['bad port', ['target', 'add', '--as', 'op', '--name', 't', '--unit', 'u', '--host', 'h', '--login', 'a', '--host-key-fingerprint', 'f', '--port', 'ssh'], 2, /--port/],
    ['bad export format', ['logbook', 'export', '--format', 'xml'], 2, /csv atau jsonl[\s\S]*csv or jsonl/],
    ['bad export date', ['logbook', 'export', '--format', 'csv', '--from', 'kemarin'], 2, /--from/],
    ['unreadable checkpoint', ['logbook', 'verify', '--checkpoint', '/nonexistent/cp.json'], 2, /checkpoint/],
    ['password not on stdin', ['admin', 'create', '--username', 'u2', '--role', 'auditor'], 2, /--password-stdin/],
    ['a second bootstrap user', ['admin', 'create', '--username', 'u3', '--role', 'superadmin', '--password-stdin'], 4, /pengguna pertama[\s\S]*first user[\s\S]*\[registry.bootstrap_only\]/],
    ['wrong number of arguments', ['case', 'show', '--as', 'op'], 2, /argumen[\s\S]*argument/],
    ['case of nobody', ['case', 'show', 'no-such-case', '--as', 'op'], 3, /\[case.not_found\]/],
  ];
  for (const [what, args, status, message] of cases) {
    it(`refuses: ${what}`, () => {
      const r = jaga(dir, args);
      assert.equal(r.status, status, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    });
  }

  it('refuses to work on a database that was never migrated', () => {
    const fresh = tmp();
    const r = jaga(fresh, ['case', 'list', '--as', 'op']);
    assert.equal(r.status, 6);
    assert.match(r.stderr, /jaga migrate/);
    rmSync(fresh, { recursive: true, force: true });
  });

  it('prints help for every command', () => {
    const r = jaga(dir, ['--help']);
    assert.equal(r.status, 0);
    const names = [...r.stdout.matchAll(/^ {2}([a-z-]+(?: [a-z-]+)?)(?: <[a-z-]+>)? {2,}/gm)].map((m) => m[1] as string);
    assert.ok(names.length >= 20, names.join(','));
    for (const n of names) {
      const h = jaga(dir, [...n.split(' '), '--help']);
      assert.equal(h.status, 0, n);
      assert.match(h.stdout, new RegExp(`^Usage: jaga ${n}`), n);
    }
  });
});

describe('jaga target credential', () => {
  const dir = tmp();
  const as = ['--as', 'op'];
  before(() => {
    for (const [args, input] of [
      [['migrate']], [['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], 'long-enough-password\n'],
      [['unit', 'add', ...as, '--code', 'gorontalo', '--name', 'LPSE Provinsi Gorontalo']],
      [['admin', 'create', ...as, '--username', 'koor', '--role', 'koordinator', '--unit', 'gorontalo', '--password-stdin'], 'long-enough-password\n'],
      [['target', 'add', ...as, '--name', 'spse', '--unit', 'gorontalo', '--host', '10.10.1.5', '--login', 'spseadm', '--host-key-fingerprint', `SHA256:${'A'.repeat(43)}`]],
    ] as [string[], string?][]) {
      const r = jaga(dir, args, input === undefined ? {} : { input });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    }
  });
  const stored = (): string => spawnSync('sqlite3', [join(dir, 'jaga.sqlite'), 'SELECT kind, sealed, public_key FROM target_credentials'], { encoding: 'utf8' }).stdout;

  it('generates a key pair and prints only its public key, with what to do with it', () => {
    const r = jaga(dir, ['target', 'credential', 'spse', '--generate', ...as]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ssh-ed25519 AAAA[A-Za-z0-9+/]+=* jaga-gateway@spse\n$/);
    assert.match(r.stderr, /authorized_keys/);
    assert.doesNotMatch(r.stdout + r.stderr, /PRIVATE KEY/);
    assert.match(stored(), /^private_key\|/);
    assert.doesNotMatch(stored(), /PRIVATE KEY/);
  });

  it('takes a password from stdin without echoing it, and a key file', () => {
    const r = jaga(dir, ['target', 'credential', 'spse', '--password-stdin', ...as], { input: 'Sandi-Target-1\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /password/);
    assert.doesNotMatch(r.stdout + r.stderr + stored(), /Sandi-Target-1/);
    const keyFile = join(tmp(), 'id_ed25519');
    writeFileSync(keyFile, ssh2.utils.generateKeyPairSync('ed25519', { comment: 'ops@laptop' }).private, { mode: 0o600 });
    const k = jaga(dir, ['target', 'credential', 'spse', '--key-file', keyFile, ...as]);
    assert.equal(k.status, 0, k.stderr);
    assert.match(k.stdout, /^ssh-ed25519 AAAA\S+ ops@laptop\n$/);
    assert.doesNotMatch(k.stdout + k.stderr, /PRIVATE KEY|authorized_keys/);
  });

  const refusals: [string, string[], number, RegExp, string?][] = [
    ['no credential chosen', [], 2, /tepat satu[\s\S]*exactly one of --generate/],
    ['two credentials', ['--generate', '--password-stdin'], 2, /exactly one of --generate/, 'x\n'],
    ['an unreadable key file', ['--key-file', '/nonexistent/id_ed25519'], 2, /tidak dapat membaca[\s\S]*cannot read key file/],
    ['a key file that is no private key', ['--key-file', '/etc/hostname'], 2, /tidak valid[\s\S]*Invalid input[\s\S]*\[input.invalid\]/],
    ['an empty password', ['--password-stdin'], 2, /\[input.invalid\]/, '\n'],
    ['an unknown target', ['--generate'], 3, /tidak ditemukan[\s\S]*not found.*\[target.not_found\]/],
    ['a koordinator', ['--generate'], 4, /superadmin[\s\S]*superadmin.*\[registry.forbidden\]/],
  ];
  for (const [what, args, status, message, input] of refusals) {
    it(`refuses ${what}`, () => {
      const target = what === 'an unknown target' ? 'tidak-ada' : 'spse';
      const actor = what === 'a koordinator' ? ['--as', 'koor'] : as;
      const r = jaga(dir, ['target', 'credential', target, ...args, ...actor], input === undefined ? {} : { input });
      assert.equal(r.status, status, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    });
  }

  it('refuses a passphrase-protected key file', () => {
    const keyFile = join(tmp(), 'id_locked');
    writeFileSync(keyFile, ssh2.utils.generateKeyPairSync('ed25519', { passphrase: 'geheim', cipher: 'aes256-ctr', rounds: 16 }).private, { mode: 0o600 });
    const r = jaga(dir, ['target', 'credential', 'spse', '--key-file', keyFile, ...as]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /passphrase[\s\S]*passphrase.*\[target.credential_key_encrypted\]/);
  });
});

describe('jaga sop show and jaga backup', () => {
  const dir = tmp();
  before(() => { assert.equal(jaga(dir, ['migrate']).status, 0); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the stored SOP-01 with its identity block and steps, as text and JSON', () => {
    const text = jaga(dir, ['sop', 'show']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Nomor SOP: 800 \/SET-BP\/SOP-01\/LPSE\/030\/2019/);
    assert.match(text.stdout, /B5: .*Intranet[\s\S]*hanya jaringan intranet/);
    const j = JSON.parse(jaga(dir, ['sop', 'show', '--json']).stdout) as { version: string; steps: { code: string; timeStandardMinutes: number | null }[] };
    assert.equal(j.version, '2019.0');
    assert.deepEqual(j.steps.map((s) => [s.code, s.timeStandardMinutes]), [['B1', 60], ['B2', 60], ['B3', null], ['B4', null], ['B5', null], ['B6', 60]]);
    assert.equal(jaga(dir, ['sop', 'show', '--version', '1999']).status, 3);
  });

  it('writes a consistent online copy that verifies on its own, and never overwrites a file', () => {
    const out = join(tmp(), 'backup.sqlite');
    const r = jaga(dir, ['backup', '--database-only', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const restored = tmp();
    cpSync(out, join(restored, 'jaga.sqlite'));
    cpSync(`${out}.signing-key.pem`, join(restored, 'logbook-signing-key.pem'));
    const v = jaga(restored, ['logbook', 'verify']);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /intact: 1 entri/);
    const again = jaga(dir, ['backup', '--database-only', '--out', out]);
    assert.equal(again.status, 5);
    assert.match(again.stderr, /sudah ada[\s\S]*already exists/);
  });

  it('prints the pg_dump command without the password for PostgreSQL', () => {
    const r = jaga(dir, ['backup', '--database-only', '--out', 'x.dump'], { env: { JAGA_DATABASE_URL: 'postgres://jaga:s3cret@db.example:5432/jaga' } });
    // Not migrated there (no server): the backup command itself needs no connection.
    assert.doesNotMatch(r.stdout + r.stderr, /s3cret/);
  });
});

describe('jaga user set-language', () => {
  const dir = tmp();
  before(() => {
    assert.equal(jaga(dir, ['migrate']).status, 0);
    assert.equal(jaga(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], { input: 'long-enough-password\n' }).status, 0);
  });
  const stored = (): string => spawnSync('sqlite3', [join(dir, 'jaga.sqlite'), "SELECT coalesce(language, 'NULL') FROM users WHERE username = 'op'"], { encoding: 'utf8' }).stdout.trim();

  it('sets the acting user\'s language, confirming in that language, and clears it with auto', () => {
    const en = jaga(dir, ['user', 'set-language', 'en', '--as', 'op']);
    assert.equal(en.status, 0, en.stderr);
    assert.equal(en.stderr.trim(), 'op reads Jaga in English.');
    assert.equal(stored(), 'en');
    const id = jaga(dir, ['user', 'set-language', 'id', '--as', 'op']);
    assert.equal(id.stderr.trim(), 'op membaca Jaga dalam Bahasa Indonesia.');
    assert.equal(stored(), 'id');
    const auto = jaga(dir, ['user', 'set-language', 'auto', '--as', 'op']);
    assert.equal(auto.status, 0, auto.stderr);
    assert.match(auto.stderr, /tidak lagi memilih bahasa[\s\S]*no language preference/);
    assert.equal(stored(), 'NULL');
  });

  it('refuses a language Jaga does not speak, and needs --as', () => {
    const r = jaga(dir, ['user', 'set-language', 'fr', '--as', 'op']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /salah satu dari: id, en[\s\S]*one of: id, en.*\[input.invalid\]/);
    assert.equal(stored(), 'NULL');
    assert.equal(jaga(dir, ['user', 'set-language', 'en']).status, 2);
  });
});
