/**
 * A throwaway OpenSSH server (the machine's real /usr/sbin/sshd) on a loopback port, used as the
 * *target server* in SSH-gateway integration tests, plus helpers that drive it with the real
 * `ssh` / `scp` / `sftp` clients.
 *
 * Each `startSshd()` gets its own temp directory with its own ed25519 host key, client key,
 * authorized-keys file, known_hosts file, sshd_config and log, so several instances (in one test
 * process or in parallel test files) never interfere. Logins go to one shared non-root account
 * (default `jagatest`), created on first use.
 *
 * Needs root (it creates the account and runs sshd, which insists on root for privilege
 * separation) and the packages installed by scripts/ensure-system-deps.sh.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnLogged } from './logged-child.js';

export interface ClientResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface ClientRunOptions {
  /** Written to the client's stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Kill the client and reject after this long (default 30 s). */
  timeoutMs?: number;
  /** Added to the environment of the client. */
  env?: Record<string, string>;
}

export interface TestSshd {
  readonly host: string; // '127.0.0.1'
  readonly port: number;
  /** The non-root login account the target accepts the client key for. */
  readonly user: string;
  /** OpenSSH form 'SHA256:...' of the ed25519 host key. */
  readonly hostKeyFingerprint: string;
  /** The host key line ('ssh-ed25519 AAAA...'), without comment. */
  readonly hostPublicKey: string;
  /** Private key (OpenSSH PEM text) and public key line the target accepts for `user`. */
  readonly clientKey: { privateKeyPath: string; privateKey: string; publicKey: string };
  /** known_hosts file holding `[127.0.0.1]:<port> <hostPublicKey>`. */
  readonly knownHostsPath: string;
  /**
   * Client options shared by `ssh`, `scp` and `sftp` (config isolation, the client key, strict host
   * key checking against `knownHostsPath`, batch mode). Add the port yourself: `-p` for ssh, `-P`
   * for scp/sftp.
   */
  readonly clientOptions: readonly string[];
  /** The instance's temp directory (removed by stop()). */
  readonly dir: string;
  /** Pid of the listening sshd. */
  readonly pid: number;
  /** The sshd log so far (LogLevel VERBOSE), for assertion messages. */
  log(): string;
  /**
   * Runs `ssh` against this sshd as `user` with the client key and strict host key checking against
   * a known_hosts file made for it. Rejects only if the client cannot be run or times out.
   */
  exec(command: string, opts?: ClientRunOptions): Promise<ClientResult>;
  /** Stops sshd and every session process under it, then removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartSshdOptions {
  /** Login account (created if missing; must not be uid 0). Default 'jagatest'. */
  user?: string;
  /** Appended to the generated sshd_config (e.g. `Match` blocks, `AllowTcpForwarding no`). */
  extraConfig?: string;
}

const SSHD = '/usr/sbin/sshd';
const HOST = '127.0.0.1';
const DEFAULT_USER = 'jagatest';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const DEFAULT_CLIENT_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 5;

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

