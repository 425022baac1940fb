/**
 * The evidence bundle of a case worked through the real gateway: real OpenSSH ssh and sftp
 * through Jaga's gateway to a real sshd, the recordings written by the gateway's recorder, the
 * transfers followed by its SFTP observer; the bundle then verified with nothing but its bytes.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readPublicKeyPem } from '../../src/adapters/system/ed25519-signer.js';
import { sha256Hex, sha256Stream } from '../../src/adapters/system/node-crypto.js';
import { exportEvidenceBundle } from '../../src/app/bundle/export-evidence-bundle.js';
import { PART } from '../../src/app/bundle/evidence-bundle.js';
import { readTar } from '../../src/app/bundle/ustar.js';
import { verifyEvidenceBundle } from '../../src/app/bundle/verify-evidence-bundle.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { settled, startGatewayWorld } from '../support/gateway-world.js';
import { as } from '../support/test-app.js';

describe('the evidence bundle of a case worked through the SSH gateway', () => {
  let w: GatewayWorld;
  let remote: string;
  before(async () => {
    w = await startGatewayWorld();
    remote = mkdtempSync(join(tmpdir(), 'jaga-bundle-gw-'));
    chmodSync(remote, 0o777);
  });
  after(async () => {
    await w?.close();
    rmSync(remote, { recursive: true, force: true });
  });

  it("carries every recording and file transfer of the case's sessions, and verifies offline", async () => {
    const shell = await w.ssh('echo isi-rekaman-bundel');
    assert.equal(shell.status, 0, shell.stderr);
    const src = join(remote, 'patch.sql');
    writeFileSync(src, 'UPDATE setting SET value = 1;\n');
    const put = await w.sftp(`put ${src} ${remote}/tiba.sql\n`);
    assert.equal(put.status, 0, put.stderr);
    await settled(w);

    const b = await exportEvidenceBundle(w.t.app, as('audit'), w.caseId);
    const r = verifyEvidenceBundle(b.bytes, { sha256: sha256Hex, sha256Stream, readPublicKey: readPublicKeyPem }, w.t.app.signer.publicKeyPem);
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.equal(r.counts.sessions, 2);
    assert.ok(r.counts.recordings >= 1, 'the shell command was recorded');
    assert.ok(r.counts.transfers >= 1, 'the upload was followed');
    const files = (readTar(b.bytes) as { files: { name: string; bytes: Uint8Array }[] }).files;
    const casts = files.filter((f) => f.name.startsWith('recordings/')).map((f) => Buffer.from(f.bytes).toString('utf8'));
    assert.ok(casts.some((c) => c.includes('isi-rekaman-bundel')), 'the recording holds what the target answered');
    const transfers = JSON.parse(Buffer.from((files.find((f) => f.name === PART.transfers) as { bytes: Uint8Array }).bytes).toString('utf8')) as { transfer: { op: string; sha256?: string } }[];
    assert.ok(transfers.some((x) => x.transfer.op === 'upload' && x.transfer.sha256 === sha256Hex('UPDATE setting SET value = 1;\n')), JSON.stringify(transfers));
  });
});
