import type { AddressInfo, Socket } from 'node:net';
import { connect as tcpConnect } from 'node:net';
import { writeFileSync } from 'node:fs';
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

export async function startBareRelay(target: { port: number; user: string; privateKey: string }, dir: string, baseClientOptions: readonly string[]): Promise<BareRelay> {
  const hostKey = sshKeys.ed25519('bare-relay');
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey], algorithms: { cipher: [...CIPHERS] } }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      const up = new ssh2.Client();
      const sock: Socket = tcpConnect({ host: '127.0.0.1', port: target.port });
      sock.setNoDelay(true);
      limitReadBurst(sock);
      up.on('error', () => client.end());
      const ready = new Promise<void>((resolve) => up.once('ready', resolve));
      up.connect({ sock, username: target.user, privateKey: target.privateKey, algorithms: { cipher: [...CIPHERS] } });
      client.on('close', () => up.end());
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const down: ServerChannel = acceptExec();
          void ready.then(() => up.exec(info.command, (err: Error | undefined, ch: ClientChannel) => {
            if (err) { down.exit(1); down.end(); return; }
            down.pipe(ch);
            ch.pipe(down);
            ch.stderr.pipe(down.stderr);
            ch.on('exit', (code: number | null) => { if (typeof code === 'number') down.exit(code); });
            ch.on('close', () => down.end());
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
  const knownHosts = join(dir, 'bare_relay_known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey.publicKey}\n`);
  const clientOptions = baseClientOptions.map((o) => (o.startsWith('UserKnownHostsFile=') ? `UserKnownHostsFile=${knownHosts}` : o));
  return { port, clientOptions, close: () => new Promise<void>((r) => server.close(() => r())) };
}
