import type { Kysely } from 'kysely';
import { deepFreeze } from '../../../domain/deep-freeze.js';
import type { SopDefinition } from '../../../domain/sop/sop-definition.js';
import type { SopRepository } from '../../../ports/repositories.js';
import type { Database } from '../schema.js';

/** Parsed definitions by `code@version`; stored versions never change (ensure only inserts). */
export type SopCache = Map<string, SopDefinition>;

export function sopRepository(db: Kysely<Database>, cache: SopCache = new Map()): SopRepository {
  return {
    ensure: async (sop, at) => {
      const exists = await db.selectFrom('sop_versions').select('code')
        .where('code', '=', sop.code).where('version', '=', sop.version).executeTakeFirst();
      if (exists) return false;
      await db.insertInto('sop_versions').values({
        code: sop.code, version: sop.version, effective_on: sop.identity.effectiveOn, definition: JSON.stringify(sop), created_at: at,
      }).execute();
      return true;
    },
    findByVersion: async (code, version) => {
      const key = `${code}@${version}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const r = await db.selectFrom('sop_versions').select('definition').where('code', '=', code).where('version', '=', version).executeTakeFirst();
      if (!r) return undefined;
      const sop = deepFreeze(JSON.parse(r.definition) as SopDefinition);
      cache.set(key, sop);
      return sop;
    },
    findCurrent: async (code) => {
      const r = await db.selectFrom('sop_versions').select('definition').where('code', '=', code)
        .orderBy('effective_on', 'desc').orderBy('created_at', 'desc').executeTakeFirst();
      return r && (JSON.parse(r.definition) as SopDefinition);
    },
    list: async () => (await db.selectFrom('sop_versions').select(['code', 'version', 'effective_on']).orderBy('code').orderBy('effective_on').execute())
      .map((r) => ({ code: r.code, version: r.version, effectiveOn: r.effective_on })),
  };
}
