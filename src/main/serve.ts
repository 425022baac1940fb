import type { Command } from '../cli/command.js';

/**
 * `jaga serve`: the HTTP API and the SSH gateway over the configured store. Its code (Fastify, the
 * web pages, ssh2's server) is loaded only when this command runs, so every other `jaga` command
 * starts without it.
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the HTTP API on $JAGA_HTTP_ADDR (default 127.0.0.1:8080) and the SSH gateway on $JAGA_SSH_ADDR (default 127.0.0.1:2222); SIGTERM shuts down gracefully',
  options: { 'log-level': { type: 'string', help: 'JSON log on stdout: error | warn (default, or $JAGA_LOG_LEVEL) | info | debug', value: 'LEVEL' } },
  run: async (ctx) => (await import('./serve-run.js')).runServe(ctx),
};
