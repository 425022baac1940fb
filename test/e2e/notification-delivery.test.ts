import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { setLanguage } from '../../src/app/auth/set-language.js';
import { approveCase } from '../../src/app/case/approve-case.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { listDeliveries } from '../../src/app/notification/notification-deliveries.js';
import { OutboxWorker } from '../../src/app/notification/outbox-worker.js';
import type { WebhookPayload } from '../../src/app/notification/webhook-channel.js';
import { addWebhookEndpoint } from '../../src/app/notification/webhook-endpoints.js';
import { setUserEmail } from '../../src/app/registry/set-user-email.js';
import { buildHttpServer } from '../../src/http/server.js';
import { openEmailChannel } from '../../src/main/email-channel.js';
import { openWebhookChannel } from '../../src/main/webhook-channel.js';
import type { DeliveryWithNotification } from '../../src/ports/notification-outbox.js';
import { closedCase } from '../support/closed-case.js';
import { JAGA_BIN } from '../support/jaga-cli.js';
import { freePort } from '../support/server-banner.js';
import type { ReceivedMail, TestSmtpServer } from '../support/smtp-server.js';
import { startSmtpServer } from '../support/smtp-server.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';
import type { ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/*
 * Issue 13's acceptance, end to end: the real outbox worker delivering through the REAL channels —
 * email over a real SMTP server (each message parsed with mailparser) and webhooks to a real
 * receiver that checks each Standard Webhooks signature — wired from the configuration exactly as
 * `jaga serve` wires them (src/main/email-channel.ts, src/main/webhook-channel.ts); the worker's
 * passes driven by hand against the TestClock. Last, one real `jaga serve` process.
 */

after(stopTestPostgres);

const PUBLIC_URL = 'https://jaga.lpse.example.go.id';
const MAIL_FROM = 'Jaga <jaga@lpse.example.go.id>';
const KOOR = 'koor@lpse.example.go.id';
const ANDI = 'andi@lpse.example.go.id';
/** JAGA_NOTIFY_*: 3 attempts, 10 s back-off doubled up to 15 s, 1 s per delivery (the webhook's own timeout is longer: the worker's bounds it). */
const NOTIFY_ENV = { JAGA_NOTIFY_MAX_ATTEMPTS: '3', JAGA_NOTIFY_BACKOFF_BASE: '10', JAGA_NOTIFY_BACKOFF_CAP: '15', JAGA_NOTIFY_TIMEOUT: '1', JAGA_WEBHOOK_TIMEOUT: '30' };
const URGENT = { unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Login SPSE gagal (HTTP 502)', urgency: 'critical', channel: 'phone' } as const;

const bodyOf = (w: ReceivedWebhook): WebhookPayload => JSON.parse(w.body) as WebhookPayload;
const idOf = (w: ReceivedWebhook): string => String(w.headers['webhook-id']);

/** An urgent fault taken through the use cases to B6 closed and approved: reported, acknowledged (andi assigned), executed, closed, approved. */
async function urgentCaseApproved(t: TestApp): Promise<string> {
  const id = await closedCase(t, URGENT);
  await approveCase(t.app, as('koor'), id, { notes: 'OK' });
  return id;
}

/** Waits (bounded) until `ready()` holds. */
async function until(what: string, ready: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of DIALECTS) {
  describeOn(dialect, `notifications delivered through the real email and webhook channels (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let rx: WebhookReceiver;
    let endpointId: string;
    let email: NonNullable<ReturnType<typeof openEmailChannel>>;
    let worker: OutboxWorker;
    const extra: WebhookReceiver[] = [];
    before(async () => { smtp = await startSmtpServer(); });
    after(async () => { await smtp.stop(); });
    beforeEach(async () => {
      smtp.received.length = 0;
      t = await openTestApp(dialect, { env: { ...NOTIFY_ENV, JAGA_PUBLIC_URL: PUBLIC_URL, JAGA_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, JAGA_MAIL_FROM: MAIL_FROM } });
      await seedWorld(t);
      await setUserEmail(t.app, as('super'), { user: 'koor', email: KOOR });
      await setUserEmail(t.app, as('super'), { user: 'andi', email: ANDI });
      await setLanguage(t.app, as('koor'), { language: 'en' });
      await setLanguage(t.app, as('andi'), { language: 'id' });
      rx = await startWebhookReceiver({ nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) });
      const added = await addWebhookEndpoint(t.app, as('super'), { url: rx.url, unit: 'gorontalo' });
      endpointId = added.endpoint.id;
      rx.secret = added.secret;
      // The channels exactly as `jaga serve` opens them from its configuration.
      const opened = openEmailChannel(t.config);
      assert.ok(opened, 'JAGA_SMTP_URL and JAGA_MAIL_FROM set: email is on');
      email = opened;
      worker = new OutboxWorker(t.app, { nodeId: 'node-a', channels: [openWebhookChannel(t.config), email.channel], settings: t.config.notify });
    });
    afterEach(async () => {
      for (const r of extra.splice(0)) await r.close();
      await rx.close();
      email.close();
      await t.close();
    });

    /** Worker passes until one finds nothing to do. */
    const drain = async () => {
      for (let i = 0; i < 20; i++) {
        const r = await worker.runOnce();
        if (r.fannedOut === 0 && r.attempted === 0) return;
      }
      assert.fail('the outbox did not drain');
    };
    const deliveries = (filter: { case?: string; status?: string } = {}) => listDeliveries(t.app, as('super'), { ...filter, limit: 500 });
    const ofChannel = (ds: DeliveryWithNotification[], channel: 'email' | 'webhook') => ds.filter((d) => d.delivery.channel === channel);
    const userId = async (username: string) => (await t.app.store.read((r) => r.users.findByUsername(username)))!.id;

    it('a case from urgent report to approval: each recipient the emails their subscriptions say, in their language, with the link; the unit\'s webhook each event, signed', async () => {
      const caseId = await urgentCaseApproved(t);
      await drain();
      const link = `${PUBLIC_URL}/cases/${caseId}`;
      const ds = await deliveries({ case: caseId });
      assert.ok(ds.every((d) => d.delivery.status === 'delivered' && d.delivery.attempts === 1), JSON.stringify(ds.map((d) => d.delivery)));

      // Email: by subscription. The koordinator (en): the urgent fault and the case awaiting approval;
      // the executor (id): the urgent fault of their unit, their assignment, the approval.
      const emailTypes = async (username: string) => ofChannel(ds, 'email').filter((d) => d.delivery.recipient === userIdOf[username]).map((d) => d.notification.type).sort();
      const userIdOf: Record<string, string> = { koor: await userId('koor'), andi: await userId('andi') };
      assert.deepEqual(await emailTypes('koor'), ['case.awaiting_approval', 'fault.urgent_reported']);
      assert.deepEqual(await emailTypes('andi'), ['case.approved', 'case.assigned', 'fault.urgent_reported']);
      assert.equal(ofChannel(ds, 'email').length, 5, 'nobody else: not the reporter, not manado, not LKPP');
      const mails = await smtp.waitFor(5);
      assert.equal(smtp.received.length, 5);
      const to = (address: string): ReceivedMail[] => mails.filter((m) => m.envelopeTo.length === 1 && m.envelopeTo[0] === address);
      assert.equal(to(KOOR).length, 2);
      assert.equal(to(ANDI).length, 3);
      for (const m of mails) {
        assert.equal(m.parsed.from?.value[0]?.address, 'jaga@lpse.example.go.id');
        assert.ok((m.parsed.text ?? '').includes(link), `the deep link in ${m.parsed.subject ?? ''}`);
        assert.ok(String(m.parsed.html).includes(`href="${link}"`));
      }
      for (const m of to(KOOR)) {
        assert.ok(String(m.parsed.html).includes('<html lang="en"'), 'the koordinator reads English');
        assert.match(m.parsed.text ?? '', /^Dear koor,/);
      }
      for (const m of to(ANDI)) {
        assert.ok(String(m.parsed.html).includes('<html lang="id"'), 'the executor reads Indonesian');
        assert.match(m.parsed.text ?? '', /^Yth\. andi,/);
      }
      assert.deepEqual(to(KOOR).map((m) => m.parsed.subject).sort(), [
        '[Jaga] Awaiting approval: SPSE produksi (LPSE Provinsi Gorontalo)', '[Jaga] Urgent fault: SPSE produksi (LPSE Provinsi Gorontalo)']);
      assert.ok(to(ANDI).some((m) => m.parsed.subject === '[Jaga] Anda ditugaskan: SPSE produksi (LPSE Provinsi Gorontalo)'));

      // Webhook: the unit's endpoint takes every event of the case, each genuine, webhook-id = the delivery's id.
      const hooks = ofChannel(ds, 'webhook');
      assert.deepEqual(hooks.map((d) => d.notification.type).sort(), ['case.approved', 'case.assigned', 'case.awaiting_approval', 'fault.urgent_reported']);
      assert.ok(hooks.every((d) => d.delivery.recipient === endpointId && d.delivery.detail === 'HTTP 204'));
      assert.equal(rx.received.length, 4);
      for (const w of rx.received) {
        assert.equal(w.problem, null, 'the receiver verified the signature');
        assert.equal(w.status, 204);
        const d = hooks.find((h) => h.delivery.id === idOf(w));
        assert.ok(d, `webhook-id ${idOf(w)} is a delivery's id`);
        const body = bodyOf(w);
        assert.equal(body.type, d.notification.type);
        assert.equal(body.data.id, d.notification.id);
        assert.equal(body.data.caseUrl, link);
      }
      assert.equal(new Set(rx.received.map(idOf)).size, 4, 'each delivery once');
    });

    it('with the receiver down the action succeeds at once; the delivery backs off, is dead-lettered after JAGA_NOTIFY_MAX_ATTEMPTS, and the API retry delivers once the receiver is up', async () => {
      const port = Number(new URL(rx.url).port);
      await rx.close();
      const c = await reportFault(t.app, as('pelapor'), URGENT);
      // The report committed with its notification before anything was sent or even fanned out.
      assert.equal((await t.app.store.read((r) => r.cases.findById(c.id)))?.status, c.status);
      assert.equal((await t.app.store.read((r) => r.notifications.list({ caseId: c.id, limit: 10 }))).length, 1);
      assert.deepEqual(await deliveries({ case: c.id }), [], 'no delivery attempted while the action ran');
      assert.equal(smtp.received.length, 0);

      assert.deepEqual(await worker.runOnce(), { fannedOut: 1, attempted: 3, delivered: 2 }, 'the emails go; the webhook fails');
      const hook = async () => ofChannel(await deliveries({ case: c.id }), 'webhook')[0]!.delivery;
      let d = await hook();
      assert.equal(d.status, 'pending');
      assert.equal(d.attempts, 1);
      assert.match(d.lastError ?? '', /^webhook not delivered: .*ECONNREFUSED/);
      assert.equal(d.nextAttemptAt, new Date(t.clock.now().getTime() + 10_000).toISOString(), 'first back-off: JAGA_NOTIFY_BACKOFF_BASE');
      t.clock.advanceSeconds(9);
      assert.equal((await worker.runOnce()).attempted, 0, 'not before its time');
      t.clock.advanceSeconds(1);
      assert.equal((await worker.runOnce()).attempted, 1);
      d = await hook();
      assert.equal(d.attempts, 2);
      assert.equal(d.nextAttemptAt, new Date(t.clock.now().getTime() + 15_000).toISOString(), 'doubled, capped at JAGA_NOTIFY_BACKOFF_CAP');
      t.clock.advanceSeconds(15);
      assert.equal((await worker.runOnce()).attempted, 1);
      d = await hook();
      assert.equal(d.status, 'dead', 'dead after JAGA_NOTIFY_MAX_ATTEMPTS = 3');
      assert.equal(d.attempts, 3);
      t.clock.advanceMinutes(60);
      assert.equal((await worker.runOnce()).attempted, 0, 'a dead delivery is not tried again by itself');

      // The receiver is up again where it was; the koordinator retries through the API.
      const up = await startWebhookReceiver({ port, secret: rx.secret, nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) });
      extra.push(up);
      const server = await buildHttpServer(t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 64 * 1024, logLevel: 'silent' });
      try {
        const { token } = await createApiToken(t.app, as('koor'), { name: 'ops', scope: 'full' });
        const res = await server.fastify.inject({ method: 'POST', url: `/api/v1/notifications/deliveries/${d.id}/retry`, headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json<{ status: string }>().status, 'pending');
      } finally {
        await server.fastify.close();
      }
      assert.equal(up.received.length, 0, 'the retry only queues it');
      assert.deepEqual(await worker.runOnce(), { fannedOut: 0, attempted: 1, delivered: 1 });
      d = await hook();
      assert.equal(d.status, 'delivered');
      assert.equal(d.attempts, 4);
      assert.equal(up.received.length, 1);
      assert.equal(up.received[0]!.problem, null);
      assert.equal(idOf(up.received[0]!), d.id, 'the same webhook-id as every earlier attempt');
      assert.equal(smtp.received.length, 2, 'the emails were sent once each');
    });

    it('a hanging receiver fails at the worker\'s timeout and the other deliveries of the pass still go', async () => {
      const hanging = await startWebhookReceiver({ nowSeconds: () => Math.floor(t.clock.now().getTime() / 1000) });
      extra.push(hanging);
      hanging.mode = 'hang';
      const second = await addWebhookEndpoint(t.app, as('super'), { url: hanging.url, unit: 'gorontalo' });
      hanging.secret = second.secret;
      const c = await reportFault(t.app, as('pelapor'), URGENT);
      // JAGA_WEBHOOK_TIMEOUT is 30 s; JAGA_NOTIFY_TIMEOUT (1 s) ends the attempt.
      assert.deepEqual(await worker.runOnce(), { fannedOut: 1, attempted: 4, delivered: 3 });
      const ds = await deliveries({ case: c.id });
      const stuck = ds.find((d) => d.delivery.recipient === second.endpoint.id)!.delivery;
      assert.equal(stuck.status, 'pending');
      assert.equal(stuck.lastError, 'no answer within 1 s');
      assert.equal(hanging.received.length, 1, 'it got the request and never answered');
      assert.equal(ds.find((d) => d.delivery.recipient === endpointId)?.delivery.status, 'delivered');
      assert.equal(rx.received.length, 1);
      assert.equal(rx.received[0]!.problem, null);
      assert.equal((await smtp.waitFor(2)).length, 2);
      // It is tried again later like any other failure, and the others are not sent twice.
      t.clock.advanceSeconds(10);
      assert.deepEqual(await worker.runOnce(), { fannedOut: 0, attempted: 1, delivered: 0 });
      assert.equal(rx.received.length, 1);
    });
  });
}

