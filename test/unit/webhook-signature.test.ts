import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hmacSha256Base64 } from '../../src/adapters/system/node-crypto.js';
import { randomToken } from '../../src/adapters/system/rfc6238-totp.js';
import { loadConfig } from '../../src/config/config.js';
import { DomainError } from '../../src/domain/errors.js';
import type { WebhookEndpoint } from '../../src/domain/notification/webhook-endpoint.js';
import { checkWebhookUrl, endpointTakes, webhookUrlForLog } from '../../src/domain/notification/webhook-endpoint.js';
import {
  constantTimeEqual, newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders,
} from '../../src/domain/notification/webhook-signature.js';
import { messageOf } from '../../src/messages/catalogue.js';

// The Standard Webhooks reference vector (the same in every reference library's tests).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const headersOf = (sig: string, id = VECTOR.id, ts = VECTOR.timestamp) => ({ 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig });

describe('Standard Webhooks signatures', () => {
  it('reproduces the reference vector exactly', () => {
    assert.equal(signWebhook(hmacSha256Base64, VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body), VECTOR.signature);
    assert.deepEqual(webhookHeaders(hmacSha256Base64, VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body), {
      'webhook-id': VECTOR.id, 'webhook-timestamp': '1614265330', 'webhook-signature': VECTOR.signature, 'content-type': 'application/json',
    });
  });

  it('verifies a genuine webhook, also among several signatures (a rotation) and without the whsec_ prefix', () => {
    assert.equal(verifyWebhook(hmacSha256Base64, VECTOR.secret, headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp), null);
    assert.equal(verifyWebhook(hmacSha256Base64, VECTOR.secret, headersOf(`v1,bm9wZQ== ${VECTOR.signature}`), VECTOR.body, VECTOR.timestamp + 299), null);
    assert.equal(verifyWebhook(hmacSha256Base64, VECTOR.secret.slice('whsec_'.length), headersOf(VECTOR.signature), VECTOR.body, VECTOR.timestamp), null);
  });

  it('refuses a tampered body, id or timestamp, another secret, another scheme, and missing headers', () => {
    const v = (secret: string, h: Record<string, string | undefined>, body = VECTOR.body, now = VECTOR.timestamp) => verifyWebhook(hmacSha256Base64, secret, h, body, now);
    assert.equal(v(VECTOR.secret, headersOf(VECTOR.signature), '{"test": 2432232315}'), 'no_match');
    assert.equal(v(VECTOR.secret, headersOf(VECTOR.signature, 'msg_other')), 'no_match');
    assert.equal(v(VECTOR.secret, headersOf(VECTOR.signature, VECTOR.id, VECTOR.timestamp + 1), VECTOR.body, VECTOR.timestamp), 'no_match');
    assert.equal(v(newWebhookSecret(randomToken), headersOf(VECTOR.signature)), 'no_match');
    assert.equal(v(VECTOR.secret, headersOf(VECTOR.signature.replace('v1,', 'v1a,'))), 'no_match');
    assert.equal(v(VECTOR.secret, { 'webhook-id': VECTOR.id, 'webhook-timestamp': '1614265330' }), 'missing_headers');
    assert.equal(v(VECTOR.secret, headersOf(VECTOR.signature, VECTOR.id, Number.NaN)), 'bad_timestamp');
    assert.equal(v('whsec_not base64!', headersOf(VECTOR.signature)), 'bad_secret');
  });

  it('refuses a timestamp more than five minutes away from the receiver\'s clock, either way', () => {
    const at = (now: number) => verifyWebhook(hmacSha256Base64, VECTOR.secret, headersOf(VECTOR.signature), VECTOR.body, now);
    assert.equal(at(VECTOR.timestamp + 300), null);
    assert.equal(at(VECTOR.timestamp + 301), 'too_old');
    assert.equal(at(VECTOR.timestamp - 300), null);
    assert.equal(at(VECTOR.timestamp - 301), 'too_new');
  });

  it('makes secrets of the Standard Webhooks form: whsec_ and the base64 of 32 random bytes, each new', () => {
    const a = newWebhookSecret(randomToken);
    assert.match(a, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(a.slice(6), 'base64').length, 32);
    assert.notEqual(newWebhookSecret(randomToken), a);
    // base64url's - and _ become + and /.
    assert.equal(newWebhookSecret(() => '-_8'), 'whsec_+/8=');
  });

  it('compares in constant time by the expected length, telling equal from different strings', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true);
    assert.equal(constantTimeEqual('abd', 'abc'), false);
    assert.equal(constantTimeEqual('ab', 'abc'), false);
    assert.equal(constantTimeEqual('abcd', 'abc'), false);
    assert.equal(constantTimeEqual('', ''), true);
  });
});

