/**
 * Network rules through the real `jaga` binary: a national unit (`unit add --national`), a network
 * needs its unit, overlapping ranges refused with the other network named, and a public office
 * range that needs `--public-office` and is listed with a warning (text and JSON).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JAGA = join(ROOT, 'bin/jaga.js');
const PW = 'long-enough-password\n';

interface Run { status: number | null; stdout: string; stderr: string }

describe('jaga network and unit registration (real binary, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-cli-net-'));
  const jaga = (args: string[], input = ''): Run => {
    const r = spawnSync(process.execPath, [JAGA, ...args], {
      env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, JAGA_ACTOR: 'op' }, input, encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], input = ''): Run => {
    const r = jaga(args, input);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    return r;
  };
  const refused = (args: string[], status: number, message: RegExp): void => {
    const r = jaga(args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  };

  before(() => {
    ok(['migrate']);
    ok(['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], PW);
    ok(['unit', 'add', '--code', 'gorontalo', '--name', 'LPSE Provinsi Gorontalo']);
    ok(['unit', 'add', '--code', 'lkpp', '--name', 'LKPP', '--time-zone', 'Asia/Jakarta', '--national']);
    ok(['network', 'add', '--name', 'vpn-lkpp', '--kind', 'vpn', '--cidr', '10.8.0.0/16', '--unit', 'lkpp']);
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('marks a national unit in the unit and network lists', () => {
    assert.match(ok(['unit', 'list']).stdout, /^lkpp {2}Asia\/Jakarta {2}nasional \(jaringannya untuk semua unit\)\/national \(its networks serve every unit\) {2}LKPP$/m);
    const units = JSON.parse(ok(['unit', 'list', '--json']).stdout) as { code: string; national: boolean }[];
    assert.deepEqual(units.map((u) => [u.code, u.national]), [['gorontalo', false], ['lkpp', true]]);
    assert.match(ok(['network', 'list']).stdout, /^vpn-lkpp {2}vpn {2}lkpp {2}nasional .*national .* {2}10\.8\.0\.0\/16$/m);
  });

  it('refuses a network without a unit, and one whose range conflicts with another, naming the other network', () => {
    refused(['network', 'add', '--name', 'x', '--kind', 'vpn', '--cidr', '10.9.0.0/16'], 2, /wajib milik satu unit LPSE[\s\S]*must belong to an LPSE unit[\s\S]*\[network\.unit_required\]/);
    refused(['network', 'add', '--name', 'intranet-vpn', '--kind', 'office_lpse', '--cidr', '10.8.0.0/16', '--intranet', '--unit', 'gorontalo'], 5,
      /rentang yang sama dengan jaringan 'vpn-lkpp'[\s\S]*the same range as network 'vpn-lkpp'[\s\S]*\[network\.overlap\]/);
    ok(['network', 'add', '--name', 'kafe-di-vpn', '--kind', 'public', '--cidr', '10.8.5.0/24', '--unit', 'lkpp']);
  });

  it('needs --public-office for a public office range, then lists it with a warning', () => {
    refused(['network', 'add', '--name', 'kantor-nat', '--kind', 'office_lpse', '--cidr', '203.0.113.0/28', '--unit', 'gorontalo'], 2,
      /harus disengaja: daftarkan dengan --public-office[\s\S]*must be deliberate: register it with --public-office[\s\S]*\[network\.public_office_unconfirmed\]/);
    const added = ok(['network', 'add', '--name', 'kantor-nat', '--kind', 'office_lpse', '--cidr', '203.0.113.0/28', '--unit', 'gorontalo', '--public-office']);
    assert.match(added.stderr, /network created: kantor-nat office_lpse 203\.0\.113\.0\/28 — PERINGATAN: .* \/ WARNING: office network with public range 203\.0\.113\.0\/28/);
    assert.match(ok(['network', 'list']).stdout,
      /^kantor-nat {2}office_lpse {2}gorontalo {2}203\.0\.113\.0\/28 {2}PERINGATAN: jaringan kantor dengan rentang publik 203\.0\.113\.0\/28 .* \/ WARNING: office network with public range 203\.0\.113\.0\/28 \(confirmed --public-office\)$/m);
    const nets = JSON.parse(ok(['network', 'list', '--json']).stdout) as { name: string; publicOffice: boolean; warning: unknown }[];
    assert.deepEqual(nets.find((n) => n.name === 'kantor-nat'), {
      ...nets.find((n) => n.name === 'kantor-nat'), publicOffice: true, warning: { code: 'public_office', cidrs: ['203.0.113.0/28'], confirmed: true },
    });
    assert.equal(nets.find((n) => n.name === 'vpn-lkpp')?.warning, null);
    // An edit that adds another public range must confirm it again.
    refused(['network', 'edit', 'kantor-nat', '--reason', 'rentang kedua', '--cidr', '203.0.113.0/28', '--cidr', '198.51.100.0/28'], 2, /\[network\.public_office_unconfirmed\]/);
    ok(['network', 'edit', 'kantor-nat', '--reason', 'rentang kedua', '--cidr', '203.0.113.0/28', '--cidr', '198.51.100.0/28', '--public-office']);
  });
});
