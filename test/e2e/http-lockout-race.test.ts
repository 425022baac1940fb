import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTestHttp } from '../support/http-app.js';
import { DIALECTS, PASSWORD, fastPasswords, stopTestPostgres, describeOn } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describeOn(dialect, `sign-in lock-out under parallel guesses (${dialect})`, () => {
    after(async () => { await stopTestPostgres(); });

    it('lets no more than five attempts through, however many arrive at once', async () => {
      // Verification takes time, as real scrypt does, so the requests overlap.
      const h = await openTestHttp(dialect, { passwords: { ...fastPasswords, verify: async (p, hash) => {
        await new Promise((r) => setTimeout(r, 20));
        return fastPasswords.verify(p, hash);
      } } });
      try {
        const login = (password: string) => h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'pelapor', password } });
        const guesses = await Promise.all([...Array.from({ length: 39 }, (_, i) => login(`wrong-${i}`)), login(PASSWORD)]);
        const statuses = guesses.map((r) => r.statusCode);
        const passed = statuses.filter((s) => s === 401 || s === 200).length;
        assert.ok(passed <= 5, `attempts that reached the password check: ${passed} (${JSON.stringify(statuses)})`);
        assert.equal(statuses.filter((s) => s === 429).length, 40 - passed);
        assert.equal((await login(PASSWORD)).statusCode, 429, 'still locked for the right password');
      } finally {
        await h.close();
      }
    });
  });
}

describe('sign-in throttling per client address', () => {
  it('refuses an address that tries more than 60 sign-ins a minute, over any usernames, and logs it once', async () => {
    const h = await openTestHttp('sqlite');
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 65; i++) {
        const r = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `user${i}`, password: 'x' }, headers: { 'accept-language': 'en' } });
        statuses.push(r.statusCode);
        if (i === 64) {
          assert.equal(r.json<{ error: string }>().error, 'auth.rate_limited');
          assert.match(r.json<{ message: string }>().message, /Too many sign-in attempts/);
          assert.ok(Number(r.headers['retry-after']) > 0);
        }
      }
      assert.deepEqual([statuses.slice(0, 60).every((s) => s === 401), statuses.slice(60).every((s) => s === 429)], [true, true]);
      const throttled = await h.t.app.store.db.selectFrom('logbook').select('data').where('type', '=', 'auth.sign_in_throttled').execute();
      assert.equal(throttled.length, 1);
      h.t.clock.advanceMinutes(1);
      assert.equal((await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'pelapor', password: PASSWORD } })).statusCode, 200);
    } finally {
      await h.close();
    }
  });
});
