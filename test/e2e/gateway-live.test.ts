/**
 * The gateway's live side with everything real: a koordinator watches a running `ssh -tt` session
 * over the HTTP API's WebSocket and then terminates it; the executor's TOTP by
 * keyboard-interactive (OpenSSH asks through SSH_ASKPASS); `ssh -t` with a command.
 */
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { buildHttpServer } from '../../src/http/server.js';
import type { LiveSessionEvent } from '../../src/ports/live-sessions.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld, waitFor } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { runClient } from '../support/sshd.js';
import { as } from '../support/test-app.js';

describe('SSH gateway: live sessions, TOTP, ssh -t', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld(); });
  after(async () => { await w?.close(); });

  it('ssh -t with a command runs in a pty and is recorded', async () => {
    const r = await runClient('ssh', [...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`, 'tty; echo ok-pty']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r\nok-pty\r\n$/);
    await settled(w);
    const sessions = await w.t.app.store.read((x) => x.gatewaySessions.listForCase(w.caseId));
    assert.equal(sessions.at(-1)?.recordings.length, 1);
  });

  it('a koordinator watches a running session over the WebSocket, then terminates it: the executor is told, the end is recorded', async () => {
    const server = await buildHttpServer(w.t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 65536, logLevel: 'silent', live: w.gateway.live });
    await server.fastify.listen({ host: '127.0.0.1', port: 0 });
    try {
      const port = (server.fastify.server.address() as { port: number }).port;
      const { token } = await createApiToken(w.t.app, as('koor'), { name: 'pantau', scope: 'full' });
      const auth = { authorization: `Bearer ${token}` };
      const pty = runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
        { wait: '\\$ ' }, { sleepMs: 800 }, { send: 'echo dipantau-$((40+2))\r' }, { wait: 'dipantau-42' }, { wait: 'terminated by koor', timeoutMs: 20_000 },
      ]);
      await waitFor(() => w.gateway.live.list().some((s) => s.channels.some((c) => c.pty)), 'a live pty session');
      const live = await fetch(`http://127.0.0.1:${port}/api/v1/gateway/sessions`, { headers: auth });
      const list = await live.json() as { id: string; username: string; target: string }[];
      assert.equal(list.length, 1);
      assert.equal(list[0]?.username, 'andi');
      const id = list[0]?.id as string;
      const events: LiveSessionEvent[] = [];
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/gateway/sessions/${id}/watch`, { headers: auth });
      ws.on('message', (m: Buffer) => { const e = JSON.parse(m.toString()) as LiveSessionEvent | { type: 'session' }; if (e.type !== 'session') events.push(e); });
      const closed = new Promise<number>((r) => ws.on('close', (code: number) => r(code)));
      await waitFor(() => events.some((e) => (e.type === 'o') && e.data.includes('dipantau-42')), 'the watcher to see the output');
      const term = await fetch(`http://127.0.0.1:${port}/api/v1/gateway/sessions/${id}/terminate`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'uji' }) });
      assert.equal(term.status, 200, await term.text());
      const r = await pty;
      assert.match(r.output.toString(), /sesi diakhiri oleh koor/);
      assert.equal(await closed, 1000);
      assert.equal(events.at(-1)?.type, 'end');
      await settled(w);
      const s = await w.t.app.store.read((x) => x.gatewaySessions.findById(id));
      assert.equal(s?.endReason, 'terminated');
      const entries = await logbook(w.t);
      assert.ok(entries.some((e) => e.type === 'gateway.session_terminated'));
      assert.equal(entries.find((e) => e.type === 'case.access_ended' && e.d['sessionId'] === id)?.d['terminatedBy'], 'koor');
    } finally {
      await server.fastify.close();
    }
  });

  it('TOTP: an enrolled executor is asked by keyboard-interactive; the right code lets in, a wrong one is refused and logged', async () => {
    const app = w.t.app;
    const secret = app.totp.newSecret();
    const andi = await app.store.read((r) => r.users.findByUsername('andi'));
    assert.ok(andi);
    await app.store.transaction(async (tx) => {
      await tx.mfa.upsert({ userId: andi.id, secretEnc: app.secretBox.seal(secret), enabledAt: null, recoveryHashes: [], lastUsedStep: null });
      await tx.mfa.update(andi.id, { enabledAt: new Date().toISOString() });
    });
    const askpass = join(w.dir, 'askpass.sh');
    const codeFile = join(w.dir, 'code');
    writeFileSync(askpass, `#!/bin/sh\ncat '${codeFile}'\n`);
    chmodSync(askpass, 0o700);
    const env = { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' };
    const opts = w.clientOptions.map((o) => (o === 'BatchMode=yes' ? 'BatchMode=no' : o));
    const run = () => runClient('ssh', [...opts, '-o', 'PreferredAuthentications=publickey,keyboard-interactive', '-o', 'NumberOfPasswordPrompts=1',
      '-p', String(w.port), `andi:${TARGET}@127.0.0.1`, 'echo dengan-totp'], { env });
    writeFileSync(codeFile, '000000\n');
    const wrong = await run();
    assert.equal(wrong.status, 255);
    assert.match(wrong.stderr, /Kode TOTP salah|Wrong TOTP code/);
    writeFileSync(codeFile, `${app.totp.code(secret, new Date())}\n`);
    const right = await run();
    assert.equal(right.status, 0, right.stderr);
    assert.equal(right.stdout, 'dengan-totp\n');
    const entries = await logbook(w.t);
    assert.ok(entries.some((e) => e.type === 'auth.totp_failed' && e.d['via'] === 'gateway'));
    assert.ok(entries.some((e) => e.type === 'auth.totp_passed' && e.d['via'] === 'gateway'));
  });
});
