import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JAGA_BIN } from '../support/jaga-cli.js';

const PW = 'long-enough-password\n';

describe('jaga webhook add|list|rotate-secret|retire (real binary, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-cli-webhook-'));
  const jaga = (args: string[], input = '') => spawnSync(process.execPath, [JAGA_BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, JAGA_ACTOR: 'op' }, input, encoding: 'utf8',
  });
  const ok = (args: string[], input = '') => {
    const r = jaga(args, input);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    return r;
  };
  const refused = (args: string[], status: number, message: RegExp) => {
    const r = jaga(args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.equal(r.stdout, '', 'no secret printed');
  };

  before(() => {
    ok(['migrate']);
    ok(['admin', 'create', '--username', 'op', '--role', 'superadmin', '--password-stdin'], PW);
    ok(['unit', 'add', '--code', 'gorontalo', '--name', 'LPSE Provinsi Gorontalo']);
    ok(['unit', 'add', '--code', 'manado', '--name', 'LPSE Kota Manado']);
    ok(['admin', 'create', '--as', 'op', '--username', 'koor', '--role', 'koordinator', '--unit', 'gorontalo', '--password-stdin'], PW);
  });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('adds, lists, rotates and retires endpoints; a secret only ever on stdout, once', () => {
    const add = ok(['webhook', 'add', '--url', 'https://hooks.example.org/jaga', '--unit', 'gorontalo', '--events', 'case.approved,fault.urgent_reported']);
    assert.match(add.stdout, /^whsec_[A-Za-z0-9+/]{43}=\n$/);
    assert.match(add.stderr, /hanya ditampilkan sekali ini.*\n?.*shown this once only/s);
    const secret = add.stdout.trim();
    const wide = ok(['webhook', 'add', '--url', 'https://hooks.example.org/lkpp', '--all-units', '--lang', 'en']);
    assert.match(wide.stderr, /^Webhook [0-9a-f-]{36} added\. Its signing secret/);

    const list = ok(['webhook', 'list', '--lang', 'en']);
    assert.match(list.stdout, /^[0-9a-f-]{36} {2}gorontalo {2}active {2}fault\.urgent_reported,case\.approved {2}https:\/\/hooks\.example\.org\/jaga$/m);
    assert.match(list.stdout, /^[0-9a-f-]{36} {2}all units {2}active {2}all events {2}https:\/\/hooks\.example\.org\/lkpp$/m);
    assert.ok(!list.stdout.includes('whsec_'));
    const json = JSON.parse(ok(['webhook', 'list', '--json']).stdout) as { id: string; unit: string | null; url: string }[];
    assert.deepEqual(json.map((e) => [e.unit, e.url]), [['gorontalo', 'https://hooks.example.org/jaga'], [null, 'https://hooks.example.org/lkpp']]);
    const id = json[0]?.id ?? '';

    // The koordinator sees and manages their unit's only.
    assert.deepEqual((JSON.parse(ok(['webhook', 'list', '--json', '--as', 'koor']).stdout) as { id: string }[]).map((e) => e.id), [id]);
    refused(['webhook', 'add', '--as', 'koor', '--url', 'https://hooks.example.org/m', '--unit', 'manado', '--lang', 'en'], 4,
      /The koordinator role may not manage the webhooks of unit manado/);
    refused(['webhook', 'retire', json[1]?.id ?? '', '--as', 'koor', '--reason', 'x'], 4, /Peran koordinator tidak dapat mengelola webhook ini.*\n.*The koordinator role may not manage this webhook/);

    const rotated = ok(['webhook', 'rotate-secret', id, '--reason', 'jadwal rotasi']);
    assert.match(rotated.stdout, /^whsec_[A-Za-z0-9+/]{43}=\n$/);
    assert.notEqual(rotated.stdout.trim(), secret);
    assert.match(rotated.stderr, /mendapat rahasia baru/);
    const retired = ok(['webhook', 'retire', id, '--reason', 'penerima dimatikan', '--lang', 'en']);
    assert.match(retired.stderr, /retired: nothing is sent there any more/);
    assert.match(ok(['webhook', 'list', '--lang', 'en']).stdout, new RegExp(`^${id} {2}gorontalo {2}retired 20`, 'm'));
  });

  it('refuses bad options and a bad URL with words in the language asked for, printing no secret', () => {
    refused(['webhook', 'add', '--url', 'https://hooks.example.org/x'], 2, /--unit/);
    refused(['webhook', 'add', '--url', 'https://hooks.example.org/x', '--unit', 'gorontalo', '--all-units'], 2, /--unit dan --all-units saling meniadakan/);
    refused(['webhook', 'add', '--url', 'http://hooks.example.org/x', '--unit', 'gorontalo', '--lang', 'id'], 2, /http tanpa TLS hanya ke penerima di mesin ini/);
    refused(['webhook', 'add', '--url', 'https://op:pw-secret@hooks.example.org/x', '--unit', 'gorontalo', '--lang', 'en'], 2, /a user name or password in the URL/);
    refused(['webhook', 'add', '--url', 'https://hooks.example.org/x', '--unit', 'gorontalo', '--events', 'case.exploded', '--lang', 'en'], 2, /events/);
    refused(['webhook', 'rotate-secret', 'no-such-id', '--reason', 'x', '--lang', 'en'], 3, /Webhook 'no-such-id' not found/);
  });
});
