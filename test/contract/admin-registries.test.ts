import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { listTargetCredentialStatus, openAdministration } from '../../src/app/registry/admin-registries.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { setTargetCredential } from '../../src/app/registry/target-credential.js';
import { DomainError } from '../../src/domain/errors.js';
import { ROLES } from '../../src/domain/auth/role.js';
import { readsRegistries } from '../../src/domain/auth/registry.policy.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, HOST_KEY_FP, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describeOn(dialect, `the web UI's administration use cases (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const refusals = async () => (await t.app.store.read((r) => r.logbook.page({ afterSeq: 0, limit: 10_000 })))
      .filter((e) => e.type === 'refusal').map((e) => e.data);

    it('opens the administration for a superadmin, koordinator or auditor and refuses anyone else, logged with its reason', async () => {
      for (const u of ['super', 'koor', 'audit']) await openAdministration(t.app, as(u));
      for (const u of ['andi', 'pelapor', 'dita', 'vendor']) {
        await assert.rejects(openAdministration(t.app, as(u)), (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, 'registry.pages_forbidden');
          assert.equal(e.kind, 'forbidden');
          assert.notEqual(messageOf(e, 'id'), messageOf(e, 'en'));
          return true;
        });
      }
      const logged = await refusals();
      assert.equal(logged.filter((d) => d.includes('registry.pages_forbidden')).length, 4);
      assert.deepEqual(ROLES.filter(readsRegistries).sort(), ['auditor', 'koordinator', 'superadmin'], 'the header\'s Administrasi link agrees');
    });

    it('says which targets have a credential and of which kind, within the reader\'s target scope, never the secret', async () => {
      const other = await registerTarget(t.app, as('super'), { name: 'spse-manado', unit: 'manado', host: '10.0.0.9', port: 22, loginAccount: 'ops', hostKeyFingerprint: HOST_KEY_FP });
      await setTargetCredential(t.app, as('super'), { target: 'spse', password: 'rahasia-sekali' });
      await setTargetCredential(t.app, as('super'), { target: 'spse-manado', generate: true });
      const all = await listTargetCredentialStatus(t.app, as('super'));
      assert.deepEqual([...all.values()].map((c) => c.kind).sort(), ['password', 'private_key']);
      assert.ok(!JSON.stringify([...all.entries()]).includes('rahasia-sekali'));
      const koor = await listTargetCredentialStatus(t.app, as('koor'));
      assert.deepEqual([...koor.values()].map((c) => c.kind), ['password'], "only their unit's target");
      assert.equal(koor.has(other.id), false);
    });
  });
}
