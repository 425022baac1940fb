import assert from 'node:assert/strict';
import { messageOf } from '../../src/messages/catalogue.js';
import { generateKeyPairSync } from 'node:crypto';
import { after, afterEach, beforeEach, it } from 'node:test';
import ssh2 from 'ssh2';
import { loadTargetCredential, setTargetCredential } from '../../src/app/registry/target-credential.js';
import { DomainError } from '../../src/domain/errors.js';
import type { ErrorKind } from '../../src/domain/errors.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, openTestApp, seedWorld, stopTestPostgres, describeOn } from '../support/test-app.js';

const su = as('super');

async function refusedWith(p: Promise<unknown>, code: string, kind: ErrorKind): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code, messageOf(e, 'en'));
    assert.equal(e.kind, kind);
    assert.ok(messageOf(e, 'id').length > 0 && messageOf(e, 'en').length > 0 && messageOf(e, 'id') !== messageOf(e, 'en'), 'a message in both languages');
    return e;
  }
  assert.fail(`expected a refusal ${code}`);
}

/** A new unencrypted ed25519 key in OpenSSH format, as `ssh-keygen` writes it. */
const opensshKey = () => ssh2.utils.generateKeyPairSync('ed25519', { comment: 'ops@laptop' });
/** The base64 body of a PEM/OpenSSH block on one line (what must never appear in the store). */
const body = (pem: string): string => pem.split('\n').filter((l) => l && !l.startsWith('-----') && !l.includes(':')).join('');

