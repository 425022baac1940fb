import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTestHttp } from '../support/http-app.js';
import { stopTestPostgres } from '../support/test-app.js';

describe('HTTP smoke', () => {
  after(async () => { await stopTestPostgres(); });
  it('signs in an executor with TOTP enrolment and reports a case', async () => {
    const h = await openTestHttp('sqlite');
    try {
      const pelapor = await h.signIn('pelapor');
      const r = await pelapor.request('POST', '/api/v1/cases', { unit: 'gorontalo', system: 'SPSE', description: 'x', urgency: 'high', channel: 'web' });
      assert.equal(r.statusCode, 201, r.body);
      const andi = await h.signIn('andi');
      const list = await andi.request('GET', '/api/v1/cases');
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(list.json<{ total: number }>().total, 1);
      const again = await h.signIn('andi');
      assert.equal((await again.request('GET', '/api/v1/me')).statusCode, 200);
    } finally {
      await h.close();
    }
  });
});
