/* eslint-disable @typescript-eslint/no-empty-object-type -- `{}` in ErrorParams says a message needs no value */
import type { CaseAction } from './auth/case.policy.js';
import type { CaseStepAction } from './case/case-lifecycle.js';
import type { CaseStatus } from './case/repair-case.js';
import type { StepCode, Text } from './sop/sop-definition.js';

/** The values of a `case.forbidden.*` refusal (the actor's role does not allow the action). */
export interface CaseForbiddenParams { readonly username: string; readonly role: string; readonly action: CaseAction }

/**
 * Every stable error code and the values its message needs. The words themselves live in one
 * catalogue outside the domain (`src/messages/error-messages.ts`), which must cover every code here
 * (the compiler checks it). Add a code to its area's section; `{}` means the message needs no value.
 */
export interface ErrorParams {
  // ── access (A1 rules, gateway decisions) ─────────────────────────────────────────────
  // Addresses and CIDRs (domain/access/cidr.ts).
  'ip.invalid': { text: string };
  'network.cidr_invalid': { text: string; problem: CidrProblem; bits: number };
  // A1 refusals: each maps to one provision (A1_PROVISION_OF in domain/access/a1-rules.ts).
  'access.key_not_registered': { fingerprint: string; username: string };
  'access.workstation_not_owned': { assetTag: string };
  'access.workstation_other_user': { assetTag: string };
  'access.source_unregistered': { sourceIp: string };
  'access.network_public': { network: string };
  'access.source_outside_network': { sourceIp: string; network: string; cidrs: readonly string[] };
  /** `target` when the account is a registered target's; without it, an account being registered. */
  'access.root_account': { account: string; target?: string };
  'access.user_inactive': { username: string };
  'access.workstation_retired': { assetTag: string };
  'access.network_retired': { network: string };
  'access.target_retired': { target: string };
  'access.executor_not_authorised': { username: string; target: string | null };
  'access.target_unregistered': { target: string };
  'access.no_open_case': { username: string; target: string };
  'access.b5_requires_intranet': { network: string };
  'access.network_insecure': { network: string };
  // What B2 records when a provision is met.
  'access.a1a_met': { assetTag: string };
  'access.a1b_met': { network: string; kind: string };
  'access.a1c_met': { account: string };
  'access.a1c_deferred': Record<never, never>;
  'access.a1d_met': { username: string; role: string };
  'access.a1e_met': { network: string };
  // The gateway's refusal names the provision; its words are those of the rule that refused.
  'gateway.A1a': GatewayRefusalParams;
  'gateway.A1b': GatewayRefusalParams;
  'gateway.A1c': GatewayRefusalParams;
  'gateway.A1d': GatewayRefusalParams;
  'gateway.A1e': GatewayRefusalParams;
  // Recording accesses (app/case/record-access.ts).
  'access.id_reserved': Record<never, never>;
  'access.not_prepared': Record<never, never>;
  'access.ambiguous': { open: number };



  // ── auth (sign-in, TOTP, tokens) ──────────────────────────────────────────────────────
  // Registry lifecycle (app/auth/change-password.ts, use-case.ts, http/server.ts):
  'auth.actor_deactivated': { username: string };
  'auth.password_change_required': {};
  'auth.current_password_wrong': {};



  // ── case (B1–B6 lifecycle, A2) ────────────────────────────────────────────────────────
  /** A move out of order: `already` when the case is past the step the move belongs to. */
  'case.wrong_step': { action: CaseStepAction; status: CaseStatus; step: StepCode | null; already: boolean };
  'case.a2_incomplete': { missing: readonly Text[] };
  'case.deviation_unexplained': { deviations: readonly { step: StepCode; overMinutes: number }[] };
  'case.self_approval': {};
  'deviation.none': { step: StepCode };
  'access.a1_failed': { failed: readonly { code: string; reason: Text }[] };
  'access.duplicate': { accessId: string };
  'access.before_first': {};
  'access.unknown': { accessId: string };
  'access.already_ended': { accessId: string };
  'access.end_before_start': {};
  'case.forbidden.report': CaseForbiddenParams;
  'case.forbidden.view': CaseForbiddenParams;
  'case.forbidden.acknowledge': CaseForbiddenParams;
  'case.forbidden.prepare': CaseForbiddenParams;
  'case.forbidden.access': CaseForbiddenParams;
  'case.forbidden.restore': CaseForbiddenParams;
  'case.forbidden.root_cause': CaseForbiddenParams;
  'case.forbidden.explain_deviation': CaseForbiddenParams;
  'case.forbidden.close': CaseForbiddenParams;
  'case.forbidden.approve': CaseForbiddenParams;
  'case.forbidden.cancel': CaseForbiddenParams;



  // ── registry (units, users, networks, workstations, targets, grants, credentials) ─────
  // Registry lifecycle (app/registry/*, domain/registry/*, domain/auth/registry.policy.ts):
  /** `what`: the registry's name as the policy call names it. */
  'registry.forbidden': { what: string };
  'registry.nothing_to_change': {};
  'user.password_too_short': { min: number };
  'user.password_same': {};
  'user.already_active': { username: string };
  'user.already_inactive': { username: string };
  'user.cannot_deactivate_self': {};
  'network.retired': { name: string };
  'target.retired': { name: string };
  'target.host_key_same': { fingerprint: string };
  'target.host_key_mismatch': { expected: string; scanned: string };
  /** `reason`: the SSH library's or the operating system's words for the failure. */
  'target.scan_failed': { host: string; port: number; reason: string };
  'workstation.retired': { assetTag: string };
  'workstation.key_not_found': { assetTag: string; fingerprint: string };
  'workstation.key_revoked': { fingerprint: string };
  'grant.already_revoked': { grantId: string };



  // ── logbook and SOP ──────────────────────────────────────────────────────────────────



  // ── recordings and gateway sessions ──────────────────────────────────────────────────
  'recording.not_found': { key: string };
  'recording.path_refused': { file: string };
  'recording.key_invalid': { key: string };
  'recording.exists': { key: string };
  'recording.not_finished': { key: string };
  'recording.range_invalid': { key: string; range: string; bytes: number };



  // ── input, config, store, HTTP and CLI edges ─────────────────────────────────────────
  'example.catalogue_probe': { value: string };
  'store.backup_unsupported': { dialect: string };
}

/** A stable machine code, e.g. `case.wrong_step`. */
export type ErrorCode = keyof ErrorParams;

/** The values a code's message needs (omitted when it needs none). */
export type ParamsArg<C extends ErrorCode> = keyof ErrorParams[C] extends never ? [params?: ErrorParams[C]] : [params: ErrorParams[C]];

// ── access: types of the values above ───────────────────────────────────────────────
/** Why a CIDR text was refused. */
export type CidrProblem = 'format' | 'address' | 'prefix_not_number' | 'prefix_too_long' | 'host_bits';
/** The values of a gateway refusal: the A1 rule's own refusal (its words are the rule's). */
export interface GatewayRefusalParams {
  // An inline type import keeps this file's head free of imports (every area edits this file).
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  readonly refusal: import('./access/a1-rules.js').A1Refusal;
}
