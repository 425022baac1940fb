import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueCaseForm } from '../../src/app/report/issue-case-form.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import type { FormCaseFixture } from '../support/form-case.js';
import { approvedFormCase } from '../support/form-case.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import type { TestApp } from '../support/test-app.js';
import { as, openTestApp, seedWorld } from '../support/test-app.js';
import { jagaIn } from '../support/jaga-cli.js';

/*
 * The Form Laporan over its two edges: GET /api/v1/cases/{id}/report/form and `jaga report form`
 * / `jaga report check` (the real binary, on the data directory the fixture was built in).
 */

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('GET /api/v1/cases/{id}/report/form', () => {
  let h: TestHttp;
  let fx: FormCaseFixture;
  before(async () => {
    h = await openTestHttp('sqlite');
    fx = await approvedFormCase(h.t);
  });
  after(() => h.close());

  it('answers the PDF in the request\'s language, with its SHA-256 and check code in headers, as issued in the logbook', async () => {
    const koor = await h.signIn('koor');
    const res = await koor.request('GET', `/api/v1/cases/${fx.caseId}/report/form`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="form-laporan-[0-9a-f-]+-id\.pdf"$/);
    const body = res.rawPayload;
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(res.headers['x-content-sha256'], sha256(body));
    const entries = await h.t.app.store.read((tx) => tx.logbook.listForCase(fx.caseId, ['report.form_issued']));
    const d = JSON.parse(entries.at(-1)?.data ?? '{}') as Record<string, unknown>;
    assert.deepEqual([d['sha256'], d['checkCode'], d['via'], entries.at(-1)?.actorId !== null], [sha256(body), res.headers['x-check-code'], 'http', true]);
    // The same bytes as the use case gives in-process: nothing of the request is in the PDF.
    const direct = await issueCaseForm(h.t.app, as('andi'), fx.caseId, { lang: 'id' });
    assert.equal(sha256(direct.bytes), sha256(body));
    const en = await koor.request('GET', `/api/v1/cases/${fx.caseId}/report/form`, undefined, { 'accept-language': 'en' });
    assert.equal(en.statusCode, 200);
    assert.match(String(en.headers['content-disposition']), /-en\.pdf"$/);
    const fr = await koor.request('GET', `/api/v1/cases/${fx.caseId}/report/form?lang=fr`);
    assert.equal(fr.statusCode, 400);
  });

  it('refuses a case that is not closed yet with 409 and the reason', async () => {
    const c = await reportFault(h.t.app, as('pelapor'), { unit: 'gorontalo', system: 'SPSE', description: 'Lambat', urgency: 'low', channel: 'web' });
    const res = await (await h.signIn('koor')).request('GET', `/api/v1/cases/${c.id}/report/form?lang=en`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json<{ error: string }>().error, 'report.case_not_closed');
  });

  it('is documented in OpenAPI with an application/pdf answer and its lang parameter', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, {
      responses: Record<string, { content?: Record<string, unknown> }>; parameters: { name: string; in: string }[]; tags: string[];
    }>> }>();
    const op = doc.paths['/api/v1/cases/{id}/report/form']?.['get'];
    assert.ok(op);
    assert.deepEqual(Object.keys(op.responses['200']?.content ?? {}), ['application/pdf']);
    assert.deepEqual(op.parameters.map((p) => `${p.in}:${p.name}`), ['path:id', 'query:lang']);
    assert.deepEqual(op.tags, ['reports']);
  });
});

describe('jaga report form / report check', () => {
  let t: TestApp;
  let fx: FormCaseFixture;
  let out: string;
  const jaga = (args: string[], env: Record<string, string> = {}) => jagaIn(t.config.dataDir, args, env);
  before(async () => {
    t = await openTestApp('sqlite');
    await seedWorld(t);
    fx = await approvedFormCase(t);
    out = mkdtempSync(join(tmpdir(), 'jaga-form-'));
  });
  after(async () => { await t.close(); rmSync(out, { recursive: true, force: true }); });

  it('writes the form, logs it, and the code it prints is matched by report check', async () => {
    const file = join(out, 'form.pdf');
    const r = jaga(['report', 'form', fx.caseId, '--out', file, '--as', 'koor', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const issued = JSON.parse(r.stdout) as { sha256: string; checkCode: string; caseId: string; lang: string };
    const bytes = readFileSync(file);
    assert.equal(issued.sha256, sha256(bytes));
    assert.deepEqual([issued.caseId, issued.lang], [fx.caseId, 'id']);
    // Another process, another clock: the same bytes as in-process.
    assert.equal(sha256((await issueCaseForm(t.app, as('koor'), fx.caseId, { lang: 'id' })).bytes), issued.sha256);

    const ok = jaga(['report', 'check', issued.checkCode.toLowerCase()]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`cocok: Form Laporan yang diterbitkan untuk kasus ${fx.caseId} / Check code ${issued.checkCode} matches`));
    const en = jaga(['report', 'check', issued.checkCode, '--lang', 'en', '--json']);
    assert.deepEqual(JSON.parse(en.stdout), { checkCode: issued.checkCode, caseId: fx.caseId });
  });

  it('refuses a wrong code with a clear message in both languages, and an English-only one under --lang en', () => {
    const wrong = jaga(['report', 'check', 'ZZZZ-ZZZZ-ZZZZ']);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /Kode periksa ZZZZ-ZZZZ-ZZZZ tidak cocok dengan Form Laporan mana pun/);
    assert.match(wrong.stderr, /Check code ZZZZ-ZZZZ-ZZZZ matches no Form Laporan this installation issued/);
    const en = jaga(['report', 'check', 'ZZZZ-ZZZZ-ZZZZ', '--lang', 'en']);
    assert.match(en.stderr, /Check code ZZZZ-ZZZZ-ZZZZ matches no Form Laporan/);
    assert.doesNotMatch(en.stderr, /Kode periksa/);
    const typo = jaga(['report', 'check', 'ABC']);
    assert.match(typo.stderr, /bukan kode periksa/);
  });

  it('needs --out and an actor', () => {
    assert.notEqual(jaga(['report', 'form', fx.caseId, '--as', 'koor']).status, 0);
    assert.notEqual(jaga(['report', 'form', fx.caseId, '--out', join(out, 'x.pdf')]).status, 0);
  });
});
