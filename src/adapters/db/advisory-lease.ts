import { createRequire } from 'node:module';
import type pg from 'pg';
import type { LeaderLease } from '../../ports/leader-lease.js';

/** The advisory lock key of the notification timers (any fixed number that nothing else in the database uses). */
export const TIMER_LOCK_KEY = 1_313_001;

/**
 * A lease that is a PostgreSQL session-level advisory lock on a connection of its own: the server
 * lets go of it when that connection ends, so a node that dies (process killed, machine gone,
 * connection cut) hands the lease over without any expiry to wait out or row to clean up. Kept on
 * a dedicated client, not the pool, because a pooled connection would carry the lock to whichever
 * query borrowed it next.
 */
export class PgAdvisoryLease implements LeaderLease {
  private client: pg.Client | undefined;
  private held = false;

  constructor(private readonly url: string, private readonly key = TIMER_LOCK_KEY) {}

  async holds(): Promise<boolean> {
    try {
      const client = this.client ?? (await this.connect());
      if (this.held) {
        // The lock lives as long as the connection does: a connection that still answers still holds it.
        await client.query('select 1');
        return true;
      }
      const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [this.key]);
      this.held = r.rows[0]?.ok === true;
      return this.held;
    } catch {
      this.drop();
      return false;
    }
  }

  async release(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.held = false;
    await c?.end().catch(() => undefined);
  }

  /** The backend process id of the lease's connection (tests end it to stand for a node that died). */
  async backendPid(): Promise<number | undefined> {
    return this.client ? (await this.client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid : undefined;
  }

  private async connect(): Promise<pg.Client> {
    const { Client } = createRequire(import.meta.url)('pg') as typeof pg;
    const c = new Client({ connectionString: this.url, keepAlive: true });
    c.on('error', () => { if (this.client === c) this.drop(); });
    await c.connect();
    this.client = c;
    return c;
  }

  private drop(): void {
    const c = this.client;
    this.client = undefined;
    this.held = false;
    c?.end().catch(() => undefined);
  }
}

/** SQLite: one process uses the store, so it is the leader. */
export const soleLeader: LeaderLease = { holds: () => Promise.resolve(true), release: () => Promise.resolve() };
