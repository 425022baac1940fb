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
  /**
   * The `jaga serve` node carrying it (JAGA_NODE_ID), where the nodes are known. A session of
   * another node is read from the store: its byte counts are those stored, its channels unknown
   * (empty), its last activity the node's last confirmation.
   */
  readonly node?: string;
}

/** What a read-only watcher of a live session receives: recording events as they happen, then the end. */
export type LiveSessionEvent =
  | { readonly type: 'channel'; readonly channel: number; readonly width: number; readonly height: number }
  | { readonly type: 'o' | 'i' | 'r'; readonly channel: number; readonly t: number; readonly data: string }
  | { readonly type: 'end'; readonly reason: EndReason }
  /**
   * Only for a session another node carries: its relay stopped without the end. `gone`: that node
   * no longer holds it (it ended meanwhile); `dropped`: the watch fell too far behind and was let go;
   * `unreachable`: that node stopped answering (or a message was lost), the session may still run.
   */
  | { readonly type: 'relay_lost'; readonly why: 'gone' | 'dropped' | 'unreachable' };

export interface LiveSessions {
  /**
   * This node's id when the sessions of the other nodes sharing the store are reachable through
   * `watch` and `terminate` (given the node that carries them); absent: only this process's.
   */
  readonly nodeId?: string;
  /** The sessions this process carries. */
  list(): LiveSessionInfo[];
  get(id: string): LiveSessionInfo | undefined;
  /**
   * Subscribes to a live session's events; returns the unsubscribe function, or null when no such
   * session runs here (nor, with `node`, is reachable there).
   */
  watch(id: string, listener: (e: LiveSessionEvent) => void, node?: string): (() => void) | null;
  /**
   * Ends a live session (the end is recorded as `terminated` by `by`) here or, with `node`, on that
   * node; false when no such session runs there. Throws `gateway_session.node_unreachable` when
   * that node does not answer.
   */
  terminate(id: string, by: string, node?: string): Promise<boolean>;
}
