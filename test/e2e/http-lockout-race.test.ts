import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTestHttp } from '../support/http-app.js';
import { DIALECTS, PASSWORD, fastPasswords, stopTestPostgres } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`sign-in lock-out under parallel guesses (${dialect})`, () => {
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
