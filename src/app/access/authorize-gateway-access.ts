import { z } from 'zod';
import { checkAccess } from '../../domain/access/access-rules.js';
import { requireIp } from '../../domain/access/cidr.js';
import { matchNetwork } from '../../domain/access/network-match.js';
import { isEligibleExecutor } from '../../domain/auth/case.policy.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { ACCESS_STATUSES, assignedExecutor } from '../../domain/case/repair-case.js';
import { DomainError, forbidden } from '../../domain/errors.js';
import { bothOf } from '../../messages/catalogue.js';
import type { Network } from '../../domain/registry/network.js';
import type { Target } from '../../domain/registry/target.js';
import { isRootAccount } from '../../domain/registry/target.js';
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
  readonly case: RepairCase;
  /** Whether the user must also pass TOTP (keyboard-interactive) before the session opens. */
  readonly totpRequired: boolean;
}

/** A refusal naming the A1 rule, with who tried what from where (kept in the logbook). */
const refusal = (attempt: Record<string, unknown>) => (rule: string, id: string, en: string, details: Record<string, unknown> = {}) =>
  forbidden(`gateway.${rule}`, id, en, { rule, ...attempt, ...details });

/**
 * The SSH gateway's connect-time decision, with the same rules as every other transport:
 * A1a the key belongs to an organisation-owned workstation registered to this user; A1b/A1e the
 * source address is in an allowed, non-public network (intranet only while B5 is in progress);
 * A1c never root; A1d an executor granted the unit/target with a case assigned to them in B3–B5
 * for this target. Every refusal is logged with its rule and reason (runUseCase).
 */
export function authorizeGatewayAccess(deps: AppDeps, raw: unknown): Promise<GatewayAccessGrant> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, 'gateway.connect', (ctx) => decide(ctx, parseInput(GatewayAccessInput, raw)), { requireActor: false });
}

/**
 * The same decision again for a session that is open: the rules hold for as long as the access
 * lasts, not only at connect time (a case that moves on to B5 while the session comes over a VPN,
 * a user deactivated, a key or grant withdrawn, the case taken off B3–B5 or reassigned). A refusal
 * is logged under the session's case with its rule; the gateway then ends the session.
 */
export function recheckGatewayAccess(deps: AppDeps, session: { caseId: string }, raw: unknown): Promise<GatewayAccessGrant> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, 'gateway.recheck', async (ctx) => {
    const input = parseInput(GatewayAccessInput, raw);
    return decide(ctx, input, session.caseId);
  }, { requireActor: false, caseId: session.caseId, readOnly: true });
}

async function decide(ctx: UseCaseContext, input: z.infer<typeof GatewayAccessInput>, sessionCaseId?: string): Promise<GatewayAccessGrant> {
  const refuse = refusal({ username: input.username, target: input.target, sourceIp: input.sourceIp });
  const ip = requireIp(input.sourceIp);
  const user = await ctx.tx.users.find(input.username);
  const workstation = await ctx.tx.workstations.findByKeyFingerprint(input.keyFingerprint);
  // An unknown or inactive user gets the same answer as a wrong key, so the gateway cannot be
  // used to learn which usernames exist; the logbook keeps the difference.
  if (!user || user.username !== input.username || !user.active || !workstation || workstation.assignedUserId !== user.id) {
    throw refuse('A1a', `Kunci SSH ${input.keyFingerprint} tidak terdaftar pada workstation milik ${input.username}.`,
      `SSH key ${input.keyFingerprint} is not registered to a workstation of ${input.username}.`,
      { fingerprint: input.keyFingerprint, ...(!user || user.username !== input.username ? { unknownUser: true } : !user.active ? { inactiveUser: true } : {}) });
  }
  if (!workstation.organisationOwned) {
    throw refuse('A1a', `Workstation ${workstation.assetTag} bukan milik LKPP/LPSE.`, `Workstation ${workstation.assetTag} is not owned by LKPP/LPSE.`);
  }
  const network = matchNetwork(await ctx.tx.networks.list(), ip);
  if (!network) {
    throw refuse('A1b', `Alamat ${input.sourceIp} tidak berada dalam jaringan yang diizinkan.`, `Address ${input.sourceIp} is not in an allowed network.`, { sourceIp: input.sourceIp });
  }
  const target = await ctx.tx.targets.find(input.target);
  if (!target || target.name !== input.target) {
    throw refuse('A1d', `Target '${input.target}' tidak terdaftar.`, `Target '${input.target}' is not registered.`);
  }
  if (isRootAccount(target.loginAccount)) {
    throw refuse('A1c', `Target ${target.name} terdaftar dengan akun root; akses ditolak.`, `Target ${target.name} is registered with the root account; access refused.`);
  }
  const grants = await ctx.tx.grants.listForUser(user.id);
  if (!isEligibleExecutor(user, target.unitId, target.id, grants, ctx.now)) {
    throw refuse('A1d', `${user.username} tidak berwenang memperbaiki target ${target.name}.`, `${user.username} is not authorised to repair target ${target.name}.`);
  }
  const open = (await ctx.tx.cases.list({ visibility: { all: true }, unitId: target.unitId, executorId: user.id, statuses: ACCESS_STATUSES, limit: 50 }))
    .filter((c) => c.targetId === target.id && assignedExecutor(c) === user.id);
  const c = sessionCaseId === undefined ? open[0] : open.find((o) => o.id === sessionCaseId);
  if (!c) {
    throw refuse('A1d', `Tidak ada kasus B3–B5 untuk ${target.name} yang ditugaskan kepada ${user.username}: tanpa kasus, tanpa akses.`,
      `No case in B3–B5 for ${target.name} is assigned to ${user.username}: no case, no access.`);
  }
  try {
    checkAccess(c, network, target, input.sourceIp);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const rule = e.code === 'access.b5_requires_intranet' ? 'A1e' : e.code === 'access.root_account' ? 'A1c' : 'A1b';
    const text = bothOf(e);
    throw refuse(rule, text.id, text.en, { caseId: c.id, cause: e.code });
  }
  const mfa = await ctx.tx.mfa.find(user.id);
  return { user, workstation, target, network, case: c, totpRequired: !!mfa?.enabledAt };
}
