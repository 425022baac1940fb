import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, it } from 'node:test';
import { sql } from 'kysely';
import { setLanguage } from '../../src/app/auth/set-language.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { createEmailChannel } from '../../src/app/notification/email-channel.js';
import type { NotificationChannel } from '../../src/app/notification/notification-channel.js';
import { listOwnNotifications, listUnitSubscriptions, setNotificationMutes, setSubscriptionOverride } from '../../src/app/notification/subscriptions.js';
import { deactivateUser } from '../../src/app/registry/deactivate-user.js';
import { setUserEmail } from '../../src/app/registry/set-user-email.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { createSmtpTransport } from '../../src/adapters/mail/smtp-mail-transport.js';
import { DomainError } from '../../src/domain/errors.js';
import type { NotificationEventType, NotificationRecord } from '../../src/domain/notification/notification-event.js';
import { messageOf } from '../../src/messages/catalogue.js';
import type { MailTransport } from '../../src/ports/notification-channels.js';
import { renderNotificationEmail } from '../../src/presenters/notification-email.js';
import type { TestSmtpServer } from '../support/smtp-server.js';
import { startSmtpServer } from '../support/smtp-server.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, describeOn, openTestApp, openTestAppUpgradedFrom, seedWorld, stopTestPostgres } from '../support/test-app.js';

