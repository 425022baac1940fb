import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { describe, it } from 'node:test';
import { migrationProvider } from '../../src/adapters/db/migrations.js';
import type { Invocation } from '../../src/app/app-deps.js';
import { createGrant } from '../../src/app/registry/create-grant.js';
import { createNetwork } from '../../src/app/registry/create-network.js';
import { createUnit } from '../../src/app/registry/create-unit.js';
import { createUser } from '../../src/app/registry/create-user.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/config.js';
import type { OpenedApp as App } from '../../src/main/open-app.js';
import { openApp } from '../../src/main/open-app.js';
import { migrateInstallation } from '../../src/app/setup/migrate-installation.js';
import type { PasswordHasher } from '../../src/ports/crypto.js';
import type { PostgresCluster } from './postgres-cluster.js';
import { postgresUnavailable } from './postgres-cluster.js';
import { TestClock } from './test-clock.js';

export type TestDialect = 'sqlite' | 'postgres';

/** Dialects the contract suites run on: always both; see {@link onDialect}. */
export const DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

/**
 * node:test options for a test on `dialect`: where PostgreSQL cannot run (no server binaries, or
 * JAGA_TEST_NO_POSTGRES=1) its variants are skipped with the reason, so the run's summary counts
 * them as skipped instead of leaving them out or letting them pass: `it(name, onDialect(d), fn)`.
 */
export function onDialect(dialect: TestDialect): { skip?: string } {
  const missing = dialect === 'postgres' ? postgresUnavailable() : undefined;
  return missing === undefined ? {} : { skip: missing };
}

/**
 * `describe` for a suite on `dialect`. Where PostgreSQL cannot run, its suite holds one skipped
 * test instead (node's summary counts skipped tests, not skipped suites), and none of its hooks run.
 */
export function describeOn(dialect: TestDialect, name: string, fn: () => void): void {
  const { skip } = onDialect(dialect);
  if (skip === undefined) describe(name, fn);
  else describe(name, () => { it('runs only where PostgreSQL can run', { skip }, () => undefined); });
}

/** Fast, reversible (test-only!) hasher for tests that do not exercise password hashing itself. */
export const fastPasswords: PasswordHasher = {
  hash: (p) => Promise.resolve(`test$${Buffer.from(p).toString('base64')}`),
  verify: (p, h) => Promise.resolve(h === `test$${Buffer.from(p).toString('base64')}`),
};

export interface TestApp {
  readonly app: App;
  readonly clock: TestClock;
  readonly config: Config;
  close(): Promise<void>;
}

let pg: Promise<PostgresCluster> | undefined;

