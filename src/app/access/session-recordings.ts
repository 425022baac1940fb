import { DomainError } from '../../domain/errors.js';
import type { RecordingStore } from '../../ports/recording-store.js';
import type { SessionRecording } from '../../ports/repositories.js';

/** The key of a session channel's recording in the RecordingStore (stored as the recording's `file`). */
export const sessionRecordingKey = (sessionId: string, channel: number): string => `${sessionId}-${channel}.cast`;

/**
 * The recordings of a session whose process was killed, finished now: those it had finished keep
 * their hash, those it was writing are hashed as they are. Recovery may run again (a second
 * restart) and finds the same.
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
    const d = await recordings.finishAbandoned(key);
    out.push({ channel: Number(channel), file: key, sha256: d.sha256, bytes: d.bytes });
  }
  return out.sort((a, b) => a.channel - b.channel);
}
