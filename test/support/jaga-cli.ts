import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `jaga` binary (bin/jaga.js at the repository's root; this file runs from dist/test/support/). */
export const JAGA_BIN = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

/**
 * Runs the real `jaga` on a data directory as a shell would, with only PATH and JAGA_DATA_DIR of
 * this environment (and `env`): its status and output as text.
 */
export function jagaIn(dataDir: string, args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [JAGA_BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...env }, encoding: 'utf8' });
}
