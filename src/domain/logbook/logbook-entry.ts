/** What a use case asks the logbook to record. */
export interface LogbookEntryInput {
  /** Dotted event name, e.g. `case.reported`, `registry.network.created`, `refusal`. */
  readonly type: string;
  readonly actorId: string | null;
  readonly unitId: string | null;
  readonly caseId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A stored entry. `data` is kept as its canonical JSON text, exactly the bytes that were hashed. */
export interface LogbookEntry {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly actorId: string | null;
  readonly unitId: string | null;
  readonly caseId: string | null;
  readonly data: string;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
export const ENTRY_FORMAT_VERSION = 1;

const str = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

/**
 * The canonical serialisation of an entry: canonical JSON of
 * `{actor, at, case, data, prev, seq, type, unit, v}` (keys in that sorted order), with the
 * already-canonical data text embedded as is. Each entry commits to the previous one via `prev`.
 */
export function entryPayload(e: Omit<LogbookEntry, 'hash'>): string {
  return `{"actor":${str(e.actorId)},"at":${str(e.at)},"case":${str(e.caseId)},"data":${e.data},"prev":${str(e.prevHash)},`
    + `"seq":${e.seq},"type":${str(e.type)},"unit":${str(e.unitId)},"v":${ENTRY_FORMAT_VERSION}}`;
}
