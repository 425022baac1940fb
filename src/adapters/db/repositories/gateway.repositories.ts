import type { Kysely } from 'kysely';
import type { EndReason } from '../../../domain/access/end-reason.js';
import type {
  GatewaySession, GatewaySessionRepository, SealedTargetCredential, SessionRecording, TargetCredentialRepository,
} from '../../../ports/repositories.js';
import type { Database, GatewaySessionRow } from '../schema.js';
import { visibleCaseIds } from './case.repository.js';

type Db = Kysely<Database>;

export function targetCredentialRepository(db: Db): TargetCredentialRepository {
  return {
    findByTargetId: async (targetId) => {
      const r = await db.selectFrom('target_credentials').selectAll().where('target_id', '=', targetId).executeTakeFirst();
      return r && {
        targetId: r.target_id, kind: r.kind, sealed: r.sealed, publicKey: r.public_key, updatedAt: r.updated_at, updatedBy: r.updated_by,
      } satisfies SealedTargetCredential;
    },
    upsert: async (c) => {
      const row = { kind: c.kind, sealed: c.sealed, public_key: c.publicKey, updated_at: c.updatedAt, updated_by: c.updatedBy };
      await db.insertInto('target_credentials').values({ target_id: c.targetId, ...row })
        .onConflict((oc) => oc.column('target_id').doUpdateSet(row)).execute();
    },
  };
}

const mapSession = (r: GatewaySessionRow): GatewaySession => ({
  id: r.id, caseId: r.case_id, unitId: r.unit_id, userId: r.user_id, targetId: r.target_id, workstationId: r.workstation_id,
  networkId: r.network_id, sourceIp: r.source_ip, keyFingerprint: r.key_fingerprint, startedAt: r.started_at, endedAt: r.ended_at,
  // The column holds only what finish() wrote: an EndReason.
  endReason: r.end_reason as EndReason | null, bytesUp: Number(r.bytes_up), bytesDown: Number(r.bytes_down),
  recordings: JSON.parse(r.recordings) as SessionRecording[], nodeId: r.node_id, heartbeatAt: r.heartbeat_at,
});

export function gatewaySessionRepository(db: Db): GatewaySessionRepository {
  const sessions = () => db.selectFrom('gateway_sessions').selectAll();
  return {
    insert: async (s) => {
      await db.insertInto('gateway_sessions').values({
        id: s.id, case_id: s.caseId, unit_id: s.unitId, user_id: s.userId, target_id: s.targetId, workstation_id: s.workstationId,
        network_id: s.networkId, source_ip: s.sourceIp, key_fingerprint: s.keyFingerprint, started_at: s.startedAt, ended_at: s.endedAt,
        end_reason: s.endReason, bytes_up: s.bytesUp, bytes_down: s.bytesDown, recordings: JSON.stringify(s.recordings),
        node_id: s.nodeId, heartbeat_at: s.heartbeatAt,
      }).execute();
    },
    heartbeat: async (ids, at) => {
      for (let i = 0; i < ids.length; i += 500) {
        await db.updateTable('gateway_sessions').set({ heartbeat_at: at }).where('id', 'in', ids.slice(i, i + 500)).where('ended_at', 'is', null).execute();
      }
    },
    finish: async (id, end) => {
      const r = await db.updateTable('gateway_sessions').set({
        ended_at: end.endedAt, end_reason: end.endReason, bytes_up: end.bytesUp, bytes_down: end.bytesDown, recordings: JSON.stringify(end.recordings),
      }).where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    findById: async (id) => {
      const r = await sessions().where('id', '=', id).executeTakeFirst();
      return r && mapSession(r);
    },
    listOpen: async () => (await sessions().where('ended_at', 'is', null).orderBy('started_at').orderBy('id').execute()).map(mapSession),
    listForCase: async (caseId) => (await sessions().where('case_id', '=', caseId).orderBy('started_at').orderBy('id').execute()).map(mapSession),
    search: async (f) => (await sessions()
      .$if(!f.visibility.all, (x) => x.where('case_id', 'in', visibleCaseIds(db, f.visibility)))
      .$if(f.userId !== undefined, (x) => x.where('user_id', '=', f.userId as string))
      .$if(f.targetId !== undefined, (x) => x.where('target_id', '=', f.targetId as string))
      .$if(f.startedFrom !== undefined, (x) => x.where('started_at', '>=', f.startedFrom as string))
      .$if(f.startedTo !== undefined, (x) => x.where('started_at', '<', f.startedTo as string))
      .orderBy('started_at', 'desc').orderBy('id', 'desc')
      .limit(Math.min(Math.max(f.limit, 0), 101)).offset(Math.max(f.offset, 0)).execute()).map(mapSession),
  };
}
