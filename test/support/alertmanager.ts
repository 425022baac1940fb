import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggedChild } from './logged-child.js';
import { spawnLogged } from './logged-child.js';
import { freePort } from './server-banner.js';

/** Debian's Alertmanager (scripts/ensure-system-deps.sh installs it). */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** One alert as Alertmanager's API v2 takes it (`POST /api/v2/alerts`). */
export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>` (also its --web.external-url). */
  readonly url: string;
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  /** What it wrote to stdout/stderr (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts a real Alertmanager on a loopback port with its own configuration and storage in a
 * temporary directory: one route to one webhook receiver (`webhookUrl`, authorised with
 * `Authorization: Bearer <bearer>`), sending resolved alerts too; no clustering
 * (`--cluster.listen-address=` empty). Groups are sent at once (`group_wait: 0s`), changes within
 * a second, and an unchanged group again every `repeatSeconds`. Resolves once `/-/ready` answers.
 */
export async function startAlertmanager(opts: { webhookUrl: string; bearer: string; repeatSeconds?: number }): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-alertmanager-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'alertmanager.yml');
  // JSON is YAML: no YAML writer needed, and the secret is quoted whatever it holds.
  writeFileSync(config, JSON.stringify({
    route: { receiver: 'jaga', group_by: ['alertname', 'instance'], group_wait: '0s', group_interval: '1s', repeat_interval: `${opts.repeatSeconds ?? 3600}s` },
    receivers: [{ name: 'jaga', webhook_configs: [{
      url: opts.webhookUrl, send_resolved: true, http_config: { authorization: { type: 'Bearer', credentials: opts.bearer } },
    }] }],
  }, null, 2), { mode: 0o600 });
  const logPath = join(dir, 'alertmanager.log');
  const am: LoggedChild = spawnLogged(ALERTMANAGER_BIN, [
    `--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=${url}`, '--cluster.listen-address=', '--log.level=debug',
  ], logPath);
  const log = () => { try { return readFileSync(logPath, 'utf8'); } catch { return ''; } };
  const stop = async () => {
    if (am.exitInfo() === undefined) { am.child.kill('SIGTERM'); await am.exited; }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (am.exitInfo() !== undefined) { const l = log(); await stop(); throw new Error(`alertmanager exited (${am.exitInfo()}):\n${l}`); }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) { const l = log(); await stop(); throw new Error(`alertmanager not ready in 20 s:\n${l}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, log, stop,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, at most `ms`; `what` names it in the timeout's error. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
