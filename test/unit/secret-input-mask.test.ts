import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputAudit, MAX_ESCALATION_EVENTS, MAX_SEALED_LINE, SecretInputMask } from '../../src/gateway/typed-input.js';

const typed = (m: SecretInputMask, s: string): string => m.input(Buffer.from(s, 'latin1')).shown.toString('latin1');

describe('SecretInputMask: what is typed at a password prompt stays out of recordings', () => {
  it('masks input after a sudo prompt until Enter, then records normally again', () => {
    const m = new SecretInputMask();
    m.output('andi@spse:~$ ');
    assert.equal(typed(m, 'sudo -i\r'), 'sudo -i\r');
    m.output('\r\n[sudo] password for andi: ');
    assert.equal(typed(m, 'rah'), '***');
    assert.equal(typed(m, 'asia\r'), '****\r');
    assert.equal(typed(m, 'ls\r'), 'ls\r');
  });

  it('recognises prompts in Indonesian, with colours, and passphrases; Enter typed ahead in the same chunk ends the mask', () => {
    for (const prompt of ['Password: ', 'Kata sandi: ', '\u001b[1mEnter passphrase for key \'/home/a/.ssh/id\':\u001b[0m ', 'PIN: ']) {
      const m = new SecretInputMask();
      m.output(prompt);
      assert.equal(typed(m, 's3cret\rid -un\r'), '******\rid -un\r', JSON.stringify(prompt));
    }
  });

  it('keeps masking until Enter, Ctrl-C or Ctrl-D whatever is shown meanwhile (status lines, pwfeedback stars)', () => {
    const m = new SecretInputMask();
    m.output('[sudo] password for andi: ');
    assert.equal(typed(m, 's3'), '**');
    m.output('*');
    m.output('\u001b7\u001b[1;1Hstatus 12:00\u001b8');
    assert.equal(typed(m, 'cret'), '****');
    assert.equal(typed(m, '\u0003'), '\u0003');
    assert.equal(typed(m, 'ls\r'), 'ls\r');
  });

  it('sees prompts behind other escape sequences and control characters, and OpenSSL and token prompts', () => {
    for (const prompt of ['Password:\u001b(B ', 'Password: \u000f', 'Enter PEM pass phrase:', 'Token (will be hidden): ', 'Masukkan kata sandi: ']) {
      const m = new SecretInputMask();
      m.output(prompt);
      assert.equal(typed(m, 'abc'), '***', JSON.stringify(prompt));
    }
  });

  it('reads PIN only in capitals: `Typing:` and `Skipping:` are not prompts', () => {
    for (const line of ['Typing: ', 'Skipping: ', 'spinning: ']) {
      const m = new SecretInputMask();
      m.output(line);
      assert.equal(typed(m, 'abc'), 'abc', line);
    }
  });

  it('does not mask ordinary input, nor input after the prompt was followed by other output', () => {
    const m = new SecretInputMask();
    m.output('echo "password: none"\r\npassword: none\r\n$ ');
    assert.equal(typed(m, 'pwd\r'), 'pwd\r');
    m.output('Password: ');
    m.output('\r\nsudo: a password is required\r\n$ ');
    assert.equal(typed(m, 'whoami\r'), 'whoami\r');
  });
});

describe('SecretInputMask: what is masked is handed out to be sealed, not lost', () => {
  const sealedOf = (chunks: (string | { out: string })[]): string[] => {
    const sealed: string[] = [];
    const m = new SecretInputMask((b) => sealed.push(b.toString('latin1')));
    for (const c of chunks) {
      if (typeof c === 'string') m.input(Buffer.from(c, 'latin1'));
      else m.output(c.out);
    }
    m.end();
    return sealed;
  };

  it('hands out each masked line whole when it ends (Enter, Ctrl-C, Ctrl-D), over several chunks, typed-ahead input left out', () => {
    assert.deepEqual(sealedOf([{ out: 'Password: ' }, 'rah', 'asia\rls\r']), ['rahasia']);
    assert.deepEqual(sealedOf([{ out: '[sudo] password for andi: ' }, 'abc\u0003', { out: '\r\n$ ' }, 'id\r']), ['abc']);
    assert.deepEqual(sealedOf([{ out: 'Password: ' }, '\r']), [''], 'an empty answer is a masked line too');
    assert.deepEqual(sealedOf([{ out: 'Password: ' }, 'x\r', { out: '\r\nPassword: ' }, 'y\r']), ['x', 'y'], 'each prompt arms it once more');
    assert.deepEqual(sealedOf([{ out: '$ ' }, 'ls\r']), [], 'nothing without a prompt');
  });

  it('hands out a line still being typed when the channel ends, and splits a very long one', () => {
    assert.deepEqual(sealedOf([{ out: 'Password: ' }, 'setengah']), ['setengah']);
    const long = sealedOf([{ out: 'Password: ' }, 'a'.repeat(MAX_SEALED_LINE + 10), '\r']);
    assert.deepEqual(long.map((l) => l.length), [MAX_SEALED_LINE, 10]);
  });
});

