import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readPublicKeyPem } from '../../src/adapters/system/ed25519-signer.js';
import { sha256Hex, sha256Stream } from '../../src/adapters/system/node-crypto.js';
import { verifyEvidenceBundle } from '../../src/app/bundle/verify-evidence-bundle.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { closedCase } from '../support/closed-case.js';

describe('GET /api/v1/cases/{id}/bundle', () => {
  let h: TestHttp;
  let caseId: string;
  before(async () => {
    h = await openTestHttp('sqlite');
    caseId = await closedCase(h.t);
  });
  after(() => h.close());

  it("answers the auditor with the bundle's bytes, its SHA-256 in a header, and they verify offline", async () => {
    const res = await (await h.signIn('audit')).request('GET', `/api/v1/cases/${caseId}/bundle`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/x-tar');
    assert.match(String(res.headers['content-disposition']), new RegExp(`attachment; filename="jaga-bundle-${caseId}\\.tar"`));
    assert.equal(res.headers['x-content-sha256'], createHash('sha256').update(res.rawPayload).digest('hex'));
    const r = verifyEvidenceBundle(res.rawPayload, { sha256: sha256Hex, sha256Stream, readPublicKey: readPublicKeyPem }, h.t.app.signer.publicKeyPem);
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.equal(r.caseId, caseId);
  });

  it('refuses the executor of the case (403 with the code) and logs the refusal', async () => {
    const res = await (await h.signIn('andi')).request('GET', `/api/v1/cases/${caseId}/bundle`);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<{ error: string }>().error, 'case.forbidden.export_bundle');
  });
});
