import type { LeaderLease } from '../../ports/leader-lease.js';
import type { AppDeps } from '../app-deps.js';
import type { NotificationChannel } from './notification-channel.js';
import { runNotificationTimers } from './notification-timers.js';
import type { OutboxWorkerOptions } from './outbox-worker.js';
import { OutboxWorker } from './outbox-worker.js';

/** How often the leader looks at the running clocks and the digests: a threshold is notified at most this late. */
export const TIMER_TICK_SECONDS = 30;

export interface NotificationServiceOptions {
  readonly nodeId: string;
  readonly channels: readonly NotificationChannel[];
  readonly settings: OutboxWorkerOptions['settings'] & { readonly pollSeconds: number; readonly thresholds: readonly number[] };
  readonly lease: LeaderLease;
  readonly log: (line: string) => void;
}

/**
 * What `jaga serve` runs for notifications: the outbox worker on every node, and the timers
 * (thresholds, weekly digests) on the one node holding the lease. Neither ever holds up a use case:
 * they run beside the requests, and a failure is only logged.
 */
export function startNotifications(deps: AppDeps, o: NotificationServiceOptions): { stop(): Promise<void>; timersTick(): Promise<void> } {
  const worker = new OutboxWorker(deps, { nodeId: o.nodeId, channels: o.channels, settings: o.settings, log: o.log });
  worker.start(o.settings.pollSeconds);
  let ticking: Promise<void> | undefined;
  const timersTick = async () => {
    try {
      if (await o.lease.holds()) await runNotificationTimers(deps, o.settings.thresholds);
    } catch (err) {
      o.log(`notifications: timers not run: ${(err as Error).message}`);
    }
  };
  const tick = () => { ticking ??= timersTick().finally(() => { ticking = undefined; }); };
  const timer = setInterval(tick, TIMER_TICK_SECONDS * 1000);
  timer.unref();
  tick();
  return {
    timersTick,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([worker.stop(), ticking]);
      await o.lease.release();
    },
  };
}
