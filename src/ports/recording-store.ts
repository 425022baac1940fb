/**
 * Where session recordings live: the only seam through which Jaga writes or reads them (the
 * local disk today, object storage later). A recording is a sequence of bytes under a key; it is
 * written once, in order, then finished, after which it never changes. Every adapter passes
 * `test/contract/recording-store.test.ts`.
 *
 * Keys are one or more `/`-separated names of letters, digits, `.`, `_` and `-` (each starting
 * with a letter, digit or `_`), at most 255 characters: the gateway uses `<session>-<channel>.cast`,
 * older rows may hold `2026/…`. A key that would leave the store (`..`, a leading `/`, a link
 * pointing out) is refused with `recording.path_refused`, any other malformed key with
 * `recording.key_invalid`.
 *
 * Failures the caller can explain are DomainErrors: `recording.not_found`, `recording.exists`,
 * `recording.not_finished`, `recording.range_invalid` (object storage also: `recording.held_by_node`
 * from `read`, `recording.upload_aborted` from `finishAbandoned`); a storage failure (disk full, I/O error) is
 * thrown as it is, and must end whatever depends on the recording (fail closed).
 */
export interface RecordingStore {
  /** Starts a new recording under `key`; an existing one is never overwritten (`recording.exists`). */
  create(key: string): Promise<RecordingWriter>;
  /**
   * The bytes of a recording, finished or not (then: what has been stored so far), whole or the
   * bytes [start, end) of it. An `end` past the end reads to the end; `start` at the end reads
   * nothing; a start past the end, a negative or fractional bound or `end < start` is
   * `recording.range_invalid`. For serving a whole recording use {@link open}.
   */
  read(key: string, range?: ByteRange): Promise<Uint8Array>;
  /** The recordings whose keys start with `prefix` (`''`: all), in key order. */
  list(prefix: string): Promise<RecordingInfo[]>;
  /**
   * Finishes a recording whose writer is gone without finishing it (a killed process): hashes
   * what is there and marks it finished. A finished one is left as it is and its digest returned,
   * so recovery may run again.
   */
  finishAbandoned(key: string): Promise<RecordingDigest>;
  /** A finished recording to download (`recording.not_finished` while it is still being written). */
  open(key: string): Promise<RecordingDownload>;
  /**
   * Resolves when a recording could be stored now (`/readyz`): writes a small probe outside the
   * key space, makes it durable as a recording would be, and removes it; rejects with the storage
   * failure otherwise. Leaves nothing that `list` shows, and may run on several nodes at once.
   */
  probeWritable(): Promise<void>;
  /**
   * Object storage only (issue 14): finishes or aborts the uploads no process writes any more —
   * this node's own that no writer of this process holds, and those of nodes not in `aliveNodes`
   * unchanged since `staleBefore` — as {@link finishAbandoned} does. A store without uploads has none.
   */
  sweepAbandoned?(opts: { aliveNodes: ReadonlySet<string>; staleBefore: string }): Promise<readonly SweptUpload[]>;
}

/** What the sweeper did with one upload (`failed`: left for the next sweep). */
export interface SweptUpload {
  readonly key: string;
  readonly nodeId: string;
  readonly outcome: 'finished' | 'recovered' | 'aborted' | 'failed';
}

/** Appends to one recording; obtained from {@link RecordingStore.create}. */
export interface RecordingWriter {
  readonly key: string;
  /**
   * Stores `bytes` after everything appended before (calls are kept in order even when not
   * awaited). Rejects when they cannot be stored; the writer is then failed and every later
   * append rejects too.
   */
  append(bytes: Uint8Array): Promise<void>;
  /**
   * Makes what was stored durable and marks the recording finished; resolves with its digest.
   * After a failed append it finishes what was stored before the failure. Rejects when the
   * recording cannot be made durable: it then stays unfinished ({@link RecordingStore.finishAbandoned}).
   * Calling it again returns the same digest.
   */
  finish(): Promise<RecordingDigest>;
  /** The digest of the bytes stored so far (what a rejected finish leaves behind). */
  written(): RecordingDigest;
}

/** A recording's SHA-256 (lower-case hex) and size in bytes. */
export interface RecordingDigest {
  readonly sha256: string;
  readonly bytes: number;
}

export interface RecordingInfo {
  readonly key: string;
  readonly bytes: number;
  readonly finished: boolean;
}

/** Bytes [start, end): `end` absent or past the end means to the end. */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

/** A finished recording opened for download: its bytes once, with size and hash. */
export interface RecordingDownload extends RecordingDigest {
  readonly key: string;
  /** Read it once; reading to the end, or stopping early, releases what the download holds. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Releases the download without reading it (e.g. it was refused after opening). */
  close(): Promise<void>;
}
