import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JAGA = join(ROOT, 'bin/jaga.js');
const SCRIPT = join(ROOT, 'test/e2e/full-case.sh');

interface Run { status: number | null; stdout: string; stderr: string }

/** The real `jaga` binary; `env` replaces the environment but PATH (no JAGA_DATA_DIR unless given). */
function jaga(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [JAGA, ...args], { cwd: opts.cwd, env: { PATH: process.env['PATH'] ?? '', ...opts.env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('jaga case export-bundle and jaga verify-bundle (the real binary)', () => {
  let dir: string;
  let elsewhere: string;
  let caseId: string;
  const installation = (): Record<string, string> => ({ JAGA_DATA_DIR: dir });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jaga-bundle-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'jaga-auditor-'));
    const r = spawnSync('bash', [SCRIPT, 'jaga.js'], { env: { PATH: `${join(ROOT, 'bin')}:${process.env['PATH'] ?? ''}`, JAGA_DATA_DIR: dir }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    caseId = /CASE_APPROVED ([0-9a-f-]{36})/.exec(r.stdout)?.[1] ?? '';
    const audit = spawnSync(process.execPath, [JAGA, 'admin', 'create', '--as', 'op', '--username', 'audit', '--role', 'auditor', '--password-stdin'],
      { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir }, input: 'password-of-audit-1\n', encoding: 'utf8' });
    assert.equal(audit.status, 0, audit.stderr);
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); rmSync(elsewhere, { recursive: true, force: true }); });

  it('exports as the auditor and the koordinator, refuses the executor, and never overwrites a file', () => {
    const out = join(elsewhere, 'kasus.tar');
    const r = jaga(['case', 'export-bundle', caseId, '--as', 'audit', '--out', out, '--lang', 'en'], { env: installation() });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`Evidence bundle of case ${caseId} written: .*kasus\\.tar \\(\\d+ bytes, SHA-256 [0-9a-f]{64}\\), chain up to checkpoint #\\d+`));
    const sha = /SHA-256 ([0-9a-f]{64})/.exec(r.stderr)?.[1];
    const logged = jaga(['logbook', 'export', '--format', 'jsonl'], { env: installation() }).stdout;
    assert.ok(logged.split('\n').some((l) => l.includes('case.bundle_exported') && l.includes(sha ?? 'none')), 'the export is in the logbook with its SHA-256');
    assert.equal(jaga(['case', 'export-bundle', caseId, '--as', 'audit', '--out', out], { env: installation() }).status, 2, 'an existing file is refused');
    const koor = jaga(['case', 'export-bundle', caseId, '--as', 'koor', '--out', join(elsewhere, 'koor.tar')], { env: installation() });
    assert.equal(koor.status, 0, koor.stderr);
    const andi = jaga(['case', 'export-bundle', caseId, '--as', 'andi', '--out', join(elsewhere, 'andi.tar'), '--lang', 'en'], { env: installation() });
    assert.equal(andi.status, 4, andi.stderr);
    assert.match(andi.stderr, /may not export evidence bundles/);
    assert.equal(existsSync(join(elsewhere, 'andi.tar')), false);
    const tar = spawnSync('tar', ['-tf', out], { encoding: 'utf8' });
    assert.equal(tar.status, 0, tar.stderr);
    assert.deepEqual(tar.stdout.trim().split('\n'), ['manifest.json', 'manifest.sig', 'public-key.pem', 'checkpoint.json', 'case.json', 'sessions.json', 'logbook.jsonl', 'transfers.json',
      'form-laporan.pdf'], 'a closed case carries its Form Laporan, issued by the export');
  });

  it('verifies on another machine with no database and no data directory, against the key the auditor supplies', () => {
    const bundle = join(elsewhere, 'kasus.tar');
    const key = join(elsewhere, 'installation.pem');
    writeFileSync(key, jaga(['logbook', 'public-key'], { env: installation() }).stdout);
    const machine = mkdtempSync(join(elsewhere, 'machine-'));
    const r = jaga(['verify-bundle', bundle, '--key', key], { cwd: machine });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Bundel bukti UTUH: kasus ${caseId}; \\d+ entri kasus`, 'm'), 'Indonesian by default');
    assert.doesNotMatch(r.stdout, /INTACT/, 'in one language');
    assert.match(r.stdout, /Tanda tangan diperiksa dengan kunci publik yang Anda berikan \(--key\): ed25519:/);
    assert.deepEqual(readdirSync(machine), [], 'no data directory was created');
    const en = jaga(['verify-bundle', bundle, '--lang', 'en'], { cwd: machine });
    assert.equal(en.status, 0, en.stderr);
    assert.match(en.stdout, /^Evidence bundle INTACT: case /m);
    assert.match(en.stderr, /NOTE: without --key, signatures were checked only against the key inside the bundle/);
    const json = JSON.parse(jaga(['verify-bundle', bundle, '--key', key, '--json'], { cwd: machine }).stdout) as { ok: boolean; caseId: string; key: { supplied: boolean } };
    assert.deepEqual([json.ok, json.caseId, json.key.supplied], [true, caseId, true]);
  });

  it('fails with exit 7 naming the part when a byte of the case document changes', () => {
    const bytes = readFileSync(join(elsewhere, 'kasus.tar'));
    const at = bytes.indexOf(Buffer.from('Disk /var penuh oleh log'));
    assert.ok(at > 0);
    bytes[at] = 'd'.charCodeAt(0);
    const forged = join(elsewhere, 'forged.tar');
    writeFileSync(forged, bytes);
    const r = jaga(['verify-bundle', forged, '--lang', 'en'], { cwd: elsewhere });
    assert.equal(r.status, 7, r.stdout);
    assert.match(r.stderr, /^Evidence bundle BROKEN: \d+ findings/m);
    // The document's own text and the logbook entry that recorded it each say where they differ.
    assert.match(r.stderr, /\[(case\.json|logbook\.jsonl)\] /);
    assert.match(r.stderr, /\[case\.json\] Part case\.json was changed/);
    const missing = jaga(['verify-bundle', join(elsewhere, 'nothing.tar'), '--lang', 'en'], { cwd: elsewhere });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read evidence bundle .*nothing\.tar.*ENOENT/);
  });
});
