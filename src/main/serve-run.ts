import type { App } from '../app/app.js';
import { WitnessPusher, checkpointIfNew } from '../app/logbook/witness-checkpoints.js';
import type { CommandContext } from '../cli/command.js';
import { describeDatabase } from '../config/config.js';
import { loadOrCreateHostKey } from '../gateway/host-key.js';
import { listenSshGateway, type GatewayOptions } from '../gateway/ssh-gateway.js';
import { serveMetricsOnly } from '../http/metrics.js';
import { buildHttpServer } from '../http/server.js';
import { say, sayLinesErr } from '../cli/commands/helpers.js';
import type { FastifyBaseLogger } from 'fastify';
import { parseLogLevel } from '../config/ops-config.js';
import type { ErrorParams } from '../domain/error-codes.js';
import { DomainError } from '../domain/errors.js';
import { jsonLogger } from './json-logger.js';
import { NodeRelay } from '../app/access/node-relay.js';
import { openNodeBus } from './node-bus.js';
// issue 13: notifications
import { PgAdvisoryLease, soleLeader } from '../adapters/db/advisory-lease.js';
import { startNotifications } from '../app/notification/notification-service.js';
import { openEmailChannel } from './email-channel.js';
import { openWebhookChannel } from './webhook-channel.js';
import { notifyVerificationFailed } from '../app/notification/verification-failed.js';

