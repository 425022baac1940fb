import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { approveCase } from '../../src/app/case/approve-case.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { correctDocumentation } from '../../src/app/case/correct-documentation.js';
import { getCaseView } from '../../src/app/case/get-case-view.js';
import { returnCase } from '../../src/app/case/return-case.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';
import { presentCase } from '../../src/presenters/view-models/case-view.js';
import { problemEn } from '../support/chain-problem-text.js';
import { closedCase } from '../support/closed-case.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

interface Logged { type: string; actorId: string | null; caseId: string | null; at: string; data: Record<string, unknown> }

async function caseLog(t: TestApp, caseId: string): Promise<Logged[]> {
  const out: Logged[] = [];
  await t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) {
      for (const e of page) if (e.caseId === caseId) out.push({ type: e.type, actorId: e.actorId, caseId: e.caseId, at: e.at, data: JSON.parse(e.data) as Record<string, unknown> });
    }
  });
  return out;
}

async function refusedWith(p: Promise<unknown>, code: string): Promise<DomainError> {
  const e = await p.then(() => assert.fail(`expected refusal ${code}`), (x: unknown) => x);
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code, messageOf(e, 'en'));
  return e;
}

const verifyAll = (t: TestApp) => verifyLogbook(t.app, undefined, { records: t.app });
const REASON = 'Analisa belum menyebut mengapa disk penuh';

after(() => stopTestPostgres());