// ---------------------------------------------------------------------------------------------
// Small process helpers

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Runs a helper program; resolves with stdout, rejects with its output on failure. */
function run(cmd: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`.trim(), { cause: err }));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * Runs a client program (ssh, scp, sftp, ...) and collects its output. Resolves with the exit status
 * (null if killed by a signal); rejects if it cannot be spawned or runs past `timeoutMs`.
 */
export function runClient(cmd: string, args: readonly string[], opts: ClientRunOptions = {}): Promise<ClientResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // EPIPE if the remote side never reads; the status tells
      child.stdin.end(opts.input);
    }
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${cmd}: ${e.message}`, { cause: e }));
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      const result = { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (timedOut) {
        reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout: ${result.stdout}\nstderr: ${result.stderr}`));
      } else {
        resolve(result);
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

/** Connects to `port` and resolves true iff the server greets with an `SSH-2.0-` identification line. */
function sshBanner(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let buf = '';
    let settled = false;
    const sock = connect({ host: HOST, port });
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.includes('\n')) done(buf.startsWith('SSH-2.0-'));
    });
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
  });
}

// ---------------------------------------------------------------------------------------------
// Process tree (sshd forks one process per connection, and those call setsid(), so neither the
// child handle nor a process group reaches them; /proc does.)

interface ProcInfo {
  ppid: number;
  state: string;
  /** Start time in clock ticks since boot: tells a pid apart from a later reuse of it. */
  start: string;
}

function procInfo(pid: number): ProcInfo | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // Fields after the parenthesised comm: state(3) ppid(4) ... starttime(22).
  const fields = stat.slice(close + 2).split(' ');
  const [state, ppid] = fields;
  const start = fields[19];
  if (state === undefined || ppid === undefined || start === undefined) return undefined;
  return { ppid: Number(ppid), state, start };
}

function isLive(info: ProcInfo | undefined): info is ProcInfo {
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

/** All live descendants of the given pids (not the pids themselves), as pid → start time. */
function descendantsOf(roots: Iterable<number>): Map<number, string> {
  const byParent = new Map<number, { pid: number; start: string }[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const info = procInfo(pid);
    if (!isLive(info)) continue;
    const list = byParent.get(info.ppid) ?? [];
    list.push({ pid, start: info.start });
    byParent.set(info.ppid, list);
  }
  const found = new Map<number, string>();
  const queue = [...roots];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const c of byParent.get(pid) ?? []) {
      if (found.has(c.pid)) continue;
      found.set(c.pid, c.start);
      queue.push(c.pid);
    }
  }
  return found;
}

/**
 * The listening sshd and everything under it (connection monitors, privilege-separated children,
 * session shells and their commands). Exported for tests that check nothing is left behind.
 */
export function sshdProcessTree(pid: number): Map<number, string> {
  const tree = descendantsOf([pid]);
  const self = procInfo(pid);
  if (isLive(self)) tree.set(pid, self.start);
  return tree;
}

/** Is the process `pid` that started at `start` still alive (and not a zombie)? */
export function processAlive(pid: number, start: string): boolean {
  const info = procInfo(pid);
  return isLive(info) && info.start === start;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

// ---------------------------------------------------------------------------------------------
// The login account

const accounts = new Map<string, Promise<{ uid: number; gid: number }>>();

function passwdEntry(user: string): { uid: number; gid: number } | undefined {
  const line = readText('/etc/passwd').split('\n').find((l) => l.startsWith(`${user}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid === undefined || gid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) };
}

function shadowPassword(user: string): string | undefined {
  const line = readText('/etc/shadow').split('\n').find((l) => l.startsWith(`${user}:`));
  return line?.split(':')[1];
}

/**
 * Retries `fn` for a few seconds: useradd/usermod fail with "cannot lock /etc/passwd" while
 * another test process is creating or changing the same account at the same moment.
 */
