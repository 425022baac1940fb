import type { Grant } from '../registry/grant.js';
import type { Network } from '../registry/network.js';
import type { Target } from '../registry/target.js';
import type { LpseUnit } from '../registry/unit.js';
import type { User } from '../registry/user.js';
import type { Workstation } from '../registry/workstation.js';
import type { A1Code, SopDefinition } from '../sop/sop-definition.js';
import type { A1Finding, A1Provision, A1Refusal, A1RuleResult } from './a1-rules.js';
import { evaluateA1 } from './a1-rules.js';
import type { IpAddress } from './cidr.js';

/** What B2 knows: every fact the preparation rules need. */
export interface A1PreparationFacts {
  readonly executor: User;
  readonly unitId: string;
  /** The case's target; null when the case names none (the account is then checked at access). */
  readonly target: Target | null;
  readonly workstation: Workstation;
  readonly network: Network;
  /** The network's unit (null: its record is gone): a national unit's network serves every unit. */
  readonly networkUnit: LpseUnit | null;
  /** The address the executor will connect from, when stated. */
  readonly source: IpAddress | null;
  readonly grants: readonly Grant[];
  readonly now: string;
}

type MetCode = 'access.a1a_met' | 'access.a1b_met' | 'access.a1c_met' | 'access.a1c_deferred' | 'access.a1d_met' | 'access.a1e_met';

/** What B2 records for a provision whose rules all pass. */
const MET: { readonly [P in A1Provision]: (f: A1PreparationFacts) => A1Finding<MetCode> } = {
  A1a: (f) => ({ code: 'access.a1a_met', params: { assetTag: f.workstation.assetTag } }),
  A1b: (f) => ({ code: 'access.a1b_met', params: { network: f.network.name, kind: f.network.kind } }),
  A1c: (f) => (f.target ? { code: 'access.a1c_met', params: { account: f.target.loginAccount } } : { code: 'access.a1c_deferred', params: {} }),
  A1d: (f) => ({ code: 'access.a1d_met', params: { username: f.executor.username, role: f.executor.role } }),
  A1e: (f) => ({ code: 'access.a1e_met', params: { network: f.network.name } }),
};

/** One provision at B2: passed when every rule of it passed; the finding says why. */
export interface A1ProvisionOutcome {
  readonly code: A1Code;
  readonly passed: boolean;
  readonly mandatory: boolean;
  /** The first failing rule's refusal, or what was met. */
  readonly finding: A1Refusal | A1Finding<MetCode>;
  /** Every rule evaluated for this provision. */
  readonly rules: readonly A1RuleResult[];
}

/**
 * B2: every A1 provision of the case's SOP version, from the rule table. Each outcome keeps its
 * finding so the case and the logbook show why a check passed or failed, not only that it did.
 */
export function runA1Checks(sop: SopDefinition, facts: A1PreparationFacts): A1ProvisionOutcome[] {
  const results = evaluateA1('preparation', facts);
  return sop.provisions.a1.items.map((p) => {
    const rules = results.filter((r) => r.provision === `A1${p.code}`);
    const failed = rules.find((r) => !r.passed);
    return {
      code: p.code, mandatory: p.mandatory, rules,
      ...(failed && !failed.passed ? { passed: false, finding: failed.refusal } : { passed: true, finding: MET[`A1${p.code}`](facts) }),
    };
  });
}
