import { isEligibleExecutor } from '../auth/case.policy.js';
import type { CaseStatus } from '../case/repair-case.js';
import type { ErrorCode, ErrorParams } from '../error-codes.js';
import type { Grant } from '../registry/grant.js';
import type { Network } from '../registry/network.js';
import { isAllowedNetwork, networkContains } from '../registry/network.js';
import type { Target } from '../registry/target.js';
import type { LpseUnit } from '../registry/unit.js';
import { isRetired } from '../registry/retirement.js';
import { isRootAccount } from '../registry/target.js';
import type { User } from '../registry/user.js';
import type { Workstation } from '../registry/workstation.js';
import type { A1Code } from '../sop/sop-definition.js';
import type { IpAddress } from './cidr.js';
import { formatIp } from './cidr.js';

/** An SOP-01 provision A1 a–e. */
export type A1Provision = `A1${A1Code}`;

/**
 * When the rules are evaluated: B2 preparation (every result is kept), an access being recorded
 * (manually, or the gateway's session start), the gateway's connect-time decision and its re-check
 * every 30 s while a session lasts (both refuse on the first failing rule).
 */
export const A1_PHASES = ['preparation', 'access', 'connect', 'recheck'] as const;
export type A1Phase = (typeof A1_PHASES)[number];

/**
 * Every A1 refusal and the provision it enforces. A code belongs to exactly one provision, so
 * whoever holds a refusal knows its rule by type, never by comparing strings.
 */
const REFUSALS = {
  'access.key_not_registered': 'A1a',
  'access.workstation_not_owned': 'A1a',
  'access.workstation_other_user': 'A1a',
  'access.workstation_retired': 'A1a',
  'access.source_unregistered': 'A1b',
  'access.network_public': 'A1b',
  'access.source_outside_network': 'A1b',
  'access.network_retired': 'A1b',
  'access.network_other_unit': 'A1b',
  'access.root_account': 'A1c',
  'access.user_inactive': 'A1d',
  'access.password_change_required': 'A1d',
  'access.executor_not_authorised': 'A1d',
  'access.target_unregistered': 'A1d',
  'access.no_open_case': 'A1d',
  'access.target_retired': 'A1d',
  'access.b5_requires_intranet': 'A1e',
  'access.network_insecure': 'A1e',
  'access.totp_not_enrolled': 'A1d',
} as const satisfies { readonly [C in ErrorCode]?: A1Provision };

export type A1RefusalCode = keyof typeof REFUSALS;
export const A1_PROVISION_OF: { readonly [C in A1RefusalCode]: A1Provision } = REFUSALS;
/** The refusal codes of one provision. */
export type A1RefusalCodeOf<P extends A1Provision> = { [C in A1RefusalCode]: (typeof REFUSALS)[C] extends P ? C : never }[A1RefusalCode];

/** A rule's verdict as a catalogue code with its values; `details` is machine data for the logbook. */
export type A1Finding<C extends ErrorCode = ErrorCode> = {
  [K in C]: { readonly code: K; readonly params: ErrorParams[K]; readonly details?: Readonly<Record<string, unknown>> };
}[C];
export type A1Refusal = A1Finding<A1RefusalCode>;

/**
 * What the rules look at. A fact left out is not known (yet): a rule that needs it is not
 * evaluated, so the gateway can decide step by step, loading the next fact only once the rules
 * over the facts it has pass. `null` is a fact too: looked up and not there.
 */
