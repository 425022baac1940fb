import type { AppDeps } from '../app-deps.js';
import type { Principal } from './principal.js';

/**
 * What a session that has not passed TOTP asks for next: a code (`code`, TOTP enrolled) or a first
 * enrolment (`enrol`: none yet, or one begun and not confirmed). Reads only; says nothing of the secret.
 */
export async function secondFactorStep(deps: AppDeps, p: Principal): Promise<'code' | 'enrol'> {
  const mfa = await deps.store.read((r) => r.mfa.findByUserId(p.user.id));
  return mfa?.enabledAt ? 'code' : 'enrol';
}
