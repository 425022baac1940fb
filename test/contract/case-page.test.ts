import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { logGatewayEvent } from '../../src/app/access/gateway-session.js';
import { getCasePage } from '../../src/app/case/get-case-page.js';
import { getCaseView } from '../../src/app/case/get-case-view.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { presentCasePage } from '../../src/presenters/view-models/case-page-view.js';
import { presentCase } from '../../src/presenters/view-models/case-view.js';
import { closedCase } from '../support/closed-case.js';
import { insertSessionRow, outcome } from '../support/session-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

after(() => stopTestPostgres());

for (const dialect of DIALECTS) {
  describeOn(dialect, `the case page's read (getCasePage) (${dialect})`, () => {
    let t: TestApp;
    let caseId = '';
    let sessionId = '';
    beforeEach(async () => {
      t = await openTestApp(dialect);
      await seedWorld(t);
      caseId = await closedCase(t);
      const s = await insertSessionRow(t.app, caseId, { recordings: [{ channel: 0, file: 'p/0.cast', sha256: 'c'.repeat(64), bytes: 10 }] });
      sessionId = s.id;
      await logGatewayEvent(t.app, s, 'gateway.file_transfer', { channel: 1, protocol: 'sftp', op: 'upload', path: '/tmp/patch.sh', bytes: 5, sha256: 'e'.repeat(64), status: 'ok' });
      await logGatewayEvent(t.app, s, 'gateway.file_transfer', { channel: 1, protocol: 'sftp', op: 'query', extension: 'statvfs@openssh.com', path: '/', bytes: 0, sha256: null, status: 'ok' });
    });
    afterEach(() => t.close());

    describe('what each user may do next', () => {
      it('is the case policy\'s nextCaseActions: approve and return for the koordinator, explaining only for the executor, nothing for the pelapor', async () => {
        assert.deepEqual((await getCasePage(t.app, as('koor'), caseId)).nextActions, ['approve', 'return']);
        assert.deepEqual((await getCasePage(t.app, as('andi'), caseId)).nextActions, ['explain_deviation']);
        assert.deepEqual((await getCasePage(t.app, as('pelapor'), caseId)).nextActions, []);
        const fresh = await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: 'spse', system: 'SPSE', description: 'x', urgency: 'low', channel: 'web' });
        assert.deepEqual((await getCasePage(t.app, as('koor'), fresh.id)).nextActions, ['acknowledge', 'cancel']);
      });
    });

    it('shows the same case as getCaseView, with the sessions and, to those who may play them, the transfers (queries left out)', async () => {
      const page = await getCasePage(t.app, as('koor'), caseId);
      assert.deepEqual(presentCasePage(page).case, presentCase(await getCaseView(t.app, as('koor'), caseId)));
      assert.deepEqual(page.sessions.map((s) => [s.id, s.mayPlay]), [[sessionId, true]]);
      assert.deepEqual(page.transfers.map((x) => [x.op, x.path, x.sha256]), [['upload', '/tmp/patch.sh', 'e'.repeat(64)]]);
      const view = presentCasePage(page);
      assert.equal(view.sessions[0]?.workstation.assetTag, 'LPSE-NB-001');
      assert.equal(view.sessions[0]?.network.name, 'kantor-lpse');
      assert.equal(view.sessions[0]?.user.username, 'andi');
      assert.equal(view.requirements.B1?.id, page.sop.steps.find((s) => s.code === 'B1')?.requirement?.id);
      assert.equal(view.clock, null, 'no clock runs for a closed case');

      const pelapor = await getCasePage(t.app, as('pelapor'), caseId);
      assert.deepEqual(pelapor.sessions.map((s) => s.mayPlay), [false]);
      assert.deepEqual(pelapor.transfers, []);
    });

    it('is "not found" for a case the actor may not see, like the API', async () => {
      assert.equal(await outcome(getCasePage(t.app, as('budi'), caseId)), 'case.not_found');
    });
  });
}