describe('InputAudit: typed lines and the mask, followed together', () => {
  const audit = () => {
    const escalations: Record<string, unknown>[] = [];
    const sealed: string[] = [];
    const a = new InputAudit({ escalation: (d) => escalations.push(d), secretLine: (b) => sealed.push(b.toString('utf8')) });
    const type = (s: string): string => a.input(Buffer.from(s, 'utf8')).toString('utf8');
    return { a, type, escalations, sealed };
  };

  it('logs escalations and evasions typed, with backspaces applied and continuation lines joined as the shell joins them', () => {
    const { type, escalations } = audit();
    type('sudx\u007fo -i\r');
    type('s\\\r');
    type('u -\r');
    type('$(echo doas) sh\r');
    assert.deepEqual(escalations, [
      { command: 'sudo -i', program: 'sudo', typed: true },
      { command: 'su -', program: 'su', typed: true },
      { command: '$(echo doas) sh', program: 'doas', typed: true, suspected_evasion: true, evasion: 'substitution' },
    ]);
  });

  it('a control byte in a line (an editing key such as ^L, or one put in a comment) does not hide an evasion, nor, with a pty, do many such lines', () => {
    const { type, escalations } = audit();
    type('s\\udo -i\u000c\r');
    type('$(echo su) -c id # \u0001\r');
    assert.deepEqual(escalations.map((e) => [e['command'], e['program'], e['evasion']]), [
      ['s\\udo -i', 'sudo', 'backslash'],
      ['$(echo su) -c id # ', 'su', 'substitution'],
    ]);
    const pty: Record<string, unknown>[] = [];
    const a = new InputAudit({ escalation: (d) => pty.push(d), secretLine: () => {} }, { interactive: true });
    for (let i = 0; i < 40; i++) a.input(Buffer.from('ls\u000c\r'));
    a.input(Buffer.from("'s'udo -i\r"));
    assert.deepEqual(pty.map((e) => [e['command'], e['program'], e['evasion']]), [["'s'udo -i", 'sudo', 'quoted']]);
  });

  it('in a channel with a pty, lines that are not UTF-8 neither switch it to data nor hide a quoted or backslashed escalation', () => {
    const escalations: Record<string, unknown>[] = [];
    const a = new InputAudit({ escalation: (d) => escalations.push(d), secretLine: () => {} }, { interactive: true });
    const type = (b: Buffer): void => { a.input(b); };
    for (let i = 0; i < 40; i++) type(Buffer.from([0x3a, 0x20, 0xff, 0x0d])); // `: \xff` Enter
    type(Buffer.concat([Buffer.from('s\\udo -i # '), Buffer.from([0xe9, 0x0d])]));
    type(Buffer.from("'s'udo -s\r"));
    assert.deepEqual(escalations.map((e) => [e['program'], e['evasion']]), [['sudo', 'backslash'], ['sudo', 'quoted']]);
  });

  it('masks what is typed at a prompt, seals it, and logs an escalation in it without its text', () => {
    const { a, type, escalations, sealed } = audit();
    a.output(Buffer.from('Password: '));
    assert.equal(type('sudo -s\r'), '*******\r');
    assert.deepEqual(sealed, ['sudo -s']);
    assert.deepEqual(escalations, [{ command: '(diketik pada prompt kata sandi / typed at a password prompt)', program: 'sudo', typed: true, masked: true }]);
  });
});

describe('InputAudit over data: bulk input through a shell', () => {
  it('reports no unresolvable evasions in binary data (only escalations it names outright), and still catches a sudo in it', () => {
    const escalations: Record<string, unknown>[] = [];
    const a = new InputAudit({ escalation: (d) => escalations.push(d), secretLine: () => {} });
    // deterministic "random" bytes (xorshift): the same run every time
    let x = 0x12345678;
    const noise = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < noise.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; noise[i] = x & 0xff; }
    for (let i = 0; i < 8; i++) a.input(noise);
    a.input(Buffer.from('\nsudo -n true\n'));
    a.input(noise);
    a.input(Buffer.from('\n/usr/bin/s'));
    a.input(Buffer.from('u -\n'));
    assert.ok(escalations.every((e) => e['program'] !== null), 'no `$x` or backtick noise from binary data');
    const named = escalations.filter((e) => e['evasion'] === undefined).map((e) => e['command']);
    assert.deepEqual(named, ['sudo -n true', '/usr/bin/su -']);
  });

  it('logs at most MAX_ESCALATION_EVENTS escalations one by one, and counts the rest', () => {
    const escalations: Record<string, unknown>[] = [];
    const counts: number[] = [];
    const a = new InputAudit({ escalation: (d) => escalations.push(d), secretLine: () => {}, uncounted: (n) => counts.push(n) });
    a.input(Buffer.from('sudo x\n'.repeat(MAX_ESCALATION_EVENTS + 25)));
    a.end();
    assert.equal(escalations.length, MAX_ESCALATION_EVENTS);
    assert.deepEqual(counts, [25]);
  });
});
