import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

/** A TCP port on loopback that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a long-running `jaga` command (`serve`, `witness serve`) with only `env` (and PATH), waits
 * (bounded) until its standard error matches `ready`, gives it a moment for whatever follows the
 * banner, stops it with SIGTERM and returns all it wrote on standard error, its goodbye included.
 */
export async function serverBanner(args: readonly string[], env: Record<string, string>, ready: RegExp): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [JAGA, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (let i = 0; i < 200 && !ready.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(stderr, ready, stderr);
    await new Promise((r) => setTimeout(r, 300)); // whatever follows the banner
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return stderr;
}

/** `jaga serve` over `dataDir` on free ports (HTTP, SSH, and `/metrics` alone when `metrics`), with `args` and `env` added. */
export async function serveBanner(dataDir: string, args: readonly string[] = [], env: Record<string, string> = {}, metrics = false): Promise<string> {
  const ports = { JAGA_HTTP_ADDR: `127.0.0.1:${await freePort()}`, JAGA_SSH_ADDR: `127.0.0.1:${await freePort()}` };
  return serverBanner(['serve', ...args], {
    JAGA_DATA_DIR: dataDir, ...ports, ...(metrics ? { JAGA_METRICS_ADDR: `127.0.0.1:${await freePort()}` } : {}), ...env,
  }, /SSH gateway on|Gateway SSH di/);
}
