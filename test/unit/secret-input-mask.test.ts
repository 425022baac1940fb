import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretInputMask } from '../../src/gateway/typed-input.js';

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
