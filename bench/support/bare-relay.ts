import type { AddressInfo, Socket } from 'node:net';
import { connect as tcpConnect, createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ClientChannel, ServerChannel } from 'ssh2';
import { sshKeys } from '../../src/adapters/system/ssh-keys.js';
import { limitReadBurst } from '../../src/gateway/fair-socket.js';
import { tcpServerOf } from '../../src/gateway/ssh2-internals.js';
import { CIPHERS } from '../../src/gateway/upstream.js';

/**
 * The floor under the gateway's relay cost: an ssh2 server that takes any client and relays its
 * exec channels to the target over an ssh2 client, with the gateway's ciphers and socket settings
 * (no Nagle, a read budget per turn) and nothing else: no A1 checks, no recording, no hashing, no
 * scan, no logbook. What it spends per GiB is what ssh2 on this thread costs before Jaga's own
 * evidence work (`gateway.bench.ts` runs it beside the gateway, in the same process).
 * Benchmarks only: it authenticates nobody.
 */
export interface BareRelay {
  readonly port: number;
  /** `ssh` options for it: the target's, with this relay's host key known. */
  readonly clientOptions: readonly string[];
  close(): Promise<void>;
}

/** `ssh` options for a relay on `port`: the target's, with `knownHosts` (the relay's host key lines) as its known hosts. */
function optionsFor(baseClientOptions: readonly string[], dir: string, name: string, knownHosts: string): readonly string[] {
  const file = join(dir, `${name}_known_hosts`);
  writeFileSync(file, knownHosts);
  return baseClientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${file}` : o));
}

export async function startBareRelay(target: { port: number; user: string; privateKey: string }, dir: string, baseClientOptions: readonly string[]): Promise<BareRelay> {
  const hostKey = sshKeys.ed25519('bare-relay');
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey], algorithms: { cipher: [...CIPHERS] } }, (client) => {
    client.on('error', (err) => { console.error(`bare relay: the client connection failed: ${err.message}`); });
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      const up = new ssh2.Client();
      const sock: Socket = tcpConnect({ host: '127.0.0.1', port: target.port });
      sock.setNoDelay(true);
      limitReadBurst(sock);
      up.on('error', (err) => { console.error(`bare relay: the target connection failed: ${err.message}`); client.end(); });
      const ready = new Promise<void>((resolve) => up.once('ready', resolve));
      up.connect({ sock, username: target.user, privateKey: target.privateKey, algorithms: { cipher: [...CIPHERS] } });
      client.on('close', () => up.end());
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const down: ServerChannel = acceptExec();
          void ready.then(() => up.exec(info.command, (err: Error | undefined, ch: ClientChannel) => {
            if (err) { console.error(`bare relay: exec on the target failed: ${err.message}`); down.exit(1); down.end(); return; }
            down.pipe(ch);
            // The exit status before the client's EOF, as the gateway sends it (sshd may send its
            // EOF before the status; a channel already ended sends no status, and ssh exits 255).
            ch.pipe(down, { end: false });
            ch.stderr.pipe(down.stderr);
            let code = 255;
            ch.on('exit', (c: number | null) => { if (typeof c === 'number') code = c; });
            ch.on('close', () => { down.exit(code); down.end(); });
          }));
        });
      });
    });
  });
  // Each TCP connection as the gateway treats it: no Nagle, a read budget per turn.
  tcpServerOf(server).prependListener('connection', (s: Socket) => {
    s.setNoDelay(true);
    limitReadBurst(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const clientOptions = optionsFor(baseClientOptions, dir, 'bare_relay', `[127.0.0.1]:${port} ${hostKey.publicKey}\n`);
  return { port, clientOptions, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Lower still: a plain TCP relay in Node (what an L4 proxy does), with no SSH at all. The client's
 * SSH session goes through it to the target unchanged, so what it spends per GiB is only the
 * relaying of bytes between two loopback sockets on this thread, the part no SSH relay can shed.
 */
export async function startTcpRelay(targetPort: number, dir: string, baseClientOptions: readonly string[]): Promise<BareRelay> {
  const server = createServer((down) => {
    const up = tcpConnect({ host: '127.0.0.1', port: targetPort });
    down.setNoDelay(true);
    up.setNoDelay(true);
    down.on('error', () => up.destroy());
    up.on('error', () => down.destroy());
    down.pipe(up);
    up.pipe(down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // The target's own host key, known under the relay's port.
  const knownOpt = baseClientOptions.find((o) => o.startsWith('UserKnownHostsFile=')) as string;
  const lines = readFileSync(knownOpt.slice('UserKnownHostsFile='.length), 'utf8').replace(/^\[127\.0\.0\.1\]:\d+ /gm, `[127.0.0.1]:${port} `);
  const clientOptions = optionsFor(baseClientOptions, dir, 'tcp_relay', lines);
  return { port, clientOptions, close: () => new Promise<void>((r) => { server.close(() => r()); }) };
}
