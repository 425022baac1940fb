import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { reportFault } from '../../src/app/case/report-fault.js';
import { serveBanner } from '../support/server-banner.js';
import { as, openTestApp, seedWorld } from '../support/test-app.js';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

interface Run { status: number | null; stdout: string; stderr: string }

function jaga(dataDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [JAGA, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...opts.env }, input: opts.input ?? '', encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const created: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'jaga-cli-edges-')); created.push(d); return d; };
after(() => { for (const d of created) rmSync(d, { recursive: true, force: true }); });

describe('JAGA_ACTOR stands in for --as on every command that takes it', () => {
  const dir = tmp();
  before(() => {
    assert.equal(jaga(dir, ['migrate']).status, 0);
    assert.equal(jaga(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], { input: 'long-enough-password\n' }).status, 0);
  });

  it('admin create acts as $JAGA_ACTOR (not as a second bootstrap)', () => {
    const r = jaga(dir, ['admin', 'create', '--username', 'audit', '--role', 'auditor', '--password-stdin'],
      { input: 'long-enough-password\n', env: { JAGA_ACTOR: 'op' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), /^[0-9a-f-]{36}$/);
    // The logbook names op (the bootstrap user, created with no actor) as the one who created it.
    const log = jaga(dir, ['logbook', 'export', '--format', 'jsonl']);
    const created = log.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; actorId: string | null; data: { userId?: string } })
      .filter((e) => e.type === 'registry.user.created');
    assert.equal(created.length, 2, log.stdout);
    assert.equal(created[0]?.actorId, null);
    assert.ok(created[1]?.actorId, 'created by an actor');
    assert.equal(created[1]?.actorId, created[0]?.data.userId, 'that actor is op');
  });

  it('an explicit --as wins over $JAGA_ACTOR, and a command that needs an actor takes $JAGA_ACTOR', () => {
    const denied = jaga(dir, ['admin', 'create', '--as', 'audit', '--username', 'x', '--role', 'auditor', '--password-stdin'],
      { input: 'long-enough-password\n', env: { JAGA_ACTOR: 'op' } });
    assert.equal(denied.status, 4, denied.stderr); // the auditor may not create users
    const unit = jaga(dir, ['unit', 'add', '--code', 'gto', '--name', 'LPSE Gorontalo'], { env: { JAGA_ACTOR: 'op' } });
    assert.equal(unit.status, 0, unit.stderr);
  });

  it('a step out of order exits 5 (conflict) naming the state and the next step', () => {
    for (const [username, role] of [['andi', 'admin_lpse'], ['pelapor', 'pelapor']]) {
      assert.equal(jaga(dir, ['admin', 'create', '--as', 'op', '--username', username as string, '--role', role as string, '--unit', 'gto', '--password-stdin'],
        { input: 'long-enough-password\n' }).status, 0);
    }
    const report = jaga(dir, ['case', 'report', '--as', 'pelapor', '--unit', 'gto', '--system', 'SPSE', '--description', 'lambat', '--urgency', 'low']);
    assert.equal(report.status, 0, report.stderr);
    const id = report.stdout.trim().split('\n').at(-1) as string;
    const r = jaga(dir, ['case', 'restore', id, '--as', 'andi', '--initial-fix', 'restart']);
    assert.equal(r.status, 5, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /kasus masih di B1: akui laporan dahulu[\s\S]*the case is still in B1: acknowledge it first.*\[case.wrong_step\]/);
  });
});

describe('a reader that closes the pipe early', () => {
  let dir: string;
  before(async () => {
    // Enough logbook for several pipe buffers: reports with long descriptions, written in-process.
    const t = await openTestApp('sqlite');
    await seedWorld(t);
    for (let i = 0; i < 40; i++) {
      await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: `gangguan ${i} ${'x'.repeat(9000)}`, urgency: 'low', channel: 'phone' });
    }
    await t.app.store.close();
    dir = t.config.dataDir;
    created.push(dir);
  });

  it('ends `jaga logbook export --format csv | head -1` quietly: no stack trace, no error line', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${JAGA}" logbook export --format csv | head -1`], {
      env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(r.stdout, 'seq,at,type,actor_id,unit_id,case_id,data,prev_hash,hash\n');
    assert.equal(r.stderr, '', 'nothing on stderr');
    assert.equal(r.status, 141, 'the status a tool killed by SIGPIPE has');
  });

  it('ends quietly when the reader goes after the first chunk', async () => {
    const child = spawn(process.execPath, [JAGA, 'logbook', 'export', '--format', 'jsonl'], {
      env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 141);
  });
});

describe("`jaga serve`'s first-user hint", () => {
  const dir = tmp();
  before(() => { assert.equal(jaga(dir, ['migrate']).status, 0); });

  it('appears while there is no user, and not once one exists', async () => {
    const fresh = await serveBanner(dir);
    assert.match(fresh, /belum ada pengguna[\s\S]*no user yet[\s\S]*admin create --username admin --role superadmin --password-stdin/);
    assert.equal(jaga(dir, ['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], { input: 'long-enough-password\n' }).status, 0);
    const later = await serveBanner(dir);
    assert.doesNotMatch(later, /no user yet|first user|admin create/);
  });
});
