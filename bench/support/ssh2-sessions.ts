/**
 * SSH clients for the load benchmarks, written with ssh2's Client (hundreds of sessions in one
 * process, and the window flood OpenSSH cannot play). Loopback only; every wait is bounded.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';

/** Where a client logs in: the gateway as andi (`andi:TARGET`), or the target's sshd directly. */
export interface SshEndpoint {
  readonly label: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyPath: string;
  /** Added to a failed login's message (what to check). */
  readonly hint?: string;
}

const CIPHER = 'aes128-gcm@openssh.com'; // as the OpenSSH clients of gateway.bench.ts
const LOGIN_TIMEOUT_MS = 20_000;

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/**
 * Logs in with public-key authentication. Through the gateway this relies on the world's TOTP
 * warm-up (the second-factor grace for andi's key from 127.0.0.1): the client offers no
 * keyboard-interactive, so a gateway that still wants a code refuses it, and the benchmark says so.
 */
export function login(e: SshEndpoint): Promise<ssh2.Client> {
  const c = new ssh2.Client();
  const ready = new Promise<ssh2.Client>((resolve, reject) => {
    c.once('ready', () => resolve(c));
    c.once('error', (err) => reject(new Error(`login to ${e.label} failed: ${err.message}${e.hint ? ` (${e.hint})` : ''}`)));
    c.once('close', () => reject(new Error(`login to ${e.label}: connection closed before ready`)));
  });
  c.connect({
    host: '127.0.0.1', port: e.port, username: e.username, privateKey: readFileSync(e.privateKeyPath, 'utf8'),
    hostVerifier: () => true, // loopback, a host key made for this run
    readyTimeout: LOGIN_TIMEOUT_MS, algorithms: { cipher: [CIPHER] },
  });
  return ready.then((client) => { client.on('error', () => {}); return client; });
}

function exec(c: ssh2.Client, command: string, pty: boolean): Promise<ClientChannel> {
  return timeout(new Promise<ClientChannel>((resolve, reject) => {
    c.exec(command, pty ? { pty: { term: 'xterm', rows: 24, cols: 80 } } : {}, (err, ch) => (err ? reject(err) : resolve(ch)));
  }), LOGIN_TIMEOUT_MS, `exec ${command}`);
}

/** An interactive session: a pty in raw mode with `cat`, so each byte comes back as a keystroke's echo would. */
export interface EchoSession {
  /** Sends one byte; resolves with the round trip in ms. */
  rtt(): Promise<number>;
  close(): void;
}

export async function echoSession(e: SshEndpoint): Promise<EchoSession> {
  const c = await login(e);
  const ch = await exec(c, 'stty raw -echo && printf R && exec cat', true);
  let waiting: ((ms: number) => void) | null = null;
  let sentAt = 0;
  const started = new Promise<void>((resolve) => { waiting = () => resolve(); });
  ch.on('data', () => { const w = waiting; waiting = null; w?.(performance.now() - sentAt); });
  ch.stderr.on('data', () => {});
  await timeout(started, LOGIN_TIMEOUT_MS, `${e.label}: the session's first output`);
  const rtt = (): Promise<number> => timeout(new Promise<number>((resolve) => {
    waiting = resolve;
    sentAt = performance.now();
    ch.write('x');
  }), 10_000, `${e.label}: echo`);
  return { rtt, close: () => c.end() };
}

/** Opens `n` echo sessions, `batch` at a time (the gateway bounds connections still authenticating per address). */
export async function openEchoSessions(e: SshEndpoint, n: number, batch: number): Promise<EchoSession[]> {
  const out: EchoSession[] = [];
  while (out.length < n) out.push(...await Promise.all(Array.from({ length: Math.min(batch, n - out.length) }, () => echoSession(e))));
  return out;
}

/** ssh2's private channel state (lib/Channel.js) the window flood needs; checked, so a change fails loudly. */
interface ChannelInternals {
  incoming: { window: number };
  outgoing: { id: number };
  _client: { _protocol: { channelWindowAdjust(id: number, amount: number): void } };
}

/**
 * The window-flood attacker: a session running `command` (endless output), a receive window
 * raised to the protocol's maximum (2³² − 1 bytes), and then its socket no longer read, so
 * whatever the gateway sends piles up in front of it. `stop()` drops the connection.
 */
export async function windowFlood(e: SshEndpoint, command: string): Promise<{ stop(): void }> {
  const c = await login(e);
  const ch = await exec(c, command, false);
  const inner = ch as unknown as Partial<ChannelInternals>;
  const sock = (c as unknown as { _sock?: Socket })._sock;
  if (typeof inner.incoming?.window !== 'number' || typeof inner.outgoing?.id !== 'number' || typeof inner._client?._protocol?.channelWindowAdjust !== 'function' || !sock) {
    throw new Error('ssh2 internals changed: Channel.incoming/outgoing/_client._protocol or Client._sock (bench/support/ssh2-sessions.ts)');
  }
  const grant = 0xffffffff - inner.incoming.window;
  inner._client._protocol.channelWindowAdjust(inner.outgoing.id, grant);
  inner.incoming.window += grant;
  sock.pause();
  return { stop: () => sock.destroy() };
}
