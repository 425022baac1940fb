import type { NodeBus } from '../../ports/node-bus.js';
import { NODE_BUS_MAX_PAYLOAD_BYTES } from '../../ports/node-bus.js';

/** Refuses a payload the bus may not carry (every adapter holds to the port's rules). */
export function checkPayload(payload: string, max: number): void {
  if (Buffer.byteLength(payload, 'utf8') > max) throw new Error(`node bus: message longer than ${max} bytes`);
  // PostgreSQL text holds no NUL character.
  if (payload.includes('\0')) throw new Error('node bus: message with a NUL character');
}

/** A set of listeners, each called with every message; one that throws does not stop the others. */
export class Listeners {
  readonly #set = new Set<(payload: string) => void>();

  add(listener: (payload: string) => void): () => void {
    this.#set.add(listener);
    return () => { this.#set.delete(listener); };
  }

  emit(payload: string): void {
    for (const l of this.#set) {
      try {
        l(payload);
      } catch {
        // A listener's own failure is its own: the bus goes on delivering.
      }
    }
  }

  clear(): void {
    this.#set.clear();
  }
}

/**
 * Nodes in one process (SQLite: one node, so only its own messages; tests: several). A message
 * is delivered on a later turn of the event loop, in the order sent, like one over PostgreSQL.
 */
export class LocalNodeHub {
  readonly #nodes = new Map<string, Listeners>();

  bus(nodeId: string): NodeBus {
    const listeners = new Listeners();
    if (this.#nodes.has(nodeId)) throw new Error(`node bus: ${nodeId} is already on this hub`);
    this.#nodes.set(nodeId, listeners);
    let closed = false;
    return {
      nodeId,
      maxPayloadBytes: NODE_BUS_MAX_PAYLOAD_BYTES,
      send: async (to, payload) => {
        checkPayload(payload, NODE_BUS_MAX_PAYLOAD_BYTES);
        if (closed) throw new Error('node bus: closed');
        const target = this.#nodes.get(to);
        // Like NOTIFY to a channel nobody listens on: sent, and nobody hears it.
        if (target) setImmediate(() => target.emit(payload));
      },
      listen: (listener) => listeners.add(listener),
      close: async () => {
        closed = true;
        listeners.clear();
        if (this.#nodes.get(nodeId) === listeners) this.#nodes.delete(nodeId);
      },
    };
  }
}
