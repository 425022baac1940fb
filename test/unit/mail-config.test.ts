import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { describeSmtp, loadMailConfig } from '../../src/config/mail-config.js';
import { DomainError } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';

const SECRET = 's3cr3t-Pa55';

function refused(env: Record<string, string>, code: string): string[] {
  try {
    loadMailConfig(env);
  } catch (e) {
    assert.ok(e instanceof DomainError);
    assert.equal(e.code, code);
    return [messageOf(e, 'id'), messageOf(e, 'en')];
  }
  return assert.fail('accepted');
}

describe('JAGA_SMTP_URL and JAGA_MAIL_FROM', () => {
  it('are off together and parsed together', () => {
    assert.deepEqual(loadMailConfig({}), { smtp: null, from: null });
    assert.deepEqual(loadConfig({ JAGA_DATA_DIR: '/tmp/x' }).mail, { smtp: null, from: null });
    const c = loadMailConfig({ JAGA_SMTP_URL: `smtps://jaga%40lpse:${SECRET}@mail.lpse.go.id`, JAGA_MAIL_FROM: 'Jaga LPSE <Jaga@LPSE.go.id>' });
    assert.deepEqual(c.smtp, { host: 'mail.lpse.go.id', port: 465, secure: true, user: 'jaga@lpse', password: SECRET });
    assert.equal(c.from, 'Jaga LPSE <Jaga@lpse.go.id>');
    assert.equal(loadMailConfig({ JAGA_SMTP_URL: 'smtp://127.0.0.1:2525', JAGA_MAIL_FROM: 'jaga@lpse.go.id' }).smtp?.port, 2525);
    assert.equal(loadMailConfig({ JAGA_SMTP_URL: 'smtp://mail.lpse.go.id', JAGA_MAIL_FROM: 'jaga@lpse.go.id' }).smtp?.port, 587);
    assert.equal(describeSmtp(c.smtp!), 'smtps://jaga%40lpse@mail.lpse.go.id:465', 'described without the password');
  });

  it('are refused with the variable named, in both languages, and never the password', () => {
    for (const [url, problem] of [[`http://u:${SECRET}@mail.lpse.go.id`, 'scheme'], [`smtp://u:${SECRET}@mail.lpse.go.id/x`, 'path'],
      [`smtp://u:${SECRET}@mail.lpse.go.id:99999`, 'not_a_url'], [`smtp://u:${SECRET}@mail.lpse.go.id?pool=1`, 'path'], [`u:${SECRET}`, 'scheme']] as const) {
      const words = refused({ JAGA_SMTP_URL: url, JAGA_MAIL_FROM: 'jaga@lpse.go.id' }, 'config.smtp_url_invalid');
      for (const w of words) {
        assert.match(w, /JAGA_SMTP_URL/, problem);
        assert.ok(!w.includes(SECRET), w);
      }
    }
    refused({ JAGA_SMTP_URL: 'smtp://mail.lpse.go.id' }, 'config.mail_incomplete');
    refused({ JAGA_MAIL_FROM: 'jaga@lpse.go.id' }, 'config.mail_incomplete');
    for (const from of ['jaga', 'a@b@c.id', 'Jaga <jaga@lpse.go.id', 'x@y.id, z@w.id']) {
      assert.match(refused({ JAGA_SMTP_URL: 'smtp://mail.lpse.go.id', JAGA_MAIL_FROM: from }, 'config.mail_from_invalid')[1] ?? '', /JAGA_MAIL_FROM/, from);
    }
  });
});
