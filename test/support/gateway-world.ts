/**
 * A running SSH gateway in front of a real OpenSSH sshd, over a seeded test app: target
 * `spse-gorontalo` (the sshd, its pinned host key, the gateway's credential for it), andi's
 * workstation key (a fresh ed25519 pair on disk), and a case assigned to andi at B3.
 * Clients are the real `ssh`, `scp` and `sftp` with their own known_hosts for the gateway.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { registerTarget } from '../../src/app/registry/register-target.js';
import { registerWorkstation } from '../../src/app/registry/register-workstation.js';
import { setTargetCredential } from '../../src/app/registry/target-credential.js';
import type { RecordingFileOpener } from '../../src/adapters/recordings/local-recording-store.js';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import { loadOrCreateHostKey } from '../../src/gateway/host-key.js';
import type { LogbookEntry } from '../../src/domain/logbook/logbook-entry.js';
import type { Clock } from '../../src/ports/clock.js';
import type { SshGateway } from '../../src/gateway/ssh-gateway.js';
import { startSshGateway } from '../../src/gateway/ssh-gateway.js';
import type { ClientResult, ClientRunOptions, TestSshd } from './sshd.js';
import { runClient, startSshd } from './sshd.js';
import type { TestApp, TestDialect } from './test-app.js';
import { as, openTestApp, seedWorld } from './test-app.js';

export const TARGET = 'spse-gorontalo';

export interface GatewayWorld {
  readonly t: TestApp;
  readonly sshd: TestSshd;
  readonly gateway: SshGateway;
  readonly port: number;
  readonly caseId: string;
  readonly dir: string;
  /** Private key file of andi's workstation key. */
  readonly keyPath: string;
  /** Options for ssh/scp/sftp: config isolation, andi's key, strict host key checking of the gateway. */
  readonly clientOptions: readonly string[];
  /** `ssh -p PORT [extra] andi:TARGET@127.0.0.1 -- command`. */
  ssh(command: string, opts?: ClientRunOptions & { extra?: string[]; login?: string }): Promise<ClientResult>;
  scp(args: string[], opts?: ClientRunOptions): Promise<ClientResult>;
  sftp(batch: string, opts?: ClientRunOptions & { extra?: string[] }): Promise<ClientResult>;
  /** Stops the gateway (sessions end as `shutdown`) and restarts nothing. */
  stopGateway(): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayWorldOptions {
  dialect?: TestDialect;
  idleTimeoutSeconds?: number;
  /** How new recordings' files are opened (to make writing fail). */
  recordingOpener?: RecordingFileOpener;
  officeCidrs?: string[];
  /** Leave the case acknowledged but not prepared (no B3 yet). */
  unprepared?: boolean;
  /** How often open sessions' access is decided again (default: the gateway's 30 s). */
  recheckSeconds?: number;
  nodeId?: string;
  heartbeatMs?: number;
  /** The gateway's Clock (default: real time). */
  clock?: Clock;
  /** What one session may record (bytes; default the gateway's). */
  recordingQuotaBytes?: number;
}

