/**
 * The largest message a NodeBus carries, in UTF-8 bytes: below PostgreSQL NOTIFY's 8000-byte
 * payload limit with room to spare, so every adapter can hold to it.
 */
export const NODE_BUS_MAX_PAYLOAD_BYTES = 7_600;

/**
 * Messages between the `jaga serve` nodes that share one store, addressed by node id
 * (`JAGA_NODE_ID`): how a node asks the node carrying a gateway session to relay or end it.
 *
 * - `send` delivers one text message (at most `maxPayloadBytes`, no NUL character) to
 *   node `to`, or rejects when it cannot be sent now (no connection, too many sends waiting) or
 *   may not be sent at all (too long, a NUL).
 * - Messages from one node to another arrive in the order sent; any may be lost (a node that is
 *   down, a connection being made again), so receivers number what must arrive whole and treat
 *   silence as loss. Nothing is stored: a node that is not listening misses what was sent.
 * - `listen` hears every message sent to this node (its own included).
 */
export interface NodeBus {
  readonly nodeId: string;
  /** The longest message this bus carries, in UTF-8 bytes (at most NODE_BUS_MAX_PAYLOAD_BYTES; less for a bus that seals). */
  readonly maxPayloadBytes: number;
  send(to: string, payload: string): Promise<void>;
  /** Returns the function that stops listening. */
  listen(listener: (payload: string) => void): () => void;
  /** Stops listening and sending; what is in flight may be lost. */
  close(): Promise<void>;
}