const PUBLIC_URL = 'https://jaga.lpse.example.go.id';
const SMTP_USER = 'jaga-mailer';
const SMTP_PASS = 'p@ss:w0rd/with?odd#chars';
const REPORT = { unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Login SPSE gagal (HTTP 502)', urgency: 'critical', channel: 'phone' };

/** Refused with `code`, and worded in both languages. */
async function refusedBoth(p: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code);
    const id = messageOf(e, 'id');
    const en = messageOf(e, 'en');
    assert.ok(id.length > 10 && en.length > 10 && id !== en, `${id} / ${en}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

after(() => stopTestPostgres());

for (const dialect of DIALECTS) {
  describeOn(dialect, `migration 0012_email_subscriptions (${dialect})`, () => {
    it('gives the users of a store of an earlier version no address, and adds empty override and mute tables', async () => {
      const t = await openTestAppUpgradedFrom(dialect, '0010_logbook_type', (db) => sql`insert into users (id, username, display_name, role, unit_id, nip, password_hash, active, created_at)
        values ('u-1', 'andi', 'Andi', 'admin_lpse', null, null, 'x', 1, '2026-11-01T00:00:00.000Z')`.execute(db));
      try {
        const andi = await t.app.store.read((r) => r.users.findByUsername('andi'));
        assert.equal(andi?.email, null);
        assert.deepEqual(await t.app.store.db.selectFrom('notification_overrides').selectAll().execute(), []);
        assert.deepEqual(await t.app.store.read((r) => r.notificationSubscriptions.listMutes('u-1')), []);
        await t.app.store.assertMigrated();
      } finally {
        await t.close();
      }
    });
  });

  describeOn(dialect, `email notifications (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let transport: MailTransport;
    let channel: NotificationChannel;
    let t: TestApp;
    let caseId: string;
    let seq = 0;
    const su = as('super');

    before(async () => {
      smtp = await startSmtpServer({ auth: { user: SMTP_USER, pass: SMTP_PASS } });
      transport = createSmtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, user: SMTP_USER, password: SMTP_PASS }, 'Jaga <jaga@lpse.example.go.id>');
      channel = createEmailChannel(transport, { publicUrl: PUBLIC_URL, render: renderNotificationEmail });
    });
    after(async () => { transport.close(); await smtp.stop(); });
    beforeEach(async () => {
      smtp.received.length = 0;
      t = await openTestApp(dialect);
      await seedWorld(t);
      for (const [user, email] of [['koor', 'koor@lpse.example.go.id'], ['andi', 'andi@lpse.example.go.id'], ['budi', 'budi@manado.example.go.id'],
        ['super', 'super@lkpp.example.go.id'], ['audit', 'audit@lkpp.example.go.id'], ['dita', 'dita@lkpp.example.go.id'], ['pelapor', 'pelapor@lpse.example.go.id']]) {
        await setUserEmail(t.app, su, { user, email });
      }
      await setLanguage(t.app, as('koor'), { language: 'en' });
      const c = await reportFault(t.app, as('pelapor'), REPORT);
      await acknowledgeReport(t.app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Penyedia tidak dapat login', executor: 'andi' });
      caseId = c.id;
    });
    afterEach(async () => { await t.close(); });

    const note = (type: NotificationEventType, data: NotificationRecord['data'] = {}, o: { unit?: string | null; caseId?: string | null } = {}): NotificationRecord => ({
      id: `n-${++seq}`, type, occurredAt: t.clock.now().toISOString(), unitId: o.unit === undefined ? unitIdOf('gorontalo') : o.unit,
      caseId: o.caseId === undefined ? caseId : o.caseId,
      data: { unitCode: 'gorontalo', unitName: 'LPSE Provinsi Gorontalo', system: 'SPSE produksi', targetName: 'spse', executorName: 'andi', step: 'B2', ...data },
    });
    let units: Map<string, string>;
    const unitIdOf = (code: string): string => units.get(code) as string;
    beforeEach(async () => { units = new Map((await t.app.store.read((tx) => tx.units.list())).map((u) => [u.code, u.id])); });
    const recipients = async (n: NotificationRecord): Promise<string[]> => {
      const ids = await t.app.store.read((tx) => channel.recipients(tx, n));
      const names = await t.app.store.read(async (tx) => Promise.all(ids.map(async (id) => (await tx.users.findById(id))?.username ?? id)));
      return names.sort();
    };
    const idOf = async (username: string): Promise<string> => (await t.app.store.read((tx) => tx.users.findByUsername(username)))?.id as string;

    it('emails the executor their assignment in Indonesian, with the link to the case', async () => {
      const n = note('case.assigned', { executorUsername: 'andi' });
      assert.deepEqual(await recipients(n), ['andi']);
      const detail = await channel.deliver(t.app, await idOf('andi'), n, { id: 'd-1', attempt: 1 });
      assert.match(detail, /accepted/);
      const [mail] = await smtp.waitFor(1);
      assert.ok(mail);
      assert.deepEqual(mail.envelopeTo, ['andi@lpse.example.go.id']);
      assert.equal(mail.user, SMTP_USER, 'signed in to the SMTP server with the URL\'s user');
      assert.equal(mail.parsed.subject, '[Jaga] Anda ditugaskan: SPSE produksi (LPSE Provinsi Gorontalo)');
      assert.match(mail.parsed.text ?? '', /Yth\. andi,/);
      assert.match(mail.parsed.text ?? '', /Siapkan workstation \(B2\) dalam satu jam/);
      assert.match(mail.parsed.text ?? '', /pukul \d\d\.\d\d WITA/);
      assert.match(mail.parsed.text ?? '', /wajib bagi peran Anda/, 'an assignment is mandatory, and the email says so');
      assert.ok((mail.parsed.text ?? '').includes(`${PUBLIC_URL}/cases/${caseId}`));
      assert.ok(String(mail.parsed.html).includes(`href="${PUBLIC_URL}/cases/${caseId}"`));
      assert.doesNotMatch(String(mail.parsed.html), /<img|src=/, 'no remote images');
      assert.equal(mail.parsed.from?.value[0]?.address, 'jaga@lpse.example.go.id');
    });

    it('emails the koordinator who reads English a case awaiting approval in English, escaped', async () => {
      const n = note('case.awaiting_approval', { system: 'SPSE <b>produksi</b> & "ujian"' });
      assert.deepEqual(await recipients(n), ['koor'], 'not the executor, nor manado\'s admin');
      await channel.deliver(t.app, await idOf('koor'), n, { id: 'd-2', attempt: 1 });
      const [mail] = await smtp.waitFor(1);
      assert.ok(mail);
      assert.deepEqual(mail.envelopeTo, ['koor@lpse.example.go.id']);
      assert.equal(mail.parsed.subject, '[Jaga] Awaiting approval: SPSE <b>produksi</b> & "ujian" (LPSE Provinsi Gorontalo)');
      assert.match(mail.parsed.text ?? '', /^Dear koor,/);
      assert.match(mail.parsed.text ?? '', /awaits the koordinator's approval/);
      assert.match(mail.parsed.text ?? '', / at \d\d:\d\d WITA/);
      const html = String(mail.parsed.html);
      assert.ok(html.includes('SPSE &#60;b&#62;produksi&#60;/b&#62; &#38; &#34;ujian&#34;'), 'user text is escaped in the HTML');
      assert.ok(!html.includes('<b>produksi'));
      assert.ok(html.includes(`href="${PUBLIC_URL}/cases/${caseId}"`));
      assert.ok(html.includes('lang="en"'));
    });

    it('links an event without a case to the Logbook or the dashboard', async () => {
      const n = note('logbook.verification_failed', { source: 'verify', kind: 'entry', code: 'hash_mismatch', seq: 12, lastSeq: 40, witness: null }, { unit: null, caseId: null });
      assert.deepEqual(await recipients(n), ['audit', 'super']);
      await channel.deliver(t.app, await idOf('super'), n, { id: 'd-3', attempt: 1 });
      const digest = note('standard.weekly_digest', { deviations: 3 }, { caseId: null });
      assert.deepEqual(await recipients(digest), ['audit', 'koor']);
      await channel.deliver(t.app, await idOf('koor'), digest, { id: 'd-4', attempt: 1 });
      const [verify, weekly] = await smtp.waitFor(2);
      assert.ok((verify?.parsed.text ?? '').includes(`${PUBLIC_URL}/logbook`));
      assert.match(verify?.parsed.text ?? '', /rantai Logbook rusak pada entri 12 \(hash_mismatch\)/);
      assert.match(weekly?.parsed.text ?? '', /3 deviations/);
      assert.ok((weekly?.parsed.text ?? '').includes(`Open in Jaga: ${PUBLIC_URL}/\n`));
    });

    it('takes recipients from the defaults, the unit\'s overrides and the users\' mutes, within their unit', async () => {
      const urgent = note('fault.urgent_reported');
      assert.deepEqual(await recipients(urgent), ['andi', 'koor'], 'the unit\'s koordinator and administrator; not manado\'s, not the reporter');
      assert.deepEqual(await recipients(note('fault.urgent_reported', {}, { unit: unitIdOf('manado'), caseId: null })), ['budi']);
      await setSubscriptionOverride(t.app, as('koor'), { unit: 'gorontalo', role: 'admin_lpse', event: 'fault.urgent_reported', enabled: false });
      await setSubscriptionOverride(t.app, su, { unit: 'gorontalo', role: 'auditor', event: 'fault.urgent_reported', enabled: true });
      assert.deepEqual(await recipients(urgent), ['audit', 'koor']);
      assert.deepEqual(await recipients(note('fault.urgent_reported', {}, { unit: unitIdOf('manado'), caseId: null })), ['budi'], 'an override is its unit\'s only');
      await setNotificationMutes(t.app, as('koor'), { mute: ['fault.urgent_reported'] });
      assert.deepEqual(await recipients(urgent), ['audit']);
      await setNotificationMutes(t.app, as('koor'), { unmute: ['fault.urgent_reported'] });
      await setSubscriptionOverride(t.app, as('koor'), { unit: 'gorontalo', role: 'admin_lpse', event: 'fault.urgent_reported', enabled: null });
      assert.deepEqual(await recipients(urgent), ['andi', 'audit', 'koor'], 'back to the default');
      const list = await listUnitSubscriptions(t.app, as('koor'), { unit: 'gorontalo' });
      assert.deepEqual(list.subscriptions.filter((s) => s.override !== null).map((s) => [s.role, s.event, s.override]), [['auditor', 'fault.urgent_reported', true]]);
    });

    it('sends threshold warnings to the case\'s executor, missed standards to the koordinator too; a mute leaves the mandatory 100 %', async () => {
      assert.deepEqual(await recipients(note('standard.threshold', { percent: 75, missed: false })), ['andi'], 'the executor of this case only, not budi');
      assert.deepEqual(await recipients(note('standard.threshold', { percent: 100, missed: true })), ['andi', 'koor']);
      await setNotificationMutes(t.app, as('andi'), { mute: ['standard.threshold'] });
      assert.deepEqual(await recipients(note('standard.threshold', { percent: 75, missed: false })), []);
      assert.deepEqual(await recipients(note('standard.threshold', { percent: 100, missed: true })), ['andi', 'koor'], '100 % on one\'s own case is mandatory');
      await channel.deliver(t.app, await idOf('koor'), note('standard.threshold', { percent: 100, missed: true }), { id: 'd-8', attempt: 1 });
      await channel.deliver(t.app, await idOf('andi'), note('standard.threshold', { percent: 75, missed: false }), { id: 'd-9', attempt: 1 });
      const [missed, warning] = await smtp.waitFor(2);
      assert.equal(missed?.parsed.subject, '[Jaga] B2 time standard missed: SPSE produksi');
      assert.match(missed?.parsed.text ?? '', /This is a deviation: record its explanation/);
      assert.equal(warning?.parsed.subject, '[Jaga] B2: 75 % waktu standar terpakai (SPSE produksi)');
      const own = await listOwnNotifications(t.app, as('andi'));
      assert.deepEqual(own.notifications.find((x) => x.event === 'standard.threshold'),
        { event: 'standard.threshold', subscribed: true, mandatory: 'from_threshold', fromThreshold: 100, muted: true });
    });

    it('sends an LKPP executor what their grants cover, and nobody inactive or without an address', async () => {
      await setSubscriptionOverride(t.app, su, { unit: 'gorontalo', role: 'dit_eproc', event: 'gateway.session_opened', enabled: true });
      await setSubscriptionOverride(t.app, su, { unit: 'manado', role: 'dit_eproc', event: 'gateway.session_opened', enabled: true });
      assert.deepEqual(await recipients(note('gateway.session_opened')), ['dita', 'koor']);
      assert.deepEqual(await recipients(note('gateway.session_opened', {}, { unit: unitIdOf('manado'), caseId: null })), [], 'dita holds no grant in manado');
      await deactivateUser(t.app, su, { user: 'koor', reason: 'pindah tugas' });
      await setUserEmail(t.app, as('dita'), { user: 'dita', email: null });
      assert.deepEqual(await recipients(note('gateway.session_opened')), []);
      assert.equal(await channel.deliver(t.app, await idOf('koor'), note('gateway.session_opened'), { id: 'd-5', attempt: 1 }),
        'skipped: the user is inactive or has no email address');
      assert.equal(smtp.received.length, 0);
    });

    it('refuses to mute a mandatory event, or to turn it off for a unit, in both languages', async () => {
      await refusedBoth(setNotificationMutes(t.app, as('andi'), { mute: ['case.returned', 'case.assigned'] }), 'notification.mandatory');
      assert.deepEqual((await listOwnNotifications(t.app, as('andi'))).notifications.filter((x) => x.muted), [], 'nothing changed');
      await refusedBoth(setNotificationMutes(t.app, as('super'), { mute: ['logbook.verification_failed'] }), 'notification.mandatory');
      await refusedBoth(setSubscriptionOverride(t.app, su, { unit: 'gorontalo', role: 'admin_lpse', event: 'case.assigned', enabled: false }), 'notification.mandatory');
      await refusedBoth(setSubscriptionOverride(t.app, as('koor'), { unit: 'manado', role: 'admin_lpse', event: 'case.returned', enabled: false }), 'notification.subscriptions_forbidden');
      await refusedBoth(setSubscriptionOverride(t.app, as('andi'), { unit: 'gorontalo', role: 'admin_lpse', event: 'case.returned', enabled: false }), 'notification.subscriptions_forbidden');
      await refusedBoth(listUnitSubscriptions(t.app, as('andi'), { unit: 'gorontalo' }), 'notification.subscriptions_forbidden');
      const refusals = await t.app.store.read(async (tx) => (await tx.logbook.page({ afterSeq: 0, limit: 10_000 }))
        .filter((e) => e.type === 'refusal' && (JSON.parse(e.data) as { action: string }).action === 'notification.mute'));
      assert.equal(refusals.length, 2, 'each refusal is in the logbook');
    });

    it('normalises an address and refuses a malformed one in both languages; only the user or the superadmin sets it', async () => {
      const u = await setUserEmail(t.app, as('andi'), { user: 'andi', email: '  Andi.Saputra@LPSE.Gorontalo.GO.ID ' });
      assert.equal(u.email, 'Andi.Saputra@lpse.gorontalo.go.id');
      assert.equal((await t.app.store.read((tx) => tx.users.findByUsername('andi')))?.email, 'Andi.Saputra@lpse.gorontalo.go.id');
      for (const bad of ['andi', 'andi@@lpse.go.id', 'andi@localhost', 'an di@lpse.go.id', 'andi..s@lpse.go.id', 'andi@-lpse.go.id', 'andi@lpse.go.id\r\nBcc: x@y.id', `${'a'.repeat(65)}@lpse.go.id`]) {
        const e = await refusedBoth(setUserEmail(t.app, as('andi'), { user: 'andi', email: bad }), 'user.email_invalid');
        assert.match(messageOf(e, 'id'), /tidak valid/);
        assert.match(messageOf(e, 'en'), /not valid/);
      }
      await refusedBoth(createUser(t.app, su, { username: 'rina', role: 'auditor', password: PASSWORD, email: 'rina@' }), 'user.email_invalid');
      const rina = await createUser(t.app, su, { username: 'rina', role: 'auditor', password: PASSWORD, email: 'Rina@Inspektorat.GO.ID' });
      assert.equal(rina.email, 'Rina@inspektorat.go.id');
      await refusedBoth(setUserEmail(t.app, as('koor'), { user: 'andi', email: 'x@lpse.go.id' }), 'registry.forbidden');
      const cleared = await setUserEmail(t.app, su, { user: 'andi', email: '' });
      assert.equal(cleared.email, null);
    });

    it('fails a delivery the server refuses with its reply, never the password', async () => {
      const refusing = await startSmtpServer({ auth: { user: SMTP_USER, pass: SMTP_PASS }, rejectRcpt: /^andi@/ });
      const wrong = createSmtpTransport({ host: '127.0.0.1', port: refusing.port, secure: false, user: SMTP_USER, password: `${SMTP_PASS}-wrong` }, 'jaga@lpse.example.go.id');
      const right = createSmtpTransport({ host: '127.0.0.1', port: refusing.port, secure: false, user: SMTP_USER, password: SMTP_PASS }, 'jaga@lpse.example.go.id');
      try {
        const n = note('case.assigned');
        const andi = await idOf('andi');
        await assert.rejects(createEmailChannel(right, { publicUrl: PUBLIC_URL, render: renderNotificationEmail }).deliver(t.app, andi, n, { id: 'd-6', attempt: 1 }),
          (e: Error) => /550/.test(e.message) && !e.message.includes(SMTP_PASS));
        await assert.rejects(createEmailChannel(wrong, { publicUrl: PUBLIC_URL, render: renderNotificationEmail }).deliver(t.app, andi, n, { id: 'd-7', attempt: 1 }),
          (e: Error) => /535|auth/i.test(e.message) && !e.message.includes(SMTP_PASS) && e.message.startsWith('smtp://jaga-mailer@127.0.0.1:'));
        assert.equal(refusing.received.length, 0);
      } finally {
        wrong.close();
        right.close();
        await refusing.stop();
      }
    });
  });
}