export interface A1Facts {
  /** Gateway: the login as presented. */
  readonly login?: { readonly username: string; readonly keyFingerprint: string };
  /** The executor (B2: the actor; gateway: the user of the login name, null when unknown). */
  readonly executor?: User | null;
  /** B2: the workstation stated; gateway: the one the key is registered to (null: none). */
  readonly workstation?: Workstation | null;
  /** The address the executor comes from; null when not stated (B2, manual records). */
  readonly source?: IpAddress | null;
  /** The network stated (B2, manual) or matched by the source (gateway; null: none matches). */
  readonly network?: Network | null;
  /** Gateway: the target name asked for. */
  readonly targetName?: string;
  /** The case's target (null: none on the case) or the one asked for (gateway; null: unregistered). */
  readonly target?: Target | null;
  /** The unit whose target is repaired. */
  readonly unitId?: string;
  readonly grants?: readonly Grant[];
  readonly now?: string;
  /** The case accessed (gateway: the one in B3–B5 assigned to the executor, null when none). */
  readonly case?: { readonly id: string; readonly status: CaseStatus } | null;
  /**
   * Gateway, when no case is in B3–B5: the executor's case for this target that has not got there
   * yet (acknowledged to them, B2 not passed), so the refusal can say which and why; null: none.
   */
  readonly waitingCase?: { readonly id: string; readonly status: CaseStatus; readonly a1Failed: boolean } | null;
  /** Gateway: whether the executor has TOTP enrolled (the gateway asks for it, or a grace covers it). */
  readonly totpEnrolled?: boolean;
  /** The unit the network belongs to (null: its record is gone), for whether it is national. */
  readonly networkUnit?: LpseUnit | null;
}

type Known<K extends keyof A1Facts> = { readonly [F in K]-?: Exclude<A1Facts[F], undefined> };

/** One row of the table: a pure predicate over the facts it needs, and what it refuses with. */
export interface A1Rule<Id extends string = string> {
  readonly id: Id;
  readonly provision: A1Provision;
  readonly phases: readonly A1Phase[];
  readonly needs: readonly (keyof A1Facts)[];
  /** Every code `check` may refuse with (each belongs to `provision`). */
  readonly refuses: readonly A1RefusalCode[];
  /** undefined when the rule holds; a refusal otherwise. Called only when every need is known. */
  readonly check: (facts: A1Facts) => A1Refusal | undefined;
}

function rule<const Id extends string, const K extends keyof A1Facts, P extends A1Provision, C extends A1RefusalCodeOf<P>>(r: {
  id: Id; provision: P; phases: readonly A1Phase[]; needs: readonly K[]; refuses: readonly C[];
  /** Every need is known; a fact it does not need may still be there, to word the refusal (`waitingCase`). */
  check: (f: Known<K> & Omit<A1Facts, K>) => A1Finding<C> | undefined;
}): A1Rule<Id> {
  // The evaluator calls `check` only when every need is known, which is what Known<K> says.
  return { ...r, check: (f) => r.check(f as Known<K> & Omit<A1Facts, K>) as A1Refusal | undefined };
}

const no = <C extends A1RefusalCode>(code: C, params: ErrorParams[C], details?: Record<string, unknown>): A1Finding<C> =>
  ({ code, params, ...(details ? { details } : {}) }) as A1Finding<C>;

const AT_GATEWAY = ['connect', 'recheck'] as const;
const ALWAYS = A1_PHASES;

/**
 * SOP-01 A1 as one table. Order matters where a phase stops at the first failure: it is the order
 * in which the gateway learns the facts, and B2 reports the first failing row of each provision.
 * A new rule (a revoked key, a retired network) is one row here and its code in REFUSALS.
 */