describe('webhook endpoint URLs', () => {
  const ok = (url: string, allowHttp = false) => checkWebhookUrl(url, { allowHttp });
  const refused = (url: string, problem: string, allowHttp = false): DomainError => {
    try {
      ok(url, allowHttp);
    } catch (e) {
      assert.ok(e instanceof DomainError && e.code === 'webhook.url_invalid', String(e));
      assert.equal(e.kind, 'invalid');
      assert.equal(e.params['problem'], problem, url);
      const [id, en] = [messageOf(e, 'id'), messageOf(e, 'en')];
      assert.ok(id.length > 20 && en.length > 20 && id !== en, `words in both languages: ${id} | ${en}`);
      return e;
    }
    assert.fail(`${url} was accepted`);
  };

  it('takes https anywhere, and plain http to this machine only unless JAGA_WEBHOOK_ALLOW_HTTP', () => {
    assert.equal(ok(' https://hooks.example.org/jaga?x=1 '), 'https://hooks.example.org/jaga?x=1');
    for (const u of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]:9/h', 'http://127.8.9.10/']) assert.equal(ok(u), new URL(u).toString());
    refused('http://hooks.example.org/jaga', 'http_not_allowed');
    refused('http://10.0.0.5/hook', 'http_not_allowed');
    assert.equal(ok('http://10.0.0.5/hook', true), 'http://10.0.0.5/hook');
  });

  it('refuses what is not an absolute https URL, credentials in it (without repeating the password), a fragment, and a URL too long', () => {
    refused('hooks.example.org/jaga', 'not_a_url');
    refused('ftp://hooks.example.org/jaga', 'scheme');
    refused('javascript:alert(1)', 'scheme');
    const e = refused('https://jaga:s3cr3t-pass@hooks.example.org/jaga', 'credentials');
    assert.ok(!messageOf(e, 'id').includes('s3cr3t-pass') && !messageOf(e, 'en').includes('s3cr3t-pass'), 'the password is not repeated');
    refused('https://hooks.example.org/jaga#top', 'fragment');
    refused(`https://hooks.example.org/${'a'.repeat(2000)}`, 'too_long');
  });

  it('keeps a query string out of the logbook', () => {
    assert.equal(webhookUrlForLog('https://hooks.example.org/jaga?token=abc'), 'https://hooks.example.org/jaga?…');
    assert.equal(webhookUrlForLog('https://hooks.example.org/jaga'), 'https://hooks.example.org/jaga');
  });

  it('an endpoint takes its unit\'s (or, LKPP-wide, every) notification of the events it lists, and nothing once retired', () => {
    const e: WebhookEndpoint = { id: 'w', url: 'https://x.example/', unitId: 'u1', events: ['case.approved'], createdBy: 's', createdAt: '', secretRotatedAt: null, retiredAt: null };
    assert.equal(endpointTakes(e, 'case.approved', 'u1'), true);
    assert.equal(endpointTakes(e, 'case.returned', 'u1'), false);
    assert.equal(endpointTakes(e, 'case.approved', 'u2'), false);
    assert.equal(endpointTakes(e, 'case.approved', null), false);
    assert.equal(endpointTakes({ ...e, unitId: null, events: 'all' }, 'logbook.verification_failed', null), true);
    assert.equal(endpointTakes({ ...e, unitId: null, events: 'all' }, 'case.returned', 'u2'), true);
    assert.equal(endpointTakes({ ...e, retiredAt: '2026-11-28T00:00:00.000Z' }, 'case.approved', 'u1'), false);
  });
});

describe('JAGA_WEBHOOK_ALLOW_HTTP and JAGA_WEBHOOK_TIMEOUT', () => {
  const load = (env: Record<string, string>) => loadConfig({ JAGA_DATA_DIR: '/tmp/jaga-config-test', ...env }).webhooks;

  it('default to https only and 10 s', () => {
    assert.deepEqual(load({}), { allowHttp: false, timeoutMs: 10_000 });
    assert.deepEqual(load({ JAGA_WEBHOOK_ALLOW_HTTP: '1', JAGA_WEBHOOK_TIMEOUT: '30' }), { allowHttp: true, timeoutMs: 30_000 });
    assert.deepEqual(load({ JAGA_WEBHOOK_ALLOW_HTTP: 'false', JAGA_WEBHOOK_TIMEOUT: '' }), { allowHttp: false, timeoutMs: 10_000 });
  });

  it('refuse anything else with words naming the variable, in both languages', () => {
    const refusal = (env: Record<string, string>, code: string, name: string) => assert.throws(() => load(env), (e: unknown) => {
      assert.ok(e instanceof DomainError && e.code === code && e.params['name'] === name, String(e));
      assert.ok(messageOf(e, 'id').includes(name) && messageOf(e, 'en').includes(name) && messageOf(e, 'id') !== messageOf(e, 'en'));
      return true;
    });
    refusal({ JAGA_WEBHOOK_ALLOW_HTTP: 'yes' }, 'config.flag_invalid', 'JAGA_WEBHOOK_ALLOW_HTTP');
    for (const bad of ['0', '121', '1.5', 'ten', '-3']) refusal({ JAGA_WEBHOOK_TIMEOUT: bad }, 'config.webhook_timeout_invalid', 'JAGA_WEBHOOK_TIMEOUT');
  });
});
