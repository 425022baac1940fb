import type { App } from '../app/app.js';
import { WitnessPusher, checkpointIfNew } from '../app/logbook/witness-checkpoints.js';
import type { CommandContext } from '../cli/command.js';
import { describeDatabase } from '../config/config.js';
import { loadOrCreateHostKey } from '../gateway/host-key.js';
import { startSshGateway } from '../gateway/ssh-gateway.js';
import { serveMetricsOnly } from '../http/metrics.js';
import { buildHttpServer } from '../http/server.js';
import { say, sayLinesErr } from '../cli/commands/helpers.js';
import { NodeRelay } from '../app/access/node-relay.js';
import { openNodeBus } from './node-bus.js';

/** What `jaga serve` runs (see `serve.ts`, which loads this module only for that command): the HTTP API and the SSH gateway over the configured store. */
export async function runServe(ctx: CommandContext): Promise<void> {
  const app = await ctx.app();
  const level = (ctx.values['log-level'] as string | undefined) ?? 'warn';
  if (!['error', 'warn', 'info'].includes(level)) throw new Error('--log-level must be error, warn or info');
  const { http, ssh } = app.config;
  const gateway = await startSshGateway(app, {
    host: ssh.host, port: ssh.port, hostKey: loadOrCreateHostKey(ssh.hostKeyFile, app.sshKeys).privateKey,
    idleTimeoutSeconds: ssh.idleTimeoutSeconds, recordingQuotaBytes: ssh.recordingQuotaBytes, totpGraceSeconds: ssh.totpGraceSeconds, nodeId: ssh.nodeId,
    log: (line) => ctx.io.err(line), logLang: ctx.lang ?? null, maskedLinesFlag: ssh.maskedLinesFlag,
  });
  // any node watches and ends any session (issue 14): the other nodes' sessions through the node bus
  const bus = await openNodeBus(app.config, (line) => ctx.io.err(line));
  const live = new NodeRelay(gateway.live, bus, { log: (line) => ctx.io.err(line) });
  const server = await buildHttpServer(app, {
    cookieSecure: http.cookieSecure, trustProxy: http.trustProxy, bodyLimit: 64 * 1024, logLevel: level as 'warn',
    live,
  });
  const address = await server.fastify.listen({ host: http.host, port: http.port });
  const metrics = http.metrics ? await serveMetricsOnly(() => server.renderMetrics(), http.metrics) : null;
  if (metrics) sayLinesErr(ctx, 'cli.serve.metrics', { url: `http://${metrics.address}/metrics` });
  sayLinesErr(ctx, 'cli.serve.listening', { address, database: describeDatabase(app.config.database) });
  sayLinesErr(ctx, 'cli.serve.gateway', { host: gateway.address.host, port: gateway.address.port });
  // Only a fresh installation needs the bootstrap command; telling it to every start would be noise.
  if ((await app.store.read((r) => r.users.list())).length === 0) {
    sayLinesErr(ctx, 'cli.serve.first_user_hint');
    ctx.io.err("  printf '%s\\n' 'a-long-password' | ./bin/jaga.js admin create --username admin --role superadmin --password-stdin");
  }
  const checkpoints = scheduleCheckpoints(app, (line) => ctx.io.err(line));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      checkpoints.stop();
      ctx.io.err(say(ctx, 'cli.serve.stopping', { signal }));
      // close() stops accepting, lets in-flight requests finish, then resolves.
      // Sessions end first (each end is recorded), then HTTP finishes its in-flight requests.
      void gateway.close().then(() => server.fastify.close()).then(() => metrics?.close())
        .then(() => { live.close(); return bus.close(); }).then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/**
 * Every `JAGA_CHECKPOINT_INTERVAL` seconds, a signed checkpoint of the head when there are new
 * entries, pushed to every witness in `JAGA_WITNESSES` (retried with backoff, failures to the
 * operator log). Several nodes may do it at once: a head already signed is not signed again.
 * Never blocks the logbook: it runs beside it and a failure is only logged.
 */
export function scheduleCheckpoints(app: App, log: (line: string) => void): { stop(): void; tick(): Promise<void>; pusher: WitnessPusher } {
  const { checkpointIntervalSeconds, witnesses } = app.config.logbook;
  const pusher = new WitnessPusher(witnesses.map(app.openWitness), { log });
  const tick = async () => {
    try {
      const cp = await checkpointIfNew(app);
      if (cp) pusher.push(cp);
    } catch (err) {
      log(`checkpoint: not made: ${(err as Error).message}`);
    }
  };
  const timer = checkpointIntervalSeconds > 0 ? setInterval(() => { void tick(); }, checkpointIntervalSeconds * 1000) : undefined;
  timer?.unref();
  if (checkpointIntervalSeconds > 0) void tick();
  return { stop: () => { if (timer) clearInterval(timer); pusher.stop(); }, tick, pusher };
}
