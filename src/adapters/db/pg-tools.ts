import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DomainError } from '../../domain/errors.js';

/**
 * PostgreSQL's own tools for the backup archive: `pg_dump` (a consistent copy of a running
 * database, in one snapshot) and `pg_restore`. Debian's `postgresql-client` installs them under
 * `/usr/lib/postgresql/<major>/bin` (scripts/ensure-system-deps.sh installs it when missing);
 * the one matching the server's major version is used, else a newer one (pg_dump reads older
 * servers, not newer ones). The password never goes on a command line: it is handed over in
 * PGPASSWORD.
 */
export type PgTool = 'pg_dump' | 'pg_restore';
const PG_ROOT = '/usr/lib/postgresql';

async function withClient<T>(url: string, fn: (q: (text: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(async (text) => (await client.query(text)).rows as Record<string, unknown>[]);
  } finally {
    await client.end();
  }
}

/** The server's major version (15 for 15.4). */
export function pgServerMajor(url: string): Promise<number> {
  return withClient(url, async (q) => Math.floor(Number((await q('show server_version_num'))[0]?.['server_version_num']) / 10000));
}

/** How many tables, views and sequences the database holds outside PostgreSQL's own schemas (an empty one: 0). */
export function pgUserRelations(url: string): Promise<number> {
  return withClient(url, async (q) => Number((await q(`select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and s.nspname not in ('pg_catalog', 'information_schema') and s.nspname not like 'pg\\_%'`))[0]?.['n']));
}

function versionOf(bin: string): number | null {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /\)\s*(\d+)(?:\.\d+)?/.exec(r.stdout ?? '');
  return r.status === 0 && m ? Number(m[1]) : null;
}

/** The `tool` for a server of major version `major`: its own version's, else the one on PATH or a newer installed one. */
export function findPgTool(tool: PgTool, major: number, env: Readonly<Record<string, string | undefined>> = process.env): string {
  let versions: number[] = [];
  try {
    versions = readdirSync(PG_ROOT).map(Number).filter((v) => Number.isInteger(v) && existsSync(join(PG_ROOT, String(v), 'bin', tool)));
  } catch { /* no /usr/lib/postgresql */ }
  if (versions.includes(major)) return join(PG_ROOT, String(major), 'bin', tool);
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const bin = join(dir, tool);
    if (existsSync(bin) && (versionOf(bin) ?? 0) >= major) return bin;
  }
  const newer = versions.filter((v) => v > major).sort((a, b) => a - b)[0];
  if (newer !== undefined) return join(PG_ROOT, String(newer), 'bin', tool);
  throw DomainError.of('precondition', 'backup.pg_tool_missing', { tool, major });
}

/** The URL without its password, and the password for PGPASSWORD. */
function splitPassword(url: string): { url: string; password: string | undefined } {
  const u = new URL(url);
  const password = u.password === '' ? undefined : decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), password };
}

/** Runs `bin` with `args` and `--dbname=URL`; a non-zero exit is `backup.pg_tool_failed` with the tool's last line. */
export function runPgTool(bin: string, tool: PgTool, args: readonly string[], url: string): Promise<void> {
  const { url: bare, password } = splitPassword(url);
  const env = { ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) };
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args, `--dbname=${bare}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err = (err + d).slice(-4000); });
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) return resolve();
      const last = err.trim().split('\n').filter(Boolean).at(-1) ?? '';
      reject(DomainError.of('precondition', 'backup.pg_tool_failed', { tool, status: status ?? -1, message: last.slice(0, 300) }));
    });
  });
}
