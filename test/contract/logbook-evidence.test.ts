import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import { loadCheckpointVerifier, loadOrCreateSigner } from '../../src/adapters/system/ed25519-signer.js';
import { DirWitness } from '../../src/adapters/witness/dir-witness.js';
import { HttpWitness } from '../../src/adapters/witness/http-witness.js';
import { authorizeGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { closeGatewaySession, logGatewayEvent, openGatewaySession } from '../../src/app/access/gateway-session.js';
import { sessionRecordingKey } from '../../src/app/access/session-recordings.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createCheckpoint } from '../../src/app/logbook/create-checkpoint.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { WitnessPusher, readWitnesses } from '../../src/app/logbook/witness-checkpoints.js';
import type { ErrorParams } from '../../src/domain/error-codes.js';
import { DomainError } from '../../src/domain/errors.js';
import { errorText } from '../../src/messages/catalogue.js';
import { loadConfig } from '../../src/config/config.js';
import { witnessHandler } from '../../src/main/witness-serve.js';
import { problemEn } from '../support/chain-problem-text.js';
import { enrolTotp } from '../support/totp.js';
import { appendTestEntries, cutTailAndResign } from '../support/logbook-attacks.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

const ANDI_KEY = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const CAST = '{"version":2,"width":80,"height":24}\n[0.1,"o","spseadm@spse:~$ "]\n[0.5,"i","ls\\r"]\n';

after(() => stopTestPostgres());

/** A case whose executor ran one gateway session with one recorded channel, as the gateway stores it. */
async function caseWithRecordedSession(t: TestApp): Promise<{ caseId: string; sessionId: string; file: string }> {
  await seedWorld(t);
  await enrolTotp(t, 'andi'); // the gateway admits only executors with TOTP (A1d)
  const caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Login SPSE error 500', urgency: 'high', channel: 'phone' })).id;
  await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
  await prepareWorkstation(t.app, as('andi'), caseId, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-lpse' });
  const grant = await authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' });
  const s = await openGatewaySession(t.app, grant, { id: 'gw-session-1', sourceIp: '127.0.0.1', keyFingerprint: ANDI_KEY, nodeId: 'test' });
  const file = sessionRecordingKey(s.id, 0);
  const w = await t.app.recordings.create(file);
  await w.append(Buffer.from(CAST));
  const d = await w.finish();
  await logGatewayEvent(t.app, s, 'gateway.recording_closed', { channel: 0, file, sha256: d.sha256, bytes: d.bytes });
  await closeGatewaySession(t.app, s.id, { endReason: 'client_closed', bytesUp: 3, bytesDown: 16, recordings: [{ channel: 0, file, ...d }] });
  return { caseId, sessionId: s.id, file };
}

const verifyAll = (t: TestApp) => verifyLogbook(t.app, undefined, { records: t.app });

for (const dialect of DIALECTS) {
  describeOn(dialect, `logbook verify checks the stored records against the logbook (${dialect})`, () => {
    let t: TestApp;
    let world: { caseId: string; sessionId: string; file: string };
    beforeEach(async () => {
      t = await openTestApp(dialect);
      world = await caseWithRecordedSession(t);
      const r = await verifyAll(t);
      assert.equal(r.ok, true, problemEn(r.problem));
      assert.deepEqual(r.records, { cases: 1, sessions: 1, recordings: 1 });
    });
    afterEach(() => t.close());

    it('detects a .cast file edited together with its hash in the sessions table', async () => {
      const path = join(t.config.ssh.recordingsDir, world.file);
      const forged = readFileSync(path, 'utf8').replace('ls', 'rm');
      writeFileSync(path, forged);
      const { sha256Hex } = await import('../../src/adapters/system/node-crypto.js');
      const s = await t.app.store.db.selectFrom('gateway_sessions').select('recordings').where('id', '=', world.sessionId).executeTakeFirstOrThrow();
      const recs = (JSON.parse(s.recordings) as { sha256: string }[]).map((x) => ({ ...x, sha256: sha256Hex(forged) }));
      await t.app.store.db.updateTable('gateway_sessions').set({ recordings: JSON.stringify(recs) }).where('id', '=', world.sessionId).execute();
      const r = await verifyAll(t);
      assert.equal(r.ok, false);
      assert.equal(r.problem?.kind, 'record');
      assert.match(problemEn(r.problem), new RegExp(`Gateway session ${world.sessionId} differs from the logbook at recordings\\[${world.file}\\]\\.sha256`));
      // With the session row put back, the bytes themselves are still caught.
      await t.app.store.db.updateTable('gateway_sessions').set({ recordings: s.recordings }).where('id', '=', world.sessionId).execute();
      const again = await verifyAll(t);
      assert.match(problemEn(again.problem), new RegExp(`Recording ${world.file} differs from the logbook at sha256`));
    });

    it('detects a case row edited in SQL (document and columns)', async () => {
      const db = t.app.store.db;
      const row = await db.selectFrom('cases').select('doc').where('id', '=', world.caseId).executeTakeFirstOrThrow();
      const doc = JSON.parse(row.doc) as { acknowledgement: { classification: string } };
      doc.acknowledgement.classification = 'jaringan';
      await db.updateTable('cases').set({ doc: JSON.stringify(doc) }).where('id', '=', world.caseId).execute();
      const r = await verifyAll(t);
      assert.equal(r.ok, false);
      assert.match(problemEn(r.problem), /differs from the logbook at acknowledgement\.classification: logbook "aplikasi", stored "jaringan"/);
      await db.updateTable('cases').set({ doc: row.doc, status: 'approved' }).where('id', '=', world.caseId).execute();
      assert.match(problemEn((await verifyAll(t)).problem), /at status \(column\): logbook "in_repair", stored "approved"/);
    });

    it('detects the timing column the SOP evaluation reads, edited in SQL', async () => {
      const db = t.app.store.db;
      const row = await db.selectFrom('cases').select('timing').where('id', '=', world.caseId).executeTakeFirstOrThrow();
      assert.ok(row.timing, 'the repository writes the timing with the case');
      const timing = JSON.parse(row.timing) as { deviations?: unknown[] } & Record<string, unknown>;
      const forged = JSON.stringify({ ...timing, deviations: [], reportedAt: '2020-01-01T00:00:00.000Z' });
      await db.updateTable('cases').set({ timing: forged }).where('id', '=', world.caseId).execute();
      const r = await verifyAll(t);
      assert.equal(r.ok, false);
      assert.match(problemEn(r.problem), /differs from the logbook at timing \(column\)/);
      await db.updateTable('cases').set({ timing: row.timing }).where('id', '=', world.caseId).execute();
      assert.equal((await verifyAll(t)).ok, true);
    });

    it('detects a case row deleted in SQL', async () => {
      await sql`DELETE FROM gateway_sessions`.execute(t.app.store.db);
      await sql`DELETE FROM cases`.execute(t.app.store.db);
      assert.match(problemEn((await verifyAll(t)).problem), new RegExp(`Case ${world.caseId} differs from the logbook at id: logbook "${world.caseId}", stored \\(none\\)`));
    });
  });
}

describeOn('sqlite', 'witnessed checkpoints', () => {
  let t: TestApp;
  let dir: string;
  let server: Server;
  let url: string;
  const lines: string[] = [];
  beforeEach(async () => {
    t = await openTestApp('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'jaga-witness-'));
    const pub = join(dir, 'installation.pub');
    writeFileSync(pub, t.app.signer.publicKeyPem);
    const handler = witnessHandler(new DirWitness(join(dir, 'http-store')), loadCheckpointVerifier(pub), (l) => lines.push(l));
    server = createServer((req, res) => { void handler(req, res); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address() as { port: number };
    url = `http://127.0.0.1:${a.port}/`;
  });
  afterEach(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const append = (n: number) => appendTestEntries(t, n);


  it('catches a tail deleted in SQL with the local checkpoints re-made, once a witness holds a later one', async () => {
    const witnesses = [new DirWitness(join(dir, 'mount')), new HttpWitness(url)];
    const pusher = new WitnessPusher(witnesses, { log: (l) => lines.push(l), backoffMs: 10 });
    await append(30);
    const first = await createCheckpoint(t.app);
    pusher.push(first);
    await append(20);
    const second = await createCheckpoint(t.app);
    pusher.push(second);
    await pusher.settle();
    assert.deepEqual([...pusher.confirmed.values()], [second.seq, second.seq]);
    assert.equal((await verifyLogbook(t.app, undefined, { witnesses: await readWitnesses(witnesses) })).ok, true);

    // Root on the host deletes the last 25 entries and re-makes the head and the checkpoints.
    await cutTailAndResign(t, 25);
    assert.equal((await verifyLogbook(t.app)).ok, true, 'the local logbook alone looks intact');

    for (const w of witnesses) {
      const r = await verifyLogbook(t.app, undefined, { witnesses: await readWitnesses([w]) });
      assert.equal(r.ok, false);
      assert.equal(r.problem?.kind, 'truncated');
      assert.match(problemEn(r.problem), new RegExp(`witness ${w.name.replace(/[/.]/g, '\\$&')} holds checkpoint #${first.seq}, past the last entry #25`));
    }
  });

  it('refuses a forged checkpoint and a rewrite of one it holds', async () => {
    await append(3);
    const cp = await createCheckpoint(t.app);
    const http = new HttpWitness(url);
    assert.equal(await http.push(cp), 'stored');
    assert.equal(await http.push(cp), 'held');
    const otherKey = join(dir, 'other.pem');
    const forger = loadOrCreateSigner(otherKey);
    const { checkpointPayload } = await import('../../src/domain/logbook/checkpoint.js');
    const forged = { ...cp, seq: cp.seq + 1, keyId: t.app.signer.keyId };
    await assert.rejects(http.push({ ...forged, signature: forger.sign(checkpointPayload(forged)) }), (e) => e instanceof DomainError && e.code === 'witness.checkpoint_forged');
    const rewritten = { ...cp, at: new Date(0).toISOString() };
    await assert.rejects(http.push({ ...rewritten, signature: t.app.signer.sign(checkpointPayload(rewritten)) }),
      (e) => e instanceof DomainError && e.code === 'witness.checkpoint_rewritten');
    assert.deepEqual((await http.list()).map((c) => c.seq), [cp.seq]);
  });
});

it('refuses a signing key file its group or everyone may write, saying how to fix it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-key-'));
  try {
    const file = join(dir, 'signing.pem');
    loadOrCreateSigner(file);
    chmodSync(file, 0o664);
    assert.throws(() => loadOrCreateSigner(file, { create: false }),
      (e) => e instanceof DomainError && e.code === 'signing_key.unsafe_mode' && /mode 0664.*chmod go-w/.test(errorText('en', e.code, e.params as ErrorParams['signing_key.unsafe_mode'])));
    chmodSync(file, 0o440);
    assert.equal(loadOrCreateSigner(file, { create: false }).keyId.startsWith('ed25519:'), true);
    assert.throws(() => loadOrCreateSigner(join(dir, 'absent.pem'), { create: false }), (e) => e instanceof DomainError && e.code === 'signing_key.unreadable');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('reads the checkpoint schedule, the witnesses and the signing key path from the environment, refusing bad values', () => {
  const base = { JAGA_DATA_DIR: '/srv/jaga' };
  const c = loadConfig({ ...base, JAGA_WITNESSES: 'dir:/mnt/saksi, https://saksi.example.go.id/jaga', JAGA_CHECKPOINT_INTERVAL: '300', JAGA_SIGNING_KEY_FILE: '/etc/jaga/signing.pem' });
  assert.deepEqual(c.logbook, { checkpointIntervalSeconds: 300, witnesses: [{ kind: 'dir', path: '/mnt/saksi' }, { kind: 'http', url: 'https://saksi.example.go.id/jaga' }] });
  assert.equal(c.signingKeyFile, '/etc/jaga/signing.pem');
  assert.equal(c.signingKeyConfigured, true);
  const d = loadConfig(base);
  assert.deepEqual(d.logbook, { checkpointIntervalSeconds: 600, witnesses: [] });
  assert.equal(d.signingKeyFile, '/srv/jaga/logbook-signing-key.pem');
  const refused = (env: Record<string, string>, code: string, words: RegExp) => assert.throws(() => loadConfig({ ...base, ...env }),
    (e) => e instanceof DomainError && e.code === code && words.test(errorText('en', e.code as 'witness.location_invalid', e.params as ErrorParams['witness.location_invalid'])));
  refused({ JAGA_CHECKPOINT_INTERVAL: '5' }, 'config.checkpoint_interval_invalid', /≥ 10 \(0 = off\), not '5'/);
  refused({ JAGA_CHECKPOINT_INTERVAL: '10m' }, 'config.checkpoint_interval_invalid', /not '10m'/);
  refused({ JAGA_WITNESSES: 'dir:relative/path' }, 'witness.location_invalid', /dir:\/absolute\/path/);
  refused({ JAGA_WITNESSES: 'https://user:secret@saksi.example/' }, 'witness.location_invalid', /^witness 'https:\/\/…@saksi.example\/' .*no credentials in the URL/);
  refused({ JAGA_WITNESSES: 'ftp://saksi.example/' }, 'witness.location_invalid', /ftp:/);
});
