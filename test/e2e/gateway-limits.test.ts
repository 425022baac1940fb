/**
 * The SSH gateway's resource limits against clients that try to exhaust it: a client that grants a
 * huge window and stops reading (backpressure), idle sockets before authentication (version
 * deadline, per-range caps, slots reserved for registered networks), floods of refused requests
 * (counters, the session ended), refused channel types (all logged), and authentication attempts
 * (counted synchronously; the key of the grant is the key of the session). Real OpenSSH and sshd
 * where a stock client can do it; ssh2's client or raw sockets (loopback, bounded in count and
 * time, stopping by themselves) where it cannot.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { MAX_AUTH_ATTEMPTS, MAX_REFUSED_REQUESTS, MAX_UNAUTHENTICATED, MAX_UNAUTHENTICATED_PER_IP, MAX_UNAUTHENTICATED_PER_RANGE,
  RESERVED_FOR_REGISTERED } from '../../src/gateway/abuse-limits.js';
import { CHANNEL_BUFFER_BOUND, MAX_CHANNELS_PER_SESSION, SESSION_OUTPUT_LIMIT } from '../../src/gateway/backpressure.js';
import { MAX_LOGGED_SIGNALS } from '../../src/gateway/channel-proxy.js';
import { sshFingerprint } from '../../src/adapters/system/node-crypto.js';
import { verifyLogbook } from '../../src/app/logbook/verify-logbook.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, newKeyPair, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Ssh2Login {
  client: ssh2.Client;
  ready: Promise<void>;
  closed: Promise<void>;
}

/** An ssh2 client through the gateway (for what stock clients will not do); `connect` options override andi's defaults. */
function ssh2Client(w: GatewayWorld, o: Partial<ssh2.ConnectConfig> = {}): Ssh2Login {
  const client = new ssh2.Client();
  client.on('error', () => {});
  const ready = new Promise<void>((resolve, reject) => { client.once('ready', resolve); client.once('close', () => reject(new Error('closed before ready'))); });
  ready.catch(() => {});
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  client.connect({ host: '127.0.0.1', port: w.port, username: `andi:${TARGET}`, privateKey: readFileSync(w.keyPath, 'utf8'), hostVerifier: () => true,
    readyTimeout: 20_000, ...o });
  return { client, ready, closed };
}

const execOn = (c: ssh2.Client, command: string): Promise<ClientChannel> =>
  new Promise((resolve, reject) => c.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))));

/** ssh2's client Protocol, to send what its API has no call for (a made-up channel type, a huge window). */
type ClientProtocol = {
  _packetRW: { write: { allocStart: number; alloc(n: number): Buffer; finalize(b: Buffer): Buffer } };
  channelWindowAdjust(chan: number, amount: number): void;
};
const protocolOf = (c: ssh2.Client): ClientProtocol => (c as unknown as { _protocol: ClientProtocol })._protocol;
const { sendPacket } = createRequire(import.meta.url)('ssh2/lib/protocol/utils.js') as { sendPacket: (proto: unknown, packet: Buffer) => void };

/** CHANNEL_OPEN of any type (RFC 4254 §5.1), from a channel number the client does not use. */
function openChannelOfType(c: ssh2.Client, type: string, sender: number): void {
  const proto = protocolOf(c);
  const w = proto._packetRW.write;
  const len = Buffer.byteLength(type);
  let p = w.allocStart;
  const packet = w.alloc(1 + 4 + len + 12);
  packet[p] = 90; // SSH_MSG_CHANNEL_OPEN
  packet.writeUInt32BE(len, ++p);
  packet.write(type, (p += 4), len, 'utf8');
  packet.writeUInt32BE(sender, (p += len));
  packet.writeUInt32BE(2 * 1024 * 1024, (p += 4));
  packet.writeUInt32BE(32 * 1024, p + 4);
  sendPacket(proto, w.finalize(packet));
}

async function sessionsOf(w: GatewayWorld): Promise<GatewaySession[]> {
  return w.t.app.store.read((r) => r.gatewaySessions.listForCase(w.caseId));
}