for (const dialect of DIALECTS) {
  describeOn(dialect, `the gateway's credentials for targets (${dialect})`, () => {
    let t: TestApp;
    let targetId: string;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      targetId = (await seedWorld(t)).target.id;
    });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    const rawRows = () => t.app.store.db.selectFrom('target_credentials').selectAll().execute();
    const entries = async (type: string) => (await t.app.store.read((r) => r.logbook.page({ afterSeq: 0, limit: 10_000 })))
      .filter((e) => e.type === type).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
    const allLogbookText = async () => (await t.app.store.read((r) => r.logbook.page({ afterSeq: 0, limit: 10_000 }))).map((e) => e.data).join('\n');

    it('generates an ed25519 key pair: shows the public key, stores the private key sealed, logs the fingerprint only', async () => {
      const c = await setTargetCredential(t.app, su, { target: 'spse', generate: true });
      assert.equal(c.target, 'spse');
      assert.equal(c.kind, 'private_key');
      assert.match(c.publicKey ?? '', /^ssh-ed25519 AAAA[A-Za-z0-9+/]+=* jaga-gateway@spse$/);
      assert.equal(c.updatedAt, t.clock.now().toISOString());
      assert.doesNotMatch(JSON.stringify(c), /PRIVATE KEY/);

      const loaded = await loadTargetCredential(t.app, targetId);
      assert.ok(loaded?.kind === 'private_key');
      assert.match(loaded.privateKey, /^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
      assert.equal(t.app.sshKeyInspector.publicKeyOf(loaded.privateKey), c.publicKey, 'the stored private key belongs to the public key shown');

      const rows = await rawRows();
      assert.equal(rows.length, 1);
      const row = rows[0];
      assert.ok(row);
      assert.equal(row.kind, 'private_key');
      assert.equal(row.public_key, c.publicKey);
      assert.equal(row.updated_by, (await t.app.store.read((r) => r.users.findByUsername('super')))?.id);
      assert.doesNotMatch(row.sealed, /PRIVATE KEY/);
      assert.ok(!row.sealed.includes(body(loaded.privateKey).slice(0, 40)));

      const [logged] = await entries('registry.target.credential_set');
      assert.ok(logged);
      assert.equal(logged.data['targetId'], targetId);
      assert.equal(logged.data['kind'], 'private_key');
      assert.match(String(logged.data['publicKeyFingerprint']), /^SHA256:[A-Za-z0-9+/]{43}$/);
      assert.equal(logged.data['replaced'], false);
      const text = await allLogbookText();
      assert.doesNotMatch(text, /PRIVATE KEY/);
      assert.ok(!text.includes(body(loaded.privateKey).slice(0, 40)));
    });

    it('takes a supplied OpenSSH or PEM private key and derives its public key', async () => {
      const k = opensshKey();
      const c = await setTargetCredential(t.app, su, { target: 'spse', privateKey: k.private });
      assert.equal(c.kind, 'private_key');
      assert.equal(c.publicKey, k.public.trim());
      const loaded = await loadTargetCredential(t.app, targetId);
      assert.deepEqual(loaded, { kind: 'private_key', privateKey: `${k.private.trim()}\n` });
      const row = (await rawRows())[0];
      assert.ok(row && !row.sealed.includes(body(k.private).slice(0, 40)));

      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const r = await setTargetCredential(t.app, su, { target: 'spse', privateKey: rsa.privateKey });
      assert.match(r.publicKey ?? '', /^ssh-rsa AAAA/);
      const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const e = await setTargetCredential(t.app, su, { target: 'spse', privateKey: ec.privateKey });
      assert.match(e.publicKey ?? '', /^ecdsa-sha2-nistp256 AAAA/);
    });

    it('stores a password sealed and gives it back only to the gateway', async () => {
      const password = 'Rahasia-Sekali 123!';
      const c = await setTargetCredential(t.app, su, { target: 'spse', password });
      assert.deepEqual(c, { target: 'spse', kind: 'password', publicKey: null, updatedAt: t.clock.now().toISOString() });
      assert.deepEqual(await loadTargetCredential(t.app, targetId), { kind: 'password', password });
      const row = (await rawRows())[0];
      assert.ok(row);
      assert.equal(row.kind, 'password');
      assert.equal(row.public_key, null);
      assert.ok(!row.sealed.includes(password) && !row.sealed.includes(Buffer.from(password).toString('base64')));
      const [logged] = await entries('registry.target.credential_set');
      assert.equal(logged?.data['publicKeyFingerprint'], null);
      assert.ok(!(await allLogbookText()).includes(password));
    });

    it('replaces the credential, keeping one row per target', async () => {
      await setTargetCredential(t.app, su, { target: 'spse', password: 'first-password' });
      t.clock.advanceMinutes(5);
      const c = await setTargetCredential(t.app, su, { target: targetId, generate: true });
      assert.equal(c.kind, 'private_key');
      const rows = await rawRows();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.kind, 'private_key');
      assert.equal(rows[0]?.updated_at, c.updatedAt);
      assert.equal((await loadTargetCredential(t.app, targetId))?.kind, 'private_key');
      assert.deepEqual((await entries('registry.target.credential_set')).map((e) => e.data['replaced']), [false, true]);
      await setTargetCredential(t.app, su, { target: 'spse', password: 'second-password' });
      assert.deepEqual(await loadTargetCredential(t.app, targetId), { kind: 'password', password: 'second-password' });
    });

    it('is for the superadmin only; every refusal is in the logbook and nothing is stored', async () => {
      for (const who of ['koor', 'andi', 'pelapor', 'dita', 'vendor', 'audit']) {
        await refusedWith(setTargetCredential(t.app, as(who), { target: 'spse', password: 'x-password' }), 'registry.forbidden', 'forbidden');
      }
      await refusedWith(setTargetCredential(t.app, { actor: null, via: 'cli' }, { target: 'spse', generate: true }), 'auth.actor_required', 'forbidden');
      assert.equal((await rawRows()).length, 0);
      const refusals = (await entries('refusal')).filter((e) => e.data['action'] === 'registry.target.credential_set');
      assert.deepEqual(refusals.map((e) => e.data['code']), [...Array(6).fill('registry.forbidden'), 'auth.actor_required']);
      assert.ok(!(await allLogbookText()).includes('x-password'));
    });

    it('refuses bad, encrypted and public keys, and anything but exactly one credential, with coded errors', async () => {
      const k = opensshKey();
      const garbled = `-----BEGIN OPENSSH PRIVATE KEY-----\n${'QUFB'.repeat(20)}\n-----END OPENSSH PRIVATE KEY-----`;
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: garbled }), 'target.credential_key_invalid', 'invalid');
      const enc = ssh2.utils.generateKeyPairSync('ed25519', { passphrase: 'geheim', cipher: 'aes256-ctr', rounds: 16 });
      const e1 = await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: enc.private }), 'target.credential_key_encrypted', 'invalid');
      assert.match(messageOf(e1, 'id'), /passphrase/);
      const pemEnc = generateKeyPairSync('rsa', { modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'geheim' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: pemEnc.privateKey }), 'target.credential_key_encrypted', 'invalid');
      const pkcs8 = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const e2 = await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: pkcs8.privateKey }), 'target.credential_key_invalid', 'invalid');
      assert.match(messageOf(e2, 'en'), /ssh-keygen -p/);
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: k.public }), 'input.invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: `${k.private}\n${k.private}` }), 'target.credential_key_invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: `${k.private}${'A'.repeat(17_000)}` }), 'input.invalid', 'invalid');

      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', generate: true, password: 'pw-123456' }), 'target.credential_choice', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', privateKey: k.private, password: 'pw-123456' }), 'target.credential_choice', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', generate: true, privateKey: k.private }), 'target.credential_choice', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse' }), 'target.credential_choice', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', generate: false }), 'input.invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', password: '' }), 'input.invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', password: 'x'.repeat(1025) }), 'input.invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', password: 42 }), 'input.invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, { target: 'spse', password: 'pw-123456', sealed: 'x' }), 'input.invalid', 'invalid');
      await refusedWith(setTargetCredential(t.app, su, null), 'input.invalid', 'invalid');
      assert.equal((await rawRows()).length, 0);
      const refusals = (await entries('refusal')).filter((e) => e.data['action'] === 'registry.target.credential_set');
      assert.equal(refusals.length, 17);
      const text = await allLogbookText();
      assert.ok(!text.includes(body(k.private).slice(0, 40)) && !text.includes('pw-123456'), 'refusals do not log the secret');
    });

    it('names an unknown target as not found', async () => {
      await refusedWith(setTargetCredential(t.app, su, { target: 'tidak-ada', generate: true }), 'target.not_found', 'not_found');
      assert.equal((await rawRows()).length, 0);
    });

    it('loads nothing for a target without a credential, and refuses a credential it cannot unseal', async () => {
      assert.equal(await loadTargetCredential(t.app, targetId), null);
      await setTargetCredential(t.app, su, { target: 'spse', password: 'pw-abcdef' });
      await t.app.store.db.updateTable('target_credentials').set({ sealed: 'v1.AAAA.BBBB' }).execute();
      await refusedWith(loadTargetCredential(t.app, targetId), 'target.credential_unreadable', 'precondition');
    });

    it('refuses a kind outside private_key/password in the table itself', async () => {
      const su_ = await t.app.store.read((r) => r.users.findByUsername('super'));
      await assert.rejects(t.app.store.db.insertInto('target_credentials').values({
        target_id: targetId, kind: 'token' as 'password', sealed: 'x', public_key: null, updated_at: 'now', updated_by: su_?.id ?? '',
      }).execute());
    });
  });
}
