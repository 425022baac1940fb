/**
 * What is typed at a password prompt through the gateway, with the real `ssh -tt` in a real pty
 * against a real sshd: shown as `*` in the recording, kept sealed in the logbook (never in
 * plaintext), counted, the session flagged on its case past the threshold, and revealed to an
 * auditor who states a reason (CLI and HTTP), refused to the executor and the koordinator — every
 * reveal and refusal logged. The `PS1="Password: "` + `stty -echo` trick hides nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/auth/api-tokens.js';
import { DomainError } from '../../src/domain/errors.js';
import { buildHttpServer } from '../../src/http/server.js';
import type { GatewaySession } from '../../src/ports/repositories.js';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';
import { as } from '../support/test-app.js';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

function jaga(w: GatewayWorld, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [JAGA, ...args], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: w.t.config.dataDir }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

const SECRETS = ['RahasiaSekali42', 'echo DIKETIK-1', 'echo DIKETIK-2', 'echo DIKETIK-3'];

describe('SSH gateway: sealed input', () => {
  let w: GatewayWorld;
  let s: GatewaySession;
  let cast: string;

  before(async () => {
    w = await startGatewayWorld();
    const r = await runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      { wait: '\\$ ' }, { send: "read -s -p 'Password: ' P; echo; echo panjang-${#P}\r" }, { wait: "[^']Password: " },
      { send: 'RahasiaSekali42\r' }, { wait: 'panjang-15' }, { wait: '\\$ ' },
      // A prompt that only looks like a password prompt, no echo, no line editing: every line is typed "at a password prompt".
      { send: "stty -echo; PS1='Password: ' exec bash --noediting --norc\r" }, { wait: "[^']Password: " },
      { send: 'echo DIKETIK-1\r' }, { wait: 'DIKETIK-1\\s+Password: ' },
      { send: 'echo DIKETIK-2\r' }, { wait: 'DIKETIK-2\\s+Password: ' },
      { send: 'echo DIKETIK-3\r' }, { wait: 'DIKETIK-3\\s+Password: ' },
      { send: 'exit\r' },
    ]);
    assert.equal(r.status, 0, r.output.toString());
    await settled(w);
    const [session] = await w.t.app.store.read((x) => x.gatewaySessions.listForCase(w.caseId));
    assert.ok(session);
    s = session;
    cast = readFileSync(join(w.t.config.dataDir, 'recordings', s.recordings[0]?.file as string), 'utf8');
  });
  after(async () => { await w?.close(); });

  it('shows what was typed at the prompts as * in the recording, and keeps it sealed in the logbook, never in plaintext', async () => {
    const input = cast.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string]).filter((e) => e[1] === 'i').map((e) => e[2]).join('');
    for (const secret of SECRETS) assert.ok(!input.includes(secret), `${secret} is not in the recorded input`);
    assert.ok(input.includes(`${'*'.repeat(15)}\r`), `masked: ${JSON.stringify(input)}`);
    assert.ok(input.includes(`${'*'.repeat('echo DIKETIK-1'.length)}\r`), `masked: ${JSON.stringify(input)}`);
    const entries = await logbook(w.t);
    const sealed = entries.filter((e) => e.type === 'gateway.masked_input' && e.d['sessionId'] === s.id);
    assert.deepEqual(sealed.map((e) => e.d['line']), [1, 2, 3, 4, 5], 'each masked line is counted');
    assert.deepEqual(sealed.map((e) => e.d['bytes']), [15, 14, 14, 14, 4]);
    for (const e of sealed) assert.equal(typeof e.d['sealed'], 'string');
    const all = entries.map((e) => e.data).join('\n');
    for (const secret of SECRETS) assert.ok(!all.includes(secret), `${secret} is nowhere in the logbook in plaintext`);
    assert.ok(!all.includes(Buffer.from('RahasiaSekali42').toString('base64')), 'nor merely encoded');
  });

  it('flags the session on its case once it has more masked lines than the threshold (jaga case show)', async () => {
    const flags = (await logbook(w.t)).filter((e) => e.type === 'gateway.masked_input_flagged');
    assert.deepEqual(flags.map((e) => [e.d['sessionId'], e.d['maskedLines'], e.d['threshold'], e.caseId]), [[s.id, 4, 3, w.caseId]]);
    const show = await jaga(w, ['case', 'show', w.caseId, '--as', 'audit', '--lang', 'en']);
    assert.equal(show.status, 0, show.stderr);
    assert.match(show.stdout, new RegExp(`⚑ session ${s.id}: 5 sealed line\\(s\\) — FLAGGED: over the threshold of 3`));
    const json = JSON.parse((await jaga(w, ['case', 'show', w.caseId, '--as', 'koor', '--json'])).stdout) as { maskedInput: unknown };
    assert.deepEqual(json.maskedInput, [{ sessionId: s.id, lines: 5, flagged: true, threshold: 3 }]);
  });

  it('reveals the plaintext to an auditor who states a reason (CLI, terminal-safe), and logs who, which lines and why', async () => {
    const r = await jaga(w, ['session', 'reveal-input', s.id, '--reason', 'Audit ISO 27001: prompt palsu', '--as', 'audit', '--lang', 'en']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5, r.stdout);
    assert.match(lines[0] as string, /^line 1 \(channel 0, [0-9T:.-]+Z\): RahasiaSekali42$/);
    assert.match(lines[1] as string, /: echo DIKETIK-1$/);
    assert.match(lines[4] as string, /: exit$/);
    const reveal = (await logbook(w.t)).filter((e) => e.type === 'gateway.masked_input_revealed');
    assert.equal(reveal.length, 1);
    const audit = await w.t.app.store.read((x) => x.users.findByUsername('audit'));
    assert.equal(reveal[0]?.actorId, audit?.id);
    assert.deepEqual([reveal[0]?.d['sessionId'], reveal[0]?.d['lines'], reveal[0]?.d['reason'], reveal[0]?.caseId], [s.id, [1, 2, 3, 4, 5], 'Audit ISO 27001: prompt palsu', w.caseId]);
    assert.ok(!reveal[0]?.data.includes('Rahasia'), 'the reveal is logged without the plaintext');
  });

  it('reveals over HTTP too (only the lines asked for), and refuses a reveal without a reason', async () => {
    const server = await buildHttpServer(w.t.app, { cookieSecure: false, trustProxy: [], bodyLimit: 64 * 1024, logLevel: 'silent' });
    try {
      const { token } = await createApiToken(w.t.app, as('audit'), { name: 'audit', scope: 'full' });
      const post = (body: unknown) => server.fastify.inject({ method: 'POST', url: `/api/v1/gateway/sessions/${s.id}/masked-input/reveal`,
        headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> });
      const ok = await post({ reason: 'pemeriksaan inspektorat', lines: [1] });
      assert.equal(ok.statusCode, 200, ok.body);
      const body = ok.json<{ sessionId: string; lines: { line: number; text: string; base64: string }[] }>();
      assert.deepEqual(body.lines.map((l) => [l.line, l.text, l.base64]), [[1, 'RahasiaSekali42', Buffer.from('RahasiaSekali42').toString('base64')]]);
      for (const bad of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
        const res = await post(bad);
        assert.equal(res.statusCode, 400, `${JSON.stringify(bad)}: ${res.body}`);
        assert.equal(res.json<{ error: string }>().error, 'input.invalid');
      }
    } finally {
      await server.fastify.close();
    }
  });

  it('refuses the executor of the session and the koordinator, and logs each refusal with the reason they stated', async () => {
    // imported here, so that the tests above show what they show on a build without it
    const { revealMaskedInput } = await import('../../src/app/access/masked-input.js');
    for (const who of ['andi', 'koor', 'pelapor']) {
      await assert.rejects(revealMaskedInput(w.t.app, as(who), s.id, { reason: `ingin melihat (${who})` }), (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.kind === 'forbidden' || err.kind === 'not_found', true, `${who}: ${err.code}`);
        if (who !== 'pelapor') assert.equal(err.code, 'gateway_session.forbidden.reveal_input');
        return true;
      });
      const refusal = (await logbook(w.t)).filter((e) => e.type === 'refusal' && e.d['action'] === 'gateway.masked_input.reveal').at(-1);
      assert.equal(refusal?.caseId, w.caseId, who);
      if (who !== 'pelapor') assert.equal((refusal?.d['details'] as Record<string, unknown>)['statedReason'], `ingin melihat (${who})`);
    }
    const cli = await jaga(w, ['session', 'reveal-input', s.id, '--reason', 'saya sendiri', '--as', 'andi', '--lang', 'en']);
    assert.notEqual(cli.status, 0);
    assert.match(cli.stderr, /may not reveal the sealed input/);
    assert.ok(!cli.stdout.includes('Rahasia') && !cli.stderr.includes('Rahasia'));
  });
});