describe('SSH gateway: resource limits', () => {
  let w: GatewayWorld;
  /** The gateway's Clock runs in real time, moved on by this much (to end a window without waiting for it). */
  let ahead = 0;
  // 127.0.0.0/24 is the registered office; the other 127.x.y.z addresses (all loopback) are strangers.
  before(async () => { w = await startGatewayWorld({ officeCidrs: ['127.0.0.0/24'], heartbeatMs: 1000, clock: { now: () => new Date(Date.now() + ahead) } }); });
  after(async () => { await w?.close(); });

  it('a client that grants a huge window and stops reading cannot grow the gateway\'s memory: the target is paused, then resumes', async () => {
    const sock = connect({ host: '127.0.0.1', port: w.port });
    const { client, ready } = ssh2Client(w, { sock });
    await ready;
    try {
      const ch = await execOn(client, 'cat /dev/zero');
      let received = 0;
      ch.on('data', (d: Buffer) => { received += d.length; });
      ch.stderr.resume();
      await waitFor(() => received > 0, 'output to flow');
      // 1 GiB of window for the gateway, then no more reading of TCP at all.
      protocolOf(client).channelWindowAdjust((ch as unknown as { outgoing: { id: number } }).outgoing.id, 1024 * 1024 * 1024);
      sock.pause();
      const base = process.memoryUsage().arrayBuffers;
      const pausedAt = received;
      let maxBuffered = 0;
      let maxGrowth = 0;
      for (let i = 0; i < 40; i++) { // 4 s of flood
        await sleep(100);
        maxBuffered = Math.max(maxBuffered, w.gateway.bufferedBytes?.() ?? 0);
        maxGrowth = Math.max(maxGrowth, process.memoryUsage().arrayBuffers - base);
      }
      const [live] = w.gateway.live.list();
      // ssh2's client grants 2 MiB itself; more than that sent since it stopped reading is the huge window at work.
      const sentSince = (live?.bytesDown ?? 0) - pausedAt;
      assert.ok(sentSince > 2 * 1024 * 1024 + 512 * 1024, `the flood went past the client's own window (${sentSince} bytes since it stopped reading)`);
      const bound = SESSION_OUTPUT_LIMIT + 32 * 1024 + CHANNEL_BUFFER_BOUND; // one channel
      assert.ok(maxGrowth < 32 * 1024 * 1024, `the process's buffers grew by ${maxGrowth} bytes`);
      assert.ok(maxBuffered > 0 && maxBuffered <= bound, `buffered for the client at most ${maxBuffered} bytes (bound ${bound})`);
      // Reading again: the target was only paused.
      const before = received;
      sock.resume();
      await waitFor(() => received > before + 16 * 1024 * 1024, 'output to flow again once the client reads');
      ch.close();
    } finally {
      client.end();
      sock.destroy();
    }
    await settled(w);
  });

  it('a session holds at most MAX_CHANNELS_PER_SESSION channels at once: one more is refused and logged, and a slot frees when a channel closes', async () => {
    const { client, ready } = ssh2Client(w);
    await ready;
    try {
      const open = await Promise.all(Array.from({ length: MAX_CHANNELS_PER_SESSION }, () => execOn(client, 'sleep 20')));
      for (const ch of open) { ch.resume(); ch.stderr.resume(); }
      await assert.rejects(execOn(client, 'true'), /open failed|prohibited|Jaga/i);
      const first = open[0] as ClientChannel;
      const gone = new Promise<void>((r) => first.once('close', () => r()));
      first.close();
      await gone;
      await waitFor(async () => {
        // each try that is refused counts towards the session's refusals: try twice a second, not faster
        try { const ch = await execOn(client, 'echo lagi'); ch.resume(); ch.stderr.resume(); return true; } catch { await sleep(500); return false; }
      }, 'a freed slot');
    } finally {
      client.end();
    }
    await settled(w);
    const refused = (await logbook(w.t)).filter((e) => e.type === 'gateway.channel_refused' && e.d['channelType'] === 'session');
    assert.equal(refused.at(-1)?.d['limit'], MAX_CHANNELS_PER_SESSION);
  });

  it('every refused channel type is logged: ssh -w (tun@openssh.com) and a type ssh2 has no name for', async () => {
    const r = await w.ssh('echo lewat', { extra: ['-w', 'any'] });
    assert.equal(r.stdout, 'lewat\n', r.stderr);
    assert.match(r.stderr, /administratively prohibited: Jaga: DITOLAK \/ REFUSED/);
    const { client, ready } = ssh2Client(w);
    await ready;
    openChannelOfType(client, 'jaga-test@example.org', 4242);
    await sleep(200);
    client.end();
    await settled(w);
    const refused = (await logbook(w.t)).filter((e) => e.type === 'gateway.channel_refused').map((e) => e.d['channelType']);
    assert.ok(refused.includes('tun@openssh.com'), JSON.stringify(refused));
    assert.ok(refused.includes('jaga-test@example.org'), JSON.stringify(refused));
  });

  it('thousands of refused requests are counted, not logged one by one, and end the session with a message', async () => {
    const before = (await logbook(w.t)).length;
    const { client, ready, closed } = ssh2Client(w);
    await ready;
    const ch = await execOn(client, 'sleep 30');
    let stderr = '';
    ch.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    ch.resume();
    for (let i = 0; i < 2000; i++) {
      if (i % 2) openChannelOfType(client, i % 4 === 1 ? 'auth-agent@openssh.com' : 'jaga-flood@example.org', 10_000 + i);
      else client.forwardOut('127.0.0.1', 1, '127.0.0.1', 22, () => {});
    }
    await Promise.race([closed, sleep(20_000)]);
    await settled(w);
    const [s] = (await sessionsOf(w)).filter((x) => x.endReason === 'too_many_refusals');
    assert.ok(s, `the session ended as too_many_refusals: ${JSON.stringify((await sessionsOf(w)).map((x) => x.endReason))} ${(await logbook(w.t)).slice(before).map((e) => e.type).join(', ')}`);
    assert.match(stderr, /lebih dari 64 permintaan ditolak.*more than 64 requests were refused/s);
    const added = (await logbook(w.t)).slice(before);
    assert.ok(added.length <= 12, `the logbook grew by ${added.length} entries: ${added.map((e) => e.type).join(', ')}`);
    const summary = added.find((e) => e.type === 'gateway.refusals_summarised');
    assert.ok(summary, 'the counted refusals are summarised');
    assert.ok((summary.d['count'] as number) >= MAX_REFUSED_REQUESTS - 2);
    assert.ok(added.some((e) => e.type === 'gateway.refusals_exceeded'));
    assert.equal((await verifyLogbook(w.t.app)).ok, true);
  });

  it('a flood of signals is logged one by one only up to MAX_LOGGED_SIGNALS, then counted in one entry', async () => {
    const before = (await logbook(w.t)).length;
    const { client, ready } = ssh2Client(w);
    await ready;
    const ch = await execOn(client, "trap '' USR1; sleep 3");
    ch.resume();
    ch.stderr.resume();
    const sent = MAX_LOGGED_SIGNALS + 150;
    for (let i = 0; i < sent; i++) ch.signal('USR1');
    await new Promise<void>((resolve) => ch.once('close', () => resolve()));
    client.end();
    await settled(w);
    const added = (await logbook(w.t)).slice(before);
    assert.equal(added.filter((e) => e.type === 'gateway.signal').length, MAX_LOGGED_SIGNALS);
    const counted = added.find((e) => e.type === 'gateway.signals_counted');
    assert.ok(counted, `one entry counts the rest: ${added.map((e) => e.type).join(', ')}`);
    assert.equal(counted.d['count'], sent - MAX_LOGGED_SIGNALS);
  });

  it('SFTP extensions the observer refuses count as refused requests: a flood of them is summarised and ends the session', async () => {
    const before = (await logbook(w.t)).length;
    const earlier = new Set((await sessionsOf(w)).map((x) => x.id));
    const { client, ready, closed } = ssh2Client(w);
    await ready;
    const ch = await new Promise<ClientChannel>((resolve, reject) => client.subsys('sftp', (err, c) => (err ? reject(err) : resolve(c))));
    let got = 0;
    ch.on('data', (d: Buffer) => { got += d.length; });
    ch.stderr.resume();
    const u32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
    const str = (t: string): Buffer => Buffer.concat([u32(Buffer.byteLength(t)), Buffer.from(t)]);
    const pkt = (...parts: Buffer[]): Buffer => { const body = Buffer.concat(parts); return Buffer.concat([u32(body.length), body]); };
    ch.write(pkt(Buffer.from([1]), u32(3))); // INIT
    await waitFor(() => got > 0, 'VERSION');
    const flood = Array.from({ length: 5 * MAX_REFUSED_REQUESTS }, (_, i) => pkt(Buffer.from([200]), u32(100 + i), str('jaga-flood@example.org'), str('x')));
    ch.write(Buffer.concat(flood));
    await Promise.race([closed, sleep(20_000)]);
    client.end();
    await settled(w);
    const added = (await logbook(w.t)).slice(before);
    const mine = (await sessionsOf(w)).filter((x) => !earlier.has(x.id));
    assert.deepEqual(mine.map((x) => x.endReason), ['too_many_refusals'], added.map((e) => e.type).join(', '));
    const refused = added.filter((e) => e.type === 'gateway.file_transfer' && e.d['op'] === 'refused');
    assert.equal(refused.length, 1, 'the first refusal of the window in full, the rest counted');
    const summary = added.find((e) => e.type === 'gateway.refusals_summarised');
    assert.ok(((summary?.d['kinds'] as Record<string, number> | undefined)?.['sftp:jaga-flood@example.org'] ?? 0) >= MAX_REFUSED_REQUESTS - 1, JSON.stringify(summary?.d));
    assert.ok(added.some((e) => e.type === 'gateway.refusals_exceeded'));
  });

  it('failed attempts are counted before they are answered: no attempt past the limit reaches the rules (nor the logbook)', async () => {
    const stranger = newKeyPair(w.dir, 'stranger-attempts');
    const key = readFileSync(stranger.path, 'utf8');
    const before = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['code'] === 'gateway.A1a').length;
    let offered = 0;
    const { closed } = ssh2Client(w, {
      localAddress: '127.0.0.21',
      authHandler: (methodsLeft, _partial, next) => {
        if (offered++ >= 40 || (methodsLeft && !methodsLeft.includes('publickey'))) return false;
        next({ type: 'publickey', username: `andi:${TARGET}`, key });
        return undefined;
      },
    } as Partial<ssh2.ConnectConfig>);
    await closed;
    const after = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['code'] === 'gateway.A1a').length;
    assert.equal(after - before, MAX_AUTH_ATTEMPTS, `${offered} attempts offered`);
  });

  it('refusals before authentication from outside the registered networks are one entry per window with a count, and the source is blocked', async () => {
    const stranger = readFileSync(newKeyPair(w.dir, 'stranger-flood').path, 'utf8');
    const from = '127.5.0.1';
    for (let c = 0; c < 4; c++) {
      let offered = 0;
      const { closed } = ssh2Client(w, {
        localAddress: from,
        authHandler: (methodsLeft, _partial, next) => {
          if (offered++ >= 10 || (methodsLeft && !methodsLeft.includes('publickey'))) return false;
          next({ type: 'publickey', username: `andi:${TARGET}`, key: stranger });
          return undefined;
        },
      } as Partial<ssh2.ConnectConfig>);
      await closed;
    }
    const fromThere = (e: { d: Record<string, unknown> }): boolean => e.d['sourceIp'] === from || (e.d['details'] as { sourceIp?: string } | undefined)?.sourceIp === from;
    ahead += 61_000; // the window ends; the next heartbeat logs its summary
    await waitFor(async () => (await logbook(w.t)).some((e) => e.type === 'gateway.refusals_summarised' && fromThere(e)), 'the summary (next heartbeat)');
    const entries = (await logbook(w.t)).filter(fromThere);
    assert.deepEqual(entries.map((e) => e.type).sort(), ['gateway.refusals_summarised', 'gateway.source_blocked', 'refusal'], entries.map((e) => e.type).join());
    const summary = entries.find((e) => e.type === 'gateway.refusals_summarised');
    assert.equal(summary?.d['source'], '127.5.0.0/24');
    assert.deepEqual(summary?.d['codes'], { 'gateway.A1a': summary?.d['count'] });
    assert.ok((summary?.d['count'] as number) >= 19, `counted ${String(summary?.d['count'])}`);
  });

  describe('before authentication', () => {
    /** A raw TCP socket from `from`; admitted once the gateway sends its version line, refused when it is closed first. */
    function rawSocket(from: string, sayVersion: boolean): { sock: Socket; admitted: Promise<boolean>; closed: Promise<void> } {
      const sock = connect({ host: '127.0.0.1', port: w.port, localAddress: from });
      sock.on('error', () => {});
      const closed = new Promise<void>((r) => sock.once('close', () => r()));
      const admitted = new Promise<boolean>((resolve) => {
        sock.once('data', () => resolve(true));
        sock.once('close', () => resolve(false));
      });
      if (sayVersion) sock.once('connect', () => sock.write('SSH-2.0-idle\r\n'));
      return { sock, admitted, closed };
    }
    const held: Socket[] = [];
    after(() => { for (const s of held) s.destroy(); });

    it('a socket that says nothing is closed at the version deadline; one that sent its version line is kept', async () => {
      const silent = rawSocket('127.3.0.1', false);
      const spoke = rawSocket('127.3.0.2', true);
      held.push(silent.sock, spoke.sock);
      assert.equal(await spoke.admitted, true);
      const closedInTime = await Promise.race([silent.closed.then(() => true), sleep(20_000).then(() => false)]);
      assert.equal(closedInTime, true, 'the silent socket was closed well before the 60 s auth deadline');
      assert.equal(spoke.sock.destroyed, false, 'the socket that sent its version line is still open');
      spoke.sock.destroy();
    });

    it('idle sockets from unregistered ranges fill their /24 cap and the general pool, and an ssh from the registered office still gets in', async () => {
      const general = MAX_UNAUTHENTICATED - RESERVED_FOR_REGISTERED;
      const perRange = MAX_UNAUTHENTICATED_PER_RANGE / MAX_UNAUTHENTICATED_PER_IP;
      // 127.1.R.A: ranges R of `perRange` addresses A, each holding its per-address maximum.
      const opened: { admitted: Promise<boolean>; from: string }[] = [];
      for (let r = 1; r <= general / MAX_UNAUTHENTICATED_PER_RANGE; r++) {
        for (let a = 1; a <= perRange; a++) {
          for (let i = 0; i < MAX_UNAUTHENTICATED_PER_IP; i++) {
            const s = rawSocket(`127.1.${r}.${a}`, true);
            held.push(s.sock);
            opened.push({ admitted: s.admitted, from: `127.1.${r}.${a}` });
          }
        }
      }
      const results = await Promise.all(opened.map((o) => o.admitted));
      assert.equal(results.filter(Boolean).length, general, 'the general pool is full');
      const sameRange = rawSocket(`127.1.1.${perRange + 1}`, true);
      held.push(sameRange.sock);
      assert.equal(await sameRange.admitted, false, 'a fresh address of a full /24 is refused');
      const elsewhere = rawSocket('127.2.0.1', true);
      held.push(elsewhere.sock);
      assert.equal(await elsewhere.admitted, false, 'an unregistered address is refused once the general pool is full');
      const ok = await w.ssh('echo kantor');
      assert.equal(ok.stdout, 'kantor\n', ok.stderr);
      for (const s of held.splice(0)) s.destroy();
      await settled(w);
    });
  });
});

