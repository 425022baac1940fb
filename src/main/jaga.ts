import { createInterface } from 'node:readline/promises';
import { writeSync } from 'node:fs';
import { readPublicKeyPem } from '../adapters/system/ed25519-signer.js';
import { sha256Hex, sha256Stream } from '../adapters/system/node-crypto.js';
import { runCli } from '../cli/cli.js';
import { verifyBundleCommand } from '../cli/commands/bundle.commands.js';
import { loadConfig } from '../config/config.js';
import { openApp } from './open-app.js';
import { backupCommand, restoreCommand } from './backup.js';
import { serveCommand } from './serve.js';
import { witnessServeCommand } from './witness-serve.js';

/** Entry point of the `jaga` command: the only place that touches process.* for the CLI. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A question on the terminal (stderr, so stdout stays the command's output); "y"/"ya"/"yes" is yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|ya|yes)$/i.test((await rl.question(`${question} `)).trim());
  } finally {
    rl.close();
  }
}

/** Exit status of a command whose reader went away: 128 + SIGPIPE, as other Unix tools end. */
const READER_GONE = 141;

/**
 * Writes a line to fd 1 or 2 synchronously, so a reader that closed the pipe early
 * (`jaga logbook export --format csv | head -1`) is noticed at the first line it misses: the
 * command stops there, quietly, with the status of a tool killed by SIGPIPE (no unhandled
 * 'error' event, no stack trace, no "exported" line for lines nobody read).
 */
function writeLine(fd: 1 | 2, line: string): void {
  let rest = Buffer.from(`${line}\n`, 'utf8');
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full: wait for the reader, briefly and without spinning.
      if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
      // EPIPE from a pipe; ECONNRESET when the standard stream is a socket (as a parent process's pipe often is).
      if (code === 'EPIPE' || code === 'ECONNRESET') process.exit(fd === 1 ? READER_GONE : (process.exitCode ?? READER_GONE));
      throw e;
    }
  }
}

const status = await runCli(process.argv.slice(2), {
  out: (l) => writeLine(1, l),
  err: (l) => writeLine(2, l),
  readStdin,
  ...(process.stdin.isTTY ? { confirm } : {}),
  env: process.env,
}, (flags) => openApp(loadConfig(process.env, flags)), [serveCommand, witnessServeCommand,
  verifyBundleCommand({ sha256: sha256Hex, sha256Stream, readPublicKey: readPublicKeyPem }),
  // backup and restore (issue 14)
  backupCommand, restoreCommand]);
process.exitCode = status;
