import type { EndReason } from '../domain/access/end-reason.js';

/** A gateway session that is running now (held in memory by the `jaga serve` process that carries it). */
export interface LiveSessionInfo {
  readonly id: string;
  readonly caseId: string;
  readonly unitId: string;
  readonly username: string;
  readonly target: string;
  readonly sourceIp: string;
  readonly network: string;
  readonly workstation: string;
  readonly startedAt: string;
  readonly lastActivityAt: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly channels: readonly { readonly channel: number; readonly kind: 'shell' | 'exec' | 'sftp'; readonly command: string | null; readonly pty: boolean }[];
}

/** What a read-only watcher of a live session receives: recording events as they happen, then the end. */
export type LiveSessionEvent =
  | { readonly type: 'channel'; readonly channel: number; readonly width: number; readonly height: number }
  | { readonly type: 'o' | 'i' | 'r'; readonly channel: number; readonly t: number; readonly data: string }
  | { readonly type: 'end'; readonly reason: EndReason };

export interface LiveSessions {
  list(): LiveSessionInfo[];
  get(id: string): LiveSessionInfo | undefined;
  /** Subscribes to a live session's events; returns the unsubscribe function, or null when no such session runs here. */
  watch(id: string, listener: (e: LiveSessionEvent) => void): (() => void) | null;
  /** Ends a live session (the end is recorded as `terminated` by `by`); false when no such session runs here. */
  terminate(id: string, by: string): Promise<boolean>;
}