describe('SSH gateway: the key of the grant is the key of the session', () => {
  let w: GatewayWorld;
  let secret: string;
  before(async () => {
    w = await startGatewayWorld();
    const app = w.t.app;
    secret = app.totp.newSecret();
    const andi = await app.store.read((r) => r.users.findByUsername('andi'));
    assert.ok(andi);
    await app.store.transaction(async (tx) => {
      await tx.mfa.upsert({ userId: andi.id, secretEnc: app.secretBox.seal(secret), enabledAt: null, recoveryHashes: [], lastUsedStep: null });
      await tx.mfa.update(andi.id, { enabledAt: new Date().toISOString() });
    });
  });
  after(async () => { await w?.close(); });

  /** Authenticates with the steps given in order (publickey with a key, or keyboard-interactive with the current TOTP code). */
  function login(steps: ('andi' | 'stranger' | 'totp')[], stranger: string): Ssh2Login {
    const keys = { andi: readFileSync(w.keyPath, 'utf8'), stranger };
    let i = 0;
    return ssh2Client(w, {
      tryKeyboard: true,
      authHandler: (_methodsLeft, _partial, next) => {
        const step = steps[i++];
        if (!step) return false;
        if (step === 'totp') next({ type: 'keyboard-interactive', username: `andi:${TARGET}`, prompt: (_n, _i, _l, _p, finish) => finish([w.t.app.totp.code(secret, new Date())]) });
        else next({ type: 'publickey', username: `andi:${TARGET}`, key: keys[step] });
        return undefined;
      },
    } as Partial<ssh2.ConnectConfig>);
  }

  it('a failed public-key attempt withdraws the grant of an earlier one: key A, then a refused key B, then the TOTP code does not let in', async () => {
    const b = newKeyPair(w.dir, 'stranger-b');
    const { ready, closed } = login(['andi', 'stranger', 'totp'], readFileSync(b.path, 'utf8'));
    await assert.rejects(ready);
    await closed;
    await settled(w);
    assert.deepEqual(await sessionsOf(w), [], 'no session was opened');
  });

  it('the session records the key that completed authentication', async () => {
    const b = newKeyPair(w.dir, 'stranger-c');
    const { client, ready } = login(['stranger', 'andi', 'totp'], readFileSync(b.path, 'utf8'));
    await ready;
    client.end();
    await settled(w);
    const [s] = await sessionsOf(w);
    const andiKey = readFileSync(`${w.keyPath}.pub`, 'utf8').split(' ')[1] as string;
    const stranger = readFileSync(`${b.path}.pub`, 'utf8').split(' ')[1] as string;
    assert.equal(s?.keyFingerprint, sshFingerprint(andiKey));
    assert.notEqual(s?.keyFingerprint, sshFingerprint(stranger));
  });
});
