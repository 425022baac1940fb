import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { setLanguage } from '../../src/app/auth/set-language.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

async function entries(t: TestApp, type: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  await t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) for (const e of page) if (e.type === type) out.push(JSON.parse(e.data) as Record<string, unknown>);
  });
  return out;
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `${setLanguage.name}: a user's language preference (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); await seedWorld(t); });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });
    const language = async (username: string) => (await t.app.store.read((r) => r.users.findByUsername(username)))?.language;

    it('starts without a preference, stores one, and clears it again', async () => {
      assert.equal(await language('andi'), null);
      assert.equal((await setLanguage(t.app, as('andi'), { language: 'en' })).language, 'en');
      assert.equal(await language('andi'), 'en');
      assert.equal(await language('budi'), null, 'only the acting user changes');
      await setLanguage(t.app, as('andi'), { language: 'id' });
      assert.equal(await language('andi'), 'id');
      await setLanguage(t.app, as('andi'), { language: null });
      assert.equal(await language('andi'), null);
      assert.deepEqual((await entries(t, 'user.language_set')).map((d) => [d['language'], d['previous'], d['via']]),
        [['en', null, 'cli'], ['id', 'en', 'cli'], [null, 'id', 'cli']]);
    });

    it('refuses a language Jaga does not speak, changing nothing and logging the refusal', async () => {
      await setLanguage(t.app, as('andi'), { language: 'en' });
      await assert.rejects(setLanguage(t.app, as('andi'), { language: 'fr' }), (e: unknown) => {
        assert.ok(e instanceof DomainError);
        assert.equal(e.code, 'input.invalid');
        assert.equal(messageOf(e, 'en'), "Invalid input: 'language' must be one of: id, en.");
        return true;
      });
      await assert.rejects(setLanguage(t.app, as('andi'), {}), (e: unknown) => e instanceof DomainError && e.code === 'input.invalid');
      assert.equal(await language('andi'), 'en');
      assert.equal((await entries(t, 'user.language_set')).length, 1);
      assert.deepEqual((await entries(t, 'refusal')).filter((d) => d['action'] === 'user.language.set').map((d) => d['code']), ['input.invalid', 'input.invalid']);
    });
  });
}
