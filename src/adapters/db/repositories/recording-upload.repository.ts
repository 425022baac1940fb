import type { Kysely, Selectable } from 'kysely';
import type { RecordingUpload, RecordingUploadLog, UploadedPart, UploadedTail, UploadState } from '../../../ports/recording-uploads.js';
import type { Database, RecordingUploadTable } from '../schema.js';

const toUpload = (r: Selectable<RecordingUploadTable>): RecordingUpload => ({
  key: r.key, nodeId: r.node_id, uploadId: r.upload_id, state: r.state as UploadState, parts: JSON.parse(r.parts) as UploadedPart[], tail: r.tail === null ? null : JSON.parse(r.tail) as UploadedTail,
  sha256: r.sha256, bytes: r.bytes === null ? null : Number(r.bytes), startedAt: r.started_at, updatedAt: r.updated_at, finishedAt: r.finished_at,
});

/** `recording_uploads` (migration 0015): one statement per call, outside any use case's transaction. */
export function recordingUploadRepository(db: Kysely<Database>): RecordingUploadLog {
  const findByKey = async (key: string): Promise<RecordingUpload | undefined> => {
    const r = await db.selectFrom('recording_uploads').selectAll().where('key', '=', key).executeTakeFirst();
    return r && toUpload(r);
  };
  return {
    insert: async (u) => {
      const r = await db.insertInto('recording_uploads')
        .values({ key: u.key, node_id: u.nodeId, upload_id: null, state: 'writing', parts: '[]', tail: null, sha256: null, bytes: null, started_at: u.startedAt, updated_at: u.startedAt, finished_at: null })
        .onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    findByKey,
    listWriting: async (prefix) => (await db.selectFrom('recording_uploads').selectAll().where('state', '=', 'writing').orderBy('key').execute())
      // Filtered here: `_` in a key is a LIKE wildcard, and the uploads being written are few.
      .filter((r) => r.key.startsWith(prefix)).map(toUpload),
    setUploadId: async (key, uploadId, at) => {
      await db.updateTable('recording_uploads').set({ upload_id: uploadId, updated_at: at }).where('key', '=', key).execute();
    },
    // Only the node writing a recording records its parts, one at a time: read, replace, write.
    recordPart: async (key, part, at) => {
      const u = await findByKey(key);
      if (!u) return;
      const parts = [...u.parts.filter((p) => p.number !== part.number), part].sort((a, b) => a.number - b.number);
      await db.updateTable('recording_uploads').set({ parts: JSON.stringify(parts), updated_at: at }).where('key', '=', key).execute();
    },
    recordTail: async (key, tail, at) => {
      await db.updateTable('recording_uploads').set({ tail: JSON.stringify(tail), updated_at: at }).where('key', '=', key).where('state', '=', 'writing').execute();
    },
    end: async (key, e) => {
      await db.updateTable('recording_uploads').set({ state: e.state, sha256: e.sha256, bytes: e.bytes, updated_at: e.at, finished_at: e.at })
        .where('key', '=', key).where('state', '=', 'writing').execute();
    },
    forget: async (key) => {
      await db.deleteFrom('recording_uploads').where('key', '=', key).where('state', '=', 'writing').where('parts', '=', '[]').execute();
    },
  };
}
