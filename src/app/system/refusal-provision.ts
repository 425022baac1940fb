import type { A1Provision, A1RefusalCode } from '../../domain/access/a1-rules.js';
import { A1_PROVISION_OF } from '../../domain/access/a1-rules.js';
import type { DomainError } from '../../domain/errors.js';

const GATEWAY_A1 = /^gateway\.(A1[a-e])$/;

/** The A1 provision a refusal enforces (its own code's, or the gateway's `gateway.A1x`), or null for any other rule. */
export function refusalProvision(err: DomainError): A1Provision | null {
  if (Object.hasOwn(A1_PROVISION_OF, err.code)) return A1_PROVISION_OF[err.code as A1RefusalCode];
  const m = GATEWAY_A1.exec(err.code);
  return m ? (m[1] as A1Provision) : null;
}
