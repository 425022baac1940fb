import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';

describe('logbook over HTTP (SQLite)', () => {
  let h: TestHttp;
  before(async () => { h = await openTestHttp('sqlite'); });
  after(async () => { await h.close(); });

  it('streams the CSV export: a header, then every entry the reader may see', async () => {
    const audit = await h.signIn('audit');
    const r = await audit.request('GET', '/api/v1/logbook/export.csv');
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    const lines = r.body.trimEnd().split('\r\n');
    assert.equal(lines[0], 'seq,at,type,actor_id,unit_id,case_id,data,prev_hash,hash');
    const total = Number((await h.t.app.store.db.selectFrom('logbook').select((eb) => eb.fn.countAll().as('n')).where('seq', '<=', Number(lines[lines.length - 1]?.split(',')[0])).executeTakeFirstOrThrow()).n);
    assert.equal(lines.length - 1, total);
    const koor = await h.signIn('koor');
    const own = (await koor.request('GET', '/api/v1/logbook/export.csv')).body.trimEnd().split('\r\n').slice(1);
    assert.ok(own.length > 0 && own.length < total);
    assert.ok(own.every((l) => l.split(',')[4] === h.world.unit.id), 'a koordinator sees only their unit\'s entries');
    const bad = await audit.request('GET', '/api/v1/logbook/export.csv?from=yesterday');
    assert.equal(bad.statusCode, 400);
  });
});
