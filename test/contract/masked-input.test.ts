import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { MASKED_INPUT, MASKED_INPUT_FLAGGED, logMaskedInput, maskedInputOfCase, revealMaskedInput } from '../../src/app/access/masked-input.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { getCaseView } from '../../src/app/case/get-case-view.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import { createUser } from '../../src/app/registry/create-user.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import { insertSessionRow, outcome } from '../support/session-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

/*
 * Sealed input on both dialects: sealing and flagging (logMaskedInput), the case's summary read
 * back from the logbook (LogbookRepository.listForCase), and who may reveal it.
 */

const EVERYONE = ['super', 'koor', 'koor.mdo', 'audit', 'audit.gto', 'andi', 'dita', 'budi', 'pelapor', 'vendor'] as const;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

for (const dialect of DIALECTS) {
  describeOn(dialect, `sealed input (${dialect})`, () => {
    let t: TestApp;
    let s: GatewaySession;
    let other: GatewaySession;
    let caseId = '';

    before(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      await createUser(t.app, as('super'), { username: 'koor.mdo', role: 'koordinator', unit: 'manado', password: PASSWORD });
      await createUser(t.app, as('super'), { username: 'audit.gto', role: 'auditor', unit: 'gorontalo', password: PASSWORD });
      caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'high', channel: 'phone' })).id;
      await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'x', executor: 'andi' });
      s = await insertSessionRow(t.app, caseId);
      other = await insertSessionRow(t.app, caseId);
      const lines = ['rahasia-1', 'sudo-pass ü', '', 'rahasia-4'];
      for (const [i, text] of lines.entries()) {
        await logMaskedInput(t.app, s, { channel: 0, line: i + 1, base64: b64(text), bytes: Buffer.byteLength(text) }, 3);
      }
      await logMaskedInput(t.app, other, { channel: 1, line: 1, base64: b64('lain'), bytes: 4 }, 3);
    });
    after(async () => {
      await t.close();
      await stopTestPostgres();
    });

    it('seals each line (no plaintext in the logbook), flags the session once past the threshold, and the chain still verifies', async () => {
      const entries = await t.app.store.read((r) => r.logbook.listForCase(caseId, [MASKED_INPUT, MASKED_INPUT_FLAGGED]));
      assert.deepEqual(entries.map((e) => e.type), [MASKED_INPUT, MASKED_INPUT, MASKED_INPUT, MASKED_INPUT, MASKED_INPUT_FLAGGED, MASKED_INPUT]);
      assert.ok(entries.every((e, i) => i === 0 || e.seq > (entries[i - 1]?.seq ?? 0)), 'in seq order');
      assert.ok(!entries.some((e) => e.data.includes('rahasia') || e.data.includes(b64('rahasia-1'))));
      assert.deepEqual(await t.app.store.read((r) => r.logbook.listForCase(caseId, [])), []);
      assert.deepEqual(await t.app.store.read((r) => r.logbook.listForCase('no-such-case', [MASKED_INPUT])), []);
      assert.deepEqual(await t.app.store.read((r) => maskedInputOfCase(r, caseId)), [
        { sessionId: s.id, lines: 4, flagged: true, threshold: 3 }, { sessionId: other.id, lines: 1, flagged: false, threshold: null },
      ]);
      assert.deepEqual((await getCaseView(t.app, as('audit'), caseId)).maskedInput.map((m) => m.flagged), [true, false]);
      assert.equal((await verifyLogbook(t.app)).ok, true);
    });

    it('reveals to auditors who may view the case and the superadmin; refuses everyone else, the executor included', async () => {
      const allowed = ['super', 'audit', 'audit.gto'];
      const hidden = ['koor.mdo', 'budi', 'vendor'];
      for (const who of EVERYONE) {
        const r = await outcome(revealMaskedInput(t.app, as(who), s.id, { reason: 'audit' }));
        assert.equal(r, allowed.includes(who) ? 'ok' : hidden.includes(who) ? 'gateway_session.not_found' : 'gateway_session.forbidden.reveal_input', who);
      }
      const got = await revealMaskedInput(t.app, as('audit'), s.id, { reason: 'pemeriksaan', lines: [2, 3] });
      assert.deepEqual(got.lines.map((l) => [l.line, l.channel, l.text]), [[2, 0, 'sudo-pass ü'], [3, 0, '']]);
      assert.deepEqual((await revealMaskedInput(t.app, as('super'), other.id, { reason: 'x' })).lines.map((l) => l.text), ['lain']);
      assert.equal(await outcome(revealMaskedInput(t.app, as('audit'), s.id, { reason: ' ' })), 'input.invalid');
      assert.equal(await outcome(revealMaskedInput(t.app, as('audit'), s.id, { reason: 'x', extra: 1 })), 'input.invalid');
      assert.equal(await outcome(revealMaskedInput(t.app, as('audit'), 'no-such-session', { reason: 'x' })), 'gateway_session.not_found');
    });
  });
}
