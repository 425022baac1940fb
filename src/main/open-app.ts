import { mkdirSync } from 'node:fs';
import { KyselyStore } from '../adapters/db/kysely-store.js';
import { loadOrCreateSigner } from '../adapters/system/ed25519-signer.js';
import { sha256Hex, sshFingerprint } from '../adapters/system/node-crypto.js';
import { randomIds } from '../adapters/system/random-ids.js';
import { scryptPasswordHasher } from '../adapters/system/scrypt-password-hasher.js';
import { systemClock } from '../adapters/system/system-clock.js';
import type { AppDeps } from '../app/app-deps.js';
import { appendToLogbook } from '../app/logbook/logbook-writer.js';
import type { KeyFingerprinter } from '../app/registry/register-workstation.js';
import { BUILTIN_SOPS } from '../domain/sop/builtin-sops.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../ports/clock.js';
import type { PasswordHasher } from '../ports/crypto.js';

export interface App extends AppDeps {
  readonly store: KyselyStore;
  readonly fingerprint: KeyFingerprinter;
  readonly config: Config;
}

/** Wires adapters to ports. The data directory is created owner-only. */
export function openApp(config: Config, overrides: { clock?: Clock; passwords?: PasswordHasher } = {}): App {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const clock = overrides.clock ?? systemClock;
  const store = KyselyStore.open(config.database, () => clock.now().toISOString());
  return {
    config, store, clock, ids: randomIds, sha256: sha256Hex, signer: loadOrCreateSigner(config.signingKeyFile),
    passwords: overrides.passwords ?? scryptPasswordHasher, fingerprint: sshFingerprint,
  };
}

/** Applies migrations and stores the SOP versions shipped with Jaga. */
export async function migrateApp(app: App): Promise<{ migrations: string[]; sops: string[] }> {
  const migrations = await app.store.migrate();
  const at = app.clock.now().toISOString();
  const sops: string[] = [];
  await app.store.transaction(async (tx) => {
    for (const sop of BUILTIN_SOPS) if (await tx.sops.ensure(sop, at)) sops.push(`${sop.code} ${sop.version}`);
    await appendToLogbook(tx.logbook, app, at, sops.map((s) => ({
      type: 'registry.sop.published', actorId: null, unitId: null, caseId: null, data: { sop: s, via: 'system' } })));
  });
  return { migrations, sops };
}
