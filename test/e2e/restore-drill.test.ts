import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pgUserRelations } from '../../src/adapters/db/pg-tools.js';
import { recordingFor } from '../../src/app/access/gateway-session-views.js';
import { authenticateSession } from '../../src/app/auth/authenticate.js';
import { verifySecondFactor } from '../../src/app/auth/second-factor.js';
import { signIn } from '../../src/app/auth/sign-in.js';
import { loadConfig } from '../../src/config/config.js';
import { loadOrCreateHostKey } from '../../src/gateway/host-key.js';
import { startSshGateway } from '../../src/gateway/ssh-gateway.js';
import type { OpenedApp } from '../../src/main/open-app.js';
import { openApp } from '../../src/main/open-app.js';
import { closedCase } from '../support/closed-case.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, settled, startGatewayWorld, unusedTotpCode } from '../support/gateway-world.js';
import { JAGA_BIN } from '../support/jaga-cli.js';
import { runClient } from '../support/sshd.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, describeOn, fastPasswords, openTestApp, stopTestPostgres } from '../support/test-app.js';

const PASSPHRASE = 'drill: correct horse battery staple';

/** The real `jaga` with only PATH, the data directory and (PostgreSQL) the database of this environment, `input` on stdin. */
function jaga(dataDir: string, args: readonly string[], env: Record<string, string>, input = ''): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [JAGA_BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...env }, input, encoding: 'utf8' });
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * The issue's restore drill: a running installation (the gateway in front of a real sshd, a user
 * on TOTP, the gateway's credential for its target, a session with recordings, a closed case) is
 * backed up with the real `jaga backup` while it runs and restored with `jaga restore` into an
 * empty place, which then works as the original did.
 */
