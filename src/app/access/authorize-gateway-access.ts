import { z } from 'zod';
import type { A1Facts, A1Refusal } from '../../domain/access/a1-rules.js';
import { A1_PROVISION_OF, firstA1Refusal } from '../../domain/access/a1-rules.js';
import type { IpAddress } from '../../domain/access/cidr.js';
import { requireIp } from '../../domain/access/cidr.js';
import { matchNetwork } from '../../domain/access/network-match.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { ACCESS_STATUSES, assignedExecutor } from '../../domain/case/repair-case.js';
import { DomainError } from '../../domain/errors.js';
import type { Network } from '../../domain/registry/network.js';
import type { Target } from '../../domain/registry/target.js';
import type { User } from '../../domain/registry/user.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../input.js';
import { runUseCase, type UseCaseContext } from '../use-case.js';

export const GatewayAccessInput = z.object({
  username: z.string().trim().min(1).max(64),
  target: z.string().trim().min(1).max(64),
  keyFingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  sourceIp: z.string().trim().min(1).max(64),
}).strict();

export interface GatewayAccessGrant {
  readonly user: User;
  readonly workstation: Workstation;
  readonly target: Target;
  readonly network: Network;
  /** The source address, parsed once here; the session start checks it again against the case. */
  readonly source: IpAddress;
  readonly case: RepairCase;
  /** Whether the user must also pass TOTP (keyboard-interactive) before the session opens. */
  readonly totpRequired: boolean;
  /** Connect: when the code was passed whose grace admits this connection without one (null: none applies). */
  readonly totpGraceFrom: string | null;
}

/** The gateway's settings for the decision. */
export interface GatewayAccessOptions {
  /**
   * Seconds after a TOTP pass at the gateway in which the same user, workstation key and source
   * address connect again without a code (like sudo's timestamp; counted from the pass, not
   * extended by use); 0: every connection asks.
   */
  readonly totpGraceSeconds: number;
  /** Whether a refusal is logged in full (false: the caller counts it; see the gateway's abuse limits). Default: always. */
  readonly logRefusal?: (err: DomainError) => boolean;
}

/**
 * The SSH gateway's connect-time decision: the A1 rule table's `connect` rows, the same table
 * B2 and access records use. A1a the key belongs to an organisation-owned workstation registered
 * to this user; A1b the source address is in an allowed, non-public network; A1c never root; A1d
 * an executor granted the unit/target with a case assigned to them in B3–B5 for this target, who
 * has TOTP enrolled; A1b also: the network is the target's unit's, or a national unit's (LKPP); A1e
 * intranet only while B5 is in progress. Every refusal is logged with its rule and reason
 * (runUseCase). The grant then asks for a TOTP code, unless the grace of an earlier pass by the
 * same user, key and address covers it (logged as `auth.totp_grace`).
 */
export function authorizeGatewayAccess(deps: AppDeps, raw: unknown, opts: GatewayAccessOptions = { totpGraceSeconds: 0 }): Promise<GatewayAccessGrant> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, 'gateway.connect', async (ctx) => {
    const input = parseInput(GatewayAccessInput, raw);
    const { grant, totpEnabledAt } = await decide(ctx, 'connect', input);
    const from = await graceFrom(ctx, grant.user, totpEnabledAt, input, opts.totpGraceSeconds);
    if (from === null) return grant;
    ctx.log({ type: 'auth.totp_grace', actorId: grant.user.id, unitId: grant.case.unitId, caseId: grant.case.id, data: {
      username: grant.user.username, target: grant.target.name, keyFingerprint: input.keyFingerprint, sourceIp: input.sourceIp,
      totpPassedAt: from, graceSeconds: opts.totpGraceSeconds,
    } });
    return { ...grant, totpRequired: false, totpGraceFrom: from };
  }, { requireActor: false, ...(opts.logRefusal ? { logRefusal: opts.logRefusal } : {}) });
}

/**
 * When the code was passed whose grace covers this user, key and address now, or null. A grace
 * from before the current enrolment (a TOTP reset and enrolling again) covers nothing.
 */
async function graceFrom(ctx: UseCaseContext, user: User, enabledAt: string | null, input: z.infer<typeof GatewayAccessInput>, seconds: number): Promise<string | null> {
  if (seconds <= 0 || !enabledAt) return null;
  const g = await ctx.tx.totpGrace.find(user.id, input.keyFingerprint, input.sourceIp);
  if (!g) return null;
  const passed = Date.parse(g.passedAt), now = Date.parse(ctx.now);
  return passed >= Date.parse(enabledAt) && passed <= now && now < passed + seconds * 1000 ? g.passedAt : null;
}

/**
 * The same decision again for a session that is open (the table's `recheck` rows): the rules hold
 * for as long as the access lasts, not only at connect time (a case that moves on to B5 while the
 * session comes over a VPN, a user deactivated, a key or grant withdrawn, the case taken off B3–B5
 * or reassigned). A refusal is logged under the session's case with its rule; the gateway then
 * ends the session.
 */
