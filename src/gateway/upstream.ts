import { connect as tcpConnect } from 'node:net';
import ssh2 from 'ssh2';
import type { Client as SshClient, ClientChannel } from 'ssh2';
import type { KeyFingerprinter } from '../app/registry/register-workstation.js';
import type { Target } from '../domain/registry/target.js';
import { limitReadBurst } from './fair-socket.js';

/** Ciphers for both legs, fastest first on this kind of hardware (AES-NI): see bench/gateway.bench.ts. */
export const CIPHERS = ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes256-ctr'] as const;

export type TargetCredential = { kind: 'private_key'; privateKey: string } | { kind: 'password'; password: string };

/** Why the gateway could not open its own connection to the target (each is shown and logged). */
export class UpstreamError extends Error {
  constructor(readonly reason: 'host_key_mismatch' | 'auth_failed' | 'unreachable' | 'uid0', message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/**
 * Opens the gateway's SSH connection to the target as its registered (non-root) account with the
 * gateway-held credential. The host key must match the pinned fingerprint, else the handshake is
 * aborted before any credential is sent (`fingerprint`: the one SSH fingerprint function, `App.fingerprint`).
 */
export function connectUpstream(target: Target, credential: TargetCredential, opts: { fingerprint: KeyFingerprinter; readyTimeoutMs?: number }): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let seenKey: string | null = null;
    let settled = false;
    const fail = (err: UpstreamError): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(err);
    };
    const sock = tcpConnect({ host: target.host, port: target.port });
    sock.setNoDelay(true);
    limitReadBurst(sock);
    sock.once('error', (e) => fail(new UpstreamError('unreachable', e.message)));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', (e: Error & { level?: string }) => {
      if (seenKey !== null && seenKey !== target.hostKeyFingerprint) {
        fail(new UpstreamError('host_key_mismatch', `host key ${seenKey} does not match the pinned ${target.hostKeyFingerprint}`,
          { presented: seenKey, pinned: target.hostKeyFingerprint }));
      } else if (e.level === 'client-authentication') {
        fail(new UpstreamError('auth_failed', `the target refused the gateway's credential for ${target.loginAccount}`));
      } else {
        fail(new UpstreamError('unreachable', e.message));
      }
    });
    client.once('close', () => fail(new UpstreamError('unreachable', 'connection closed during the handshake')));
    client.connect({
      sock, username: target.loginAccount, readyTimeout: opts.readyTimeoutMs ?? 15_000, keepaliveInterval: 15_000, keepaliveCountMax: 4,
      ...(credential.kind === 'private_key' ? { privateKey: credential.privateKey } : { password: credential.password }),
      hostVerifier: (key: Buffer) => {
        seenKey = opts.fingerprint(key.toString('base64'));
        return seenKey === target.hostKeyFingerprint;
      },
      algorithms: { cipher: [...CIPHERS] },
      ident: 'Jaga',
    });
  });
}

/** Runs a command on the upstream connection and collects its stdout (for the uid check). */
export function execCollect(client: SshClient, command: string, timeoutMs = 10_000): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`'${command}' on the target took longer than ${timeoutMs} ms`)), timeoutMs);
    client.exec(command, (err: Error | undefined, ch: ClientChannel) => {
      if (err) {
        clearTimeout(timer);
        reject(err);
        return;
      }
      let out = '';
      let code: number | null = null;
      ch.on('data', (d: Buffer) => { if (out.length < 4096) out += d.toString('utf8'); });
      ch.stderr.resume();
      ch.on('exit', (c: number | null) => { code = c; });
      ch.on('close', () => {
        clearTimeout(timer);
        resolve({ code, stdout: out });
      });
    });
  });
}

/**
 * A1c at the target itself: the account the gateway logged in as must not be uid 0 (a renamed
 * root, `toor`…). Asked once per connection with `id -u`.
 */
export async function assertNotUid0(client: SshClient, target: Target): Promise<void> {
  const { stdout } = await execCollect(client, 'id -u');
  const uid = Number(stdout.trim());
  if (stdout.trim() === '' || !Number.isInteger(uid)) {
    throw new UpstreamError('uid0', `could not read the uid of ${target.loginAccount} on ${target.name}`, { output: stdout.slice(0, 100) });
  }
  if (uid === 0) throw new UpstreamError('uid0', `${target.loginAccount} on ${target.name} has uid 0`, { uid });
}