export const A1_RULES = [
  // An unknown or inactive user gets the same answer as a wrong key, so the gateway cannot be used
  // to learn which usernames exist; the logbook keeps the difference.
  rule({
    id: 'key_registered', provision: 'A1a', phases: AT_GATEWAY, needs: ['login', 'executor', 'workstation'], refuses: ['access.key_not_registered'],
    check: ({ login, executor: u, workstation: w }) => (u && u.username === login.username && u.active && w && w.assignedUserId === u.id ? undefined
      : no('access.key_not_registered', { fingerprint: login.keyFingerprint, username: login.username }, {
        fingerprint: login.keyFingerprint, ...(!u || u.username !== login.username ? { unknownUser: true } : !u.active ? { inactiveUser: true } : {}),
      })),
  }),
  // A password reset by the administrator must be changed before the person may act anywhere.
  rule({
    id: 'password_current', provision: 'A1d', phases: AT_GATEWAY, needs: ['executor'], refuses: ['access.password_change_required'],
    check: ({ executor: u }) => (u && u.passwordChangeRequired ? no('access.password_change_required', { username: u.username }) : undefined),
  }),
  // The workstation key alone is not enough: executors pass a second factor, so they must have one
  // (and a TOTP reset ends their open sessions at the next re-check).
  rule({
    id: 'totp_enrolled', provision: 'A1d', phases: AT_GATEWAY, needs: ['executor', 'totpEnrolled'], refuses: ['access.totp_not_enrolled'],
    check: ({ executor: u, totpEnrolled }) => (u && !totpEnrolled ? no('access.totp_not_enrolled', { username: u.username }) : undefined),
  }),
  rule({
    id: 'workstation_owned', provision: 'A1a', phases: ['preparation', ...AT_GATEWAY], needs: ['workstation'], refuses: ['access.workstation_not_owned'],
    check: ({ workstation: w }) => (w && !w.organisationOwned ? no('access.workstation_not_owned', { assetTag: w.assetTag }) : undefined),
  }),
  // Retired and revoked entries stay in the registry (the logbook names them) but admit no one.
  rule({
    id: 'workstation_in_service', provision: 'A1a', phases: ['preparation', ...AT_GATEWAY], needs: ['workstation'], refuses: ['access.workstation_retired'],
    check: ({ workstation: w }) => (w && isRetired(w.retiredAt) ? no('access.workstation_retired', { assetTag: w.assetTag }) : undefined),
  }),
  rule({
    id: 'workstation_assigned', provision: 'A1a', phases: ['preparation'], needs: ['workstation', 'executor'], refuses: ['access.workstation_other_user'],
    check: ({ workstation: w, executor: u }) => (w && u && w.assignedUserId !== null && w.assignedUserId !== u.id
      ? no('access.workstation_other_user', { assetTag: w.assetTag }) : undefined),
  }),
  rule({
    id: 'source_registered', provision: 'A1b', phases: AT_GATEWAY, needs: ['source', 'network'], refuses: ['access.source_unregistered'],
    check: ({ source, network }) => (source && !network ? no('access.source_unregistered', { sourceIp: formatIp(source) }) : undefined),
  }),
  rule({
    id: 'target_registered', provision: 'A1d', phases: AT_GATEWAY, needs: ['targetName', 'target'], refuses: ['access.target_unregistered'],
    check: ({ targetName, target }) => (!target || target.name !== targetName ? no('access.target_unregistered', { target: targetName }) : undefined),
  }),
  rule({
    id: 'target_in_service', provision: 'A1d', phases: ALWAYS, needs: ['target'], refuses: ['access.target_retired'],
    check: ({ target: t }) => (t && isRetired(t.retiredAt) ? no('access.target_retired', { target: t.name }) : undefined),
  }),
  rule({
    id: 'target_not_root', provision: 'A1c', phases: ALWAYS, needs: ['target'], refuses: ['access.root_account'],
    check: ({ target: t }) => (t && isRootAccount(t.loginAccount) ? no('access.root_account', { account: t.loginAccount, target: t.name }, { target: t.name }) : undefined),
  }),
  rule({
    id: 'user_active', provision: 'A1d', phases: ['preparation'], needs: ['executor'], refuses: ['access.user_inactive'],
    check: ({ executor: u }) => (u && !u.active ? no('access.user_inactive', { username: u.username }) : undefined),
  }),
  rule({
    id: 'executor_authorised', provision: 'A1d', phases: ['preparation', ...AT_GATEWAY], needs: ['executor', 'unitId', 'target', 'grants', 'now'],
    refuses: ['access.executor_not_authorised'],
    check: ({ executor: u, unitId, target, grants, now }) => (u && !isEligibleExecutor(u, unitId, target?.id ?? null, grants, now)
      ? no('access.executor_not_authorised', { username: u.username, target: target?.name ?? null }) : undefined),
  }),
  rule({
    id: 'case_assigned', provision: 'A1d', phases: AT_GATEWAY, needs: ['case', 'login', 'targetName'], refuses: ['access.no_open_case'],
    check: ({ case: c, login, targetName, waitingCase }) => (c ? undefined : no('access.no_open_case', {
      username: login.username, target: targetName,
      waiting: waitingCase ? { caseId: waitingCase.id, a1Failed: waitingCase.a1Failed } : null,
    }, waitingCase ? { caseId: waitingCase.id } : undefined)),
  }),
  rule({
    id: 'network_allowed', provision: 'A1b', phases: ALWAYS, needs: ['network'], refuses: ['access.network_public'],
    check: ({ network: n }) => (n && !isAllowedNetwork(n) ? no('access.network_public', { network: n.name }, { network: n.name }) : undefined),
  }),
  rule({
    id: 'network_in_service', provision: 'A1b', phases: ALWAYS, needs: ['network'], refuses: ['access.network_retired'],
    check: ({ network: n }) => (n && isRetired(n.retiredAt) ? no('access.network_retired', { network: n.name }) : undefined),
  }),
  rule({
    id: 'source_in_network', provision: 'A1b', phases: ALWAYS, needs: ['source', 'network'], refuses: ['access.source_outside_network'],
    check: ({ source: s, network: n }) => (s && n && !networkContains(n, s)
      ? no('access.source_outside_network', { sourceIp: formatIp(s), network: n.name, cidrs: n.cidrs }, { sourceIp: formatIp(s), network: n.name })
      : undefined),
  }),
  // A network admits access to its own unit's targets; a national unit's (LKPP) to every unit's.
  rule({
    id: 'network_unit', provision: 'A1b', phases: ALWAYS, needs: ['network', 'networkUnit', 'unitId'], refuses: ['access.network_other_unit'],
    check: ({ network: n, networkUnit: nu, unitId }) => (n && n.unitId !== unitId && !(nu?.id === n.unitId && nu.national)
      ? no('access.network_other_unit', { network: n.name, unit: nu?.code ?? n.unitId },
        { row: 'network_unit', network: n.name, networkUnitId: n.unitId, targetUnitId: unitId })
      : undefined),
  }),
  // SOP B5: "this follow-up is done over the LKPP/LPSE intranet".
  rule({
    id: 'b5_intranet', provision: 'A1e', phases: ['access', ...AT_GATEWAY], needs: ['case', 'network'], refuses: ['access.b5_requires_intranet'],
    check: ({ case: c, network: n }) => (c && n && c.status === 'restored' && !n.intranet
      ? no('access.b5_requires_intranet', { network: n.name }, { network: n.name }) : undefined),
  }),
  rule({
    id: 'network_protected', provision: 'A1e', phases: ['preparation'], needs: ['network'], refuses: ['access.network_insecure'],
    check: ({ network: n }) => (n && n.kind === 'public' ? no('access.network_insecure', { network: n.name }) : undefined),
  }),
] as const;

export type A1RuleId = (typeof A1_RULES)[number]['id'];

export type A1RuleResult =
  | { readonly rule: A1RuleId; readonly provision: A1Provision; readonly passed: true }
  | { readonly rule: A1RuleId; readonly provision: A1Provision; readonly passed: false; readonly refusal: A1Refusal };

/** The rules of `phase` whose facts are known, in table order, each passed or failed with its refusal. */
export function evaluateA1(phase: A1Phase, facts: A1Facts): A1RuleResult[] {
  const results: A1RuleResult[] = [];
  for (const r of A1_RULES) {
    if (!(r.phases as readonly A1Phase[]).includes(phase) || r.needs.some((k) => facts[k] === undefined)) continue;
    const refusal = r.check(facts);
    results.push(refusal ? { rule: r.id, provision: r.provision, passed: false, refusal } : { rule: r.id, provision: r.provision, passed: true });
  }
  return results;
}

/** The first refusal of `phase` over the facts known, if any (access time and the gateway). */
export function firstA1Refusal(phase: A1Phase, facts: A1Facts): A1Refusal | undefined {
  for (const r of evaluateA1(phase, facts)) if (!r.passed) return r.refusal;
  return undefined;
}
