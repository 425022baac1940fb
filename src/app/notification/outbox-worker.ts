import { backoffSeconds } from '../../domain/notification/notification-schedule.js';
import type { AttemptOutcome, DeliveryWithNotification } from '../../ports/notification-outbox.js';
import type { AppDeps } from '../app-deps.js';
import type { NotificationChannel } from './notification-channel.js';

export interface OutboxWorkerOptions {
  /** This process's name in the claims it takes (`JAGA_NODE_ID`). */
  readonly nodeId: string;
  readonly channels: readonly NotificationChannel[];
  /** From `JAGA_NOTIFY_*` (src/config/notify-config.ts). */
  readonly settings: { readonly maxAttempts: number; readonly backoffBaseSeconds: number; readonly backoffCapSeconds: number; readonly timeoutSeconds: number };
  /** Notifications fanned out, and deliveries claimed, per pass. */
  readonly batch?: number;
  /** The operator's log (a pass that failed as a whole). */
  readonly log?: (line: string) => void;
}

/** A claim outlives the delivery's timeout by this much before another worker may take the delivery again. */
const CLAIM_MARGIN_MS = 60_000;
/** What the delivery log keeps of a channel's words. */
const MAX_DETAIL = 500;

/**
 * Delivers the outbox. Each pass fans out new notifications (asks each channel for recipients,
 * one delivery row each) and then attempts the deliveries that are due, each claimed in a short
 * transaction, delivered outside any transaction with a timeout, and the outcomes recorded
 * together: delivered, tried again after an exponential back-off, or dead after the last attempt.
 * On PostgreSQL the claims skip rows another node holds (`FOR UPDATE SKIP LOCKED`), so every
 * delivery is attempted by one worker at a time and delivered once. Time comes from the Clock.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly deps: AppDeps, private readonly opts: OutboxWorkerOptions) {}

  /** One fan-out pass and one delivery pass, their deliveries awaited; returns what was done. */
  async runOnce(): Promise<{ fannedOut: number; attempted: number; delivered: number }> {
    const fannedOut = await this.fanOut();
    const claimed = await this.claim();
    const outcomes = await Promise.all(claimed.map((c) => this.attempt(c)));
    // One transaction (one commit) for the pass's outcomes; a claim not recorded (a crash) lapses and is taken again.
    if (outcomes.length > 0) {
      await this.deps.store.transaction(async (tx) => {
        for (const [i, o] of outcomes.entries()) await tx.notifications.recordAttempt((claimed[i] as DeliveryWithNotification).delivery.id, this.opts.nodeId, o);
      });
    }
    return { fannedOut, attempted: claimed.length, delivered: outcomes.filter((o) => o.status === 'delivered').length };
  }

  /** Polls every `pollSeconds`; a pass still running when the next is due is not overlapped. */
  start(pollSeconds: number): void {
    const tick = () => {
      if (this.running || this.stopped) return;
      this.running = this.runOnce().catch((err: unknown) => this.opts.log?.(`notifications: pass failed: ${(err as Error).message}`))
        .finally(() => { this.running = undefined; });
    };
    this.timer = setInterval(tick, pollSeconds * 1000);
    this.timer.unref();
    tick();
  }

  /** Stops polling and waits for the pass under way (its deliveries are recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async fanOut(): Promise<number> {
    const { deps, opts } = this;
    return deps.store.transaction(async (tx) => {
      const now = deps.clock.now().toISOString();
      const claimed = await tx.notifications.claimUnfanned(opts.batch ?? 50);
      let done = 0;
      for (const n of claimed) {
        let deliveries: { id: string; channel: NotificationChannel['kind']; recipient: string }[];
        try {
          deliveries = [];
          for (const ch of opts.channels) {
            for (const recipient of new Set(await ch.recipients(tx, n))) deliveries.push({ id: deps.ids.newId(), channel: ch.kind, recipient });
          }
        } catch (err) {
          // Left for the next pass; the others of this batch go on.
          opts.log?.(`notifications: recipients of ${n.id} (${n.type}) not read: ${(err as Error).message}`);
          continue;
        }
        await tx.notifications.fanOut(n.id, deliveries, now);
        done++;
      }
      return done;
    });
  }

  private claim(): Promise<DeliveryWithNotification[]> {
    const { deps, opts } = this;
    return deps.store.transaction((tx) => {
      const now = deps.clock.now();
      const until = new Date(now.getTime() + opts.settings.timeoutSeconds * 1000 + CLAIM_MARGIN_MS).toISOString();
      return tx.notifications.claimDue({ now: now.toISOString(), by: opts.nodeId, until, limit: opts.batch ?? 50 });
    });
  }

  /** Delivers one claimed delivery; what it came to (never throws). */
  private async attempt({ delivery, notification }: DeliveryWithNotification): Promise<AttemptOutcome> {
    const { deps, opts } = this;
    const channel = opts.channels.find((c) => c.kind === delivery.channel);
    let outcome: { ok: true; detail: string } | { ok: false; error: string };
    try {
      if (!channel) throw new Error(`no ${delivery.channel} channel is configured`);
      const detail = await withTimeout(channel.deliver(deps, delivery.recipient, notification, { id: delivery.id, attempt: delivery.attempts }),
        opts.settings.timeoutSeconds * 1000);
      outcome = { ok: true, detail };
    } catch (err) {
      outcome = { ok: false, error: (err instanceof Error ? err.message : String(err)) || 'failed' };
    }
    const at = deps.clock.now();
    const s = opts.settings;
    return outcome.ok ? { status: 'delivered', at: at.toISOString(), detail: outcome.detail.slice(0, MAX_DETAIL) }
      : delivery.attempts >= s.maxAttempts ? { status: 'dead', at: at.toISOString(), error: outcome.error.slice(0, MAX_DETAIL) }
        : { status: 'pending', at: at.toISOString(), error: outcome.error.slice(0, MAX_DETAIL),
          nextAttemptAt: new Date(at.getTime() + backoffSeconds(delivery.attempts, s.backoffBaseSeconds, s.backoffCapSeconds) * 1000).toISOString() };
  }
}

/** Settles with `p`, or fails after `ms` (the delivery itself may go on; its late result is ignored). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
