import { z } from 'zod';
import { assertRegistryAdmin } from '../../domain/auth/registry.policy.js';
import { DomainError } from '../../domain/errors.js';
import { isRetired } from '../../domain/registry/retirement.js';
import { requireHost } from '../../domain/registry/target.js';
import type { HostKeyScanner } from '../../ports/host-key-scanner.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { name, parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { getTarget } from './registry-lookups.js';

/** What a scan read: the address asked, the key the server presents, and (for a registered target) the key pinned now. */
export interface HostKeyScan {
  readonly host: string;
  readonly port: number;
  /** `SHA256:…`, OpenSSH's form. */
  readonly fingerprint: string;
  readonly keyType: string;
  /** The registered target's pinned fingerprint; null for an address not registered yet. */
  readonly pinned: string | null;
}

type ScanDeps = AppDeps & { readonly hostKeyScanner: HostKeyScanner };

export const ScanAddressInput = z.object({
  host: z.string().trim().min(1).max(253),
  port: z.coerce.number().int().min(1).max(65535).default(22),
}).strict();
export const ScanTargetInput = z.object({ target: name() }).strict();

async function scan(deps: ScanDeps, host: string, port: number, pinned: string | null): Promise<HostKeyScan> {
  const key = await deps.hostKeyScanner.scan(host, port);
  return { host, port, fingerprint: key.fingerprint, keyType: key.keyType, pinned };
}

/**
 * Reads the SSH host key an address presents, before it is registered as a target (the page
 * shows the fingerprint for confirmation, then registers it with `registerTarget`). Superadmin
 * only: Jaga connects out to the address, so nobody else makes it do so. Nothing is changed; an
 * unreachable server is refused (`target.scan_failed`), logged like every refusal.
 */
export function scanAddressHostKey(deps: ScanDeps, inv: Invocation, raw: unknown): Promise<HostKeyScan> {
  return runUseCase(deps, inv, 'registry.target.scan_host_key', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(ScanAddressInput, raw);
    return scan(deps, requireHost(input.host), input.port, null);
  }, { readOnly: true });
}

/**
 * Reads the host key a registered target presents now, beside the one pinned (what `jaga target
 * scan-host-key` shows before asking to pin it): pinning it is `repinTargetHostKey(…, 'scan')`
 * with the fingerprint shown as `expected`. A retired target is refused before anything is read.
 */
export function scanTargetHostKey(deps: ScanDeps, inv: Invocation, raw: unknown): Promise<HostKeyScan> {
  return runUseCase(deps, inv, 'registry.target.scan_host_key', async (ctx) => {
    assertRegistryAdmin(ctx.actor, 'target');
    const input = parseInput(ScanTargetInput, raw);
    const t = await getTarget(ctx, input.target);
    if (isRetired(t.retiredAt)) throw DomainError.of('conflict', 'target.retired', { name: t.name });
    return scan(deps, t.host, t.port, t.hostKeyFingerprint);
  }, { readOnly: true });
}
