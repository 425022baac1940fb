import { createInterface } from 'node:readline/promises';
import { runCli } from '../cli/cli.js';
import { loadConfig } from '../config/config.js';
import { openApp } from './open-app.js';
import { serveCommand } from './serve.js';

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

const status = await runCli(process.argv.slice(2), {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  readStdin,
  ...(process.stdin.isTTY ? { confirm } : {}),
  env: process.env,
}, (flags) => openApp(loadConfig(process.env, flags)), [serveCommand]);
process.exitCode = status;
