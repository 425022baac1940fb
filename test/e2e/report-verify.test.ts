/**
 * Issue 12's public check of a printed Form Laporan: `GET /api/v1/reports/check/{code}` and the
 * page `/verify`, both without sign-in, saying only whether the code matches and for which case;
 * a per-address limit (its first refusal logged); and, with JAGA_PUBLIC_URL set, the form's QR
 * code opening the page with the code filled in (read back with zbarimg from the printed page).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { issueCaseForm } from '../../src/app/report/issue-case-form.js';
import { loadConfig } from '../../src/config/config.js';
import { DomainError } from '../../src/domain/errors.js';
import { FORM_CHECKS_PER_ADDRESS_PER_MINUTE } from '../../src/http/server.js';
import { caseFormRenderer } from '../../src/main/open-app.js';
import { errorText } from '../../src/messages/catalogue.js';
import { assertAccessible, launchBrowser, screenshot, submit, watchedPage } from '../support/browser.js';
import type { FormCaseFixture } from '../support/form-case.js';
import { approvedFormCase } from '../support/form-case.js';
import type { TestHttp } from '../support/http-app.js';
import { openTestHttp } from '../support/http-app.js';
import { as } from '../support/test-app.js';
import type { AddressInfo } from 'node:net';

const OUT = fileURLToPath(new URL('../../../test-output/report-verify/', import.meta.url));
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('JAGA_PUBLIC_URL', () => {
  const load = (v?: string) => loadConfig({ JAGA_DATA_DIR: '/tmp/jaga-config-test', ...(v === undefined ? {} : { JAGA_PUBLIC_URL: v }) });
  it('is off by default, and kept without a trailing slash', () => {
    assert.equal(load().http.publicUrl, null);
    assert.equal(load('').http.publicUrl, null);
    assert.equal(load(' https://jaga.lpse.gorontaloprov.go.id/ ').http.publicUrl, 'https://jaga.lpse.gorontaloprov.go.id');
    assert.equal(load('http://10.0.0.5:8080/jaga').http.publicUrl, 'http://10.0.0.5:8080/jaga');
  });
  it('refuses what is not an http(s) address people can open, naming the variable', () => {
    for (const bad of ['jaga.lpse.go.id', 'ftp://jaga', 'https://jaga/?a=1', 'https://jaga/#x', 'https://user:pw@jaga', 'javascript:alert(1)']) {
      assert.throws(() => load(bad), (e: unknown) => e instanceof DomainError && e.code === 'config.public_url_invalid', bad);
    }
  });
});

describe('the public check of a printed Form Laporan', () => {
  let h: TestHttp;
  let fx: FormCaseFixture;
  let code = '';
  let origin = '';
  let browser: Browser;
  /** A request with no session: whoever holds a printed copy. */
  const get = (url: string, headers: Record<string, string> = {}) => h.inject({ method: 'GET', url, headers });
  before(async () => {
    h = await openTestHttp('sqlite');
    fx = await approvedFormCase(h.t);
    code = (await issueCaseForm(h.t.app, as('koor'), fx.caseId, { lang: 'id' })).checkCode;
    await h.server.fastify.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(h.server.fastify.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await h.close();
  });

  it('answers the API without sign-in: the match and the case, nothing else; an unknown code 404, a malformed one 400, both logged', async () => {
    const ok = await get(`/api/v1/reports/check/${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(JSON.parse(ok.body), { matches: true, checkCode: code, caseId: fx.caseId });
    const unknown = await get('/api/v1/reports/check/0000-0000-0000', { 'accept-language': 'en' });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.json<{ error: string; message: string }>(), { ...unknown.json<object>(), error: 'report.check_code_unknown',
      message: errorText('en', 'report.check_code_unknown', { code: '0000-0000-0000' }) });
    const bad = await get('/api/v1/reports/check/not-a-code');
    assert.equal(bad.statusCode, 400);
    const refusals = await h.t.app.store.read((r) => r.logbook.listOfType('refusal', { afterSeq: 0, limit: 1000 }));
    const causes = refusals.map((e) => (JSON.parse(e.data) as { code?: string; cause?: string }).code ?? '');
    assert.ok(causes.includes('report.check_code_unknown') && causes.includes('report.check_code_invalid'), JSON.stringify(causes));
  });

  it('limits one address to its checks a minute, with Retry-After, logging the first refusal of the window once', async () => {
    h.t.clock.advanceMinutes(2);
    let refused = 0;
    for (let i = 0; i < FORM_CHECKS_PER_ADDRESS_PER_MINUTE + 5; i++) {
      const r = await get(`/api/v1/reports/check/${code}`);
      if (r.statusCode === 403) {
        refused++;
        assert.match(String(r.headers['retry-after']), /^\d+$/);
      } else assert.equal(r.statusCode, 200);
    }
    assert.equal(refused, 5);
    const logged = await h.t.app.store.read((r) => r.logbook.listOfType('report.check_throttled', { afterSeq: 0, limit: 10 }));
    assert.equal(logged.length, 1);
    h.t.clock.advanceMinutes(2);
  });

  it('shows anyone the page /verify: a match with the case number, a mismatch and a malformed code in words, in either language', async () => {
    const wp = await watchedPage(browser, origin, { locale: 'id-ID' });
    const { page } = wp;
    await page.goto(`${origin}/sign-in`);
    await submit(page, page.getByRole('link', { name: 'Periksa keaslian Form Laporan' }));
    assert.equal(new URL(page.url()).pathname, '/verify');
    await wp.assertClean();
    await assertAccessible(page);
    await page.getByLabel('Kode periksa').fill(code.toLowerCase());
    await submit(page, page.getByRole('button', { name: 'Periksa' }));
    assert.equal(await page.locator('.verify-match h2').textContent(), 'Cocok');
    assert.match(await page.locator('.verify-match').textContent() ?? '', new RegExp(`untuk kasus nomor ${fx.caseId}`));
    assert.equal(await page.locator('.verify-match').textContent().then((s) => (s ?? '').includes(fx.texts.location)), false, 'nothing of the case but its number');
    await wp.assertClean();
    await assertAccessible(page);
    await screenshot(page, 'verify-match');

    await page.goto(`${origin}/verify?code=0000-0000-0000`);
    assert.equal(await page.locator('.verify-no-match h2').textContent(), 'Tidak cocok');
    assert.equal(await page.locator('.verify-no-match p').textContent(), errorText('id', 'report.check_code_unknown', { code: '0000-0000-0000' }));
    await page.getByLabel('Kode periksa').fill('<script>alert(1)</script>');
    await submit(page, page.getByRole('button', { name: 'Periksa' }));
    assert.equal(await page.locator('#code-error').textContent(), errorText('id', 'report.check_code_invalid', { code: '<script>alert(1)</script>' }), 'next to the field, as text');
    assert.equal(await page.getByLabel('Kode periksa').inputValue(), '<script>alert(1)</script>');
    await wp.assertClean();
    await assertAccessible(page);
    await wp.context.close();

    const en = await watchedPage(browser, origin, { locale: 'en-US' });
    await en.page.goto(`${origin}/verify?code=${encodeURIComponent(code)}`);
    await submit(en.page, en.page.getByRole('button', { name: 'Ganti bahasa ke English' }));
    assert.equal(new URL(en.page.url()).pathname + new URL(en.page.url()).search, `/verify?code=${encodeURIComponent(code)}`, 'the switch comes back here');
    assert.equal(await en.page.locator('.verify-match h2').textContent(), 'It matches');
    await en.assertClean();
    await en.context.close();
  });

  it('with JAGA_PUBLIC_URL, prints a QR code that opens the check page with the code, and names the page', async () => {
    const app = { ...h.t.app, renderCaseForm: caseFormRenderer('https://jaga.lpse.gorontaloprov.go.id') };
    const form = await issueCaseForm(app, as('koor'), fx.caseId, { lang: 'id' });
    mkdirSync(OUT, { recursive: true });
    const pdf = join(OUT, 'form-public-url.pdf');
    writeFileSync(pdf, form.bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);
    const text = run('pdftotext', ['-f', String(pages), '-l', String(pages), pdf, '-']).replace(/\s+/g, ' ');
    assert.ok(text.includes('https://jaga.lpse.gorontaloprov.go.id/verify'), text);
    const png = join(OUT, 'qr-public-url');
    run('pdftoppm', ['-png', '-r', '200', '-f', String(pages), '-l', String(pages), '-singlefile', pdf, png]);
    assert.equal(run('zbarimg', ['-q', '--raw', `${png}.png`]).trim(), `https://jaga.lpse.gorontaloprov.go.id/verify?code=${form.checkCode}`);
    assert.equal(form.checkCode, code, 'the code is the record\'s, whatever the address');
  });
});