for (const dialect of DIALECTS) {
  describeOn(dialect, `returning a closed case for correction (Kembalikan) (${dialect})`, () => {
    let t: TestApp;
    let caseId = '';
    let ids: Record<'koor' | 'andi', string>;
    beforeEach(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      caseId = await closedCase(t);
      const users = await t.app.store.read(async (r) => [await r.users.findByUsername('koor'), await r.users.findByUsername('andi')]);
      ids = { koor: users[0]?.id ?? '', andi: users[1]?.id ?? '' };
    });
    afterEach(() => t.close());

    it('returns the case to B6 in one logged step with the actor and the alasan; re-closed and approved, the trail stays and the logbook verifies', async () => {
      t.clock.advanceMinutes(30);
      const returnedAt = t.clock.now().toISOString();
      const returned = await returnCase(t.app, as('koor'), caseId, { reason: `  ${REASON}  ` });
      assert.equal(returned.status, 'root_caused');
      assert.equal(returned.closure, null);
      assert.deepEqual(returned.returns.map((r) => ({ at: r.at, by: r.by, reason: r.reason, notes: r.closure.notes, closedBy: r.closure.by })),
        [{ at: returnedAt, by: ids.koor, reason: REASON, notes: 'Selesai', closedBy: ids.andi }]);
      const entry = (await caseLog(t, caseId)).find((e) => e.type === 'case.returned');
      assert.ok(entry, 'a case.returned entry');
      assert.equal(entry.actorId, ids.koor);
      assert.equal(entry.at, returnedAt);
      assert.equal(entry.data['reason'], REASON);
      assert.equal(entry.data['status'], 'root_caused');
      assert.equal(entry.data['step'], 'B6');
      let r = await verifyAll(t);
      assert.equal(r.ok, true, problemEn(r.problem));

      t.clock.advanceMinutes(90); // longer than B6's hour: judged at the first close, so no deviation to explain
      await closeCase(t.app, as('andi'), caseId, { notes: 'Disk penuh karena log tidak dirotasi; rotasi harian dipasang' });
      const approved = await approveCase(t.app, as('koor'), caseId, {});
      assert.equal(approved.status, 'approved');
      assert.deepEqual(approved.deviations, []);
      assert.deepEqual(approved.returns, returned.returns);
      const stored = await t.app.store.read((x) => x.cases.findById(caseId));
      assert.deepEqual(stored?.returns, returned.returns, 'the trail is stored');
      assert.deepEqual((await caseLog(t, caseId)).map((e) => e.type).slice(-4), ['case.closed', 'case.returned', 'case.closed', 'case.approved']);
      r = await verifyAll(t);
      assert.equal(r.ok, true, problemEn(r.problem));

      const view = presentCase(await getCaseView(t.app, as('audit'), caseId));
      assert.equal(view.returns.length, 1);
      assert.equal(view.returns[0]?.by.username, 'koor');
      assert.equal(view.returns[0]?.closure.by.username, 'andi');
      assert.equal(view.returns[0]?.at.zone, 'WITA');
      assert.equal(view.returns[0]?.reason, REASON);
    });

    it('refuses the executor and the pelapor (case.forbidden.return), logs each refusal with its reason, and leaves the case closed', async () => {
      for (const who of ['andi', 'pelapor']) {
        const e = await refusedWith(returnCase(t.app, as(who), caseId, { reason: REASON }), 'case.forbidden.return');
        assert.equal(e.kind, 'forbidden');
      }
      const refusals = (await caseLog(t, caseId)).filter((e) => e.type === 'refusal');
      assert.deepEqual(refusals.map((e) => [e.actorId, e.data['code']]), [[ids.andi, 'case.forbidden.return'], [(await t.app.store.read((x) => x.users.findByUsername('pelapor')))?.id, 'case.forbidden.return']]);
      assert.match(JSON.stringify(refusals[0]?.data), /may not return cases for correction/);
      const c = await t.app.store.read((x) => x.cases.findById(caseId));
      assert.equal(c?.status, 'closed');
      assert.deepEqual(c?.returns, []);
    });

    it('refuses a blank alasan and a case that is not closed, each logged; a koordinator of another unit does not even see it', async () => {
      await refusedWith(returnCase(t.app, as('koor'), caseId, { reason: ' \n ' }), 'case.return_reason_required');
      await refusedWith(returnCase(t.app, as('koor'), caseId, {}), 'input.invalid');
      await approveCase(t.app, as('koor'), caseId, {});
      const late = await refusedWith(returnCase(t.app, as('koor'), caseId, { reason: REASON }), 'case.wrong_step');
      assert.equal(late.kind, 'conflict');
      assert.deepEqual((await caseLog(t, caseId)).filter((e) => e.type === 'refusal').map((e) => e.data['code']),
        ['case.return_reason_required', 'input.invalid', 'case.wrong_step']);
      const { createUser } = await import('../../src/app/registry/create-user.js');
      await createUser(t.app, as('super'), { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: 'correct horse battery' });
      await refusedWith(returnCase(t.app, as('koor.mdo'), caseId, { reason: REASON }), 'case.not_found');
    });

    it('lets the executor correct the B4/B5 texts after a return, each change logged with what it replaced; the new close carries them in A2', async () => {
      await refusedWith(correctDocumentation(t.app, as('andi'), caseId, { rootCause: 'Disk /var penuh' }), 'case.wrong_step');
      await returnCase(t.app, as('koor'), caseId, { reason: REASON });
      await refusedWith(correctDocumentation(t.app, as('koor'), caseId, { rootCause: 'Disk /var penuh' }), 'case.forbidden.correct');
      const corrected = await correctDocumentation(t.app, as('andi'), caseId, { rootCause: 'Disk /var penuh oleh log Tomcat yang tidak dirotasi', permanentFix: 'Rotasi log' });
      assert.deepEqual(corrected.corrections.map((x) => [x.by, x.field, x.before, x.after]),
        [[ids.andi, 'rootCause', 'Disk penuh', 'Disk /var penuh oleh log Tomcat yang tidak dirotasi']]);
      await closeCase(t.app, as('andi'), caseId, {});
      const log = await caseLog(t, caseId);
      const entry = log.find((e) => e.type === 'case.corrected');
      assert.equal(entry?.actorId, ids.andi);
      assert.deepEqual(entry?.data['corrections'], [{ field: 'rootCause', before: 'Disk penuh', after: 'Disk /var penuh oleh log Tomcat yang tidak dirotasi' }]);
      const closed = log.filter((e) => e.type === 'case.closed').at(-1);
      assert.equal((closed?.data['a2'] as { analysis: string }).analysis, 'Disk /var penuh oleh log Tomcat yang tidak dirotasi');
      assert.deepEqual(log.filter((e) => e.type === 'refusal').map((e) => e.data['code']), ['case.wrong_step', 'case.forbidden.correct']);
      const r = await verifyAll(t);
      assert.equal(r.ok, true, problemEn(r.problem));
      const db = t.app.store.db;
      const row = await db.selectFrom('cases').select('doc').where('id', '=', caseId).executeTakeFirstOrThrow();
      const doc = JSON.parse(row.doc) as { rootCause: { rootCause: string } };
      doc.rootCause.rootCause = 'Disk penuh';
      await db.updateTable('cases').set({ doc: JSON.stringify(doc) }).where('id', '=', caseId).execute();
      assert.match(problemEn((await verifyAll(t)).problem), /differs from the logbook at rootCause\.rootCause: logbook "Disk \/var penuh/);
    });

    it('reads a case stored before returns existed (no trail in its document) as one without returns, and can return it', async () => {
      const db = t.app.store.db;
      const row = await db.selectFrom('cases').select('doc').where('id', '=', caseId).executeTakeFirstOrThrow();
      const { returns, ...older } = JSON.parse(row.doc) as { returns: unknown[] };
      assert.deepEqual(returns, []);
      await db.updateTable('cases').set({ doc: JSON.stringify(older) }).where('id', '=', caseId).execute();
      assert.deepEqual((await t.app.store.read((x) => x.cases.findById(caseId)))?.returns, []);
      const r = await verifyAll(t);
      assert.equal(r.ok, true, problemEn(r.problem));
      assert.equal((await returnCase(t.app, as('koor'), caseId, { reason: REASON })).returns.length, 1);
    });

    it('catches a trail edited or removed in the database (the logbook is its source of truth)', async () => {
      await returnCase(t.app, as('koor'), caseId, { reason: REASON });
      const db = t.app.store.db;
      const row = await db.selectFrom('cases').select('doc').where('id', '=', caseId).executeTakeFirstOrThrow();
      const doc = JSON.parse(row.doc) as { returns: { reason: string }[] };
      await db.updateTable('cases').set({ doc: JSON.stringify({ ...doc, returns: [{ ...doc.returns[0], reason: 'Tidak ada' }] }) }).where('id', '=', caseId).execute();
      assert.match(problemEn((await verifyAll(t)).problem), /differs from the logbook at returns\[0\]\.reason: logbook "Analisa belum/);
      await db.updateTable('cases').set({ doc: JSON.stringify({ ...doc, returns: [] }) }).where('id', '=', caseId).execute();
      assert.match(problemEn((await verifyAll(t)).problem), /differs from the logbook at returns\[0\]\.at/);
    });
  });
}
