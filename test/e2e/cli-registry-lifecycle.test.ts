import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runInPty } from '../support/pty-session.js';
import type { TestSshd } from '../support/sshd.js';
import { startSshd } from '../support/sshd.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JAGA = join(ROOT, 'bin/jaga.js');
const PW = 'long-enough-password\n';
const FP_A = `SHA256:${'A'.repeat(43)}`;
const KEY_1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl andi@nb-001';
const KEY_2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8qFtKvJb4EovpQ0m5wXqN1z0wDdGmSRhbQf0yQ3uAa andi@nb-001-new';
const FP_KEY_1 = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';

interface Run { status: number | null; stdout: string; stderr: string }

/** The real `jaga` binary, acting as op unless `--as` is given. */
describe('jaga registry lifecycle and lists (real binary, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-cli-life-'));
  let sshd: TestSshd;
  const jaga = (args: string[], input = '', env: Record<string, string> = {}): Run => {
    const r = spawnSync(process.execPath, [JAGA, ...args], {
      env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, JAGA_ACTOR: 'op', ...env }, input, encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], input = ''): Run => {
    const r = jaga(args, input);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    return r;
  };
  const refused = (args: string[], status: number, message: RegExp, input = ''): void => {
    const r = jaga(args, input);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  };
  const listJson = <T>(registry: string): T[] => JSON.parse(ok([registry, 'list', '--json']).stdout) as T[];

  before(async () => {
    sshd = await startSshd();
    ok(['migrate']);
    ok(['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], PW);
    ok(['unit', 'add', '--code', 'gorontalo', '--name', 'LPSE Provinsi Gorontalo']);
    for (const [u, role] of [['koor', 'koordinator'], ['andi', 'admin_lpse'], ['pelapor', 'pelapor']]) {
      ok(['admin', 'create', '--as', 'op', '--username', u as string, '--role', role as string, '--unit', 'gorontalo', '--password-stdin'], PW);
    }
    ok(['admin', 'create', '--as', 'op', '--username', 'dita', '--role', 'dit_eproc', '--password-stdin'], PW);
    ok(['network', 'add', '--name', 'kantor-lpse', '--kind', 'office_lpse', '--cidr', '10.10.0.0/16', '--intranet', '--unit', 'gorontalo']);
    ok(['workstation', 'add', '--asset-tag', 'LPSE-NB-001', '--serial', 'SN1', '--owner-unit', 'gorontalo', '--assigned-user', 'andi', '--organisation-owned', '--ssh-key', KEY_1]);
    ok(['target', 'add', '--name', 'spse', '--unit', 'gorontalo', '--host', sshd.host, '--port', String(sshd.port), '--login', 'spseadm', '--host-key-fingerprint', FP_A]);
    ok(['grant', 'add', '--user', 'dita', '--unit', 'gorontalo']);
  });
  after(async () => { await sshd.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('lists every registry with names instead of ids, as text and as a JSON array', () => {
    assert.match(ok(['unit', 'list']).stdout, /^gorontalo {2}Asia\/Makassar {2}LPSE Provinsi Gorontalo$/m);
    assert.match(ok(['user', 'list']).stdout, /^andi {2}admin_lpse {2}gorontalo {2}aktif\/active/m);
    assert.match(ok(['network', 'list']).stdout, /^kantor-lpse {2}office_lpse {2}intranet {2}gorontalo {2}10\.10\.0\.0\/16$/m);
    assert.match(ok(['workstation', 'list']).stdout, new RegExp(`^LPSE-NB-001 {2}SN1 {2}gorontalo {2}andi\\n {4}${FP_KEY_1.replace(/[+/]/g, '\\$&')}$`, 'm'));
    assert.match(ok(['target', 'list']).stdout, new RegExp(`^spse {2}gorontalo {2}spseadm@127\\.0\\.0\\.1:${sshd.port} {2}${FP_A}$`, 'm'));
    assert.match(ok(['grant', 'list']).stdout, /^[0-9a-f-]{36} {2}dita {2}gorontalo {2}semua target\/all targets {2}aktif\/active$/m);
    const users = listJson<{ username: string; unit: string | null; status: string }>('user');
    assert.deepEqual(users.map((u) => [u.username, u.unit, u.status]),
      [['andi', 'gorontalo', 'active'], ['dita', null, 'active'], ['koor', 'gorontalo', 'active'], ['op', null, 'active'], ['pelapor', 'gorontalo', 'active']]);
    assert.deepEqual(listJson<{ user: string; unit: string; target: string | null }>('grant').map((g) => [g.user, g.unit, g.target]), [['dita', 'gorontalo', null]]);
    assert.deepEqual(listJson<{ code: string }>('unit').map((u) => u.code), ['gorontalo']);
    assert.equal(listJson<{ assignedUser: string }>('workstation')[0]?.assignedUser, 'andi');
    assert.equal(listJson<{ unit: string }>('network')[0]?.unit, 'gorontalo');
    assert.equal(listJson<{ unit: string }>('target')[0]?.unit, 'gorontalo');
    // What a koordinator may read: its unit's people, not the LKPP engineer.
    const seen = JSON.parse(jaga(['user', 'list', '--json', '--as', 'koor']).stdout) as { username: string }[];
    assert.deepEqual(seen.map((u) => u.username), ['andi', 'koor', 'pelapor']);
  });

  it('deactivates and reactivates a user: a deactivated --as is refused clearly, the list says so', () => {
    ok(['user', 'deactivate', 'pelapor', '--reason', 'pindah tugas']);
    refused(['case', 'list', '--as', 'pelapor'], 4, /dinonaktifkan[\s\S]*is deactivated.*\[auth\.actor_deactivated\]/);
    assert.match(ok(['user', 'list']).stdout, /^pelapor {2}pelapor {2}gorontalo {2}dinonaktifkan\/deactivated/m);
    assert.equal(listJson<{ username: string; status: string }>('user').find((u) => u.username === 'pelapor')?.status, 'deactivated');
    refused(['user', 'deactivate', 'pelapor', '--reason', 'lagi'], 5, /\[user\.already_inactive\]/);
    ok(['user', 'reactivate', 'pelapor', '--reason', 'kembali']);
    ok(['case', 'list', '--as', 'pelapor']);
  });

  it('resets a password (from stdin only) and TOTP, unlocks, and lets a user change their own password', () => {
    refused(['user', 'reset-password', 'pelapor', '--reason', 'lupa'], 2, /--password-stdin/);
    refused(['user', 'reset-password', 'pelapor', '--reason', 'lupa', '--password-stdin'], 2, /\[user\.password_too_short\]/, 'short\n');
    const r = ok(['user', 'reset-password', 'pelapor', '--reason', 'lupa', '--password-stdin'], 'temporary-pass-1\n');
    assert.doesNotMatch(r.stdout + r.stderr, /temporary-pass-1/);
    assert.match(ok(['user', 'list']).stdout, /^pelapor .*wajib ganti kata sandi\/must change password/m);
    ok(['user', 'reset-totp', 'andi', '--reason', 'ponsel hilang']);
    ok(['user', 'unlock', 'koor', '--reason', 'salah ketik']);
    refused(['user', 'change-password', '--as', 'pelapor', '--password-stdin'], 2, /2 password line/, 'temporary-pass-1\n');
    refused(['user', 'change-password', '--as', 'pelapor', '--password-stdin'], 4, /\[auth\.current_password_wrong\]/, 'wrong-password-9\nmy-own-password-1\n');
    ok(['user', 'change-password', '--as', 'pelapor', '--password-stdin'], 'temporary-pass-1\nmy-own-password-1\n');
    assert.doesNotMatch(ok(['user', 'list']).stdout, /must change password/);
  });

  it('refuses bad lifecycle input with a coded, bilingual error', () => {
    refused(['user', 'deactivate', 'andi'], 2, /--reason wajib diisi[\s\S]*--reason is required/);
    refused(['user', 'deactivate', 'nobody', '--reason', 'x'], 3, /\[user\.not_found\]/);
    refused(['user', 'deactivate', 'andi', '--reason', 'x', '--as', 'koor'], 4, /superadmin[\s\S]*\[registry\.forbidden\]/);
    refused(['user', 'deactivate', 'op', '--reason', 'x'], 4, /\[user\.cannot_deactivate_self\]/);
    refused(['network', 'edit', 'kantor-lpse', '--reason', 'x', '--intranet', '--not-intranet'], 2, /exclude each other/);
    refused(['network', 'edit', 'kantor-lpse', '--reason', 'x'], 2, /\[registry\.nothing_to_change\]/);
    refused(['network', 'edit', 'kantor-lpse', '--reason', 'x', '--cidr', '10.0.0.0/40'], 2, /\[network\.cidr_invalid\]/);
    refused(['target', 'edit', 'spse', '--reason', 'x', '--login', 'root'], 6, /root/);
    refused(['target', 'edit', 'spse', '--reason', 'x', '--port', 'ssh'], 2, /--port/);
    refused(['workstation', 'revoke-key', 'LPSE-NB-001', '--reason', 'x', '--fingerprint', 'MD5:aa'], 2, /\[input\.invalid\]/);
    refused(['grant', 'revoke', 'no-such-grant', '--reason', 'x'], 3, /\[grant\.not_found\]/);
  });

  it('edits and retires networks and targets, revokes and replaces keys, retires workstations, revokes grants', () => {
    ok(['network', 'edit', 'kantor-lpse', '--reason', 'rentang baru', '--cidr', '10.20.0.0/16', '--not-intranet']);
    assert.match(ok(['network', 'list']).stdout, /^kantor-lpse {2}office_lpse {2}gorontalo {2}10\.20\.0\.0\/16$/m);
    ok(['network', 'retire', 'kantor-lpse', '--reason', 'kantor pindah']);
    assert.match(ok(['network', 'list']).stdout, /^kantor-lpse .*dipensiunkan\/retired$/m);
    assert.equal(listJson<{ status: string }>('network')[0]?.status, 'retired');
    refused(['network', 'edit', 'kantor-lpse', '--reason', 'x', '--intranet'], 5, /\[network\.retired\]/);

    const fp2 = ok(['workstation', 'replace-key', 'LPSE-NB-001', '--reason', 'rotasi', '--fingerprint', FP_KEY_1, '--ssh-key', KEY_2]).stdout.trim();
    assert.match(fp2, /^SHA256:/);
    ok(['workstation', 'revoke-key', 'LPSE-NB-001', '--reason', 'bocor', '--fingerprint', fp2]);
    const keys = listJson<{ keys: { fingerprint: string; status: string }[] }>('workstation')[0]?.keys;
    assert.deepEqual(keys?.map((k) => [k.fingerprint, k.status]), [[FP_KEY_1, 'revoked'], [fp2, 'revoked']]);
    assert.match(ok(['workstation', 'list']).stdout, /dicabut\/revoked/);
    ok(['workstation', 'retire', 'LPSE-NB-001', '--reason', 'rusak']);
    assert.match(ok(['workstation', 'list']).stdout, /^LPSE-NB-001 .*dipensiunkan\/retired$/m);

    const grant = listJson<{ id: string }>('grant')[0]?.id ?? '';
    ok(['grant', 'revoke', grant, '--reason', 'kontrak selesai']);
    assert.match(ok(['grant', 'list']).stdout, /dicabut\/revoked$/m);
    refused(['grant', 'revoke', grant, '--reason', 'x'], 5, /\[grant\.already_revoked\]/);
  });

  it('scan-host-key reads the real sshd\'s key: --expect pins it, a mismatch changes nothing, no terminal needs --expect', async () => {
    const args = ['target', 'scan-host-key', 'spse', '--reason', 'server dipasang ulang'];
    refused(args, 2, /--expect/);
    refused([...args, '--expect', `SHA256:${'B'.repeat(43)}`], 6, /\[target\.host_key_mismatch\]/);
    assert.equal(listJson<{ hostKeyFingerprint: string }>('target')[0]?.hostKeyFingerprint, FP_A, 'nothing changed');
    const r = ok([...args, '--expect', sshd.hostKeyFingerprint]);
    assert.equal(r.stdout.trim(), sshd.hostKeyFingerprint);
    assert.match(r.stderr, /ssh-ed25519 SHA256:/);
    assert.equal(listJson<{ hostKeyFingerprint: string }>('target')[0]?.hostKeyFingerprint, sshd.hostKeyFingerprint);
    refused([...args, '--expect', sshd.hostKeyFingerprint], 5, /\[target\.host_key_same\]/);

    // On a terminal: shown, then confirmed (or not). Put back the old pin first through the API's path (the use case).
    ok(['target', 'edit', 'spse', '--reason', 'uji', '--port', String(sshd.port)]);
    const closed = await closedPort();
    ok(['target', 'edit', 'spse', '--reason', 'alamat salah', '--port', String(closed)]);
    refused([...args, '--expect', sshd.hostKeyFingerprint], 6, /\[target\.scan_failed\]/);
    ok(['target', 'edit', 'spse', '--reason', 'alamat benar', '--port', String(sshd.port)]);
  });

  it('scan-host-key on a terminal shows the fingerprint and pins only after "ya"', async () => {
    const fresh = 'spse-2';
    ok(['target', 'add', '--name', fresh, '--unit', 'gorontalo', '--host', sshd.host, '--port', String(sshd.port), '--login', 'spseadm', '--host-key-fingerprint', FP_A]);
    const cmd = ['env', `PATH=${process.env['PATH'] ?? ''}`, `JAGA_DATA_DIR=${dir}`, 'JAGA_ACTOR=op', process.execPath, JAGA, 'target', 'scan-host-key', fresh, '--reason', 'pasang ulang'];
    const no = await runInPty(cmd, [{ wait: 'yes"' }, { send: 'n\r' }]);
    assert.equal(no.status, 5);
    assert.match(no.output.toString(), new RegExp(sshd.hostKeyFingerprint.replace(/[+/]/g, '\\$&')));
    assert.match(no.output.toString(), /Not pinned; nothing changed/);
    assert.equal(listJson<{ name: string; hostKeyFingerprint: string }>('target').find((x) => x.name === fresh)?.hostKeyFingerprint, FP_A);
    const yes = await runInPty(cmd, [{ wait: 'yes"' }, { send: 'ya\r' }]);
    assert.equal(yes.status, 0, yes.output.toString());
    assert.equal(listJson<{ name: string; hostKeyFingerprint: string }>('target').find((x) => x.name === fresh)?.hostKeyFingerprint, sshd.hostKeyFingerprint);
    ok(['target', 'retire', fresh, '--reason', 'tidak dipakai']);
    assert.match(ok(['target', 'list']).stdout, /^spse-2 .*dipensiunkan\/retired$/m);
    refused(['target', 'scan-host-key', fresh, '--reason', 'x', '--expect', sshd.hostKeyFingerprint], 5, /\[target\.retired\]/);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
