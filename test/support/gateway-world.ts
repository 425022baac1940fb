/**
 * A running SSH gateway in front of a real OpenSSH sshd, over a seeded test app: target
 * `spse-gorontalo` (the sshd, its pinned host key, the gateway's credential for it), andi's
 * workstation key (a fresh ed25519 pair on disk), and a case assigned to andi at B3.
 * Clients are the real `ssh`, `scp` and `sftp` with their own known_hosts for the gateway.
 *
 * The gateway asks executors for TOTP, so andi enrols (an enrolment code, password, first code:
 * the real use cases) and the world passes one real keyboard-interactive TOTP login at set-up
 * (OpenSSH reads the code through SSH_ASKPASS). Its grace (a day by default, `totpGraceSeconds`)
 * then admits andi's key from 127.0.0.1 without a code, so clients run with BatchMode=yes. The
 * warm-up happens before the gateway holds a credential for the target, so it opens no session
 * (the case's first access is still the test's own). Tests of TOTP itself set `totpGraceSeconds: 0`
 * or pass `totp: true` to `ssh`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { enrolTotp } from './totp.js';

export const TARGET = 'spse-gorontalo';
const DAY = 86_400;

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
  /** andi's TOTP secret (base32). */
  readonly totpSecret: string;
  /**
   * `ssh -p PORT [extra] andi:TARGET@127.0.0.1 -- command`; `totp`: also answer the gateway's
   * keyboard-interactive TOTP prompt (with `totpCode`, default a code of a step not yet used).
   */
  ssh(command: string, opts?: ClientRunOptions & { extra?: string[]; login?: string; totp?: boolean; totpCode?: string }): Promise<ClientResult>;
  /** A code of andi's that the gateway has not seen yet (waits for the next step when needed). */
  freshTotpCode(): Promise<string>;
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
  /** More configuration for the app (e.g. recordings in object storage: test/support/s3-server.ts). */
  env?: Record<string, string>;
  /** The gateway's Clock (default: real time). */
  clock?: Clock;
  /** What one session may record (bytes; default the gateway's). */
  recordingQuotaBytes?: number;
  /** The gateway's TOTP grace (default a day, past any test file); 0: no grace and no warm-up login. */
  totpGraceSeconds?: number;
  /** Appended to the target sshd's config (e.g. `AcceptEnv LANG LC_*`). */
  sshdConfig?: string;
  /** Keep the gateway's host key where `jaga serve` keeps it (the data directory's `ssh_host_ed25519_key`), not in the world's own directory. */
  hostKeyInDataDir?: boolean;
}

