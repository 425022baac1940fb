import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface LoggedChild {
  readonly child: ChildProcess;
  /** Resolves when the process has exited (or failed to start). */
  readonly exited: Promise<void>;
  /** How it ended (`code 1`, `signal SIGTERM`, `spawn error: …`), or undefined while running. */
  exitInfo(): string | undefined;
}

/**
 * Starts a server process with its output in a log file, not a pipe: an undrained pipe would
 * eventually block the server, and a file does not keep the test process's event loop alive.
 */
export function spawnLogged(cmd: string, argv: readonly string[], logPath: string, cwd?: string): LoggedChild {
  const logFd = openSync(logPath, 'w');
  const child = spawn(cmd, argv, { ...(cwd ? { cwd } : {}), stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  child.unref();
  let info: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => { info = sig ? `signal ${sig}` : `code ${code}`; resolve(); });
    child.once('error', (err) => { info = `spawn error: ${err.message}`; resolve(); });
  });
  return { child, exited, exitInfo: () => info };
}