export function recheckGatewayAccess(deps: AppDeps, session: { caseId: string }, raw: unknown): Promise<GatewayAccessGrant> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, 'gateway.recheck', async (ctx) => {
    const input = parseInput(GatewayAccessInput, raw);
    return (await decide(ctx, 'recheck', input, session.caseId)).grant;
  }, { requireActor: false, caseId: session.caseId, readOnly: true });
}

/**
 * Loads the facts in the order the table asks for them and stops at the first refusal, so an
 * attempt that fails early (a wrong key) reads no more than it needs and learns nothing more.
 * Also returns when the executor's TOTP was enrolled (read once, for the grace).
 */
async function decide(ctx: UseCaseContext, phase: 'connect' | 'recheck', input: z.infer<typeof GatewayAccessInput>, sessionCaseId?: string):
  Promise<{ grant: GatewayAccessGrant; totpEnabledAt: string | null }> {
  const source = requireIp(input.sourceIp);
  let facts: A1Facts = { login: { username: input.username, keyFingerprint: input.keyFingerprint }, source };
  const learn = <F extends A1Facts>(more: F): F => {
    facts = { ...facts, ...more };
    const refusal = firstA1Refusal(phase, facts);
    if (refusal) throw gatewayRefusal(refusal, input, facts.case ?? null);
    return more;
  };
  const { executor: user, workstation } = learn({
    executor: (await ctx.tx.users.findByUsername(input.username)) ?? null,
    workstation: (await ctx.tx.workstations.findByKeyFingerprint(input.keyFingerprint)) ?? null,
  });
  const totpEnabledAt = (user && (await ctx.tx.mfa.findByUserId(user.id))?.enabledAt) || null;
  learn({ totpEnrolled: totpEnabledAt !== null });
  // Retired networks take part in the match, so that retiring an inner range (a compromised VPN
  // pool) refuses its addresses rather than letting them fall through to a wider intranet range.
  const { network } = learn({ network: matchNetwork(await ctx.tx.networks.list({ includeRetired: true }), source) ?? null });
  const { target } = learn({ targetName: input.target, target: (await ctx.tx.targets.findByName(input.target)) ?? null });
  const u = known(user), t = known(target);
  const n = known(network);
  learn({ unitId: t.unitId, grants: await ctx.tx.grants.listForUser(u.id), now: ctx.now, networkUnit: (await ctx.tx.units.findById(n.unitId)) ?? null });
  const open = (await ctx.tx.cases.list({ visibility: { all: true }, unitId: t.unitId, executorId: u.id, statuses: ACCESS_STATUSES, limit: 50 }))
    .filter((c) => c.targetId === t.id && assignedExecutor(c) === u.id);
  const found = (sessionCaseId === undefined ? open[0] : open.find((o) => o.id === sessionCaseId)) ?? null;
  const { case: c } = learn({ case: found, waitingCase: found || sessionCaseId !== undefined ? null : await waitingCase(ctx, u.id, t) });
  // Connect: the table has required an enrolment, so a code is asked for (unless a grace applies).
  const grant = { user: u, workstation: known(workstation), target: t, network: n, source, case: known(c),
    totpRequired: phase === 'connect', totpGraceFrom: null };
  return { grant, totpEnabledAt };
}

/**
 * The executor's case for this target that is acknowledged to them but not yet at B3 (its B2
 * checks failed, or B2 not recorded): what a refusal for want of an open case names, and logs under.
 */
async function waitingCase(ctx: UseCaseContext, userId: string, t: { id: string; unitId: string }): Promise<A1Facts['waitingCase']> {
  const early = (await ctx.tx.cases.list({ visibility: { all: true }, unitId: t.unitId, executorId: userId, statuses: ['acknowledged'], limit: 50 }))
    .filter((c) => c.targetId === t.id && assignedExecutor(c) === userId);
  const w = early[0];
  return w ? { id: w.id, status: w.status, a1Failed: w.preparation?.ready === false } : null;
}

/** A fact the table has already required (a rule refuses when it is missing). */
function known<T>(v: T | null): T {
  if (v === null) throw new Error('A1 table admitted a missing fact');
  return v;
}

/**
 * A refusal naming its provision (`gateway.A1x`, known from the refusal code's type) with who
 * tried what from where; kept in the logbook by runUseCase. Once a case is known it is named too.
 */
function gatewayRefusal(refusal: A1Refusal, input: z.infer<typeof GatewayAccessInput>, c: { id: string } | null): DomainError {
  const rule = A1_PROVISION_OF[refusal.code];
  return DomainError.of('forbidden', `gateway.${rule}`, { refusal }, {
    rule, username: input.username, target: input.target, sourceIp: input.sourceIp, ...refusal.details,
    ...(c ? { caseId: c.id, cause: refusal.code } : {}),
  });
}
