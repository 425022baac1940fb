import { DomainError } from '../../domain/errors.js';
import type { RecordingStore, SweptUpload } from '../../ports/recording-store.js';
import type { GatewaySession, SessionRecording } from '../../ports/repositories.js';

/** The key of a session channel's recording in the RecordingStore (stored as the recording's `file`). */
export const sessionRecordingKey = (sessionId: string, channel: number): string => `${sessionId}-${channel}.cast`;

/**
 * The recordings of a session whose process was killed, finished now: those it had finished keep
 * their hash, those it was writing are hashed as they are. Recovery may run again (a second
 * restart) and finds the same. In object storage, a recording whose node died before it uploaded
 * a part is aborted there and left out.
 */
export async function recoverSessionRecordings(recordings: RecordingStore, sessionId: string): Promise<SessionRecording[]> {
  let found;
  try {
    found = await recordings.list(`${sessionId}-`);
  } catch (err) {
    // An id no recording can be named after has none.
    if (err instanceof DomainError) return [];
    throw err;
  }
  const out: SessionRecording[] = [];
  for (const { key } of found) {
    const channel = /^-(\d{1,6})\.cast$/.exec(key.slice(sessionId.length))?.[1];
    if (channel === undefined) continue; // another session's, whose id starts with this one's
    let d;
    try {
      d = await recordings.finishAbandoned(key);
    } catch (err) {
      // Object storage: the node died before any part was uploaded; its upload is aborted, nothing is left to record.
      if (err instanceof DomainError && err.code === 'recording.upload_aborted') continue;
      throw err;
    }
    out.push({ channel: Number(channel), file: key, sha256: d.sha256, bytes: d.bytes });
  }
  return out.sort((a, b) => a.channel - b.channel);
}

/**
 * Object storage (issue 14): the uploads no session recovery reached (their session already
 * closed; its writer's finish failed, or its node died after) are finished or aborted too. Nodes
 * are alive while they confirm a session within `lostAfterMs`; this node always is.
 */
export async function sweepAbandonedUploads(recordings: RecordingStore, opts: { nodeId: string; open: readonly GatewaySession[]; now: number; lostAfterMs: number }): Promise<readonly SweptUpload[]> {
  if (!recordings.sweepAbandoned) return [];
  const lostBefore = opts.now - opts.lostAfterMs;
  const aliveNodes = new Set([opts.nodeId, ...opts.open.filter((s) => s.nodeId !== null && Date.parse(s.heartbeatAt ?? s.startedAt) >= lostBefore).map((s) => s.nodeId as string)]);
  return recordings.sweepAbandoned({ aliveNodes, staleBefore: new Date(lostBefore).toISOString() });
}