describe('jaga serve delivers notifications by email and webhook (a real process, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-serve-notify-'));
  let smtp: TestSmtpServer;
  let rx: WebhookReceiver;
  let up: WebhookReceiver | undefined;
  let child: ChildProcess | undefined;
  let stderr = '';
  /** The JSON operator log. */
  let stdout = '';
  let env: Record<string, string>;
  let base: string;
  let token: string;
  const jaga = (args: string[], input = '') => spawnSync(process.execPath, [JAGA_BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, ...env }, input, encoding: 'utf8',
  });
  const ok = (args: string[], input = '') => {
    const r = jaga(args, input);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    return r;
  };

  before(async () => {
    smtp = await startSmtpServer();
    rx = await startWebhookReceiver();
    const [http, ssh] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${http}`;
    env = {
      JAGA_HTTP_ADDR: `127.0.0.1:${http}`, JAGA_SSH_ADDR: `127.0.0.1:${ssh}`, JAGA_PUBLIC_URL: PUBLIC_URL,
      JAGA_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, JAGA_MAIL_FROM: MAIL_FROM, JAGA_NOTIFY_POLL: '1', JAGA_NOTIFY_MAX_ATTEMPTS: '1',
    };
    ok(['migrate']);
    const create = (args: string[]) => ok(['admin', 'create', ...args, '--password-stdin'], 'a-long-password-1\n');
    create(['--username', 'op', '--role', 'superadmin']);
    ok(['unit', 'add', '--as', 'op', '--code', 'gorontalo', '--name', 'LPSE Provinsi Gorontalo']);
    create(['--as', 'op', '--username', 'koor', '--role', 'koordinator', '--unit', 'gorontalo']);
    ok(['user', 'set-email', 'koor', '--email', KOOR, '--as', 'op']);
    const added = ok(['webhook', 'add', '--as', 'op', '--url', rx.url, '--unit', 'gorontalo']);
    rx.secret = added.stdout.trim();
    assert.match(rx.secret, /^whsec_/);
    token = ok(['token', 'create', '--as', 'koor', '--name', 'test', '--scope', 'full']).stdout.trim();
    child = spawn(process.execPath, [JAGA_BIN, 'serve'], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    await until(`jaga serve up (${stderr})`, async () => {
      try { return (await fetch(`${base}/healthz`)).ok; } catch { return false; }
    });
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rx.close();
    await up?.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const report = async (description: string): Promise<string> => {
    const res = await fetch(`${base}/api/v1/cases`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'gorontalo', system: 'SPSE produksi', description, urgency: 'critical', channel: 'api' }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json() as { id: string }).id;
  };

  it('an urgent fault reported through the API reaches the koordinator\'s mailbox and the unit\'s webhook', async () => {
    const caseId = await report('Login SPSE gagal (HTTP 502)');
    const link = `${PUBLIC_URL}/cases/${caseId}`;
    // The leader's timers run at start too (this week's digest goes to the koordinator as well): look for the fault's.
    await until('the email arrives', () => smtp.received.some((m) => (m.parsed.text ?? '').includes(link)));
    const mail = smtp.received.find((m) => (m.parsed.text ?? '').includes(link));
    assert.deepEqual(mail?.envelopeTo, [KOOR]);
    assert.equal(mail?.parsed.from?.value[0]?.address, 'jaga@lpse.example.go.id');
    assert.equal(mail?.parsed.subject, '[Jaga] Gangguan urgent: SPSE produksi (LPSE Provinsi Gorontalo)');
    const hookOf = () => rx.received.find((w) => bodyOf(w).data.caseId === caseId);
    await until('the webhook arrives', () => hookOf() !== undefined);
    const hook = hookOf()!;
    assert.equal(hook.problem, null, 'signed with the secret `jaga webhook add` printed');
    assert.equal(bodyOf(hook).type, 'fault.urgent_reported');
    assert.equal(bodyOf(hook).data.caseUrl, link);
  });

  it('a webhook dead-lettered while the receiver was down is delivered after `jaga notification retry`', async () => {
    const port = Number(new URL(rx.url).port);
    await rx.close();
    const caseId = await report('SPSE lambat');
    type View = { id: string; status: string; channel: string; attempts: number; notification: { caseId: string } };
    const dead = async (): Promise<View | undefined> => {
      const r = jaga(['notification', 'deliveries', '--as', 'op', '--status', 'dead', '--json']);
      return r.status === 0 ? (JSON.parse(r.stdout) as View[]).find((v) => v.notification.caseId === caseId && v.channel === 'webhook') : undefined;
    };
    let found: View | undefined;
    await until('the webhook is dead-lettered (JAGA_NOTIFY_MAX_ATTEMPTS=1)', async () => (found = await dead()) !== undefined);
    up = await startWebhookReceiver({ port, secret: rx.secret });
    const retried = ok(['notification', 'retry', found!.id, '--as', 'op', '--lang', 'en']);
    assert.ok(retried.stdout.includes(found!.id), retried.stdout);
    await until('the retried webhook arrives', () => up!.received.length >= 1);
    assert.equal(up.received[0]!.problem, null);
    assert.equal(idOf(up.received[0]!), found!.id);
    assert.equal(bodyOf(up.received[0]!).data.caseId, caseId);
  });

  it('on SIGTERM stops the worker and closes the SMTP connections, and exits 0', async () => {
    const proc = child!;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'hung'>((r) => { timer = setTimeout(() => r('hung'), 15_000); })]).finally(() => clearTimeout(timer));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /SIGTERM/);
    assert.doesNotMatch(stdout, /pass failed|timers not run/, 'no notification pass failed');
  });
});
