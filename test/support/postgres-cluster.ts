/**
 * A throwaway PostgreSQL cluster started from the machine's binaries
 * (/usr/lib/postgresql/<ver>/bin) on a loopback port. One per test process, shared by the
 * tests in it; each test gets its own database from `createDatabase()`.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { spawnLogged } from './logged-child.js';

export interface PostgresCluster {
  /** Creates a fresh empty database and returns its postgres:// URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';
const USER = 'jaga';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Hides PostgreSQL from the tests (as on a machine without it): its suites are then reported skipped. */
export const NO_POSTGRES_ENV = 'JAGA_TEST_NO_POSTGRES';

/**
 * Why PostgreSQL tests cannot run here (hidden by JAGA_TEST_NO_POSTGRES=1, or no server binaries
 * under /usr/lib/postgresql), or undefined when they can. Suites use it to skip, never to pass.
 */
export function postgresUnavailable(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env[NO_POSTGRES_ENV] === '1') return `PostgreSQL hidden by ${NO_POSTGRES_ENV}=1`;
  if (env['JAGA_TEST_SKIP_POSTGRES'] === '1') return 'PostgreSQL skipped by JAGA_TEST_SKIP_POSTGRES=1';
  if (binDirs().length === 0) return 'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (scripts/ensure-system-deps.sh installs them)';
  return undefined;
}

function binDirs(): string[] {
  let versions: string[] = [];
  try {
    versions = readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'postgres')));
  } catch {
    /* no /usr/lib/postgresql at all */
  }
  versions.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  return versions.map((v) => join(PG_ROOT, v, 'bin'));
}

/** The `bin` directory of the highest PostgreSQL version installed under /usr/lib/postgresql. */
function findBinDir(): string {
  const missing = postgresUnavailable();
  if (missing !== undefined) throw new Error(`${missing}; run scripts/ensure-system-deps.sh`);
  return binDirs()[0] as string;
}

/** `[command, args]` that run `bin` as the postgres system user when we are root, directly otherwise. */
function asPostgres(bin: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function run(bin: string, args: string[], cwd: string): Promise<void> {
  const [cmd, argv] = asPostgres(bin, args);
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`.trim()));
      else resolve();
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Is `pid` a live (non-zombie) process? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readText(`/proc/${pid}/stat`);
  // Field 3 (after the parenthesised comm) is the state; Z = zombie, X = dead.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Synchronous sleep, for the process 'exit' handler where nothing async can run. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface Server {
  child: ChildProcess;
  exited: Promise<void>;
  /** The postmaster's pid (differs from child.pid when started through runuser). */
  postmasterPid: number;
}

async function initdb(bin: string, base: string, dataDir: string): Promise<void> {
  const common = ['-D', dataDir, '-U', USER, '--auth=trust', '--no-sync', '-E', 'UTF8'];
  try {
    await run(join(bin, 'initdb'), [...common, '--locale=C.UTF-8'], base);
  } catch (first) {
    rmSync(dataDir, { recursive: true, force: true });
    try {
      await run(join(bin, 'initdb'), [...common, '--no-locale'], base);
    } catch (second) {
      throw new Error(`initdb failed with --locale=C.UTF-8 and with --no-locale:\n${String(first)}\n${String(second)}`, { cause: second });
    }
  }
}

async function tryConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: `postgres://${USER}@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Starts the postmaster on `port`; resolves once it accepts connections, or rejects with its log. */
async function startServer(bin: string, base: string, dataDir: string, port: number, logPath: string): Promise<Server> {
  writeFileSync(logPath, '');
  if (isRoot) chownSync(logPath, pgOwner().uid, pgOwner().gid);
  const [cmd, argv] = asPostgres(join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(port), '-k', base,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'max_connections=200',
  ]);
  const { child, exited, exitInfo } = spawnLogged(cmd, argv, logPath, base);

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitInfo() !== undefined) {
      throw Object.assign(new Error(`postgres exited during startup (${exitInfo()}); its output:\n${readText(logPath)}`), {
        portInUse: /Address already in use|could not create any TCP\/IP sockets/.test(readText(logPath)),
      });
    }
    if (await tryConnect(port)) break;
    if (Date.now() > deadline) {
      signal(child.pid, 'SIGKILL');
      const pmPid = readPostmasterPid(dataDir);
      signal(pmPid, 'SIGKILL');
      throw new Error(`postgres did not accept connections on port ${port} within ${START_TIMEOUT_MS / 1000} s; its output:\n${readText(logPath)}`);
    }
    await sleep(100);
  }
  const postmasterPid = isRoot ? readPostmasterPid(dataDir) : child.pid;
  if (postmasterPid === undefined) throw new Error(`postgres is up but its pid is unknown (no ${join(dataDir, 'postmaster.pid')})`);
  return { child, exited, postmasterPid };
}