for (const dialect of DIALECTS) {
  describeOn(dialect, `restore drill (${dialect})`, () => {
    let w: GatewayWorld;
    let place: string;
    let archive: string;
    let dbEnv: Record<string, string>;
    const empties: TestApp[] = [];
    /** A fresh empty target: a data directory that does not exist yet and, on PostgreSQL, an empty database. */
    const emptyTarget = async (): Promise<{ dir: string; env: Record<string, string>; args: string[] }> => {
      const dir = join(place, `restored-${empties.length}-${Math.random().toString(36).slice(2, 8)}`);
      if (dialect === 'sqlite') return { dir, env: {}, args: [] };
      const t = await openTestApp('postgres', { migrate: false });
      empties.push(t);
      const url = (t.config.database as { url: string }).url;
      return { dir, env: {}, args: ['--database-url', url] };
    };

    before(async () => {
      w = await startGatewayWorld({ dialect, hostKeyInDataDir: true });
      place = mkdtempSync(join(tmpdir(), 'jaga-drill-'));
      archive = join(place, 'jaga.backup');
      dbEnv = dialect === 'postgres' ? { JAGA_DATABASE_URL: (w.t.config.database as { url: string }).url } : {};
      // A session with recordings, and a closed case, before the backup.
      const r = await w.ssh('echo drill-$((6*7))');
      assert.equal(r.stdout.trim(), 'drill-42', r.stderr);
      await settled(w);
      await closedCase(w.t);
    });
    after(async () => {
      await w?.close();
      for (const t of empties) await t.close();
      rmSync(place, { recursive: true, force: true });
      await stopTestPostgres();
    });

    it('backs up the running installation into one encrypted archive, never overwriting one', () => {
      const b = jaga(w.t.config.dataDir, ['backup', '--out', archive, '--passphrase-stdin', '--lang', 'en'], dbEnv, `${PASSPHRASE}\n`);
      assert.equal(b.status, 0, b.stderr);
      assert.match(b.stderr, /^encrypted backup archive written: .*jaga\.backup \(\d+ parts, [1-9]\d* recordings, \d+ bytes\)/m);
      const bytes = readFileSync(archive);
      assert.equal(bytes.subarray(0, 7).toString('latin1'), 'JAGABAK');
      // Encrypted: none of the secrets, names or recorded output in the clear.
      for (const secret of [readFileSync(w.t.config.dataKeyFile), readFileSync(w.t.config.ssh.hostKeyFile), Buffer.from('drill-42'), Buffer.from('SQLite format 3'), Buffer.from('andi')]) {
        assert.equal(bytes.indexOf(secret), -1, `the archive holds ${secret.toString('utf8').slice(0, 20)} in the clear`);
      }
      assert.deepEqual(readdirSync(place), ['jaga.backup'], 'no partial or work file left beside it');
      const again = jaga(w.t.config.dataDir, ['backup', '--out', archive, '--passphrase-stdin'], dbEnv, `${PASSPHRASE}\n`);
      assert.equal(again.status, 5);
      assert.match(again.stderr, /already exists/);
      const noPass = jaga(w.t.config.dataDir, ['backup', '--out', join(place, 'x'), '--lang', 'en'], dbEnv);
      assert.equal(noPass.status, 2);
      assert.match(noPass.stderr, /always encrypted: give --passphrase-stdin/);
    });

    it('restores into an empty place: TOTP sign-in, the same host key, the target reached, recordings with their hashes, the logbook verified', async () => {
      const target = await emptyTarget();
      const r = jaga(target.dir, ['restore', archive, '--passphrase-stdin', '--lang', 'en', ...target.args], target.env, `${PASSPHRASE}\n`);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /^restored into .*: \d+ parts, [1-9]\d* recordings/m);
      const env: Record<string, string> = dialect === 'postgres' ? { JAGA_DATABASE_URL: target.args[1] as string } : {};
      const v = jaga(target.dir, ['logbook', 'verify', '--lang', 'en'], env);
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.match(v.stdout, /logbook intact: \d+ entries/);

      const app: OpenedApp = openApp(loadConfig({ JAGA_DATA_DIR: target.dir, ...env }), { passwords: fastPasswords });
      try {
        await app.store.assertMigrated();
        // TOTP sign-in: the seed is sealed with the data key, which came back with the archive.
        const andi = await app.store.read((x) => x.users.findByUsername('andi'));
        assert.ok(andi);
        const s = await signIn(app, { username: 'andi', password: PASSWORD }, { sourceIp: '127.0.0.1' });
        assert.equal(s.next, 'totp');
        const pending = await authenticateSession(app, s.sessionToken);
        assert.ok(pending);
        const code = await unusedTotpCode({ app } as TestApp, andi.id, w.totpSecret, app.clock);
        await verifySecondFactor(app, pending, { code });
        assert.equal(pending.mfaPassed, false);
        assert.equal((await authenticateSession(app, s.sessionToken))?.mfaPassed, true, 'the session passed TOTP');

        // Recordings download through the use case with the hashes the store and the logbook hold.
        const sessions = await app.store.read((x) => x.gatewaySessions.listForCase(w.caseId));
        const recorded = sessions.flatMap((x) => x.recordings.map((rec) => ({ id: x.id, rec })));
        assert.ok(recorded.length > 0, 'the session had recordings');
        for (const { id, rec } of recorded) {
          let body = Buffer.alloc(0);
          const ref = await recordingFor(app, as('audit'), id, rec.channel, async (ref) => {
            const d = await app.recordings.open(ref.file);
            const parts: Buffer[] = [];
            for await (const c of d.body) parts.push(Buffer.from(c));
            body = Buffer.concat(parts);
            assert.equal(d.sha256, ref.sha256);
          });
          assert.equal(sha256(body), ref.sha256);
          assert.equal(body.length, ref.bytes);
          assert.deepEqual(Buffer.from(await w.t.app.recordings.read(ref.file)), body, 'the same bytes as the original');
        }

        // The gateway answers with the same host key (the client checks it strictly) and reaches its target with the restored credential.
        const hostKey = loadOrCreateHostKey(app.config.ssh.hostKeyFile, app.sshKeys);
        assert.equal(hostKey.publicKey, loadOrCreateHostKey(w.t.config.ssh.hostKeyFile, w.t.app.sshKeys).publicKey);
        const gateway = await startSshGateway({ ...app, clock: { now: () => new Date() } }, {
          host: '127.0.0.1', port: 0, hostKey: hostKey.privateKey, idleTimeoutSeconds: 0, totpGraceSeconds: 86_400, nodeId: 'restored', log: () => {},
        });
        try {
          const knownHosts = join(place, `known_hosts-${dialect}`);
          writeFileSync(knownHosts, `[127.0.0.1]:${gateway.address.port} ${readFileSync(`${w.t.config.ssh.hostKeyFile}.pub`, 'utf8').trim()}\n`);
          const opts = w.clientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${knownHosts}` : o));
          const again = await runClient('ssh', [...opts, '-p', String(gateway.address.port), `andi:${TARGET}@127.0.0.1`, '--', 'echo restored-$((6*7))']);
          assert.equal(again.stdout.trim(), 'restored-42', again.stderr);
        } finally {
          await gateway.close();
        }
      } finally {
        await app.store.close();
      }
      const after = jaga(target.dir, ['logbook', 'verify'], env);
      assert.equal(after.status, 0, after.stdout + after.stderr);
    });

    describe('refusals that write nothing', () => {
      /** Nothing of a refused restore is left: no target directory, nothing beside it, no table in the database. */
      const assertNothingWritten = async (target: { dir: string; args: string[] }): Promise<void> => {
        assert.equal(existsSync(target.dir), false, 'no data directory');
        assert.deepEqual(readdirSync(place).filter((n) => n.includes('.restore-')), [], 'no temporary directory');
        if (dialect === 'postgres') assert.equal(await pgUserRelations(target.args[1] as string), 0, 'the database is still empty');
      };

      it('refuses a wrong passphrase', async () => {
        const target = await emptyTarget();
        const r = jaga(target.dir, ['restore', archive, '--passphrase-stdin', '--lang', 'en', ...target.args], target.env, 'not the passphrase\n');
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /Wrong passphrase for archive .*; nothing was written\. \[backup\.passphrase_wrong\]/);
        await assertNothingWritten(target);
      });

      it('refuses an archive with one byte changed near its end, after the database and keys have streamed past', async () => {
        const bytes = readFileSync(archive);
        bytes[bytes.length - 40] = (bytes[bytes.length - 40] as number) ^ 0x01;
        const damaged = join(place, 'damaged.backup');
        writeFileSync(damaged, bytes);
        const target = await emptyTarget();
        const r = jaga(target.dir, ['restore', damaged, '--passphrase-stdin', '--lang', 'en', ...target.args], target.env, `${PASSPHRASE}\n`);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /Archive .*damaged\.backup' is damaged or was altered \(chunk \d+\); nothing was written\. \[backup\.damaged\]/);
        await assertNothingWritten(target);
      });

      it('refuses an archive cut where a record ends, its last record missing', async () => {
        const bytes = readFileSync(archive);
        // Header: magic (8), its length (4), the header; then records of 64 KiB + 16, the last one shorter.
        const start = 12 + bytes.readUInt32BE(8);
        const cut = join(place, 'cut.backup');
        writeFileSync(cut, bytes.subarray(0, bytes.length - ((bytes.length - start) % (64 * 1024 + 16))));
        const target = await emptyTarget();
        const r = jaga(target.dir, ['restore', cut, '--passphrase-stdin', '--lang', 'en', ...target.args], target.env, `${PASSPHRASE}\n`);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /Archive .*cut\.backup' is truncated \(its end is missing\)(?: \(chunk \d+\))?; nothing was written\. \[backup\.damaged\]/);
        await assertNothingWritten(target);
      });

      it('refuses a target that is not empty, naming it', async () => {
        const r = jaga(w.t.config.dataDir, ['restore', archive, '--passphrase-stdin', '--lang', 'en'], dbEnv, `${PASSPHRASE}\n`);
        assert.equal(r.status, 5, r.stderr);
        assert.match(r.stderr, /A restore goes only into an empty place, but .* is not empty; nothing was written\. Choose a new data directory or database\. \[restore\.target_not_empty\]/);
        if (dialect === 'postgres') {
          // An empty data directory but a database with tables (the running installation's).
          const dir = join(place, 'fresh-dir');
          const p = jaga(dir, ['restore', archive, '--passphrase-stdin', '--lang', 'en', '--database-url', dbEnv['JAGA_DATABASE_URL'] as string], {}, `${PASSPHRASE}\n`);
          assert.equal(p.status, 5, p.stderr);
          assert.match(p.stderr, /but PostgreSQL postgres:\/\/.* is not empty/);
          assert.equal(existsSync(dir), false);
        }
      });
    });
  });
}
