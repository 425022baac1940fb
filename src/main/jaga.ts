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

const status = await runCli(process.argv.slice(2), {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  readStdin,
  env: process.env,
}, (flags) => openApp(loadConfig(process.env, flags)), [serveCommand]);
process.exitCode = status;
