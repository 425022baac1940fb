/**
 * Escalations through the gateway, detected the way the shell finds the program it runs: in exec
 * commands and in typed lines (real `ssh`, real `ssh -tt` in a pty, real sshd and `su`), through
 * quotes, backslashes, variables and substitutions — which are logged as suspected evasions — and
 * whether or not the channel is still being recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewayWorld } from '../support/gateway-world.js';
import { TARGET, logbook, settled, startGatewayWorld } from '../support/gateway-world.js';
import { runInPty } from '../support/pty-session.js';

describe('SSH gateway: escalations and evasions', () => {
  let w: GatewayWorld;
  before(async () => { w = await startGatewayWorld(); });
  after(async () => { await w?.close(); });

  const escalations = async (): Promise<Record<string, unknown>[]> =>
    (await logbook(w.t)).filter((e) => e.type === 'gateway.escalation').map((e) => e.d);

  it('finds escalations hidden in exec commands and logs them as suspected evasions', async () => {
    const commands: [string, string, string][] = [
      ["'sudo' -n true 2>/dev/null; echo selesai", 'sudo', 'quoted'],
      ['X=/usr/bin/sudo; $X -n true 2>/dev/null; echo selesai', 'sudo', 'variable'],
      ['$(echo su) -c id </dev/null 2>/dev/null; echo selesai', 'su', 'substitution'],
      ['env -i s\\u -c id </dev/null 2>/dev/null; echo selesai', 'su', 'backslash'],
      ['eval "doas id" 2>/dev/null; echo selesai', 'doas', 'eval'],
    ];
    for (const [command] of commands) {
      const r = await w.ssh(command);
      assert.equal(r.stdout.trim().split('\n').at(-1), 'selesai', `${command}: ${r.stderr}`);
    }
    await settled(w);
    const found = await escalations();
    for (const [command, program, evasion] of commands) {
      const e = found.find((x) => x['command'] === command);
      assert.ok(e, `${command} logged; got ${JSON.stringify(found)}`);
      assert.deepEqual([e['program'], e['suspected_evasion'], e['evasion'], e['typed']], [program, true, evasion, undefined], command);
    }
    const plain = await w.ssh('/usr/bin/sudo -n true 2>/dev/null; echo selesai');
    assert.equal(plain.status, 0, plain.stderr);
    await settled(w);
    const e = (await escalations()).find((x) => x['command'] === '/usr/bin/sudo -n true 2>/dev/null; echo selesai');
    assert.deepEqual([e?.['program'], e?.['suspected_evasion']], ['sudo', undefined], 'a path is not an evasion');
  });

  it('finds escalations typed at the shell through backslashes and substitutions; the password given to su is sealed', async () => {
    const r = await runInPty(['ssh', ...w.clientOptions, '-o', 'LogLevel=ERROR', '-tt', '-p', String(w.port), `andi:${TARGET}@127.0.0.1`], [
      { wait: '\\$ ' }, { send: '\\su -c id\r' }, { wait: 'Password: ' }, { send: 'TebakanSalah9\r' }, { wait: 'failure' }, { wait: '\\$ ' },
      { send: '$(echo sudo) -n true; echo ok-$?\r' }, { wait: 'ok-\\d+' }, { wait: '\\$ ' }, { send: 'exit\r' },
    ]);
    assert.equal(r.status, 0, r.output.toString());
    await settled(w);
    const typed = (await escalations()).filter((e) => e['typed'] === true);
    assert.ok(typed.some((e) => e['command'] === '\\su -c id' && e['program'] === 'su' && e['suspected_evasion'] === true && e['evasion'] === 'backslash'),
      JSON.stringify(typed));
    assert.ok(typed.some((e) => e['command'] === '$(echo sudo) -n true; echo ok-$?' && e['program'] === 'sudo' && e['evasion'] === 'substitution'),
      JSON.stringify(typed));
    const entries = await logbook(w.t);
    assert.ok(entries.some((e) => e.type === 'gateway.masked_input'), 'what was typed at su\'s prompt is sealed');
    assert.ok(!entries.some((e) => e.data.includes('TebakanSalah9')), 'and not in the logbook in plaintext');
  });

  it('a control byte in a typed line (in a comment, or ^L) does not hide an evasion', async () => {
    const input = `s\\udo -n true 2>/dev/null # \u0001\n''s''u -c id </dev/null 2>/dev/null; echo selesai\u000c\necho selesai-2\n`;
    const r = await w.ssh('bash', { input, timeoutMs: 30_000 });
    assert.match(r.stdout, /selesai-2/, r.stderr);
    await settled(w);
    const typed = (await escalations()).filter((e) => e['typed'] === true);
    assert.ok(typed.some((e) => e['command'] === 's\\udo -n true 2>/dev/null # ' && e['program'] === 'sudo' && e['evasion'] === 'backslash'), JSON.stringify(typed));
    assert.ok(typed.some((e) => e['program'] === 'su' && e['evasion'] === 'quoted'), JSON.stringify(typed));
  });

  it('keeps following typed lines after a channel has gone past its recording limit', async () => {
    const input = `: ${'x'.repeat(5_000_000)}\nsudo -n true 2>/dev/null; echo setelah-batas\n`;
    const r = await w.ssh('bash', { input, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /setelah-batas/);
    await settled(w);
    const e = (await escalations()).find((x) => x['typed'] === true && x['command'] === 'sudo -n true 2>/dev/null; echo setelah-batas');
    assert.equal(e?.['program'], 'sudo', 'the sudo typed after 4 MiB is logged although it is no longer recorded');
  });
});
