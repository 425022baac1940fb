import { BUILTIN_SOPS } from '../../domain/sop/builtin-sops.js';
import type { AppDeps } from '../app-deps.js';
import { appendToLogbook } from '../logbook/logbook-writer.js';

/** Applies schema migrations and stores (and logs) any built-in SOP version not yet stored. */
export async function migrateInstallation(deps: AppDeps): Promise<{ migrations: string[]; sops: string[] }> {
  const migrations = await deps.store.migrate();
  const at = deps.clock.now().toISOString();
  const sops: string[] = [];
  await deps.store.transaction(async (tx) => {
    for (const sop of BUILTIN_SOPS) if (await tx.sops.ensure(sop, at)) sops.push(`${sop.code} ${sop.version}`);
    await appendToLogbook(tx.logbook, deps, at, sops.map((s) => ({
      type: 'registry.sop.published', actorId: null, unitId: null, caseId: null, data: { sop: s, via: 'system' } })));
  });
  return { migrations, sops };
}
