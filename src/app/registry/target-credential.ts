import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { SealedTargetCredential } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import type { KeyFingerprinter } from './register-workstation.js';

/** An OpenSSH (`BEGIN OPENSSH PRIVATE KEY`) or PEM (`BEGIN RSA/EC PRIVATE KEY`) block; nothing before or after it. */
const PRIVATE_KEY_BLOCK = /^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----$/;

/** The credential itself: exactly one of the three (checked by the use case, with its own error code). */
export const TargetCredentialBody = z.object({
  generate: z.literal(true).describe('make a new ed25519 key pair; the answer carries its public key for the target\'s authorized_keys').optional(),
  privateKey: z.string().trim().max(16 * 1024).regex(PRIVATE_KEY_BLOCK, 'an OpenSSH or PEM private key block')
    .describe('an unencrypted OpenSSH or PEM private key').optional(),
  password: z.string().min(1).max(1024).describe('the login account\'s password').optional(),
}).strict();

export const SetTargetCredentialInput = TargetCredentialBody.extend({ target: name() }).strict();

/** What is shown of a stored credential: never the secret. */
export interface TargetCredentialInfo {
  readonly target: string;
  readonly kind: SealedTargetCredential['kind'];
  /** For `private_key`: the authorized_keys line to install on the target. */
  readonly publicKey: string | null;
  readonly updatedAt: string;
}

/** A credential the gateway logs in to a target with, unsealed. */
export type TargetCredential = { kind: 'private_key'; privateKey: string } | { kind: 'password'; password: string };

/**
 * Sets (or replaces) the credential the gateway logs in to a target with: a new ed25519 key
 * pair, a supplied private key, or a password. Superadmin only, like the target registry. The
 * secret is sealed before it reaches the store and never leaves this use case: the answer and
 * the logbook carry the kind and the public key (fingerprint) only.
 */
export function setTargetCredential(deps: AppDeps & { fingerprint: KeyFingerprinter }, inv: Invocation, raw: unknown): Promise<TargetCredentialInfo> {
  return runUseCase(deps, inv, 'registry.target.credential_set', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(SetTargetCredentialInput, raw);
    const given = (['generate', 'privateKey', 'password'] as const).filter((k) => input[k] !== undefined);
    if (given.length !== 1) {
      throw DomainError.of('invalid', 'target.credential_choice', { given }, { given });
    }
    const target = await ctx.tx.targets.findByIdOrName(input.target);
    if (!target) throw notFound('target', input.target);
    let secret: string;
    let publicKey: string | null = null;
    if (input.generate) {
      const pair = deps.sshKeys.ed25519(`jaga-gateway@${target.name}`);
      secret = pair.privateKey;
      publicKey = pair.publicKey;
    } else if (input.privateKey !== undefined) {
      publicKey = deps.sshKeyInspector.publicKeyOf(input.privateKey);
      secret = `${input.privateKey}\n`;
    } else {
      secret = input.password as string;
    }
    const kind = publicKey === null ? 'password' : 'private_key';
    const replaced = (await ctx.tx.targetCredentials.findByTargetId(target.id)) !== undefined;
    const actorId = ctx.actor?.user.id as string; // runUseCase refuses a missing actor
    await ctx.tx.targetCredentials.upsert({
      targetId: target.id, kind, sealed: deps.secretBox.seal(secret), publicKey, updatedAt: ctx.now, updatedBy: actorId,
    });
    const publicKeyFingerprint = publicKey === null ? null : deps.fingerprint(publicKey.split(' ')[1] ?? '');
    ctx.log({ type: 'registry.target.credential_set', unitId: target.unitId, caseId: null,
      data: { targetId: target.id, name: target.name, kind, publicKeyFingerprint, replaced } });
    return { target: target.name, kind, publicKey, updatedAt: ctx.now };
  });
}

/**
 * The unsealed credential for a target, or null when none is set. For the gateway process only:
 * it has no acting user and shows the secret to no one.
 */
export async function loadTargetCredential(deps: AppDeps, targetId: string): Promise<TargetCredential | null> {
  const c = await deps.store.read((r) => r.targetCredentials.findByTargetId(targetId));
  if (!c) return null;
  let secret: string;
  try {
    secret = deps.secretBox.open(c.sealed);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw DomainError.of('precondition', 'target.credential_unreadable', {}, { targetId });
  }
  return c.kind === 'private_key' ? { kind: 'private_key', privateKey: secret } : { kind: 'password', password: secret };
}
