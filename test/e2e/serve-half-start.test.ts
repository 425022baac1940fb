import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/server-banner.js';

const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));
const VARIABLES = ['JAGA_HTTP_ADDR', 'JAGA_SSH_ADDR', 'JAGA_METRICS_ADDR'] as const;
type Variable = (typeof VARIABLES)[number];

/** A port held by something else, as another program would hold it. */
function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(port, '127.0.0.1', () => resolve(s));
  });
}

/** Whether anything accepts a TCP connection on 127.0.0.1:port (bounded: refused, or 2 s). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => { sock.destroy(); resolve(true); }, 2_000);
    sock.once('connect', () => { clearTimeout(timer); sock.destroy(); resolve(true); });
    sock.once('error', () => { clearTimeout(timer); resolve(false); });
  });
}

/** `jaga serve` with these listener addresses; resolves with its exit status and standard error, failing after `limitMs`. */
function serve(dataDir: string, addrs: Record<Variable, string>, limitMs = 10_000): Promise<{ status: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [JAGA, 'serve'], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir, ...addrs }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`jaga serve still running after ${limitMs} ms:\n${stderr}`)); }, limitMs);
    child.once('close', (status) => { clearTimeout(timer); resolve({ status, stderr, ms: Date.now() - started }); });
  });
}

describe('jaga serve: no half-start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-half-start-'));
  before(() => {
    const m = spawnSync(process.execPath, [JAGA, 'migrate'], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir }, encoding: 'utf8' });
    assert.equal(m.status, 0, m.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ports = async (): Promise<Record<Variable, number>> => ({ JAGA_HTTP_ADDR: await freePort(), JAGA_SSH_ADDR: await freePort(), JAGA_METRICS_ADDR: await freePort() });
  const addrsOf = (p: Record<Variable, number>): Record<Variable, string> => ({
    JAGA_HTTP_ADDR: `127.0.0.1:${p.JAGA_HTTP_ADDR}`, JAGA_SSH_ADDR: `127.0.0.1:${p.JAGA_SSH_ADDR}`, JAGA_METRICS_ADDR: `127.0.0.1:${p.JAGA_METRICS_ADDR}`,
  });

  /** Exits non-zero in time, says in both languages which address and variable, and leaves nothing listening on the others. */
  async function assertRefusedStart(r: { status: number | null; stderr: string }, variable: Variable, address: string, others: number[], problem: { en: RegExp; id: RegExp }) {
    assert.equal(r.status, 6, r.stderr);
    const esc = address.replace(/[.[\]]/g, '\\$&');
    assert.match(r.stderr, new RegExp(`^error: Cannot listen on ${esc} \\(${variable}\\): ${problem.en.source}\\. Change ${variable}.*; nothing was left running\\. \\[serve\\.listen_failed\\]$`, 'm'));
    assert.match(r.stderr, new RegExp(`^galat: Tidak dapat mendengarkan di ${esc} \\(${variable}\\): ${problem.id.source}\\. Ubah ${variable}`, 'm'));
    assert.doesNotMatch(r.stderr, /Jaga listening|SSH gateway on|Prometheus metrics/, 'no banner: nothing was announced as running');
    for (const port of others) assert.equal(await accepts(port), false, `port ${port} is left listening`);
  }

  for (const variable of VARIABLES) {
    it(`exits non-zero within 10 s when the ${variable} port is taken, and leaves no listener`, async () => {
      const p = await ports();
      const holder = await holdPort(p[variable]);
      try {
        const r = await serve(dir, addrsOf(p));
        const others = VARIABLES.filter((v) => v !== variable).map((v) => p[v]);
        await assertRefusedStart(r, variable, `127.0.0.1:${p[variable]}`, others, { en: /the port is already in use/, id: /port itu sudah dipakai/ });
        assert.match(r.stderr, / or stop what uses that port;/);
      } finally {
        holder.close();
      }
    });
  }

  it('exits non-zero within 10 s on an address that is not this machine\'s, and leaves no listener', async () => {
    const p = await ports();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never a local address.
    const r = await serve(dir, { ...addrsOf(p), JAGA_HTTP_ADDR: `192.0.2.1:${p.JAGA_HTTP_ADDR}` });
    await assertRefusedStart(r, 'JAGA_HTTP_ADDR', `192.0.2.1:${p.JAGA_HTTP_ADDR}`, [p.JAGA_SSH_ADDR, p.JAGA_METRICS_ADDR],
      { en: /that address is not one of this machine's/, id: /alamat itu bukan milik mesin ini/ });
  });

  it('a second jaga serve whose SSH port is taken by the first leaves the first running and its listeners answering', async () => {
    const p = await ports();
    const first = spawn(process.execPath, [JAGA, 'serve'], { env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dir, ...addrsOf(p) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    first.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    try {
      for (let i = 0; i < 200 && !/SSH gateway on/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(err, /SSH gateway on/);
      const second = await serve(dir, { ...addrsOf(await ports()), JAGA_SSH_ADDR: `127.0.0.1:${p.JAGA_SSH_ADDR}` });
      assert.equal(second.status, 6, second.stderr);
      assert.match(second.stderr, /\(JAGA_SSH_ADDR\): the port is already in use/);
      assert.equal(first.exitCode, null, 'the first is still running');
      assert.equal((await fetch(`http://127.0.0.1:${p.JAGA_HTTP_ADDR}/healthz`)).status, 200);
      assert.equal(await accepts(p.JAGA_SSH_ADDR), true);
    } finally {
      const exited = new Promise((r) => first.once('close', r));
      first.kill('SIGTERM');
      await exited;
    }
  });
});