async function retrying<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    let last: unknown;
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: gave up${last ? `: ${String(last)}` : ''}`, { cause: last });
    await sleep(delay);
  }
}

/** Creates the login account if missing and makes it usable for public-key login. */
function ensureAccount(user: string): Promise<{ uid: number; gid: number }> {
  let pending = accounts.get(user);
  if (!pending) {
    pending = (async () => {
      const entry = await retrying(`creating account ${user}`, async () => {
        const existing = passwdEntry(user);
        if (existing) return existing;
        await run('useradd', ['-m', '-s', '/bin/bash', user]).catch((err: unknown) => {
          if (!passwdEntry(user)) throw err; // else: created concurrently by another process
        });
        return passwdEntry(user);
      });
      if (entry.uid === 0) throw new Error(`test login account ${user} has uid 0; the SSH test target needs a non-root account`);
      // Debian's useradd leaves the password field '!' ("locked"). With UsePAM no, sshd refuses
      // every login, public-key included, to an account whose password starts with '!'.
      // '*' means "no password can match" without "locked".
      await retrying(`unlocking account ${user}`, async () => {
        if (shadowPassword(user)?.startsWith('!')) await run('usermod', ['-p', '*', user]);
        return shadowPassword(user)?.startsWith('!') ? undefined : true;
      });
      return entry;
    })();
    pending.catch(() => accounts.delete(user)); // let a later call retry
    accounts.set(user, pending);
  }
  return pending;
}

// ---------------------------------------------------------------------------------------------
// sshd

/** sshd's privilege separation directory: must exist, be root-owned and not group/world-writable. */
function ensurePrivsepDir(): void {
  const dir = '/run/sshd';
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = statSync(dir);
  if (st.uid !== 0 || st.gid !== 0) chownSync(dir, 0, 0);
  if ((st.mode & 0o777) !== 0o755) chmodSync(dir, 0o755);
}

/**
 * OpenSSH >= 9.8 penalises source addresses after failed authentications (PerSourcePenalties),
 * which would make a test that expects a refused login lock 127.0.0.1 out for the following
 * tests. Older versions (Debian 12 ships 9.2) reject the keyword, so probe once.
 */
let penaltiesKeyword: Promise<boolean> | undefined;
function supportsPerSourcePenalties(dir: string, base: string): Promise<boolean> {
  penaltiesKeyword ??= (async () => {
    const probe = join(dir, 'sshd_config.probe');
    writeFileSync(probe, `${base}PerSourcePenalties no\n`);
    try {
      await run(SSHD, ['-t', '-f', probe]);
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { force: true });
    }
  })();
  return penaltiesKeyword;
}

function sftpSubsystem(): string {
  // The stock external server, as on a real Debian target; internal-sftp where it is absent.
  const external = '/usr/lib/openssh/sftp-server';
  return existsSync(external) ? external : 'internal-sftp';
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  pid: number;
}

/** Starts sshd; resolves once it listens on `port` and greets with an SSH-2.0 banner. */
async function startServer(configPath: string, port: number, logPath: string): Promise<Running> {
  const { child, exited, exitInfo } = spawnLogged(SSHD, ['-D', '-e', '-f', configPath], logPath);

  const listening = `Server listening on ${HOST} port ${port}.`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitInfo() !== undefined) {
      const log = readText(logPath);
      throw Object.assign(new Error(`sshd exited during startup (${exitInfo()}); its log:\n${log}`), {
        portInUse: /Address already in use/.test(log),
      });
    }
    // The log line proves that *our* sshd holds the port (not something that grabbed it after
    // freePort() released it); the banner proves it serves connections.
    if (readText(logPath).includes(listening) && (await sshBanner(port, 1000))) break;
    if (Date.now() > deadline) {
      if (child.pid !== undefined) signal(child.pid, 'SIGKILL');
      throw new Error(`sshd did not greet on ${HOST}:${port} within ${START_TIMEOUT_MS / 1000} s; its log:\n${readText(logPath)}`);
    }
    await sleep(50);
  }
  if (child.pid === undefined) throw new Error('sshd is up but its pid is unknown');
  return { child, exited, pid: child.pid };
}

/** Instances not yet stopped, killed synchronously if the test process exits without stop(). */
const live = new Set<{ pid: number | undefined; dir: string }>();
let exitHandlerInstalled = false;
function onProcessExit(): void {
  for (const inst of live) {
    if (inst.pid !== undefined) {
      for (const pid of sshdProcessTree(inst.pid).keys()) signal(pid, 'SIGKILL');
    }
    rmSync(inst.dir, { recursive: true, force: true });
  }
  live.clear();
}

function parseFingerprint(keygenOutput: string): string {
  const m = /\bSHA256:[A-Za-z0-9+/]+/.exec(keygenOutput);
  if (!m) throw new Error(`no SHA256 fingerprint in ssh-keygen output: ${keygenOutput}`);
  return m[0];
}

function firstTwoFields(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

export async function startSshd(opts: StartSshdOptions = {}): Promise<TestSshd> {
  const user = opts.user ?? DEFAULT_USER;
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) throw new Error(`unsuitable login account name: ${user}`);
  if (!isRoot) {
    throw new Error('startSshd needs root: it creates the login account and runs sshd (privilege separation)');
  }
  if (!existsSync(SSHD)) throw new Error(`${SSHD} not found; run scripts/ensure-system-deps.sh`);

  const account = await ensureAccount(user);
  ensurePrivsepDir();

  const dir = mkdtempSync(join(tmpdir(), 'jaga-sshd-'));
  const inst: { pid: number | undefined; dir: string } = { pid: undefined, dir };
  live.add(inst);
  if (!exitHandlerInstalled) {
    process.on('exit', onProcessExit);
    exitHandlerInstalled = true;
  }
  const cleanupFailedStart = (): void => {
    live.delete(inst);
    if (inst.pid !== undefined) for (const pid of sshdProcessTree(inst.pid).keys()) signal(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // sshd reads the authorized-keys file with the login user's uid, so that user must be able to
    // traverse the (root-owned) temp dir; 0711 lets it reach known names without listing the dir.
    chmodSync(dir, 0o711);

    const hostKeyPath = join(dir, 'ssh_host_ed25519_key');
    const clientKeyPath = join(dir, 'client_ed25519');
    await Promise.all([
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'jaga-test-host', '-f', hostKeyPath]),
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'jaga-test-client', '-f', clientKeyPath]),
    ]);
    const hostPublicKey = firstTwoFields(readFileSync(`${hostKeyPath}.pub`, 'utf8'));
    const hostKeyFingerprint = parseFingerprint(await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKeyPath}.pub`]));
    const clientPublicKey = firstTwoFields(readFileSync(`${clientKeyPath}.pub`, 'utf8'));
    const clientPrivateKey = readFileSync(clientKeyPath, 'utf8');

    // Per-instance authorized keys instead of ~user/.ssh/authorized_keys: parallel instances (in
    // other test files) share the account, and appending to / rewriting one shared file would race
    // and let one instance's stop() revoke another's key. With a file per instance nothing is
    // shared, and removing the temp dir revokes the key.
    //
    // StrictModes no: with StrictModes yes sshd requires every directory above the keys file to be
    // root- or user-owned and not group/world-writable, and the temp dir lives under /tmp (mode
    // 1777), so it would refuse the file. The file itself is still owned by the user, mode 0600.
    const authorizedKeysPath = join(dir, 'authorized_keys');
    writeFileSync(authorizedKeysPath, `${clientPublicKey}\n`, { mode: 0o600 });
    chownSync(authorizedKeysPath, account.uid, account.gid);

    const configPath = join(dir, 'sshd_config');
    const logPath = join(dir, 'sshd.log');
    const knownHostsPath = join(dir, 'known_hosts');
    const baseConfig = (port: number): string => [
      `Port ${port}`,
      `ListenAddress ${HOST}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      `AuthorizedKeysFile ${authorizedKeysPath}`,
      'StrictModes no',
      `Subsystem sftp ${sftpSubsystem()}`,
      'LogLevel VERBOSE',
      'MaxStartups 100:30:200',
      'MaxSessions 100',
      'PrintMotd no',
      'PrintLastLog no',
      'X11Forwarding no',
      'UseDNS no',
      '',
    ].join('\n');

    const penalties = await supportsPerSourcePenalties(dir, baseConfig(22));
    let running: Running | undefined;
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // Global keywords first; extraConfig last, since it may open a `Match` block.
      writeFileSync(configPath, `${baseConfig(port)}${penalties ? 'PerSourcePenalties no\n' : ''}${opts.extraConfig ?? ''}\n`);
      try {
        running = await startServer(configPath, port, logPath);
        break;
      } catch (err) {
        if (attempt < PORT_ATTEMPTS && (err as { portInUse?: boolean }).portInUse) continue;
        throw err;
      }
    }
    inst.pid = running.pid;
    writeFileSync(knownHostsPath, `[${HOST}]:${port} ${hostPublicKey}\n`);

    const clientOptions: readonly string[] = Object.freeze([
      '-F', '/dev/null', // no ~/.ssh/config or /etc/ssh/ssh_config of the machine
      '-i', clientKeyPath,
      '-o', 'IdentitiesOnly=yes',
      '-o', 'IdentityAgent=none',
      '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${knownHostsPath}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'UpdateHostKeys=no',
      '-o', 'ConnectTimeout=10',
      '-o', 'LogLevel=ERROR',
    ]);

    let stopping: Promise<void> | undefined;
    const srv = running;

    return {
      host: HOST,
      port,
      user,
      hostKeyFingerprint,
      hostPublicKey,
      clientKey: { privateKeyPath: clientKeyPath, privateKey: clientPrivateKey, publicKey: clientPublicKey },
      knownHostsPath,
      clientOptions,
      dir,
      pid: srv.pid,
      log: () => readText(logPath),
      exec(command, runOpts) {
        return runClient('ssh', [...clientOptions, '-p', String(port), `${user}@${HOST}`, '--', command], runOpts);
      },
      stop() {
        stopping ??= (async () => {
          srv.child.ref(); // keep the event loop alive until sshd is down
          // Take down the listener and every connection/session process under it, leaves first, so
          // each process is reaped by its own (still running) parent: killed all at once, orphans
          // would be re-parented to init and linger as zombies until it gets round to them.
          // Processes are remembered with their start time, since a re-parented one can no longer
          // be found through the listener.
          const known = sshdProcessTree(srv.pid);
          const signalled = new Set<number>();
          const deadline = Date.now() + STOP_TIMEOUT_MS;
          for (;;) {
            for (const [pid, start] of descendantsOf(known.keys())) known.set(pid, start);
            const remaining = new Map<number, number>(); // pid → ppid
            for (const [pid, start] of known) {
              const info = procInfo(pid);
              if (isLive(info) && info.start === start) remaining.set(pid, info.ppid);
            }
            if (remaining.size === 0) break;
            const parents = new Set(remaining.values());
            const kill = Date.now() > deadline;
            for (const pid of remaining.keys()) {
              if (kill) signal(pid, 'SIGKILL');
              else if (!parents.has(pid) && !signalled.has(pid)) {
                signal(pid, 'SIGTERM');
                signalled.add(pid);
              }
            }
            if (Date.now() > deadline + 2_000) {
              throw new Error(`sshd processes ${[...remaining.keys()].join(', ')} survived SIGKILL`);
            }
            await sleep(10);
          }
          await srv.exited;
          live.delete(inst);
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (err) {
    cleanupFailedStart();
    throw err;
  }
}