function readPostmasterPid(dataDir: string): number | undefined {
  const first = readText(join(dataDir, 'postmaster.pid')).split('\n')[0];
  const pid = Number(first);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

let owner: { uid: number; gid: number } | undefined;
function pgOwner(): { uid: number; gid: number } {
  if (!owner) {
    // Resolve the postgres user's uid/gid through the system's user database.
    const passwd = readText('/etc/passwd').split('\n').find((l) => l.startsWith('postgres:'));
    const [, , uid, gid] = passwd?.split(':') ?? [];
    if (uid === undefined || gid === undefined) {
      throw new Error('running as root but there is no `postgres` system user; run scripts/ensure-system-deps.sh');
    }
    owner = { uid: Number(uid), gid: Number(gid) };
  }
  return owner;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findBinDir();
  const base = mkdtempSync(join(tmpdir(), 'jaga-pg-'));
  const dataDir = join(base, 'data');
  const logPath = join(base, 'postgres.log');
  let server: Server | undefined;
  let port = 0;
  let stopped = false;

  // Last resort if the test process exits without stop(): take the server down and clean up.
  const onExit = (): void => {
    if (server) {
      signal(server.postmasterPid, 'SIGQUIT'); // immediate shutdown; still releases shared memory
      for (let i = 0; i < 150 && alive(server.postmasterPid); i++) sleepSync(20);
      if (alive(server.postmasterPid)) signal(server.postmasterPid, 'SIGKILL');
      signal(server.child.pid, 'SIGKILL');
    }
    rmSync(base, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  try {
    if (isRoot) {
      const { uid, gid } = pgOwner();
      chownSync(base, uid, gid);
    }
    await initdb(bin, base, dataDir);
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        server = await startServer(bin, base, dataDir, port, logPath);
        break;
      } catch (err) {
        if (attempt < PORT_ATTEMPTS && (err as { portInUse?: boolean }).portInUse) continue;
        throw err;
      }
    }
  } catch (err) {
    process.off('exit', onExit);
    onExit();
    throw err;
  }

  const running = server;
  let counter = 0;

  return {
    async createDatabase(): Promise<string> {
      if (stopped) throw new Error('the PostgreSQL test cluster has been stopped');
      const name = `jaga_test_${++counter}`;
      const client = new pg.Client({ connectionString: `postgres://${USER}@127.0.0.1:${port}/postgres` });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://${USER}@127.0.0.1:${port}/${name}`;
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      running.child.ref(); // keep the event loop alive until the server is down
      signal(running.postmasterPid, 'SIGINT'); // fast shutdown
      const ac = new AbortController();
      const timedOut = await Promise.race([
        running.exited.then(() => false),
        sleep(STOP_TIMEOUT_MS, true, { signal: ac.signal }).catch(() => false),
      ]);
      ac.abort();
      if (timedOut) {
        signal(running.postmasterPid, 'SIGKILL');
        signal(running.child.pid, 'SIGKILL');
        await running.exited;
      }
      // Under runuser the wrapper exits right after the postmaster, but make sure the
      // postmaster itself is gone before its directory is removed.
      for (let i = 0; i < 100 && alive(running.postmasterPid); i++) await sleep(20);
      process.off('exit', onExit);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
