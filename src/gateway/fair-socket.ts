import type { Socket } from 'node:net';

/**
 * Keystrokes must not queue behind bulk data. libuv reads a busy socket up to 32 times (64 KiB
 * each) per event-loop turn, and every byte a gateway session carries is decrypted and encrypted
 * again on this one thread: a bulk transfer would hold the loop for ~15 ms per turn while an echo
 * waits. Each socket instead gets `budget` bytes per turn; past it, it pauses until the next turn
 * (setImmediate), so every session gets its turn within a fraction of a millisecond.
 */
export function limitReadBurst(sock: Socket, budget = 128 * 1024): void {
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
