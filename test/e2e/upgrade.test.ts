import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { migrations } from '../../src/adapters/db/migrations.js';
import { authenticateSession } from '../../src/app/auth/authenticate.js';
import { verifySecondFactor } from '../../src/app/auth/second-factor.js';
import { signIn } from '../../src/app/auth/sign-in.js';
import { getCase } from '../../src/app/case/get-case.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { loadConfig } from '../../src/config/config.js';
import type { OpenedApp } from '../../src/main/open-app.js';
import { openApp } from '../../src/main/open-app.js';
import { unusedTotpCode } from '../support/gateway-world.js';
import { jagaIn } from '../support/jaga-cli.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, describeOn, fastPasswords, openTestApp, stopTestPostgres } from '../support/test-app.js';

/** The previous release: main at b473842, migrations 0001–0010 (test/fixtures/upgrade-b473842, made by scripts/make-upgrade-fixture.sh). */
const RELEASE = 'b473842';
const RELEASE_MIGRATIONS = ['0001_core', '0002_auth', '0003_gateway', '0004_gateway_nodes', '0004_registry_lifecycle', '0005_user_language',
  '0006_network_units', '0007_enrolment_codes', '0008_gateway_sessions_started', '0009_sop_evaluation_notes', '0010_logbook_type'];
const FIXTURES = fileURLToPath(new URL(`../../../test/fixtures/upgrade-${RELEASE}/`, import.meta.url));

interface Fixture { readonly andiId: string; readonly andiTotpSecret: string; readonly openCaseId: string; readonly closedCaseId: string }

function run(cmd: string, args: readonly string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  return r.stdout;
}

/**
 * An installation written by the previous release (its own use cases and gateway: users on TOTP, a
 * gateway session with its recording, a closed case, a signed checkpoint) is migrated by this
 * release's `jaga migrate`; its logbook then verifies and its data reads back and takes new entries.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `upgrade from release ${RELEASE} (${dialect})`, () => {
    const src = join(FIXTURES, dialect);
    const fixture = JSON.parse(readFileSync(join(src, 'fixture.json'), 'utf8')) as Fixture;
    let dir: string;
    let env: Record<string, string>;
    let emptyDb: TestApp | undefined;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jaga-upgrade-'));
      for (const f of ['data-key', 'logbook-signing-key.pem', 'recordings']) cpSync(join(src, f), join(dir, f), { recursive: true });
      // A checkout keeps no owner-only modes; the keys are put back as an installation holds them.
      for (const f of ['data-key', 'logbook-signing-key.pem']) chmodSync(join(dir, f), 0o600);
      const sql = readFileSync(join(src, 'database.sql'), 'utf8');
      if (dialect === 'sqlite') {
        run('sqlite3', [join(dir, 'jaga.sqlite')], sql);
        env = {};
      } else {
        emptyDb = await openTestApp('postgres', { migrate: false });
        const url = (emptyDb.config.database as { url: string }).url;
        run('psql', ['--quiet', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', `--dbname=${url}`, '--file', join(src, 'database.sql')]);
        env = { JAGA_DATABASE_URL: url };
      }
    });
    after(async () => {
      await emptyDb?.close();
      rmSync(dir, { recursive: true, force: true });
      await stopTestPostgres();
    });

    it("migrates the release's database to this one's schema", () => {
      const before = jagaIn(dir, ['logbook', 'verify', '--lang', 'en'], env);
      const pending = Object.keys(migrations(dialect)).filter((m) => !RELEASE_MIGRATIONS.includes(m));
      if (pending.length > 0) assert.match(before.stderr, /not migrated .*\[store\.not_migrated\]/, 'the release\'s database needs migrating first');
      const m = jagaIn(dir, ['migrate'], env);
      assert.equal(m.status, 0, m.stderr);
      assert.match(m.stdout, pending.length > 0 ? new RegExp(`applied ${pending.join(', ')}(;|$)`, 'm') : /schema up to date/);
      assert.match(jagaIn(dir, ['migrate'], env).stdout, /schema up to date/);
    });

    it('verifies the logbook written by the release, its signed checkpoint included', () => {
      const v = jagaIn(dir, ['logbook', 'verify', '--lang', 'en'], env);
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.match(v.stdout, /^logbook intact: \d+ entries, head #\d+ [0-9a-f]{64}, [1-9]\d* checkpoint checked$/m);
    });

    it('reads the data back: users on TOTP, the closed case, the gateway session and its recording; and takes new entries', async () => {
      const app: OpenedApp = openApp(loadConfig({ JAGA_DATA_DIR: dir, ...env }), { passwords: fastPasswords });
      try {
        await app.store.assertMigrated();
        const users = (await app.store.read((r) => r.users.list())).map((u) => u.username).sort();
        for (const u of ['andi', 'audit', 'koor', 'pelapor', 'super']) assert.ok(users.includes(u), u);

        const closed = await getCase(app, as('koor'), fixture.closedCaseId);
        assert.equal(closed.case.status, 'closed');
        assert.equal(closed.case.rootCause?.rootCause, 'Disk penuh');

        const [session, ...more] = await app.store.read((r) => r.gatewaySessions.listForCase(fixture.openCaseId));
        assert.ok(session && more.length === 0, 'one gateway session');
        assert.ok(session.endedAt && session.recordings.length > 0);
        for (const rec of session.recordings) {
          const d = await app.recordings.open(rec.file);
          const hash = createHash('sha256');
          for await (const c of d.body) hash.update(c);
          assert.equal(hash.digest('hex'), rec.sha256);
        }

        // The TOTP seed the release sealed opens with the same data key.
        const s = await signIn(app, { username: 'andi', password: PASSWORD }, { sourceIp: '127.0.0.1' });
        assert.equal(s.next, 'totp');
        const pending = await authenticateSession(app, s.sessionToken);
        assert.ok(pending);
        await verifySecondFactor(app, pending, { code: await unusedTotpCode({ app } as TestApp, fixture.andiId, fixture.andiTotpSecret, app.clock) });

        await reportFault(app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Setelah pembaruan', urgency: 'low', channel: 'phone' });
      } finally {
        await app.store.close();
      }
      const v = jagaIn(dir, ['logbook', 'verify', '--lang', 'en'], env);
      assert.equal(v.status, 0, v.stdout + v.stderr);
    });
  });
}
