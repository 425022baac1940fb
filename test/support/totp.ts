import assert from 'node:assert/strict';
import { authenticateSession } from '../../src/app/auth/authenticate.js';
import { issueEnrolmentCode } from '../../src/app/auth/enrolment-code.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../../src/app/auth/second-factor.js';
import { signIn } from '../../src/app/auth/sign-in.js';
import type { TestApp } from './test-app.js';
import { PASSWORD, as } from './test-app.js';

/** Enrols `username`'s TOTP through the real use cases (enrolment code from the superadmin, password, first code); returns the secret. */
export async function enrolTotp(t: TestApp, username: string): Promise<string> {
  const { code } = await issueEnrolmentCode(t.app, as('super'), username);
  const session = await signIn(t.app, { username, password: PASSWORD }, { sourceIp: '127.0.0.1' });
  const principal = await authenticateSession(t.app, session.sessionToken);
  assert.ok(principal, 'a pending session');
  const { secret } = await beginTotpEnrolment(t.app, principal, { password: PASSWORD, enrolmentCode: code });
  await confirmTotpEnrolment(t.app, principal, { code: t.app.totp.code(secret, t.app.clock.now()) });
  return secret;
}
