import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { authenticateSession } from '../../src/app/auth/authenticate.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../../src/app/auth/second-factor.js';
import { secondFactorStep } from '../../src/app/auth/second-factor-step.js';
import { signIn } from '../../src/app/auth/sign-in.js';
import type { TestApp } from '../support/test-app.js';
import { DIALECTS, PASSWORD, as, describeOn, openTestApp, seedWorld, stopTestPostgres } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describeOn(dialect, `${secondFactorStep.name}: what a session short of TOTP asks for next (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => { t = await openTestApp(dialect); await seedWorld(t); });
    afterEach(async () => { await t.close(); });
    after(async () => { await stopTestPostgres(); });

    it('asks for a first enrolment until one is confirmed (begun is not enough), then for a code', async () => {
      const session = await signIn(t.app, { username: 'dita', password: PASSWORD }, { sourceIp: '127.0.0.1' });
      assert.equal(session.next, 'totp_enrolment');
      const p = await authenticateSession(t.app, session.sessionToken);
      assert.ok(p);
      assert.equal(await secondFactorStep(t.app, p), 'enrol');
      const { code } = await issueEnrolmentCode(t.app, as('super'), 'dita');
      const { secret } = await beginTotpEnrolment(t.app, p, { password: PASSWORD, enrolmentCode: code });
      assert.equal(await secondFactorStep(t.app, p), 'enrol', 'begun, not confirmed');
      await confirmTotpEnrolment(t.app, p, { code: t.app.totp.code(secret, t.clock.now()) });
      assert.equal(await secondFactorStep(t.app, p), 'code');
    });
  });
}
