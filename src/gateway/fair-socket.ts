import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';

/**
 * Relayed data must not make V8 collect the whole heap every few tens of milliseconds. Each
 * relayed packet is a fresh off-heap buffer (the socket read, ssh2's outgoing packet: about two
 * bytes allocated per byte relayed); V8 counts off-heap bytes allocated since the last full
 * collection against the old generation's limit, and frees short-lived buffers only at the next
 * scavenge, which comes after 32 MiB of them. The gateway's heap is small (≈ 17 MiB), so V8's
 * adaptive limit (≈ 2.4 × the live heap here) left less room than that: a 250 MiB/s download
 * caused a mark-compact every ~60 ms, holding the event loop 5–130 ms each on a busy machine
 * (bench/gateway-load.bench.ts, echoBulk). Pinning the growth factor at V8's own maximum (4×, i.e.
 * 300 %) leaves the room; the old generation may then grow to 4× its live size before a full
 * collection, which is what V8 allows a fast collector anyway. Read by V8 at each collection, so
 * setting it at run time works (Node 20, V8 11.3; checked with --trace-gc).
 */
const HEAP_GROWING_PERCENT = 300;
let heapTuned = false;
function tuneHeapForRelay(): void {
  if (heapTuned) return;
  heapTuned = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Keystrokes must not queue behind bulk data. libuv reads a busy socket up to 32 times (64 KiB
 * each) per event-loop turn, and every byte a gateway session carries is decrypted and encrypted
 * again on this one thread: a bulk transfer would hold the loop for ~15 ms per turn while an echo
 * waits. Each socket instead gets `budget` bytes per turn; past it, it pauses until the next turn
 * (setImmediate), so every session gets its turn within a fraction of a millisecond. The first
 * call also sets the heap's growth factor for relaying (tuneHeapForRelay, above).
 */
export function limitReadBurst(sock: Socket, budget = 128 * 1024): void {
  tuneHeapForRelay();
  let used = 0;
  let waiting = false;
  sock.on('data', (d: Buffer) => {
    used += d.length;
    if (used < budget || waiting) return;
    waiting = true;
    sock.pause();
    setImmediate(() => {
      used = 0;
      waiting = false;
      if (!sock.destroyed) sock.resume();
    });
  });
}
