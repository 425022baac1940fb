import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { checkpointPayload } from '../../domain/logbook/checkpoint.js';
import { DomainError } from '../../domain/errors.js';
import type { CheckpointVerifier } from '../../ports/crypto.js';
import type { Witness } from '../../ports/witness.js';
import type { AppDeps } from '../app-deps.js';
import { createCheckpoint } from './create-checkpoint.js';
import type { WitnessedCheckpoints } from './verify-logbook.js';

/**
 * The witness's side: a checkpoint is kept only when the witnessed installation's key signed it
 * (a forged one is refused, `witness.checkpoint_forged`), and never in place of a different one
 * already held at its sequence number (`witness.checkpoint_rewritten`, from the store).
 */
export async function acceptWitnessedCheckpoint(store: Witness, key: CheckpointVerifier, cp: Checkpoint): Promise<'stored' | 'held'> {
  if (cp.keyId !== key.keyId || !key.verify(checkpointPayload(cp), cp.signature)) {
    throw DomainError.of('forbidden', 'witness.checkpoint_forged', { seq: cp.seq });
  }
  return store.push(cp);
}

/** A checkpoint of the head when there are entries since the last one; the latest checkpoint either way (null: empty logbook). */
export async function checkpointIfNew(deps: AppDeps): Promise<Checkpoint | null> {
  const { head, latest } = await deps.store.read(async (r) => {
    const all = await r.logbook.checkpoints();
    return { head: await r.logbook.readHead(), latest: all[all.length - 1] ?? null };
  });
  if (head.seq === 0) return null;
  if (latest && latest.seq >= head.seq) return latest;
  return createCheckpoint(deps);
}

/** What each witness holds, read for `jaga logbook verify --witness`. */
export async function readWitnesses(witnesses: readonly Witness[]): Promise<WitnessedCheckpoints[]> {
  return Promise.all(witnesses.map(async (w) => ({ witness: w.name, checkpoints: await w.list() })));
}

export interface WitnessPushOptions {
  /** Attempts per push before it is left for the next checkpoint (default 5). */
  readonly attempts?: number;
  /** The first retry's wait; each further one doubles it (default 1 s). */
  readonly backoffMs?: number;
  /** The operator log (a failure is written there, never to the logbook it protects). */
  readonly log: (line: string) => void;
  /** issue 13: a push given up (every attempt failed, or a rewrite refused), to be notified. */
  readonly onGiveUp?: (witness: string, cp: Checkpoint, reason: string) => void;
}

/**
 * Pushes checkpoints to the configured witnesses, each on its own: one that is down is retried
 * with backoff and never delays the others, the logbook, or the next checkpoint (a newer
 * checkpoint replaces one still waiting, since it vouches for everything before it).
 */
export class WitnessPusher {
  /** Failed attempts per witness since start (for the operator: a witness that never answers protects nothing). */
  readonly failures = new Map<string, number>();
  /** The latest checkpoint each witness confirmed. */
  readonly confirmed = new Map<string, number>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly wanted = new Map<string, Checkpoint>();
  private stopped = false;

  constructor(private readonly witnesses: readonly Witness[], private readonly opts: WitnessPushOptions) {}

  /** Hands `cp` to every witness that has not confirmed it; returns at once. */
  push(cp: Checkpoint): void {
    for (const w of this.witnesses) {
      if ((this.confirmed.get(w.name) ?? 0) >= cp.seq) continue;
      this.wanted.set(w.name, cp);
      if (!this.pending.has(w.name)) this.pending.set(w.name, this.deliver(w).finally(() => this.pending.delete(w.name)));
    }
  }

  /** Waits for the pushes under way (tests, shutdown); no new attempt starts after `stop`. */
  async settle(): Promise<void> {
    await Promise.all([...this.pending.values()]);
  }

  stop(): void {
    this.stopped = true;
  }

  private async deliver(w: Witness): Promise<void> {
    const attempts = this.opts.attempts ?? 5;
    for (let i = 0; i < attempts && !this.stopped; i++) {
      const cp = this.wanted.get(w.name);
      if (!cp) return;
      try {
        await w.push(cp);
        this.confirmed.set(w.name, cp.seq);
        if (this.wanted.get(w.name) === cp) this.wanted.delete(w.name);
        i = -1; // a newer checkpoint that arrived meanwhile gets every attempt too
        continue;
      } catch (err) {
        const n = (this.failures.get(w.name) ?? 0) + 1;
        this.failures.set(w.name, n);
        const why = err instanceof DomainError ? err.code : (err as Error).message;
        this.opts.log(`witness ${w.name}: checkpoint #${cp.seq} not delivered (attempt ${i + 1}/${attempts}, ${n} failures since start): ${why}`);
        // A rewrite refused is final: retrying the same checkpoint cannot succeed, and it is an alarm.
        if (err instanceof DomainError && err.code === 'witness.checkpoint_rewritten') { this.opts.onGiveUp?.(w.name, cp, why); return; }
        if (i + 1 === attempts) this.opts.onGiveUp?.(w.name, cp, why);
      }
      if (i + 1 < attempts) await new Promise((r) => setTimeout(r, (this.opts.backoffMs ?? 1000) * 2 ** i).unref?.());
    }
  }
}
