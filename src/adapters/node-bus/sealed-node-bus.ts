import { createHash } from 'node:crypto';
import type { SecretBox } from '../../ports/crypto.js';
import type { NodeBus } from '../../ports/node-bus.js';
import { checkPayload } from './local-node-bus.js';

/**
 * The largest message a sealed bus carries, in UTF-8 bytes: sealed (AES-256-GCM, base64url, with
 * its 47-byte header) it still fits the NODE_BUS_MAX_PAYLOAD_BYTES of the bus under it.
 */
export const SEALED_NODE_BUS_MAX_PAYLOAD_BYTES = 5_600;
/** A message stamped further than this from the receiver's clock is refused: a replay, or a node whose clock is off. */
export const SEALED_NODE_BUS_MAX_AGE_MS = 60_000;
/** Refusals are logged at most once a minute, with their count (a flood of forged messages is one line a minute). */
const LOG_EVERY_MS = 60_000;

/** Which node a message is for, in fixed length (a node id may be long). */
const addressOf = (nodeId: string): string => createHash('sha256').update(nodeId).digest('hex').slice(0, 32);

/**
 * A NodeBus whose messages are sealed with the installation's data key (the SecretBox, which
 * every node of one installation holds), for the node they are addressed to, with the time they
 * were sent. Over PostgreSQL, anyone with the database's credentials can LISTEN to a node's
 * channel and NOTIFY it; through this bus they read nothing of a relayed session and cannot make
 * a node end or relay one. What is refused (not sealed with this key, altered, sealed for another
 * node, stamped more than SEALED_NODE_BUS_MAX_AGE_MS away) is dropped and logged with its reason.
 * A message replayed within that window is not told apart here: the relay numbers what it sends
 * (a repeated piece breaks the watch's sequence) and ending an ended session changes nothing.
 */
export function sealedNodeBus(inner: NodeBus, box: SecretBox, opts: { readonly now?: () => number; readonly log?: (line: string) => void } = {}): NodeBus {
  const now = opts.now ?? Date.now;
  const self = addressOf(inner.nodeId);
  let refused = 0;
  let loggedAt = -Infinity;
  const refuse = (why: string): void => {
    refused++;
    const t = now();
    if (t - loggedAt < LOG_EVERY_MS) return;
    loggedAt = t;
    opts.log?.(`node bus: refused ${refused} message(s) since the last such line; the latest: ${why}`);
    refused = 0;
  };
  return {
    nodeId: inner.nodeId,
    maxPayloadBytes: SEALED_NODE_BUS_MAX_PAYLOAD_BYTES,
    async send(to, payload) {
      checkPayload(payload, SEALED_NODE_BUS_MAX_PAYLOAD_BYTES);
      await inner.send(to, box.seal(`${now()}\n${addressOf(to)}\n${payload}`));
    },
    listen(listener) {
      return inner.listen((raw) => {
        let text: string;
        try {
          text = box.open(raw);
        } catch {
          refuse('not sealed with this installation\'s data key, or altered');
          return;
        }
        const a = text.indexOf('\n');
        const b = a < 0 ? -1 : text.indexOf('\n', a + 1);
        if (b < 0 || text.slice(a + 1, b) !== self) { refuse('sealed for another node'); return; }
        const at = Number(text.slice(0, a));
        if (!Number.isSafeInteger(at) || Math.abs(now() - at) > SEALED_NODE_BUS_MAX_AGE_MS) {
          refuse(`stamped ${Number.isSafeInteger(at) ? `${Math.round((now() - at) / 1000)} s ago` : 'without a time'}: a replay, or a node whose clock is off`);
          return;
        }
        listener(text.slice(b + 1));
      });
    },
    close: () => inner.close(),
  };
}
