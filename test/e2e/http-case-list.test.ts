import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { Client, TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { DIALECTS, as, stopTestPostgres, describeOn } from '../support/test-app.js';

interface Page { items: { id: string; status: string; report: { description: string; reportedAt: string } }[]; total: number; offset: number; limit: number }

for (const dialect of DIALECTS) {
  describeOn(dialect, `GET /api/v1/cases filters, sorts and pages in the store (${dialect})`, () => {
    let h: TestHttp;
    let audit: Client;
    const ids: string[] = [];
    before(async () => {
      h = await openTestHttp(dialect);
      for (let i = 0; i < 12; i++) {
        const c = await reportFault(h.t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE',
          description: i === 7 ? 'Sertifikat TLS kedaluwarsa 100%_siap' : `Gangguan nomor ${i}`, urgency: 'high', channel: 'web' });
        ids.push(c.id);
        if (i % 3 === 0) await acknowledgeReport(h.t.app, as('koor'), c.id, { classification: 'x', impact: 'x', executor: i % 2 === 0 ? 'andi' : 'dita' });
        if (i === 0) await prepareWorkstation(h.t.app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: 'Kantor', network: 'kantor-lpse' });
        h.t.clock.advanceMinutes(10);
      }
      audit = await h.signIn('audit');
    });
    after(async () => { await h.close(); await stopTestPostgres(); });

    const get = async (qs: string): Promise<Page> => {
      const r = await audit.request('GET', `/api/v1/cases${qs}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json<Page>();
    };

    it('GET /api/v1/dashboard: the same cases by step, each running clock in the unit zone, and the month (the page\'s data as JSON)', async () => {
      const r = await audit.request('GET', '/api/v1/dashboard');
      assert.equal(r.statusCode, 200, r.body);
      const d = r.json<{ byStep: { step: string; cases: { id: string; clock: { level: string; deadline: { zone: string } } | null }[] }[]; thisMonth: { cases: number } }>();
      assert.deepEqual(d.byStep.map((s) => [s.step, s.cases.length]), [['B1', 8], ['B2', 3], ['B3', 1], ['B4', 0], ['B5', 0], ['B6', 0]]);
      assert.deepEqual(d.byStep[0]?.cases.map((c) => c.id), ids.filter((_, i) => i % 3 !== 0), 'oldest report first');
      const oldest = d.byStep[0]?.cases[0];
      assert.equal(oldest?.clock?.level, 'red', 'reported 110 minutes ago, B1 standard 60');
      assert.equal(oldest?.clock?.deadline.zone, 'WITA');
      assert.equal(d.thisMonth.cases, 12);
    });

    it('pages newest first by default, with the total', async () => {
      const p1 = await get('?limit=5');
      assert.equal(p1.total, 12);
      assert.deepEqual(p1.items.map((c) => c.id), ids.slice(-5).reverse());
      const p3 = await get('?limit=5&offset=10');
      assert.deepEqual(p3.items.map((c) => c.id), ids.slice(0, 2).reverse());
      assert.deepEqual((await get('?sort=reportedAt&limit=2')).items.map((c) => c.id), ids.slice(0, 2));
    });

    it('filters by status, by the SOP step in progress, by executor and by target', async () => {
      assert.deepEqual((await get('?status=prepared')).items.map((c) => c.id), [ids[0]]);
      assert.equal((await get('?step=B2')).total, 3); // acknowledged: 3, 6, 9
      assert.equal((await get('?step=B1')).total, 8);
      assert.equal((await get('?step=B3&status=reported')).total, 0);
      assert.deepEqual((await get('?executor=dita&sort=reportedAt')).items.map((c) => c.id), [ids[3], ids[9]]);
      // By target, by name or id; an unknown one selects nothing (no probing of target names).
      assert.equal((await get('?target=spse')).total, 12);
      const spse = await h.t.app.store.read((r) => r.targets.findByName('spse'));
      assert.equal((await get(`?target=${spse?.id ?? ''}&step=B2`)).total, 3);
      assert.equal((await get('?target=tidak-ada')).total, 0);
    });

    it('filters by a date range and by text (wildcards in the text are literal)', async () => {
      const from = new Date(Date.parse('2026-11-28T01:00:00.000Z') + 30 * 60_000).toISOString();
      const to = new Date(Date.parse('2026-11-28T01:00:00.000Z') + 60 * 60_000).toISOString();
      assert.deepEqual((await get(`?from=${from}&to=${to}&sort=reportedAt`)).items.map((c) => c.id), ids.slice(3, 6));
      assert.deepEqual((await get('?q=sertifikat')).items.map((c) => c.id), [ids[7]]);
      assert.deepEqual((await get(`?q=${encodeURIComponent('100%_siap')}`)).items.map((c) => c.id), [ids[7]]);
      assert.equal((await get(`?q=${encodeURIComponent('%')}`)).total, 1);
    });

    it('refuses unknown and malformed query parameters with 400', async () => {
      for (const qs of ['?colour=red', '?limit=0', '?limit=abc', '?step=B7', '?from=yesterday', '?sort=random']) {
        const r = await audit.request('GET', `/api/v1/cases${qs}`);
        assert.equal(r.statusCode, 400, `${qs}: ${r.body}`);
        assert.equal(r.json<{ error: string }>().error, 'input.invalid');
      }
    });
  });
}