/** A migrated app over a fresh SQLite file or a fresh PostgreSQL database (`migrate: false`: not migrated, for migration tests). */
export async function openTestApp(dialect: TestDialect = 'sqlite', opts: { passwords?: PasswordHasher; migrate?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jaga-test-'));
  // `env`: more configuration (e.g. recordings in object storage, test/support/s3-server.ts).
  const env: Record<string, string> = { ...opts.env, JAGA_DATA_DIR: dataDir };
  if (dialect === 'postgres') {
    pg ??= import('./postgres-cluster.js').then((m) => m.startPostgres());
    env['JAGA_DATABASE_URL'] = await (await pg).createDatabase();
  }
  const config = loadConfig(env);
  const clock = new TestClock();
  const app = openApp(config, { clock, passwords: opts.passwords ?? fastPasswords });
  if (opts.migrate !== false) await migrateInstallation(app);
  return {
    app, clock, config,
    close: async () => { await app.store.close(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

/**
 * A test installation as an upgrade finds it: migrated only up to `version`, with `rows` written
 * as that version had them, then migrated to the latest as `jaga migrate` does. Closed again when
 * any of that fails.
 */
export async function openTestAppUpgradedFrom(dialect: TestDialect, version: string, rows: (db: App['store']['db']) => Promise<unknown>): Promise<TestApp> {
  const t = await openTestApp(dialect, { migrate: false });
  try {
    const { error } = await new Migrator({ db: t.app.store.db, provider: migrationProvider(t.app.store.dialect) }).migrateTo(version);
    if (error) throw error;
    await rows(t.app.store.db);
    await migrateInstallation(t.app);
    return t;
  } catch (err) {
    await t.close();
    throw err;
  }
}

/** Stops the shared PostgreSQL cluster, if one was started (call in an `after` hook). */
export async function stopTestPostgres(): Promise<void> {
  if (pg) await (await pg).stop();
  pg = undefined;
}

export const as = (actor: string): Invocation => ({ actor, via: 'cli' });

export const HOST_KEY_FP = `SHA256:${'A'.repeat(43)}`;
export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl andi@ws';
export const PASSWORD = 'correct horse battery';

/**
 * A small world: unit `gorontalo` (WITA), its superadmin, koordinator, admin (executor) and
 * pelapor; unit `manado` with its admin; the national unit `lkpp`; an LKPP engineer granted
 * gorontalo; gorontalo's office intranet (127.0.0.0/8), LKPP's VPN that is not intranet
 * (10.8.0.0/16), a public café network; an owned workstation for `andi`; target `spse`.
 */
export async function seedWorld(t: TestApp, opts: { officeCidrs?: string[] } = {}) {
  const { app } = t;
  const boot: Invocation = { actor: null, via: 'cli' };
  await createUser(app, boot, { username: 'super', role: 'superadmin', password: PASSWORD });
  const su = as('super');
  const unit = await createUnit(app, su, { code: 'gorontalo', name: 'LPSE Provinsi Gorontalo' });
  const other = await createUnit(app, su, { code: 'manado', name: 'LPSE Kota Manado', timeZone: 'Asia/Makassar' });
  await createUser(app, su, { username: 'koor', role: 'koordinator', unit: 'gorontalo', password: PASSWORD, nip: '197001012000031001' });
  await createUser(app, su, { username: 'andi', role: 'admin_lpse', unit: 'gorontalo', password: PASSWORD });
  await createUser(app, su, { username: 'budi', role: 'admin_lpse', unit: 'manado', password: PASSWORD });
  await createUser(app, su, { username: 'pelapor', role: 'pelapor', unit: 'gorontalo', password: PASSWORD });
  await createUser(app, su, { username: 'dita', role: 'dit_eproc', password: PASSWORD });
  await createUser(app, su, { username: 'vendor', role: 'pihak_berwenang', password: PASSWORD });
  await createUser(app, su, { username: 'audit', role: 'auditor', password: PASSWORD });
  await createGrant(app, su, { user: 'dita', unit: 'gorontalo' });
  const lkpp = await createUnit(app, su, { code: 'lkpp', name: 'LKPP', timeZone: 'Asia/Jakarta', national: true });
  await createNetwork(app, su, { name: 'kantor-lpse', unit: 'gorontalo', kind: 'office_lpse', cidrs: opts.officeCidrs ?? ['127.0.0.0/8', '::1/128'], intranet: true });
  await createNetwork(app, su, { name: 'vpn-lkpp', unit: 'lkpp', kind: 'vpn', cidrs: ['10.8.0.0/16'], intranet: false });
  await createNetwork(app, su, { name: 'warkop', unit: 'lkpp', kind: 'public', cidrs: ['192.0.2.0/24'] });
  await registerWorkstation(app, su, { assetTag: 'LPSE-NB-001', serialNumber: 'SN-001', ownerUnit: 'gorontalo', assignedUser: 'andi', organisationOwned: true, sshKeys: [SSH_KEY] });
  await registerWorkstation(app, su, { assetTag: 'PRIVATE-01', serialNumber: 'SN-P1', organisationOwned: false });
  await registerWorkstation(app, su, { assetTag: 'LKPP-NB-007', serialNumber: 'SN-007', assignedUser: 'dita', organisationOwned: true });
  const target = await registerTarget(app, su, { name: 'spse', unit: 'gorontalo', host: '127.0.0.1', port: 22, loginAccount: 'spseadm', hostKeyFingerprint: HOST_KEY_FP });
  return { unit, other, lkpp, target };
}
