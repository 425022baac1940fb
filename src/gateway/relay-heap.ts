import { setFlagsFromString } from 'node:v8';

/**
 * Relayed data must not make V8 collect the whole heap every few tens of milliseconds. Each
 * relayed packet is a fresh off-heap buffer (the socket read, ssh2's outgoing packet: about two
 * bytes allocated per byte relayed), and V8 counts such buffers towards the old generation's limit
 * until a scavenge frees them. The gateway's heap is small (about 17 MiB live), and V8's adaptive
 * limit (about 41 MiB here) left too little room: a download through the gateway started a
 * mark-compact every ~60 ms ("allocation limit", with next to nothing promoted; --trace-gc and
 * --trace-incremental-marking on bench/gateway-load.bench.ts, echoBulk), each holding the event
 * loop 5–130 ms on a busy machine. Pinning the growth factor at the top of V8's adaptive range (4×
 * the live heap, 300 %) leaves the room: 2 mark-compacts instead of ~50 in the same run. The cost
 * is an old generation that may grow to 4× its live size before a full collection. V8 reads the
 * flag whenever it recomputes the limit, so setting it at run time works (Node 20, V8 11.3).
 */
const HEAP_GROWING_PERCENT = 300;
let heapTuned = false;
/** Called once by startSshGateway: process-wide, so only where the gateway runs. */
export function tuneHeapForRelay(): void {
  if (heapTuned) return;
  heapTuned = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
