import type { Command } from '../cli/command.js';
import { describeDatabase } from '../config/config.js';
import { buildHttpServer } from '../http/server.js';

/** `jaga serve`: the HTTP API (and, later, the SSH gateway) over the configured store. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the HTTP API on $JAGA_HTTP_ADDR (default 127.0.0.1:8080); SIGTERM shuts down gracefully',
  options: { 'log-level': { type: 'string', help: 'error | warn (default) | info', value: 'LEVEL' } },
  async run(ctx) {
    const app = await ctx.app();
    const level = (ctx.values['log-level'] as string | undefined) ?? 'warn';
    if (!['error', 'warn', 'info'].includes(level)) throw new Error('--log-level must be error, warn or info');
    const { http } = app.config;
    const server = await buildHttpServer(app, {
      cookieSecure: http.cookieSecure, trustProxy: http.trustProxy, bodyLimit: 64 * 1024, logLevel: level as 'warn',
    });
    const address = await server.fastify.listen({ host: http.host, port: http.port });
    ctx.io.err(`Jaga mendengarkan / listening on ${address} (${describeDatabase(app.config.database)}); dokumentasi API: ${address}/api/docs`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        ctx.io.err(`${signal}: berhenti dengan rapi / shutting down gracefully`);
        // close() stops accepting, lets in-flight requests finish, then resolves.
        void server.fastify.close().then(resolve, resolve);
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  },
};
