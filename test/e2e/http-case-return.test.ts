import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { closedCase } from '../support/closed-case.js';

/*
 * POST /api/v1/cases/{id}/return (Kembalikan) through the HTTP edge: who may (the unit's
 * koordinator, as for approval), that every refusal is logged with its reason, the CSRF check on
 * a cookie session, the alasan's refusals in the user's language, and the trail in GET and in the
 * OpenAPI document. SQLite only: the rule lives in the domain and use case (the contract suite
 * runs them on both dialects).
 */

interface Refusal { actorId: string | null; code: unknown; reason: unknown }

describe('POST /api/v1/cases/{id}/return (Kembalikan)', () => {
  let h: TestHttp;
  let caseId = '';
  const c: Record<string, Client> = {};
  const userId: Record<string, string> = {};

  async function refusals(): Promise<Refusal[]> {
    const out: Refusal[] = [];
    await h.t.app.store.read(async (r) => {
      for await (const page of r.logbook.scan({})) {
        for (const e of page) {
          if (e.type !== 'refusal' || e.caseId !== caseId) continue;
          const d = JSON.parse(e.data) as Record<string, unknown>;
          out.push({ actorId: e.actorId, code: d['code'], reason: d['reason'] });
        }
      }
    });
    return out;
  }

  before(async () => {
    h = await openTestHttp('sqlite');
    caseId = await closedCase(h.t);
    for (const u of ['koor', 'andi', 'pelapor', 'audit']) {
      c[u] = await h.signIn(u);
      userId[u] = (await h.t.app.store.read((r) => r.users.findByUsername(u)))?.id ?? '';
    }
  });
  after(async () => { await h.close(); });

  const post = (who: string, body: unknown, headers: Record<string, string> = { 'accept-language': 'en' }) =>
    (c[who] as Client).request('POST', `/api/v1/cases/${caseId}/return`, body, headers);

  it('refuses the executor and the pelapor with 403 case.forbidden.return, each refusal logged with its reason, the case left closed', async () => {
    for (const who of ['andi', 'pelapor', 'audit']) {
      const res = await post(who, { reason: 'Analisa belum lengkap' });
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
      const body = res.json<{ error: string; message: string }>();
      assert.equal(body.error, 'case.forbidden.return');
      assert.match(body.message, new RegExp(`^${who} \\(\\w+\\) may not return cases for correction on this case's unit\\.$`));
    }
    const logged = await refusals();
    assert.deepEqual(logged.map((r) => [r.actorId, r.code]), ['andi', 'pelapor', 'audit'].map((u) => [userId[u], 'case.forbidden.return']));
    assert.ok(logged.every((r) => JSON.stringify(r.reason).includes('tidak berwenang mengembalikan kasus untuk diperbaiki')), JSON.stringify(logged));
    const view = await (c['koor'] as Client).request('GET', `/api/v1/cases/${caseId}`);
    assert.equal(view.json<{ case: { status: string } }>().case.status, 'closed');
  });

  it('refuses a cookie request without the CSRF token, and a blank or missing alasan in the user\'s language', async () => {
    const koor = c['koor'] as Client;
    const noCsrf = await h.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/return`, headers: { cookie: koor.cookie }, payload: { reason: 'x' } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json<{ error: string }>().error, 'auth.csrf_failed');
    const blank = await post('koor', { reason: '   ' }, { 'accept-language': 'id' });
    assert.equal(blank.statusCode, 400);
    assert.deepEqual(blank.json<{ error: string; message: string }>(), {
      error: 'case.return_reason_required', message: 'Alasan wajib diisi untuk mengembalikan kasus: tuliskan apa yang harus diperbaiki pelaksana.',
      details: { field: 'reason' },
    });
    const missing = await post('koor', {});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json<{ message: string }>().message, /'reason' is required/);
    const tooLong = await post('koor', { reason: 'x'.repeat(10_001) });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(tooLong.json<{ error: string }>().error, 'input.invalid');
  });

  it('lets the koordinator return it: 200 with the case in B6 again and the trail; GET shows it; a second return is 409 case.wrong_step', async () => {
    const res = await post('koor', { reason: 'Analisa belum menyebut mengapa disk penuh' });
    assert.equal(res.statusCode, 200, res.body);
    const returned = res.json<{ status: string; closure: unknown; returns: { by: string; reason: string; closure: { by: string; notes: string } }[] }>();
    assert.equal(returned.status, 'root_caused');
    assert.equal(returned.closure, null);
    assert.deepEqual(returned.returns.map((r) => [r.by, r.reason, r.closure.by, r.closure.notes]),
      [[userId['koor'], 'Analisa belum menyebut mengapa disk penuh', userId['andi'], 'Selesai']]);
    const view = (await (c['audit'] as Client).request('GET', `/api/v1/cases/${caseId}`)).json<{ case: { returns: unknown[] }; step: string }>();
    assert.equal(view.step, 'B6');
    assert.equal(view.case.returns.length, 1);
    const again = await post('koor', { reason: 'Lagi' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json<{ error: string; message: string }>().error, 'case.wrong_step');
    assert.equal(again.json<{ message: string }>().message, 'Cannot return the case for correction: the case is still in B6: close it into the logbook first.');
  });

  it('then lets the executor correct the B4/B5 texts (POST /correct) and nobody else; the corrected case closes and is approved', async () => {
    for (const who of ['koor', 'pelapor']) {
      const res = await (c[who] as Client).request('POST', `/api/v1/cases/${caseId}/correct`, { rootCause: 'Disk /var penuh' });
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
      assert.equal(res.json<{ error: string }>().error, 'case.forbidden.correct');
    }
    const andi = c['andi'] as Client;
    const res = await andi.request('POST', `/api/v1/cases/${caseId}/correct`, { rootCause: 'Disk /var penuh oleh log yang tidak dirotasi' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json<{ corrections: { field: string; before: string }[] }>().corrections.map((x) => [x.field, x.before]), [['rootCause', 'Disk penuh']]);
    assert.equal((await andi.request('POST', `/api/v1/cases/${caseId}/close`, {})).statusCode, 200);
    const approved = await (c['koor'] as Client).request('POST', `/api/v1/cases/${caseId}/approve`, {});
    assert.equal(approved.json<{ status: string }>().status, 'approved');
    const view = (await andi.request('GET', `/api/v1/cases/${caseId}`)).json<{ a2: { analysis: string }; case: { returns: unknown[] } }>();
    assert.equal(view.a2.analysis, 'Disk /var penuh oleh log yang tidak dirotasi');
    assert.equal(view.case.returns.length, 1);
  });

  it('is documented in the OpenAPI document with its required alasan and the Case response', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const op = doc.paths['/api/v1/cases/{id}/return']?.['post'] as { summary: string; requestBody: { content: Record<string, { schema: { required?: string[]; properties: Record<string, unknown> } }> } } | undefined;
    assert.ok(op, 'the route is documented');
    assert.match(op.summary, /Kembalikan/);
    const schema = op.requestBody.content['application/json']?.schema;
    assert.deepEqual(schema?.required, ['reason']);
    assert.ok(schema?.properties['reason']);
    assert.match(JSON.stringify(doc), /"returns":\{[^}]*"type":"array"/);
  });
});
