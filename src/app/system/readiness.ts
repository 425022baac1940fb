import type { Store } from '../../ports/repositories.js';
import type { RecordingStore } from '../../ports/recording-store.js';

/** What `/readyz` checks, in this order: the store answers, its schema is this Jaga's, a recording could be written now. */
export const READINESS_CHECKS = ['store', 'migrations', 'recordings'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];
/** `skipped`: not asked, because the store it depends on did not answer. */
export type CheckResult = 'ok' | 'failing' | 'timeout' | 'skipped';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly [C in ReadinessCheck]: CheckResult };
  /** The checks that are not `ok`, in order. */
  readonly failing: readonly ReadinessCheck[];
  /** Why each failing check failed (for the operator's log; never shown to the caller, who may be anyone). */
  readonly causes: Partial<Record<ReadinessCheck, string>>;
}

/**
 * Whether this node can serve: the store reachable (`ping`), migrations current
 * (`assertMigrated`), recordings writable (`RecordingStore.probeWritable`). Each check that has not
 * answered when `deadline` settles counts as `timeout`. No actor, no logbook entry: a probe runs
 * every few seconds.
 */
export async function checkReadiness(deps: { readonly store: Store; readonly recordings: RecordingStore }, deadline: Promise<void>): Promise<Readiness> {
  const causes: Partial<Record<ReadinessCheck, string>> = {};
  const run = async (name: ReadinessCheck, check: () => Promise<void>): Promise<CheckResult> => {
    const result = await Promise.race([
      check().then((): CheckResult => 'ok', (err: unknown): CheckResult => {
        causes[name] = err instanceof Error ? err.message : String(err);
        return 'failing';
      }),
      deadline.then((): CheckResult => 'timeout'),
    ]);
    return result;
  };
  // The schema is read once the store answers; the recordings are probed meanwhile.
  const [[store, migrations], recordings] = await Promise.all([
    run('store', () => deps.store.ping()).then(async (store) => [store, store === 'ok' ? await run('migrations', () => deps.store.assertMigrated()) : 'skipped'] as const),
    run('recordings', () => deps.recordings.probeWritable()),
  ]);
  const checks = { store, migrations, recordings };
  const failing = READINESS_CHECKS.filter((c) => checks[c] !== 'ok');
  return { ready: failing.length === 0, checks, failing, causes };
}
