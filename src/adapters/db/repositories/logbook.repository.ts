import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Checkpoint } from '../../../domain/logbook/checkpoint.js';
import type { LogbookEntry } from '../../../domain/logbook/logbook-entry.js';
import type { LogbookRepository } from '../../../ports/repositories.js';
import type { Dialect } from '../dialect.js';
import type { Database, LogbookRow } from '../schema.js';

const toEntry = (r: LogbookRow): LogbookEntry => ({
  seq: r.seq, at: r.at, type: r.type, actorId: r.actor_id, unitId: r.unit_id, caseId: r.case_id, data: r.data, prevHash: r.prev_hash, hash: r.hash,
});

type Row = [number, string, string, string | null, string | null, string | null, string, string, string];
const fromRow = (r: Row): LogbookEntry => ({
  seq: r[0], at: r[1], type: r[2], actorId: r[3], unitId: r[4], caseId: r[5], data: r[6], prevHash: r[7], hash: r[8],
});

/**
 * On SQLite, full scans (verification) read pages straight from better-sqlite3 as arrays: the
 * row-object mapping of the query builder costs more than hashing the entry. Each page is read
 * synchronously, so no statement stays open across an await on the shared connection.
 */
function sqliteScanner(sqlite: SqliteDatabase.Database): (after: number, limit: number) => LogbookEntry[] {
  const stmt = sqlite.prepare('SELECT seq, at, type, actor_id, unit_id, case_id, data, prev_hash, hash FROM logbook WHERE seq > ? ORDER BY seq LIMIT ?').raw(true);
  return (after, limit) => (stmt.all(after, limit) as Row[]).map(fromRow);
}

export function logbookRepository(db: Kysely<Database>, dialect: Dialect, sqlite?: SqliteDatabase.Database): LogbookRepository {
  let scanPage: ((after: number, limit: number) => LogbookEntry[]) | undefined;
  const readHead = async () => {
    const h = await db.selectFrom('logbook_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: h.seq, hash: h.hash };
  };
  return {
    // SQLite holds the write lock from BEGIN IMMEDIATE; PostgreSQL locks the head row.
    lockHead: async () => {
      const h = await db.selectFrom('logbook_head').select(['seq', 'hash']).where('id', '=', 1)
        .$if(dialect === 'postgres', (q) => q.forUpdate()).executeTakeFirstOrThrow();
      return { seq: h.seq, hash: h.hash };
    },
    append: async (e) => {
      await db.insertInto('logbook').values({
        seq: e.seq, at: e.at, type: e.type, actor_id: e.actorId, unit_id: e.unitId, case_id: e.caseId, data: e.data, prev_hash: e.prevHash, hash: e.hash,
      }).execute();
      await db.updateTable('logbook_head').set({ seq: e.seq, hash: e.hash }).where('id', '=', 1).execute();
    },
    insertCheckpoint: async (c) => {
      await db.insertInto('logbook_checkpoints').values({ seq: c.seq, hash: c.hash, at: c.at, key_id: c.keyId, signature: c.signature }).execute();
    },
    readHead,
    scan: async function* ({ fromSeq = 1, pageSize = 5000 }) {
      let after = fromSeq - 1;
      if (sqlite) scanPage ??= sqliteScanner(sqlite);
      for (;;) {
        const page = scanPage ? scanPage(after, pageSize)
          : (await db.selectFrom('logbook').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute()).map(toEntry);
        if (page.length === 0) return;
        yield page;
        after = (page[page.length - 1] as LogbookEntry).seq;
      }
    },
    page: async ({ afterSeq, limit, unitId }) => (await db.selectFrom('logbook').selectAll().where('seq', '>', afterSeq)
      .$if(unitId !== undefined, (q) => q.where('unit_id', '=', unitId as string)).orderBy('seq').limit(limit).execute()).map(toEntry),
    range: async function* ({ from, to, unitId, pageSize = 2000 }: { from?: string; to?: string; unitId?: string; pageSize?: number }) {
      let after = 0;
      for (;;) {
        const rows = await db.selectFrom('logbook').selectAll().where('seq', '>', after)
          .$if(from !== undefined, (q) => q.where('at', '>=', from as string))
          .$if(to !== undefined, (q) => q.where('at', '<', to as string))
          .$if(unitId !== undefined, (q) => q.where('unit_id', '=', unitId as string))
          .orderBy('seq').limit(pageSize).execute();
        if (rows.length === 0) return;
        yield rows.map(toEntry);
        after = (rows[rows.length - 1] as LogbookRow).seq;
      }
    },
    checkpoints: async () => (await db.selectFrom('logbook_checkpoints').selectAll().orderBy('seq').execute())
      .map((r): Checkpoint => ({ seq: r.seq, hash: r.hash, at: r.at, keyId: r.key_id, signature: r.signature })),
    findEntry: async (seq) => {
      const r = await db.selectFrom('logbook').selectAll().where('seq', '=', seq).executeTakeFirst();
      return r && toEntry(r);
    },
    listForCase: async (caseId, types) => types.length === 0 ? [] : (await db.selectFrom('logbook').selectAll()
      .where('case_id', '=', caseId).where('type', 'in', [...types]).orderBy('seq').execute()).map(toEntry),
    listOfType: async (type, { afterSeq, limit }) => (await db.selectFrom('logbook').selectAll()
      .where('type', '=', type).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()).map(toEntry),
  };
}
