import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { readPublicKeyPem } from '../../src/adapters/system/ed25519-signer.js';
import { sha256Hex, sha256Stream } from '../../src/adapters/system/node-crypto.js';
import { authorizeGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { closeGatewaySession, logGatewayEvent, openGatewaySession } from '../../src/app/access/gateway-session.js';
import { sessionRecordingKey } from '../../src/app/access/session-recordings.js';
import { BUNDLE_EXPORTED_EVENT, FORM_ISSUED_EVENT, PART } from '../../src/app/bundle/evidence-bundle.js';
import { runUseCase } from '../../src/app/use-case.js';
import { exportEvidenceBundle } from '../../src/app/bundle/export-evidence-bundle.js';
import { readTar, writeTar } from '../../src/app/bundle/ustar.js';
import type { TarFile } from '../../src/app/bundle/ustar.js';
import type { BundleCrypto, BundleReport } from '../../src/app/bundle/verify-evidence-bundle.js';
import { verifyEvidenceBundle } from '../../src/app/bundle/verify-evidence-bundle.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { checkpointPayload } from '../../src/domain/logbook/checkpoint.js';
import { canonicalJson } from '../../src/domain/logbook/canonical-json.js';
import { bundleProblemText } from '../../src/messages/bundle-problem-messages.js';
import type { FormCaseFixture } from '../support/form-case.js';
import { approvedFormCase } from '../support/form-case.js';
import { outcome } from '../support/session-fixtures.js';
import { enrolTotp } from '../support/totp.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

const ANDI_KEY = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const CAST = '{"version":2,"width":80,"height":24}\n[0.1,"o","spseadm@spse:~$ "]\n[0.5,"i","ls\\r"]\n';
const OTHER_SECRET = 'Rahasia Manado: sandi basis data bocor di berkas cadangan';
const crypto: BundleCrypto = { sha256: sha256Hex, sha256Stream, readPublicKey: readPublicKeyPem };

after(() => stopTestPostgres());

/**
 * The seeded world with a case whose executor ran one gateway session (one recorded channel
 * written through the real RecordingStore, one SFTP upload), while another unit's case was
 * reported and worked on in between, so the chain interleaves the two.
 */
async function world(t: TestApp): Promise<{ caseId: string; otherId: string; file: string }> {
  await seedWorld(t);
  await enrolTotp(t, 'andi');
  const caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'Login SPSE error 500', urgency: 'high', channel: 'phone' })).id;
  const otherId = (await reportFault(t.app, as('budi'), { unit: 'manado', system: 'SPSE Manado', description: OTHER_SECRET, urgency: 'low', channel: 'email' })).id;
  await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
  await prepareWorkstation(t.app, as('andi'), caseId, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-lpse' });
  const grant = await authorizeGatewayAccess(t.app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' });
  const s = await openGatewaySession(t.app, grant, { id: 'gw-bundle-1', sourceIp: '127.0.0.1', keyFingerprint: ANDI_KEY, nodeId: 'test' });
  await outcome(reportFault(t.app, as('budi'), { unit: 'manado', system: 'SPSE Manado', description: `${OTHER_SECRET} (2)`, urgency: 'low', channel: 'email' }));
  const file = sessionRecordingKey(s.id, 0);
  const w = await t.app.recordings.create(file);
  await w.append(Buffer.from(CAST));
  const d = await w.finish();
  await logGatewayEvent(t.app, s, 'gateway.file_transfer', { channel: 1, protocol: 'sftp', op: 'upload', path: '/tmp/patch.sql', size: 12, sha256: sha256Hex('select 1;\n\n\n') });
  await logGatewayEvent(t.app, s, 'gateway.recording_closed', { channel: 0, file, sha256: d.sha256, bytes: d.bytes });
  await closeGatewaySession(t.app, s.id, { endReason: 'client_closed', bytesUp: 3, bytesDown: 16, recordings: [{ channel: 0, file, ...d }] });
  await recordRestoration(t.app, as('andi'), caseId, { initialFix: 'Restart tomcat' });
  return { caseId, otherId, file };
}

const problemsOf = (r: BundleReport): string => r.problems.map((p) => `[${p.part}] ${bundleProblemText(p, 'en')}`).join('\n');

for (const dialect of DIALECTS) {
  describeOn(dialect, `${exportEvidenceBundle.name} (${dialect})`, () => {
    let t: TestApp;
    let w: { caseId: string; otherId: string; file: string };
    before(async () => {
      t = await openTestApp(dialect);
      w = await world(t);
    });
    after(() => t.close());

    it('writes a bundle that verifies with no store: chain to a checkpoint signed now, the recording, the transfer, the session and the case', async () => {
      const b = await exportEvidenceBundle(t.app, as('audit'), w.caseId);
      const r = verifyEvidenceBundle(b.bytes, crypto, t.app.signer.publicKeyPem);
      assert.equal(r.ok, true, problemsOf(r));
      assert.equal(r.caseId, w.caseId);
      const { recordings, transfers, sessions } = r.counts;
      assert.deepEqual({ recordings, transfers, sessions, formLaporan: r.formLaporan }, { recordings: 1, transfers: 1, sessions: 1, formLaporan: false });
      assert.ok(r.counts.caseEntries >= 8);
      assert.ok(r.counts.sealedEntries >= 2, 'the other unit\'s entries in between are sealed');
      assert.deepEqual(r.key, { id: t.app.signer.keyId, supplied: true });
      assert.equal(b.checkpoint.seq, r.checkpointSeq);
      // The checkpoint is a stored one, so the installation's own verification covers it too.
      assert.equal((await verifyLogbook(t.app, b.checkpoint, { records: t.app })).ok, true);
    });

    it('logs the export with the bundle\'s SHA-256', async () => {
      const b = await exportEvidenceBundle(t.app, as('koor'), w.caseId);
      const logged = await t.app.store.read((tx) => tx.logbook.listForCase(w.caseId, [BUNDLE_EXPORTED_EVENT]));
      const last = logged[logged.length - 1];
      assert.ok(last);
      assert.deepEqual(JSON.parse(last.data), { sha256: b.sha256, bytes: b.bytes.length, checkpointSeq: b.checkpoint.seq, recordings: 1, formLaporan: false, via: 'cli' });
      assert.equal(last.seq, b.checkpoint.seq + 1);
    });

    it("carries no content of the other case's entries in between", async () => {
      const b = await exportEvidenceBundle(t.app, as('super'), w.caseId);
      const text = Buffer.from(b.bytes).toString('utf8');
      assert.ok(!text.includes('Rahasia Manado'), 'the other case\'s description');
      assert.ok(!text.includes(w.otherId), 'the other case\'s id');
      assert.ok(text.includes('Login SPSE error 500'));
    });

    it('is for auditors, the superadmin and the unit\'s koordinator only; each refusal is logged', async () => {
      for (const who of ['andi', 'pelapor', 'dita']) assert.equal(await outcome(exportEvidenceBundle(t.app, as(who), w.caseId)), 'case.forbidden.export_bundle', who);
      assert.equal(await outcome(exportEvidenceBundle(t.app, as('budi'), w.caseId)), 'case.not_found', 'another unit sees no such case');
      const refusals = (await t.app.store.read((tx) => tx.logbook.listForCase(w.caseId, ['refusal']))).map((e) => JSON.parse(e.data) as { code: string; action: string });
      assert.ok(refusals.some((x) => x.code === 'case.forbidden.export_bundle' && x.action === 'case.export_bundle'));
    });
  });
}

/** The bundle's parts by name, and a bundle rebuilt from them by the real writer. */
const partsOf = (bytes: Uint8Array): TarFile[] => {
  const r = readTar(bytes);
  assert.ok('files' in r);
  return r.files.map((f) => ({ name: f.name, bytes: Uint8Array.from(f.bytes) }));
};
const repack = (files: TarFile[], change: Record<string, Uint8Array | string>): Uint8Array =>
  writeTar(files.map((f) => (f.name in change ? { name: f.name, bytes: typeof change[f.name] === 'string' ? Buffer.from(change[f.name] as string) : change[f.name] as Uint8Array } : f)));
const textOf = (files: TarFile[], name: string): string => Buffer.from((files.find((f) => f.name === name) as TarFile).bytes).toString('utf8');

describeOn('sqlite', 'verify-evidence-bundle finds what changed', () => {
  let t: TestApp;
  let w: { caseId: string; otherId: string; file: string };
  let bundle: Uint8Array;
  let files: TarFile[];
  const verify = (b: Uint8Array, key: 'supplied' | 'bundled' = 'supplied') => verifyEvidenceBundle(b, crypto, key === 'supplied' ? t.app.signer.publicKeyPem : undefined);
  before(async () => {
    t = await openTestApp('sqlite');
    w = await world(t);
    bundle = (await exportEvidenceBundle(t.app, as('audit'), w.caseId)).bytes;
    files = partsOf(bundle);
  });
  after(() => t.close());
  afterEach(() => assert.equal(verify(bundle).ok, true, 'the original stays intact'));

  it('fails naming the part when any one byte changes (random positions)', () => {
    // Where each part's bytes lie in the file; anything else is the container's (headers, padding, end).
    const where: { name: string; from: number; to: number }[] = [];
    let at = 0;
    for (const f of files) {
      where.push({ name: f.name, from: at + 512, to: at + 512 + f.bytes.length });
      at += 512 + Math.ceil(f.bytes.length / 512) * 512;
    }
    let seed = 0x5eed;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed; };
    // Anywhere in the file, then inside each part's own bytes (most of the file is headers and padding).
    const positions = [...Array.from({ length: 200 }, () => next() % bundle.length),
      ...where.filter((p) => p.to > p.from).flatMap((p) => Array.from({ length: 15 }, () => p.from + (next() % (p.to - p.from))))];
    for (const pos of positions) {
      const flipped = Uint8Array.from(bundle);
      flipped[pos] = (flipped[pos] as number) ^ (1 << (next() % 8));
      const r = verify(flipped);
      const part = where.find((p) => pos >= p.from && pos < p.to)?.name ?? '(container)';
      assert.equal(r.ok, false, `byte ${pos} (${part}) changed, yet the bundle verified`);
      assert.ok(r.problems.some((p) => p.part.split(', ').includes(part)), `byte ${pos} of ${part}: ${problemsOf(r)}`);
    }
  });

  it('names the entry when an entry is dropped or two are swapped, even after the manifest is re-made', () => {
    const lines = textOf(files, PART.logbook).split('\n');
    const dropped = verify(repack(files, { [PART.logbook]: [...lines.slice(0, 2), ...lines.slice(3)].join('\n') }));
    assert.equal(dropped.problems[0]?.code, 'entries_missing', problemsOf(dropped));
    assert.equal(dropped.problems[0]?.part, PART.logbook);
    const seqOf = (l: string | undefined): number => { const v = JSON.parse(l ?? '{}') as { seq?: number; sealed?: { seq: number } }; return v.seq ?? v.sealed?.seq ?? 0; };
    assert.match(bundleProblemText(dropped.problems[0], 'en'), new RegExp(`Entry #${seqOf(lines[2])} is missing`));
    const swapped = verify(repack(files, { [PART.logbook]: [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n') }));
    assert.equal(swapped.problems[0]?.code, 'entry_out_of_order', problemsOf(swapped));
    const last = verify(repack(files, { [PART.logbook]: `${lines.slice(0, -2).join('\n')}\n` }));
    assert.equal(last.problems[0]?.code, 'chain_short', problemsOf(last));
  });

  it("names the entry and its case when an own entry's content is edited", () => {
    const lines = textOf(files, PART.logbook).split('\n');
    const i = lines.findIndex((l) => l.includes('"type":"case.restored"'));
    const edited = [...lines];
    edited[i] = (lines[i] as string).replace('Restart tomcat', 'Restart nginx');
    const r = verify(repack(files, { [PART.logbook]: edited.join('\n') }));
    const p = r.problems[0];
    assert.equal(p?.code, 'entry_altered', problemsOf(r));
    assert.match(bundleProblemText(p, 'en'), new RegExp(`Entry #\\d+ of case ${w.caseId} was altered`));
  });

  it('names the recording whose bytes changed, and the case field that differs from the logbook', () => {
    const rec = files.find((f) => f.name.startsWith('recordings/')) as TarFile;
    const forged = Buffer.from(Buffer.from(rec.bytes).toString('utf8').replace('ls', 'rm'));
    const r = verify(repack(files, { [rec.name]: forged }));
    assert.equal(r.problems[0]?.code, 'recording_differs', problemsOf(r));
    assert.equal(r.problems[0]?.part, rec.name);
    assert.match(bundleProblemText(r.problems[0], 'en'), new RegExp(`Recording ${w.file} differs from the logbook at sha256`));
    const c = JSON.parse(textOf(files, PART.case)) as { restoration: { initialFix: string } };
    c.restoration.initialFix = 'Restart nginx';
    const rc = verify(repack(files, { [PART.case]: `${canonicalJson(c)}\n` }));
    assert.equal(rc.problems[0]?.code, 'record_differs', problemsOf(rc));
    assert.match(bundleProblemText(rc.problems[0], 'en'), /Case .* differs from the logbook at restoration\.initialFix: logbook "Restart tomcat", bundle "Restart nginx"/);
    const tr = JSON.parse(textOf(files, PART.transfers)) as { transfer: { path: string } }[];
    (tr[0] as { transfer: { path: string } }).transfer.path = '/tmp/other.sql';
    assert.equal(verify(repack(files, { [PART.transfers]: `${canonicalJson(tr)}\n` })).problems[0]?.code, 'transfers_differ');
  });

  it("fails on a checkpoint signed by another key, and on a bundle re-signed throughout with another key once the auditor supplies the real one", () => {
    const other = generateKeyPairSync('ed25519');
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const otherKeyId = (readPublicKeyPem(otherPem) as { keyId: string }).keyId;
    const cp = JSON.parse(textOf(files, PART.checkpoint)) as { seq: number; hash: string; at: string; keyId: string; signature: string };
    const forgedCp = { ...cp, keyId: otherKeyId };
    const signed = { ...forgedCp, signature: sign(null, Buffer.from(checkpointPayload(forgedCp)), other.privateKey).toString('base64') };
    const swapped = verify(repack(files, { [PART.checkpoint]: `${canonicalJson(signed)}\n` }));
    assert.equal(swapped.problems[0]?.code, 'checkpoint_other_key', problemsOf(swapped));
    assert.equal(swapped.problems[0]?.part, PART.checkpoint);
    // Everything re-made with the other key: whole in itself, so only --key tells it apart.
    const m = JSON.parse(textOf(files, PART.manifest)) as { keyId: string; parts: { name: string; bytes: number; sha256: string }[] };
    const changed: Record<string, Uint8Array> = { [PART.publicKey]: Buffer.from(otherPem), [PART.checkpoint]: Buffer.from(`${canonicalJson(signed)}\n`) };
    m.keyId = otherKeyId;
    for (const p of m.parts) {
      const b = changed[p.name];
      if (b) { p.bytes = b.length; p.sha256 = sha256Hex(Buffer.from(b).toString('utf8')); }
    }
    const manifest = `${canonicalJson(m)}\n`;
    const forged = repack(files, { ...changed, [PART.manifest]: manifest, [PART.signature]: `${sign(null, Buffer.from(manifest), other.privateKey).toString('base64')}\n` });
    const alone = verify(forged, 'bundled');
    assert.equal(alone.ok, true, problemsOf(alone));
    assert.deepEqual(alone.key, { id: otherKeyId, supplied: false });
    const withKey = verify(forged);
    assert.deepEqual(withKey.problems.slice(0, 2).map((p) => p.code), ['key_differs', 'checkpoint_other_key'], problemsOf(withKey));
  });

  it('refuses a part added or removed, and bytes after the end', () => {
    const added = writeTar([...files, { name: 'extra.txt', bytes: Buffer.from('x') }]);
    assert.deepEqual(verify(added).problems.map((p) => [p.code, p.part]), [['part_unlisted', 'extra.txt']]);
    const removed = writeTar(files.filter((f) => f.name !== PART.sessions));
    assert.deepEqual(verify(removed).problems.map((p) => [p.code, p.part]), [['part_missing', PART.sessions]]);
    const longer = new Uint8Array(bundle.length + 1);
    longer.set(bundle);
    assert.equal(verify(longer).problems[0]?.code, 'container_invalid');
  });
});

describeOn('sqlite', 'the Form Laporan slot', () => {
  let t: TestApp;
  let w: { caseId: string; otherId: string; file: string };
  before(async () => {
    t = await openTestApp('sqlite');
    w = await world(t);
  });
  after(() => t.close());

  it('carries the form as form-laporan.pdf, checked against the SHA-256 logged when it was issued', async () => {
    const pdf = Buffer.from('%PDF-1.7 stand-in: the Form Laporan is built elsewhere\n');
    const early = verifyEvidenceBundle((await exportEvidenceBundle(t.app, as('audit'), w.caseId, { formLaporan: pdf })).bytes, crypto, t.app.signer.publicKeyPem);
    assert.deepEqual(early.problems.map((p) => [p.code, p.part]), [['form_unlogged', PART.formLaporan]]);
    // What issuing the form logs (the Form Laporan's own use case will): its SHA-256 on the case.
    await runUseCase(t.app, as('andi'), 'case.issue_form', async (ctx) => {
      ctx.log({ type: FORM_ISSUED_EVENT, unitId: (await ctx.tx.cases.findById(w.caseId))?.unitId ?? null, caseId: w.caseId,
        data: { sha256: sha256Hex(pdf.toString('utf8')), bytes: pdf.length } });
    });
    const b = await exportEvidenceBundle(t.app, as('audit'), w.caseId, { formLaporan: pdf });
    const r = verifyEvidenceBundle(b.bytes, crypto, t.app.signer.publicKeyPem);
    assert.equal(r.ok, true, problemsOf(r));
    assert.equal(r.formLaporan, true);
    assert.ok(partsOf(b.bytes).some((f) => f.name === PART.formLaporan));
  });
});

describeOn('sqlite', 'the Form Laporan of a closed case, issued by the export', () => {
  let t: TestApp;
  let fx: FormCaseFixture;
  before(async () => {
    t = await openTestApp('sqlite');
    await seedWorld(t);
    fx = await approvedFormCase(t);
  });
  after(() => t.close());

  it('issues the form (logged before the checkpoint) and carries it; the bundle verifies, and a changed byte of the form is named', async () => {
    const b = await exportEvidenceBundle(t.app, as('audit'), fx.caseId);
    const pdf = partsOf(b.bytes).find((f) => f.name === PART.formLaporan);
    assert.ok(pdf, 'the bundle carries form-laporan.pdf');
    assert.equal(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
    const issued = await t.app.store.read((tx) => tx.logbook.listForCase(fx.caseId, [FORM_ISSUED_EVENT]));
    const last = issued.at(-1);
    assert.ok(last && last.seq <= b.checkpoint.seq, 'the issue is in the chain the bundle proves');
    assert.equal((JSON.parse(last.data) as { sha256: string }).sha256, createHash('sha256').update(pdf.bytes).digest('hex'), 'the logged SHA-256 is the bundled PDF\'s');
    const r = verifyEvidenceBundle(b.bytes, crypto, t.app.signer.publicKeyPem);
    assert.equal(r.ok, true, problemsOf(r));
    assert.equal(r.formLaporan, true);
    const exported = await t.app.store.read((tx) => tx.logbook.listForCase(fx.caseId, [BUNDLE_EXPORTED_EVENT]));
    assert.equal((JSON.parse(exported.at(-1)?.data ?? '{}') as { formLaporan?: boolean }).formLaporan, true);

    const parts = partsOf(b.bytes);
    const changed = parts.map((f) => {
      if (f.name !== PART.formLaporan) return f;
      const bytes = Uint8Array.from(f.bytes);
      bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 1;
      return { name: f.name, bytes };
    });
    assert.deepEqual(verifyEvidenceBundle(writeTar(changed), crypto, t.app.signer.publicKeyPem).problems.map((p) => p.part).includes(PART.formLaporan), true);
  });
});

describe('the bundle container', () => {
  it('is a tar archive the system tar lists', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('tar', ['-tvf', '-'], { input: writeTar([{ name: 'a.json', bytes: Buffer.from('{}\n') }, { name: 'recordings/0001.cast', bytes: Buffer.from('x') }]), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /a\.json\n.*recordings\/0001\.cast\n$/s);
  });
});