/** A code of `userId`'s of a step the store has not seen used, by `clock` (the ±1 step window allows the next step's). */
export async function unusedTotpCode(t: TestApp, userId: string, secret: string, clock: Clock): Promise<string> {
  const deadline = Date.now() + 70_000;
  for (;;) {
    const last = (await t.app.store.read((r) => r.mfa.findByUserId(userId)))?.lastUsedStep ?? null;
    const step = Math.floor(clock.now().getTime() / 30_000);
    const use = last === null || last < step ? step : last === step ? step + 1 : null;
    if (use !== null) return t.app.totp.code(secret, new Date(use * 30_000 + 1000));
    if (Date.now() > deadline) assert.fail('no unused TOTP step came');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** ssh options and environment that answer keyboard-interactive with the contents of `codeFile` (SSH_ASKPASS). */
export function askpassClient(dir: string, clientOptions: readonly string[]): { opts: string[]; env: Record<string, string>; codeFile: string } {
  const askpass = join(dir, 'askpass.sh');
  const codeFile = join(dir, 'totp-code');
  writeFileSync(askpass, `#!/bin/sh\ncat '${codeFile}'\n`);
  chmodSync(askpass, 0o700);
  return {
    opts: [...clientOptions.map((o) => (o === 'BatchMode=yes' ? 'BatchMode=no' : o)),
      '-o', 'PreferredAuthentications=publickey,keyboard-interactive', '-o', 'NumberOfPasswordPrompts=1'],
    env: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, codeFile,
  };
}

export function newKeyPair(dir: string, name: string): { path: string; publicKey: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  return { path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

export async function startGatewayWorld(o: GatewayWorldOptions = {}): Promise<GatewayWorld> {
  const t = await openTestApp(o.dialect ?? 'sqlite', o.env ? { env: o.env } : {});
  const dir = mkdtempSync(join(tmpdir(), 'jaga-gw-'));
  let sshd: TestSshd | undefined;
  let gateway: SshGateway | undefined;
  try {
    await seedWorld(t, o.officeCidrs ? { officeCidrs: o.officeCidrs } : {});
    sshd = await startSshd(o.sshdConfig ? { extraConfig: o.sshdConfig } : {});
    const su = as('super');
    const key = newKeyPair(dir, 'andi_ws');
    await registerWorkstation(t.app, su, { assetTag: 'LPSE-NB-002', serialNumber: 'SN-002', ownerUnit: 'gorontalo', assignedUser: 'andi', organisationOwned: true, sshKeys: [key.publicKey] });
    await registerTarget(t.app, su, { name: TARGET, unit: 'gorontalo', host: sshd.host, port: sshd.port, loginAccount: sshd.user, hostKeyFingerprint: sshd.hostKeyFingerprint });
    const totpSecret = await enrolTotp(t, 'andi');
    const andiId = (await t.app.store.read((r) => r.users.findByUsername('andi')))?.id as string;
    const caseId = (await reportFault(t.app, as('pelapor'), { unit: 'gorontalo', target: TARGET, system: 'SPSE', description: 'SPSE tidak dapat diakses', urgency: 'high', channel: 'phone' })).id;
    await acknowledgeReport(t.app, as('koor'), caseId, { classification: 'aplikasi', impact: 'layanan terhenti', executor: 'andi' });
    if (!o.unprepared) await prepareWorkstation(t.app, as('andi'), caseId, { workstation: 'LPSE-NB-002', location: 'Kantor LPSE', network: 'kantor-lpse' });
    // The gateway works in real time; the test clock would stamp every session with the same instant.
    const realClock = { now: () => new Date() };
    const recordings = o.recordingOpener ? new LocalRecordingStore(t.config.ssh.recordingsDir, { open: o.recordingOpener }) : t.app.recordings;
    const deps = { ...t.app, clock: o.clock ?? realClock, recordings };
    const hostKey = loadOrCreateHostKey(o.hostKeyInDataDir ? t.config.ssh.hostKeyFile : join(dir, 'gateway_host_key'), t.app.sshKeys);
    gateway = await startSshGateway(deps, {
      host: '127.0.0.1', port: 0, hostKey: hostKey.privateKey,
      idleTimeoutSeconds: o.idleTimeoutSeconds ?? 0, totpGraceSeconds: o.totpGraceSeconds ?? DAY, log: (line, fields) => { if (process.env['JAGA_TEST_GATEWAY_LOG'] !== '0' && fields?.level !== 'info') console.error(line); }, ...(o.recordingOpener ? { recordingOpener: o.recordingOpener } : {}),
      ...(o.recheckSeconds ? { recheckSeconds: o.recheckSeconds } : {}),
      ...(o.recordingQuotaBytes ? { recordingQuotaBytes: o.recordingQuotaBytes } : {}),
      nodeId: o.nodeId ?? 'node-a', ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}),
    });
    const port = gateway.address.port;
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey.publicKey}\n`);
    const gatewayClock = deps.clock;
    const freshTotpCode = () => unusedTotpCode(t, andiId, totpSecret, gatewayClock);
    const clientOptions = Object.freeze([
      '-F', '/dev/null', '-i', key.path, '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes',
      '-o', 'UpdateHostKeys=no', '-o', 'ConnectTimeout=10',
    ]);
    if (!o.unprepared && (o.totpGraceSeconds ?? DAY) > 0) {
      // The warm-up: one real TOTP login, refused after the code for want of a credential (no session).
      const k = askpassClient(dir, clientOptions);
      writeFileSync(k.codeFile, `${await freshTotpCode()}\n`);
      const r = await runClient('ssh', [...k.opts, '-p', String(port), `andi:${TARGET}@127.0.0.1`, '--', 'true'], { env: k.env });
      assert.match(r.stderr, /kredensial|credential/i, `the warm-up login passes TOTP and stops at the credential: ${r.stderr}`);
      assert.ok(await t.app.store.read((x) => x.totpGrace.find(andiId, t.app.fingerprint(key.publicKey.split(' ')[1] as string), '127.0.0.1')), 'the warm-up started a grace');
    }
    await setTargetCredential(t.app, su, { target: TARGET, privateKey: sshd.clientKey.privateKey });
    const s = sshd;
    const g = gateway;
    return {
      t, sshd: s, gateway: g, port, caseId, dir, keyPath: key.path, clientOptions,
      totpSecret, freshTotpCode,
      async ssh(command, opts = {}) {
        const login = [...(opts.extra ?? []), `${opts.login ?? `andi:${TARGET}`}@127.0.0.1`, '--', command];
        if (!opts.totp) return runClient('ssh', [...clientOptions, '-p', String(port), ...login], opts);
        const k = askpassClient(dir, clientOptions);
        writeFileSync(k.codeFile, `${opts.totpCode ?? await freshTotpCode()}\n`);
        return runClient('ssh', [...k.opts, '-p', String(port), ...login], { ...opts, env: { ...opts.env, ...k.env } });
      },
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