export function newKeyPair(dir: string, name: string): { path: string; publicKey: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  return { path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

export async function startGatewayWorld(o: GatewayWorldOptions = {}): Promise<GatewayWorld> {
  const t = await openTestApp(o.dialect ?? 'sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'jaga-gw-'));
  let sshd: TestSshd | undefined;
  let gateway: SshGateway | undefined;
  try {
    await seedWorld(t, o.officeCidrs ? { officeCidrs: o.officeCidrs } : {});
    sshd = await startSshd();
    const su = as('super');
    const key = newKeyPair(dir, 'andi_ws');
    await registerWorkstation(t.app, su, { assetTag: 'LPSE-NB-002', serialNumber: 'SN-002', ownerUnit: 'gorontalo', assignedUser: 'andi', organisationOwned: true, sshKeys: [key.publicKey] });
    await registerTarget(t.app, su, { name: TARGET, unit: 'gorontalo', host: sshd.host, port: sshd.port, loginAccount: sshd.user, hostKeyFingerprint: sshd.hostKeyFingerprint });
    await setTargetCredential(t.app, su, { target: TARGET, privateKey: sshd.clientKey.privateKey });
    const caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: TARGET, system: 'SPSE', description: 'SPSE tidak dapat diakses', urgency: 'high', channel: 'phone' })).id;
    await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'layanan terhenti', executor: 'andi' });
    if (!o.unprepared) await prepareWorkstation(t.app, as('andi'), caseId, { workstation: 'LPSE-NB-002', location: 'Kantor LPSE', network: 'kantor-lpse' });
    // The gateway works in real time; the test clock would stamp every session with the same instant.
    const realClock = { now: () => new Date() };
    const recordings = o.recordingOpener ? new LocalRecordingStore(t.config.ssh.recordingsDir, { open: o.recordingOpener }) : t.app.recordings;
    const deps = { ...t.app, clock: o.clock ?? realClock, recordings };
    const hostKey = loadOrCreateHostKey(join(dir, 'gateway_host_key'), t.app.sshKeys);
    gateway = await startSshGateway(deps, {
      host: '127.0.0.1', port: 0, hostKey: hostKey.privateKey,
      idleTimeoutSeconds: o.idleTimeoutSeconds ?? 0, log: (line) => { if (process.env['JAGA_TEST_GATEWAY_LOG'] !== '0') console.error(line); }, ...(o.recordingOpener ? { recordingOpener: o.recordingOpener } : {}),
      ...(o.recheckSeconds ? { recheckSeconds: o.recheckSeconds } : {}),
      ...(o.recordingQuotaBytes ? { recordingQuotaBytes: o.recordingQuotaBytes } : {}),
      nodeId: o.nodeId ?? 'node-a', ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}),
    });
    const port = gateway.address.port;
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey.publicKey}\n`);
    const clientOptions = Object.freeze([
      '-F', '/dev/null', '-i', key.path, '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes',
      '-o', 'UpdateHostKeys=no', '-o', 'ConnectTimeout=10',
    ]);
    const s = sshd;
    const g = gateway;
    return {
      t, sshd: s, gateway: g, port, caseId, dir, keyPath: key.path, clientOptions,
      ssh: (command, opts = {}) => runClient('ssh', [...clientOptions, '-p', String(port), ...(opts.extra ?? []),
        `${opts.login ?? `andi:${TARGET}`}@127.0.0.1`, '--', command], opts),
      scp: (args, opts) => runClient('scp', [...clientOptions, '-P', String(port), ...args], opts),
      sftp: (batch, opts = {}) => {
        const file = join(dir, `batch-${Math.random().toString(36).slice(2)}`);
        writeFileSync(file, batch);
        return runClient('sftp', [...clientOptions, '-P', String(port), ...(opts.extra ?? []), '-b', file, `andi+${TARGET}@127.0.0.1`], opts);
      },
      stopGateway: () => g.close(),
      async close() {
        await g.close();
        await s.stop();
        await t.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await gateway?.close().catch(() => {});
    await sshd?.stop().catch(() => {});
    await t.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export async function logbook(t: TestApp): Promise<(LogbookEntry & { d: Record<string, unknown> })[]> {
  const all: (LogbookEntry & { d: Record<string, unknown> })[] = [];
  await t.app.store.read(async (r) => {
    for await (const page of r.logbook.scan({})) for (const e of page) all.push({ ...e, d: JSON.parse(e.data) as Record<string, unknown> });
  });
  return all;
}

/** Waits until the gateway has recorded the end of every session (the client may exit a moment earlier). */
export async function settled(w: Pick<GatewayWorld, 't' | 'gateway'>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await w.t.app.store.read((r) => r.gatewaySessions.listOpen())).length > 0 || w.gateway.live.list().length > 0) {
    if (Date.now() > deadline) assert.fail('gateway sessions did not end');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `cond` until it holds; fails the test naming `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
