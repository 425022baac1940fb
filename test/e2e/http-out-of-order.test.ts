import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { as } from '../support/test-app.js';

describe('a step out of order over HTTP', () => {
  let h: TestHttp;
  let caseId: string;
  before(async () => {
    h = await openTestHttp();
    caseId = (await reportFault(h.t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'SPSE lambat', urgency: 'high', channel: 'phone' })).id;
  });
  after(async () => { await h.close(); });

  const prepare = { workstation: 'LPSE-NB-001', location: 'Kantor LPSE', network: 'kantor-lpse' };

  it('is 409 case.wrong_step naming the state and the next step, in the language asked for', async () => {
    const andi = await h.signIn('andi');
    const en = await andi.request('POST', `/api/v1/cases/${caseId}/prepare`, prepare, { 'accept-language': 'en' });
    assert.equal(en.statusCode, 409, en.body);
    assert.equal(en.json<{ error: string }>().error, 'case.wrong_step');
    assert.match(en.json<{ message: string }>().message, /the case is still in B1: acknowledge it first/);
    const id = await andi.request('POST', `/api/v1/cases/${caseId}/prepare`, prepare, { 'accept-language': 'id' });
    assert.equal(id.statusCode, 409);
    assert.match(id.json<{ message: string }>().message, /kasus masih di B1: akui laporan dahulu/);
  });

  it('stays 403 case.forbidden.* for a role that may not take the step at all', async () => {
    const pelapor = await h.signIn('pelapor');
    const r = await pelapor.request('POST', `/api/v1/cases/${caseId}/prepare`, prepare);
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json<{ error: string }>().error, 'case.forbidden.prepare');
  });
});
