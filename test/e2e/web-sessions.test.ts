/**
 * Issue 11, the sessions and recordings search (`/sessions`) in a real browser against a real
 * Jaga server: gateway sessions opened and closed through the gateway's own use cases (no SSH
 * connection) by two users on two targets over two days; the date, user and target filters
 * narrow them; times in WITA; recordings link to their transcript on the case page; a pelapor
 * sees their unit's sessions without recordings (gateway-session.policy.ts); an unknown user or
 * target selects nothing, a non-date gets the use case's message next to the field; hostile text stays text.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { authorizeGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { closeGatewaySession, openGatewaySession } from '../../src/app/access/gateway-session.js';
import { sessionRecordingKey } from '../../src/app/access/session-recordings.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import type { WatchedPage } from '../support/browser.js';
import { assertAccessible, launchBrowser, screenshot, signInAt, submit, watchedPage } from '../support/browser.js';
import { HOST_KEY_FP, PASSWORD, as } from '../support/test-app.js';
import type { WebApp } from '../support/web-app.js';
import { openWebApp } from '../support/web-app.js';

const HOSTILE = '<script>window.__owned=1</script><img src=x onerror="window.__owned=2">spse';
const ANDI_KEY = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const DITA_KEY_LINE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8qFtKvJb4EovpQ0m5wXqN1z0wDdGmSRhbQf0yQ3uAa dita@ws';
const DITA_KEY = `SHA256:${createHash('sha256').update(Buffer.from(DITA_KEY_LINE.split(' ')[1] as string, 'base64')).digest('base64').replace(/=+$/, '')}`;
const CAST = '{"version":2,"width":80,"height":24}\n[0.1,"o","spseadm@spse:~$ "]\n';

describe('web UI: the sessions and recordings search', () => {
  let w: WebApp;
  let browser: Browser;
  const pages: WatchedPage[] = [];
  /** Session ids in the order opened: andi/spse day 1, dita/spse-db day 2, andi/spse-db day 2. */
  const ids: string[] = [];
  const cases: string[] = [];

  async function signedIn(username: string, path: string): Promise<WatchedPage> {
    const wp = await watchedPage(browser, w.origin);
    pages.push(wp);
    const { page } = wp;
    await signInAt(page, w.origin, path, username, PASSWORD, () => w.totpCode(username));
    assert.equal(page.url(), `${w.origin}${path}`, 'the deep link survives sign-in');
    return wp;
  }

  /** A case on `target` for `executor`, and one gateway session of theirs on it with one recorded channel. */
  async function gatewaySession(executor: string, target: string, workstation: string, key: string): Promise<void> {
    const { app, clock } = w.h.t;
    const c = await reportFault(app, as('pelapor'), { unit: 'gorontalo', target, system: 'SPSE', description: `Gangguan ${target}`, urgency: 'high', channel: 'web' });
    await acknowledgeReport(app, as('koor'), c.id, { classification: 'aplikasi', impact: 'x', executor });
    await prepareWorkstation(app, as(executor), c.id, { workstation, location: 'Kantor', network: 'kantor-lpse', sourceIp: '127.0.0.1' });
    const grant = await authorizeGatewayAccess(app, { username: executor, target, keyFingerprint: key, sourceIp: '127.0.0.1' });
    const s = await openGatewaySession(app, grant, { id: `gw-${ids.length + 1}`, sourceIp: '127.0.0.1', keyFingerprint: key, nodeId: 'test' });
    const file = sessionRecordingKey(s.id, 0);
    const rec = await app.recordings.create(file);
    await rec.append(Buffer.from(CAST));
    const d = await rec.finish();
    clock.advanceMinutes(25);
    await closeGatewaySession(app, s.id, { endReason: 'client_closed', bytesUp: 3, bytesDown: 16, recordings: [{ channel: 0, file, ...d }] });
    ids.push(s.id);
    cases.push(c.id);
  }

  before(async () => {
    w = await openWebApp();
    const { app, clock } = w.h.t;
    for (const u of ['koor', 'pelapor', 'andi', 'dita']) await w.enrol(u);
    await registerTarget(app, as('super'), { name: 'spse-db', unit: 'gorontalo', host: '127.0.0.1', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP });
    await registerWorkstation(app, as('super'), { assetTag: 'LKPP-NB-008', serialNumber: 'SN-008', assignedUser: 'dita', organisationOwned: true, sshKeys: [DITA_KEY_LINE] });
    // The clock starts 2026-11-28 01:00 UTC (09.00 WITA).
    await gatewaySession('andi', 'spse', 'LPSE-NB-001', ANDI_KEY);
    clock.advanceMinutes(24 * 60);
    await gatewaySession('dita', 'spse-db', 'LKPP-NB-008', DITA_KEY);
    clock.advanceMinutes(60);
    await gatewaySession('andi', 'spse-db', 'LPSE-NB-001', ANDI_KEY);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await w?.close();
  });

  it('lists sessions newest first in WITA with recordings; filters narrow them; bad input gets its message next to the field', async () => {
    const wp = await signedIn('koor', '/sessions');
    const { page } = wp;
    const rows = page.locator('table.session-table tbody tr');
    assert.equal(await page.textContent('h1'), 'Sesi dan rekaman gateway');
    assert.equal(await page.getByRole('link', { name: 'Sesi & rekaman' }).getAttribute('aria-current'), 'page');
    assert.equal(await rows.count(), 3);
    const first = await rows.first().textContent() ?? '';
    assert.match(first, /^29 November 2026 pukul \d\d\.\d\d WITA/, 'the newest first, in WITA');
    assert.match(first, /andi/);
    assert.match(first, /spse-db/);
    assert.match(first, /127\.0\.0\.1 · kantor-lpse · LPSE-NB-001/);
    assert.match(first, /ditutup klien/);
    assert.match(await rows.last().textContent() ?? '', /28 November 2026 pukul 09\.\d\d WITA/);
    const stored = await w.h.t.app.store.read((r) => r.gatewaySessions.findById(ids[2] as string));
    assert.equal(await rows.first().locator('.hash').textContent(), stored?.recordings[0]?.sha256);
    assert.equal(await rows.first().getByRole('link', { name: /kanal 0/ }).getAttribute('href'), `/cases/${cases[2]}?rec=${encodeURIComponent(`${ids[2]}:0`)}#transcript`);
    assert.equal(await rows.first().getByRole('link', { name: (cases[2] as string).slice(0, 8) }).getAttribute('href'), `/cases/${cases[2]}`);
    await wp.assertClean();
    await assertAccessible(page);
    await screenshot(page, 'sessions');

    await page.getByLabel('Pengguna (username)').fill('dita');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent() ?? '', /dita/);

    await page.getByLabel('Pengguna (username)').fill('');
    await page.getByLabel('Target (nama)').fill('spse');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.equal(await rows.count(), 1, 'spse, not spse-db');
    assert.match(await rows.first().textContent() ?? '', /28 November 2026/);

    await page.getByLabel('Target (nama)').fill('');
    await page.getByLabel('Dari tanggal').fill('2026-11-29');
    await page.getByLabel('Sampai dengan tanggal').fill('2026-11-29');
    await submit(page, page.getByRole('button', { name: 'Terapkan' }));
    assert.equal(await rows.count(), 2, 'the second day only');

    await page.goto(`${w.origin}/sessions?from=kemarin`);
    assert.equal(await rows.count(), 0);
    assert.match(await page.locator('#from-error').textContent() ?? '', /tidak valid/, 'a date that is not a date');
    assert.equal(await page.getByLabel('Dari tanggal').getAttribute('aria-invalid'), 'true');
    await page.goto(`${w.origin}/sessions?user=nobody`);
    assert.equal(await rows.count(), 0, 'an unknown user selects nothing (no probing which usernames exist)');
    assert.match(await page.textContent('main') ?? '', /Tidak ada sesi yang cocok/);
    await assertAccessible(page);
    await screenshot(page, 'sessions-unknown-user');

    await page.goto(`${w.origin}/sessions?target=${encodeURIComponent(HOSTILE)}`);
    assert.equal(await page.getByLabel('Target (nama)').inputValue(), HOSTILE, 'the hostile name is kept in the form as text');
    assert.equal(await rows.count(), 0);
    assert.equal(await page.evaluate('window.__owned'), undefined);
    await wp.assertClean();
  });

  it("a pelapor sees their unit's sessions, without recordings", async () => {
    const wp = await signedIn('pelapor', '/sessions');
    const { page } = wp;
    const rows = page.locator('table.session-table tbody tr');
    assert.equal(await rows.count(), 3);
    assert.equal(await page.locator('table.session-table .hash').count(), 0);
    assert.match(await rows.first().textContent() ?? '', /tidak untuk peran Anda/);
    await wp.assertClean();
  });
});
