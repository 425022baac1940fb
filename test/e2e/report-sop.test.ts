import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FORM_ISSUED } from '../../src/app/report/issue-case-form.js';
import { issueSopDocument } from '../../src/app/report/issue-sop-document.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import type { TestApp } from '../support/test-app.js';
import { as, openTestApp, seedWorld } from '../support/test-app.js';
import { jagaIn } from '../support/jaga-cli.js';

/*
 * The SOP as the signed document over its two edges: GET /api/v1/sop/document and
 * `jaga report sop` (the real binary, on the data directory of a seeded installation).
 */

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('GET /api/v1/sop/document', () => {
  let h: TestHttp;
  before(async () => { h = await openTestHttp('sqlite'); });
  after(() => h.close());

  it('answers the PDF in the request\'s language with its SHA-256 in a header, as issued in the logbook, the same bytes as in-process', async () => {
    const pelapor = await h.signIn('pelapor');
    const res = await pelapor.request('GET', '/api/v1/sop/document');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="SOP-01-2019_0-id.pdf"');
    const body = res.rawPayload;
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(res.headers['x-content-sha256'], sha256(body));
    const entries = (await h.t.app.store.read((tx) => tx.logbook.page({ afterSeq: 0, limit: 10_000 }))).filter((e) => e.type === FORM_ISSUED);
    const d = JSON.parse(entries.at(-1)?.data ?? '{}') as Record<string, unknown>;
    assert.deepEqual([d['document'], d['version'], d['lang'], d['sha256'], d['via']], ['sop', '2019.0', 'id', sha256(body), 'http']);
    assert.equal(sha256((await issueSopDocument(h.t.app, as('koor'), { lang: 'id' })).bytes), sha256(body));
    const en = await pelapor.request('GET', '/api/v1/sop/document?version=2019.0', undefined, { 'accept-language': 'en' });
    assert.equal(en.statusCode, 200);
    assert.match(String(en.headers['content-disposition']), /-en\.pdf"$/);
    assert.equal((await pelapor.request('GET', '/api/v1/sop/document?lang=fr')).statusCode, 400);
    const unknown = await pelapor.request('GET', '/api/v1/sop/document?version=1999.9&lang=en');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<{ error: string }>().error, 'sop.not_found');
    assert.equal((await h.inject({ method: 'GET', url: '/api/v1/sop/document' })).statusCode, 401, 'signed in only');
  });

  it('is documented in OpenAPI with an application/pdf answer and its version and lang parameters', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, {
      responses: Record<string, { content?: Record<string, unknown> }>; parameters: { name: string; in: string }[]; tags: string[];
    }>> }>();
    const op = doc.paths['/api/v1/sop/document']?.['get'];
    assert.ok(op);
    assert.deepEqual(Object.keys(op.responses['200']?.content ?? {}), ['application/pdf']);
    assert.deepEqual(op.parameters.map((p) => `${p.in}:${p.name}`), ['query:version', 'query:lang']);
    assert.deepEqual(op.tags, ['reports']);
  });
});

describe('jaga report sop', () => {
  let t: TestApp;
  let out: string;
  const jaga = (args: string[]) => jagaIn(t.config.dataDir, args);
  before(async () => {
    t = await openTestApp('sqlite');
    await seedWorld(t);
    out = mkdtempSync(join(tmpdir(), 'jaga-sop-'));
  });
  after(async () => { await t.close(); rmSync(out, { recursive: true, force: true }); });

  it('writes the SOP, logs it, and another process gives the same bytes', async () => {
    const file = join(out, 'sop.pdf');
    const r = jaga(['report', 'sop', '--out', file, '--as', 'koor', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const issued = JSON.parse(r.stdout) as { code: string; version: string; lang: string; sha256: string; bytes: number };
    const bytes = readFileSync(file);
    assert.deepEqual([issued.code, issued.version, issued.lang, issued.sha256, issued.bytes], ['SOP-01', '2019.0', 'id', sha256(bytes), bytes.length]);
    assert.equal(sha256((await issueSopDocument(t.app, as('andi'), { lang: 'id' })).bytes), issued.sha256);
    const en = jaga(['report', 'sop', '--version', '2019.0', '--lang', 'en', '--out', join(out, 'sop-en.pdf'), '--as', 'koor']);
    assert.equal(en.status, 0, en.stderr);
    assert.match(en.stdout, /^SOP SOP-01 version 2019\.0 written to .*sop-en\.pdf; SHA-256 [0-9a-f]{64} \(recorded in the Logbook\)/);
  });

  it('refuses an unknown version in both languages; needs --out and an actor', () => {
    const unknown = jaga(['report', 'sop', '--version', '1999.9', '--out', join(out, 'x.pdf'), '--as', 'koor']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /1999\.9/);
    assert.notEqual(jaga(['report', 'sop', '--as', 'koor']).status, 0);
    assert.notEqual(jaga(['report', 'sop', '--out', join(out, 'y.pdf')]).status, 0);
  });
});
