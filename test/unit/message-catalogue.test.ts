import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorCode, ErrorParams } from '../../src/domain/error-codes.js';
import { DomainError, notFound } from '../../src/domain/errors.js';
import { bothOf, errorText, messageOf } from '../../src/messages/catalogue.js';
import { ERROR_MESSAGES } from '../../src/messages/error-messages.js';
import type { Bilingual } from '../../src/messages/lang.js';
import { LANGS } from '../../src/messages/lang.js';
import { UI_MESSAGES } from '../../src/messages/ui-messages.js';

/**
 * Values for codes whose message needs more than plain words and numbers (arrays, variants). Every
 * variant a message has is listed, so each one is checked; other codes get {@link anyParams}.
 */
const SAMPLES: { readonly [C in ErrorCode]?: readonly ErrorParams[C][] } = {
  'auth.required': [{ credential: 'none' }, { credential: 'token' }],
  'auth.locked': [{ after: 'password', maxFailures: 5, lockedUntil: '2026-11-28T01:15:00.000Z' },
    { after: 'totp', maxFailures: 5, lockedUntil: '2026-11-28T01:15:00.000Z' }],
  'auth.invalid_credentials': [{ lockedUntil: null, attemptsLeft: 3 }, { lockedUntil: '2026-11-28T01:15:00.000Z', attemptsLeft: 0 }],
  'auth.totp_not_pending': [{ stage: 'session' }, { stage: 'enrolment' }],
  'registry.duplicate': (['unit', 'user', 'network', 'ssh_key', 'workstation_asset_tag', 'target'] as const).map((entity) => ({ entity, key: 'k-1' })),
  'target.credential_key_invalid': [{ problem: 'damaged', detail: 'bad ASN.1' }, { problem: 'pkcs8' }, { problem: 'several_keys' }, { problem: 'public_key' }],
  'input.invalid': [
    { problem: 'path_parameter' }, { problem: 'body_required' },
    { issues: [{ kind: 'too_big', field: 'name', maximum: '200' }, { kind: 'too_small', field: 'n', minimum: '1' }, { kind: 'missing', field: 'system' },
      { kind: 'wrong_type', field: 'system', expected: 'string' }, { kind: 'not_one_of', field: 'urgency', values: ['low', 'high'] },
      { kind: 'unknown_fields', keys: ['isAdmin'] }, { kind: 'bad_format', field: 'at', format: 'datetime' }, { kind: 'other', field: 'x', detail: 'odd' }] },
  ],
  'config.database_url_invalid': [{ problem: 'not_a_url' }, { problem: 'not_postgres' }],
  'http.not_found': [{ method: 'GET', path: '/nope', websocket: false }, { method: 'GET', path: '/api/v1/me', websocket: true }],
};

/** Any value a message asks for, named after it: enough for messages that only interpolate. */
const anyParams = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? `«${key}»` : undefined) });

const render = (m: Bilingual<unknown>, lang: (typeof LANGS)[number], p: unknown): string => {
  const x = m[lang];
  return typeof x === 'function' ? x(p) : x;
};

function samplesOf(code: string): unknown[] {
  return [...((SAMPLES as Record<string, readonly unknown[] | undefined>)[code] ?? [anyParams])];
}

// C0, DEL and C1 controls: a catalogue word must never carry one to a terminal, HTML or a PDF.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('the message catalogue', () => {
  const codes = Object.keys(ERROR_MESSAGES) as ErrorCode[];

  it('has different, non-empty Indonesian and English words for every error code and each of its variants', () => {
    assert.ok(codes.length > 50, `only ${codes.length} codes`);
    for (const code of codes) {
      const m = ERROR_MESSAGES[code] as Bilingual<unknown>;
      for (const p of samplesOf(code)) {
        const id = render(m, 'id', p);
        const en = render(m, 'en', p);
        assert.ok(id.trim().length > 0 && en.trim().length > 0, `${code}: empty words`);
        assert.notEqual(id, en, `${code}: the same words in both languages: ${en}`);
        assert.doesNotMatch(id, /undefined|\[object /, `${code} (id): ${id}`);
        assert.doesNotMatch(en, /undefined|\[object /, `${code} (en): ${en}`);
      }
    }
  });

  it('has no raw control character in any error or interface text', () => {
    for (const code of codes) {
      for (const p of samplesOf(code)) for (const lang of LANGS) assert.doesNotMatch(render(ERROR_MESSAGES[code] as Bilingual<unknown>, lang, p), CONTROL, code);
    }
    for (const [key, m] of Object.entries(UI_MESSAGES)) {
      for (const lang of LANGS) assert.doesNotMatch(render(m as Bilingual<unknown>, lang, anyParams), CONTROL, key);
    }
  });

  it('keeps no placeholder entries', () => {
    assert.ok(!codes.some((c) => c.startsWith('example.')), 'example.* codes are placeholders');
  });

  it('renders a catalogue error in the language asked for, and both for the logbook', () => {
    const e = DomainError.of('invalid', 'input.too_long', { field: 'description', length: 10_001, max: 10_000 }, { field: 'description', max: 10_000 });
    assert.equal(messageOf(e, 'id'), "'description' terlalu panjang (10001 karakter, maksimal 10000).");
    assert.equal(messageOf(e, 'en'), "'description' is too long (10001 characters, at most 10000).");
    assert.deepEqual(bothOf(e), { id: messageOf(e, 'id'), en: messageOf(e, 'en') });
    assert.equal(e.text, undefined, 'a catalogue error carries no words of its own');
  });

  it('names the missing thing and its key in a typed <entity>.not_found, the key also in details', () => {
    const e = notFound('unit', 'LPSE-X');
    assert.equal(e.code, 'unit.not_found');
    assert.equal(e.kind, 'not_found');
    assert.deepEqual(e.details, { key: 'LPSE-X' });
    assert.equal(messageOf(e, 'id'), "Unit LPSE 'LPSE-X' tidak ditemukan.");
    assert.equal(messageOf(e, 'en'), "LPSE unit 'LPSE-X' not found.");
    assert.equal(errorText('en', 'gateway_session.not_found', { key: 's-1' }), "Gateway session 's-1' not found.");
  });
});
