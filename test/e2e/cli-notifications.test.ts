import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JAGA_BIN } from '../support/jaga-cli.js';

const PW = 'long-enough-password\n';

interface Run { status: number | null; stdout: string; stderr: string }

describe('jaga user set-email and jaga notification … (real binary, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-cli-notify-'));
  const jaga = (args: string[], input = ''): Run => {
    const r = spawnSync(process.execPath, [JAGA_BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, JAGA_ACTOR: 'op' }, input, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], input = ''): Run => {
    const r = jaga(args, input);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    return r;
  };
  const refused = (args: string[], status: number, ...messages: RegExp[]): void => {
    const r = jaga(args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    for (const m of messages) assert.match(r.stderr, m);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  };

  before(() => {
    ok(['migrate']);
    ok(['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin', '--email', 'op@lkpp.example.go.id'], PW);
    ok(['unit', 'add', '--code', 'gorontalo', '--name', 'LPSE Provinsi Gorontalo']);
    ok(['unit', 'add', '--code', 'manado', '--name', 'LPSE Kota Manado']);
    for (const [u, role] of [['koor', 'koordinator'], ['andi', 'admin_lpse']]) {
      ok(['admin', 'create', '--as', 'op', '--username', u as string, '--role', role as string, '--unit', 'gorontalo', '--password-stdin'], PW);
    }
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('sets an address (the superadmin for anyone, a user for themself), refuses a malformed one in both languages', () => {
    assert.match(ok(['user', 'set-email', 'andi', '--email', 'Andi@LPSE.Example.GO.ID']).stderr, /Email andi: Andi@lpse\.example\.go\.id/);
    ok(['user', 'set-email', 'koor', '--email', 'koor@lpse.example.go.id', '--as', 'koor']);
    refused(['user', 'set-email', 'andi', '--email', 'andi@lpse', '--as', 'andi'], 2, /tidak valid/, /not valid/);
    refused(['user', 'set-email', 'andi', '--email', 'x@lpse.example.go.id', '--as', 'koor'], 4);
    refused(['user', 'set-email', 'andi'], 2, /--email, --clear/);
    const users = JSON.parse(ok(['user', 'list', '--json']).stdout) as { username: string; email: string | null }[];
    assert.deepEqual(users.map((u) => [u.username, u.email]),
      [['andi', 'Andi@lpse.example.go.id'], ['koor', 'koor@lpse.example.go.id'], ['op', 'op@lkpp.example.go.id']]);
  });

  it('mutes what is not mandatory, refuses what is, in both languages', () => {
    refused(['notification', 'mute', 'case.assigned', '--as', 'andi'], 5, /wajib bagi peran admin_lpse/, /mandatory for role admin_lpse/);
    ok(['notification', 'mute', 'case.approved', '--as', 'andi']);
    refused(['notification', 'mute', 'case.nonsense', '--as', 'andi'], 2);
    const own = JSON.parse(ok(['notification', 'list', '--json', '--as', 'andi']).stdout) as { notifications: { event: string; muted: boolean; mandatory: string }[] };
    assert.deepEqual(own.notifications.filter((n) => n.muted).map((n) => n.event), ['case.approved']);
    assert.equal(own.notifications.find((n) => n.event === 'case.assigned')?.mandatory, 'always');
    assert.match(ok(['notification', 'list', '--as', 'andi', '--lang', 'en']).stdout, /^case\.approved {2}on {2}muted$/m);
    ok(['notification', 'unmute', 'case.approved', '--as', 'andi']);
  });

  it('keeps a unit\'s overrides: its koordinator for the unit, the superadmin for every unit', () => {
    assert.match(ok(['notification', 'override', '--unit', 'gorontalo', '--role', 'auditor', '--event', 'fault.urgent_reported', '--on', '--as', 'koor', '--lang', 'en']).stderr,
      /Subscription gorontalo\/auditor\/fault\.urgent_reported: on/);
    refused(['notification', 'override', '--unit', 'manado', '--role', 'auditor', '--event', 'fault.urgent_reported', '--on', '--as', 'koor'], 4);
    refused(['notification', 'override', '--unit', 'gorontalo', '--role', 'admin_lpse', '--event', 'case.assigned', '--off'], 5, /wajib/, /mandatory/);
    refused(['notification', 'override', '--unit', 'gorontalo', '--role', 'auditor', '--event', 'case.approved', '--on', '--off'], 2);
    const list = JSON.parse(ok(['notification', 'subscriptions', '--unit', 'gorontalo', '--json']).stdout) as { subscriptions: { role: string; event: string; override: boolean | null }[] };
    assert.deepEqual(list.subscriptions.filter((s) => s.override !== null).map((s) => `${s.role} ${s.event} ${String(s.override)}`), ['auditor fault.urgent_reported true']);
    assert.match(ok(['notification', 'subscriptions', '--unit', 'gorontalo', '--lang', 'en']).stdout, /^koordinator {2}case\.awaiting_approval {2}on {2}default$/m);
  });
});
