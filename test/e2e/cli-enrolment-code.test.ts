import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

describe('jaga user enrolment-code (issue 10)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-enrol-'));
  after(() => { rmSync(dir, { recursive: true, force: true }); });
  const jaga = (args: string[], input = '') => spawnSync(process.execPath, [JAGA, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir }, input, encoding: 'utf8' });
  const sql = (q: string) => spawnSync('sqlite3', [join(dir, 'jaga.sqlite'), q], { encoding: 'utf8' }).stdout.trim();

  it('prints a one-time code once on stdout for the superadmin or the unit\'s koordinator, stores only its hash, logs the issue; others are refused', () => {
    assert.equal(jaga(['migrate']).status, 0);
    assert.equal(jaga(['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], 'a-long-password-1\n').status, 0);
    assert.equal(jaga(['unit', 'add', '--as', 'op', '--code', 'gorontalo', '--name', 'LPSE Gorontalo']).status, 0);
    for (const [u, role] of [['koor', 'koordinator'], ['andi', 'admin_lpse']]) {
      const r = jaga(['admin', 'create', '--as', 'op', '--username', u as string, '--role', role as string, '--unit', 'gorontalo', '--password-stdin'], 'a-long-password-2\n');
      assert.equal(r.status, 0, r.stderr);
    }
    const r = jaga(['user', 'enrolment-code', 'andi', '--as', 'koor']);
    assert.equal(r.status, 0, r.stderr);
    const code = r.stdout.trim();
    assert.match(code, /^enrol-[A-Za-z0-9_-]{20,}$/);
    assert.doesNotMatch(r.stderr, /enrol-/, 'the code is printed once, on stdout only');
    assert.match(r.stderr, /valid until/);
    assert.equal(sql(`SELECT count(*) FROM enrolment_codes WHERE code_hash = '${createHash('sha256').update(code).digest('hex')}' AND used_at IS NULL`), '1');
    assert.equal(sql(`SELECT count(*) FROM logbook WHERE data LIKE '%${code}%'`), '0', 'never logged');
    assert.equal(sql("SELECT count(*) FROM logbook WHERE type = 'auth.enrolment_code_issued'"), '1');

    const byExecutor = jaga(['user', 'enrolment-code', 'koor', '--as', 'andi']);
    assert.notEqual(byExecutor.status, 0);
    assert.match(byExecutor.stderr, /Only a superadmin or the koordinator of koor's unit may issue an enrolment code/);
    assert.equal(sql("SELECT count(*) FROM logbook WHERE type = 'refusal' AND data LIKE '%auth.enrolment_code_forbidden%'"), '1');
  });
});
