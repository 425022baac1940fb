import type { Socket } from 'node:net';

/**
 * Keystrokes must not queue behind bulk data. libuv reads a busy socket up to 32 times (64 KiB
 * each) per event-loop turn, and every byte a gateway session carries is decrypted and encrypted
 * again on this one thread: a bulk transfer would hold the loop for ~15 ms per turn while an echo
 * waits. Each socket instead gets `budget` bytes per turn; past it, it pauses until the next turn
 * (setImmediate), so every session gets its turn within a fraction of a millisecond. 32 KiB is one
 * SSH packet of OpenSSH's: in bench/gateway.bench.ts it halved the echo median during a bulk
 * upload against 128 KiB (1.1–1.3 ms against 2.2–2.3 ms) and kept its p99 under 10 ms (4.9–6.5 ms,
 * against 6.6–21 ms), with the bulk rate unchanged within the runs' spread.
 */
export function limitReadBurst(sock: Socket, budget = 32 * 1024): void {
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
