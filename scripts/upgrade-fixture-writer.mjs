// Writes the upgrade fixture with an older release's own code (see make-upgrade-fixture.sh):
// node upgrade-fixture-writer.mjs <release tree, built> <out dir> <release>.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tree, out, release] = process.argv.slice(2);
const from = (p) => import(pathToFileURL(join(tree, 'dist', p)).href);
const { startGatewayWorld, settled } = await from('test/support/gateway-world.js');
const { closedCase } = await from('test/support/closed-case.js');
const { stopTestPostgres } = await from('test/support/test-app.js');
const { createCheckpoint } = await from('src/app/logbook/create-checkpoint.js');

for (const dialect of ['sqlite', 'postgres']) {
  const w = await startGatewayWorld({ dialect });
  try {
    // A gateway session with its recording, a case closed through B1–B6, a signed checkpoint.
    const r = await w.ssh('echo upgrade-$((6*7))');
    assert.equal(r.stdout.trim(), 'upgrade-42', r.stderr);
    await settled(w);
    const closedCaseId = await closedCase(w.t);
    await createCheckpoint(w.t.app);
    const dir = join(out, dialect);
    mkdirSync(dir, { recursive: true });
    const { config } = w.t;
    cpSync(config.dataKeyFile, join(dir, 'data-key'));
    cpSync(config.signingKeyFile, join(dir, 'logbook-signing-key.pem'));
    cpSync(config.ssh.recordingsDir, join(dir, 'recordings'), { recursive: true });
    if (dialect === 'sqlite') {
      const tmp = mkdtempSync(join(tmpdir(), 'jaga-fixture-'));
      await w.t.app.store.backup(join(tmp, 'copy.sqlite'));
      writeFileSync(join(dir, 'database.sql'), execFileSync('sqlite3', [join(tmp, 'copy.sqlite'), '.dump'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
      rmSync(tmp, { recursive: true, force: true });
    } else {
      const dump = execFileSync('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--dbname=${config.database.url}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
      // \restrict (pg_dump ≥ 15.14) guards against a dump from an untrusted server; this one is ours, and older psql would refuse the line.
      writeFileSync(join(dir, 'database.sql'), dump.replace(/^\\(un)?restrict .*\n/gm, ''));
    }
    const andi = await w.t.app.store.read((x) => x.users.findByUsername('andi'));
    writeFileSync(join(dir, 'fixture.json'), `${JSON.stringify({
      release, dialect, writtenAt: new Date().toISOString(), andiId: andi.id, andiTotpSecret: w.totpSecret, openCaseId: w.caseId, closedCaseId,
    }, null, 2)}\n`);
  } finally {
    await w.close();
  }
}
await stopTestPostgres();
