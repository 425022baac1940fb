/**
 * The record an object-storage RecordingStore keeps of each recording's upload (table
 * `recording_uploads`, migration 0015): which node writes it, its multipart upload, every part
 * with its size and SHA-256, and at the end the whole object's SHA-256 and size. Shared by every
 * node on one store, so any node can tell who holds a live recording and finish or abort what a
 * dead node left. Each call is one statement of its own, never part of a use case's transaction.
 */
export interface RecordingUploadLog {
  /** Starts the record of a new upload; false when `key` already has one (the key is taken). */
  insert(u: { key: string; nodeId: string; startedAt: string }): Promise<boolean>;
  findByKey(key: string): Promise<RecordingUpload | undefined>;
  /** Uploads still `writing`, in key order, whose key starts with `prefix`. */
  listWriting(prefix: string): Promise<RecordingUpload[]>;
  /** The multipart upload was started with this id. */
  setUploadId(key: string, uploadId: string, at: string): Promise<void>;
  /** A part reached the object storage (a part uploaded again under its number replaces it). */
  recordPart(key: string, part: UploadedPart, at: string): Promise<void>;
  /** The bytes after the last whole part reached the object storage as the upload's tail object (replacing the one before). */
  recordTail(key: string, tail: UploadedTail, at: string): Promise<void>;
  /** The upload ends: `finished` (by its writer or from its spool), `recovered` (from its parts), or `aborted` (nothing usable). */
  end(key: string, end: { state: Exclude<UploadState, 'writing'>; sha256: string | null; bytes: number | null; at: string }): Promise<void>;
  /** Forgets an upload that never stored a byte (its spool could not even be created). */
  forget(key: string): Promise<void>;
}

export type UploadState = 'writing' | 'finished' | 'recovered' | 'aborted';

export interface UploadedPart {
  readonly number: number;
  readonly bytes: number;
  readonly sha256: string;
  /** The ETag the object storage answered, needed to complete the upload. */
  readonly etag: string;
}

/** What the tail object holds: the recording's bytes [start, start + bytes), for a recovery when its node dies. */
export interface UploadedTail {
  readonly start: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface RecordingUpload {
  readonly key: string;
  readonly nodeId: string;
  readonly uploadId: string | null;
  readonly state: UploadState;
  /** In part-number order. */
  readonly parts: readonly UploadedPart[];
  /** The latest tail object, or null. */
  readonly tail: UploadedTail | null;
  readonly sha256: string | null;
  readonly bytes: number | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}