/** What `jaga serve` runs (see `serve.ts`, which loads this module only for that command): the HTTP API and the SSH gateway over the configured store. */
export async function runServe(ctx: CommandContext): Promise<void> {
  const app = await ctx.app();
  const flag = ctx.values['log-level'] as string | undefined;
  const { ssh } = app.config;
  // operations (issue 14): JSON logs on stdout (the banners below stay human text on stderr), metrics from the start.
  const logger = jsonLogger(flag === undefined ? app.config.ops.logLevel : parseLogLevel(flag, '--log-level'), ssh.nodeId);
  const gatewayLog = logger.child({ component: 'gateway' });
  await app.metrics.start();
  const { gateway, server, address, metrics, live, bus } = await startListeners(app, {
    host: ssh.host, port: ssh.port, hostKey: loadOrCreateHostKey(ssh.hostKeyFile, app.sshKeys).privateKey,
    idleTimeoutSeconds: ssh.idleTimeoutSeconds, recordingQuotaBytes: ssh.recordingQuotaBytes, totpGraceSeconds: ssh.totpGraceSeconds, nodeId: ssh.nodeId,
    log: (line, fields) => { const { level = 'warn', ...rest } = fields ?? {}; gatewayLog[level](rest, line); },
    logLang: ctx.lang ?? null, maskedLinesFlag: ssh.maskedLinesFlag,
  }, logger);
  if (metrics) sayLinesErr(ctx, 'cli.serve.metrics', { url: `http://${metrics.address}/metrics` });
  sayLinesErr(ctx, 'cli.serve.listening', { address, database: describeDatabase(app.config.database) });
  sayLinesErr(ctx, 'cli.serve.gateway', { host: gateway.address.host, port: gateway.address.port });
  // Only a fresh installation needs the bootstrap command; telling it to every start would be noise.
  if ((await app.store.read((r) => r.users.list())).length === 0) {
    sayLinesErr(ctx, 'cli.serve.first_user_hint');
    ctx.io.err("  printf '%s\\n' 'a-long-password' | ./bin/jaga.js admin create --username admin --role superadmin --password-stdin");
  }
  const logbookLog = logger.child({ component: 'logbook' });
  const checkpoints = scheduleCheckpoints(app, (line) => logbookLog.warn(line));
  // issue 13: the outbox worker on every node, the timers on the lease holder
  // Its channels: any the App was given, the webhooks, and email when JAGA_SMTP_URL and JAGA_MAIL_FROM are set.
  const notifyLog = logger.child({ component: 'notifications' });
  const email = openEmailChannel(app.config);
  const channels = [...app.notificationChannels, openWebhookChannel(app.config), ...(email ? [email.channel] : [])];
  const notifications = startNotifications(app, { nodeId: ssh.nodeId, channels, settings: app.config.notify,
    lease: app.config.database.dialect === 'postgres' ? new PgAdvisoryLease(app.config.database.url) : soleLeader, log: (line) => notifyLog.warn(line) });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      checkpoints.stop();
      ctx.io.err(say(ctx, 'cli.serve.stopping', { signal }));
      // close() stops accepting, lets in-flight requests finish, then resolves.
      // Sessions end first (each end is recorded), then HTTP finishes its in-flight requests.
      void gateway.close().then(() => server.fastify.close()).then(() => metrics?.close()).then(() => notifications.stop()).then(() => email?.close())
        .then(() => { live.close(); return bus.close(); }).then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/**
 * No half-start: every listener is bound (SSH gateway, HTTP, `/metrics` alone) before anything
 * else happens, and the gateway admits connections only once all are; when one cannot be had,
 * those already bound are closed and the refusal names the address and its variable.
 */
async function startListeners(app: App, gatewayOptions: GatewayOptions, logger: FastifyBaseLogger) {
  const { http } = app.config;
  const opened: (() => Promise<unknown>)[] = [];
  try {
    const listening = await listenAt('JAGA_SSH_ADDR', gatewayOptions, () => listenSshGateway(app, gatewayOptions));
    opened.push(() => listening.close());
    // any node watches and ends any session (issue 14): the other nodes' sessions through the node bus
    const relayLog = logger.child({ component: 'node-relay' });
    const bus = await openNodeBus(app.config, app.secretBox, (line) => relayLog.warn(line));
    opened.push(() => bus.close());
    const live = new NodeRelay(listening.live, bus, { log: (line) => relayLog.warn(line) });
    opened.push(async () => live.close());
    const server = await buildHttpServer(app, {
      cookieSecure: http.cookieSecure, trustProxy: http.trustProxy, bodyLimit: 64 * 1024, logLevel: 'silent', logger, live,
    });
    opened.push(() => server.fastify.close());
    const address = await listenAt('JAGA_HTTP_ADDR', http, () => server.fastify.listen({ host: http.host, port: http.port }));
    const at = http.metrics;
    const metrics = at ? await listenAt('JAGA_METRICS_ADDR', at, () => serveMetricsOnly(app.metrics, at)) : null;
    if (metrics) opened.push(() => metrics.close());
    const gateway = await listening.start();
    return { gateway, server, address, metrics, live, bus };
  } catch (err) {
    for (const close of opened.reverse()) await close().catch(() => {});
    throw err;
  }
}

const LISTEN_PROBLEMS: Readonly<Record<string, ErrorParams['serve.listen_failed']['problem']>> = {
  EADDRINUSE: 'in_use', EACCES: 'permission', EPERM: 'permission', EADDRNOTAVAIL: 'not_local', ENOTFOUND: 'unresolvable', EAI_AGAIN: 'unresolvable', EAI_NONAME: 'unresolvable',
};

/** Binds one listener; a system error becomes `serve.listen_failed` naming the address and the variable to change. */
async function listenAt<T>(variable: ErrorParams['serve.listen_failed']['variable'], at: { host: string; port: number }, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    if (typeof code !== 'string') throw err;
    const address = `${at.host.includes(':') ? `[${at.host}]` : at.host}:${at.port}`;
    throw DomainError.of('precondition', 'serve.listen_failed', { variable, address, problem: LISTEN_PROBLEMS[code] ?? 'other', cause: code.slice(0, 40) }, { variable, address, cause: code });
  }
}

/**
 * Every `JAGA_CHECKPOINT_INTERVAL` seconds, a signed checkpoint of the head when there are new
 * entries, pushed to every witness in `JAGA_WITNESSES` (retried with backoff, failures to the
 * operator log). Several nodes may do it at once: a head already signed is not signed again.
 * Never blocks the logbook: it runs beside it and a failure is only logged.
 */
export function scheduleCheckpoints(app: App, log: (line: string) => void): { stop(): void; tick(): Promise<void>; pusher: WitnessPusher } {
  const { checkpointIntervalSeconds, witnesses } = app.config.logbook;
  const pusher = new WitnessPusher(witnesses.map(app.openWitness), { log,
    // issue 13: a checkpoint no witness took is notified
    onGiveUp: (witness, cp, reason) => { void notifyVerificationFailed(app, { source: 'witness', witness, seq: cp.seq, reason }).catch((err: Error) => log(`notifications: ${err.message}`)); } });
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
