import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { isRetired } from '../../domain/registry/retirement.js';
import type { SshPublicKey, Workstation } from '../../domain/registry/workstation.js';
import { parseSshPublicKeyLine } from '../../domain/registry/workstation.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import type { UseCaseContext } from '../use-case.js';
import { getWorkstation, reason } from './registry-lookups.js';

/** Computes a key's fingerprint (an adapter concern: SHA-256 of the decoded blob). */
export type KeyFingerprinter = (base64Blob: string) => string;

const sshKeyLine = z.string().trim().min(1).max(4096);

export const RegisterWorkstationInput = z.object({
  assetTag: z.string().trim().min(1).max(64),
  serialNumber: z.string().trim().min(1).max(100),
  ownerUnit: name().optional(),
  assignedUser: name().optional(),
  organisationOwned: z.boolean(),
  sshKeys: z.array(sshKeyLine).max(16).default([]),
}).strict();

function toKey(line: string, fingerprint: KeyFingerprinter): SshPublicKey {
  const k = parseSshPublicKeyLine(line);
  return { publicKey: [k.type, k.base64, k.comment].filter(Boolean).join(' '), fingerprint: fingerprint(k.base64) };
}

async function findUserId(ctx: UseCaseContext, key: string | undefined): Promise<string | null> {
  if (key === undefined) return null;
  const u = await ctx.tx.users.findByIdOrUsername(key);
  if (!u) throw notFound('user', key);
  return u.id;
}

/** Registers a PC/notebook (A1a) with the SSH keys it authenticates with. */
export function registerWorkstation(deps: AppDeps & { fingerprint: KeyFingerprinter }, inv: Invocation, raw: unknown): Promise<Workstation> {
  return runUseCase(deps, inv, 'registry.workstation.create', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'workstation');
    const input = parseInput(RegisterWorkstationInput, raw);
    const unit = input.ownerUnit === undefined ? undefined : await ctx.tx.units.findByIdOrCode(input.ownerUnit);
    if (input.ownerUnit !== undefined && !unit) throw notFound('unit', input.ownerUnit);
    const w: Workstation = {
      id: deps.ids.newId(), assetTag: input.assetTag, serialNumber: input.serialNumber, ownerUnitId: unit?.id ?? null,
      assignedUserId: await findUserId(ctx, input.assignedUser), organisationOwned: input.organisationOwned,
      sshKeys: input.sshKeys.map((l) => toKey(l, deps.fingerprint)), createdAt: ctx.now,
    };
    await ctx.tx.workstations.insert(w);
    ctx.log({ type: 'registry.workstation.created', unitId: w.ownerUnitId, caseId: null, data: {
      workstationId: w.id, assetTag: w.assetTag, serialNumber: w.serialNumber, organisationOwned: w.organisationOwned,
      assignedUserId: w.assignedUserId, keys: w.sshKeys.map((k) => k.fingerprint) } });
    return w;
  });
}

export const AddWorkstationKeyInput = z.object({ workstation: name(), sshKey: sshKeyLine }).strict();

export function addWorkstationKey(deps: AppDeps & { fingerprint: KeyFingerprinter }, inv: Invocation, raw: unknown): Promise<SshPublicKey> {
  return runUseCase(deps, inv, 'registry.workstation.add_key', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'workstation');
    const input = parseInput(AddWorkstationKeyInput, raw);
    const w = await workstationInService(ctx, input.workstation);
    const key = toKey(input.sshKey, deps.fingerprint);
    await ctx.tx.workstations.addKey(w.id, key, ctx.now);
    ctx.log({ type: 'registry.workstation.key_added', unitId: w.ownerUnitId, caseId: null, data: { workstationId: w.id, assetTag: w.assetTag, fingerprint: key.fingerprint } });
    return key;
  });
}

async function workstationInService(ctx: UseCaseContext, key: string): Promise<Workstation> {
  const w = await getWorkstation(ctx, key);
  if (isRetired(w.retiredAt)) throw DomainError.of('conflict', 'workstation.retired', { assetTag: w.assetTag });
  return w;
}

const fingerprintField = () => z.string().trim().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'SHA256:… (43 base64 characters)');

export const RevokeWorkstationKeyBody = z.object({ fingerprint: fingerprintField(), reason: reason() }).strict();
export const RevokeWorkstationKeyInput = RevokeWorkstationKeyBody.extend({ workstation: name() }).strict();
export const ReplaceWorkstationKeyBody = RevokeWorkstationKeyBody.extend({ sshKey: sshKeyLine }).strict();
export const ReplaceWorkstationKeyInput = ReplaceWorkstationKeyBody.extend({ workstation: name() }).strict();

/** The key in service with this fingerprint; revoked or foreign keys are refused by name. */
function keyInService(w: Workstation, fingerprint: string): SshPublicKey {
  const key = w.sshKeys.find((k) => k.fingerprint === fingerprint);
  if (key) return key;
  if (w.revokedKeys?.some((k) => k.fingerprint === fingerprint)) throw DomainError.of('conflict', 'workstation.key_revoked', { fingerprint });
  throw DomainError.of('not_found', 'workstation.key_not_found', { assetTag: w.assetTag, fingerprint });
}

/**
 * Revokes one SSH key of a workstation (lost, leaked, or leaving): it authenticates nobody from
 * then on, open gateway sessions with it end at the next re-check. The key stays on record.
 */
export function revokeWorkstationKey(deps: AppDeps, inv: Invocation, raw: unknown): Promise<Workstation> {
  return runUseCase(deps, inv, 'registry.workstation.revoke_key', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'workstation');
    const input = parseInput(RevokeWorkstationKeyInput, raw);
    const w = await workstationInService(ctx, input.workstation);
    const key = keyInService(w, input.fingerprint);
    await ctx.tx.workstations.revokeKey(w.id, key.fingerprint, ctx.now);
    ctx.log({ type: 'registry.workstation.key_revoked', unitId: w.ownerUnitId, caseId: null,
      data: { workstationId: w.id, assetTag: w.assetTag, fingerprint: key.fingerprint, reason: input.reason } });
    return (await ctx.tx.workstations.findById(w.id)) as Workstation;
  });
}

/** Revokes a key and adds its successor in one step (a rotated key): never both, never neither. */
export function replaceWorkstationKey(deps: AppDeps & { fingerprint: KeyFingerprinter }, inv: Invocation, raw: unknown): Promise<Workstation> {
  return runUseCase(deps, inv, 'registry.workstation.replace_key', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'workstation');
    const input = parseInput(ReplaceWorkstationKeyInput, raw);
    const w = await workstationInService(ctx, input.workstation);
    const old = keyInService(w, input.fingerprint);
    const key = toKey(input.sshKey, deps.fingerprint);
    await ctx.tx.workstations.revokeKey(w.id, old.fingerprint, ctx.now);
    await ctx.tx.workstations.addKey(w.id, key, ctx.now);
    ctx.log({ type: 'registry.workstation.key_replaced', unitId: w.ownerUnitId, caseId: null,
      data: { workstationId: w.id, assetTag: w.assetTag, revoked: old.fingerprint, added: key.fingerprint, reason: input.reason } });
    return (await ctx.tx.workstations.findById(w.id)) as Workstation;
  });
}
