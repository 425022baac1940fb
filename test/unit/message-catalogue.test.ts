import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ErrorCode, ErrorParams } from '../../src/domain/error-codes.js';
import { DomainError, notFound } from '../../src/domain/errors.js';
import { NOTIFICATION_EVENTS } from '../../src/domain/notification/notification-event.js';
import { bothOf, errorText, messageOf } from '../../src/messages/catalogue.js';
import { ERROR_MESSAGES } from '../../src/messages/error-messages.js';
import type { Bilingual } from '../../src/messages/lang.js';
import { LANGS } from '../../src/messages/lang.js';
import type { RegistryChange } from '../../src/messages/ui-messages.js';
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
  'registry.forbidden': (['unit', 'user', 'network', 'workstation', 'target', 'grant'] as const).map((what) => ({ what })),
  'registry.duplicate': (['unit', 'user', 'network', 'ssh_key', 'workstation_asset_tag', 'target'] as const).map((entity) => ({ entity, key: 'k-1' })),
  'target.credential_key_invalid': [{ problem: 'damaged', detail: 'bad ASN.1' }, { problem: 'pkcs8' }, { problem: 'several_keys' }, { problem: 'public_key' }],
  'input.invalid': [
    { problem: 'path_parameter' }, { problem: 'body_required' },
    { issues: [{ kind: 'too_big', field: 'name', maximum: '200' }, { kind: 'too_small', field: 'n', minimum: '1' }, { kind: 'missing', field: 'system' },
      { kind: 'wrong_type', field: 'system', expected: 'string' }, { kind: 'not_one_of', field: 'urgency', values: ['low', 'high'] },
      { kind: 'unknown_fields', keys: ['isAdmin'] }, { kind: 'bad_format', field: 'at', format: 'datetime' }, { kind: 'other', field: 'x', detail: 'odd' }] },
  ],
  'config.database_url_invalid': [{ problem: 'not_a_url' }, { problem: 'not_postgres' }],
  'access.no_open_case': [{ username: 'andi', target: 'spse' }, { username: 'andi', target: 'spse', waiting: null },
    { username: 'andi', target: 'spse', waiting: { caseId: 'c-1', a1Failed: true } }, { username: 'andi', target: 'spse', waiting: { caseId: 'c-1', a1Failed: false } }],
  'http.not_found': [{ method: 'GET', path: '/nope', websocket: false }, { method: 'GET', path: '/api/v1/me', websocket: true }],
  'target.credential_choice': [{ given: [] }, { given: ['generate', 'password'] }],
  'workstation.ssh_key_invalid': [{ problem: 'format' }, { problem: 'type_unsupported', type: 'ssh-dss' }, { problem: 'base64' }],
  'cli.password_stdin_only': [{ plural: false }, { plural: true }],
  'cli.one_ssh_key': [{ replacement: false }, { replacement: true }],
  'network.cidr_invalid': (['format', 'address', 'prefix_not_number', 'prefix_too_long', 'host_bits'] as const).map((problem) => ({ text: '10.0.0.1/33', problem, bits: 32 })),
  'access.source_outside_network': [{ sourceIp: '203.0.113.9', network: 'kantor', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }],
  ...Object.fromEntries((['gateway.A1a', 'gateway.A1b', 'gateway.A1c', 'gateway.A1d', 'gateway.A1e'] as const).map((code) => [code,
    [{ refusal: { code: 'access.network_public', params: { network: 'wifi' } } }, { refusal: { code: 'access.no_open_case', params: { username: 'andi', target: 'spse' } } }]])),
  'case.wrong_step': [{ action: 'restore', status: 'acknowledged', step: 'B2', already: false }, { action: 'acknowledge', status: 'prepared', step: 'B3', already: true },
    { action: 'cancel', status: 'closed', step: null, already: true }],
  'case.a2_incomplete': [{ missing: ['location', 'accessEnd'] }],
  'case.deviation_unexplained': [{ deviations: [{ step: 'B1', overMinutes: 5 }, { step: 'B4', overMinutes: 90 }] }],
  'access.a1_failed': [{ failed: [{ code: 'a', reason: { id: 'bukan milik LKPP', en: 'not owned by LKPP' } }] }],
  'auth.enrolment_code_invalid': [{ reason: 'unknown' }, { reason: 'used' }, { reason: 'expired' }],
  'network.overlap': (['equal_prefix', 'duplicate', 'looser_inside', 'looser_within'] as const).flatMap((problem) => [false, true].map((otherRetired) => ({
    network: 'kantor', cidr: '10.1.0.0/24', class: 'intranet' as const, other: 'warkop', otherCidr: '10.0.0.0/8', otherClass: 'public' as const, otherRetired, problem,
  }))),
  'network.public_office_unconfirmed': [{ network: 'kantor', cidrs: ['203.0.113.0/24', '198.51.100.0/24'] }],
  'report.case_not_closed': (['reported', 'root_caused', 'cancelled'] as const).map((status) => ({ status })),
  'report.period_invalid': (['month', 'day', 'reversed', 'range_incomplete', 'month_and_range'] as const).map((problem) => ({ problem, value: '2026-13' })),
  'report.evaluation_forbidden': [{ role: 'koordinator', unit: 'manado' }, { role: 'koordinator', unit: null }],
  // backup and restore (issue 14)
  'backup.damaged': (['not_a_backup', 'header', 'chunk', 'truncated', 'contents'] as const).flatMap((reason) => [{ file: 'x.backup', reason }, { file: 'x.backup', reason, chunk: 3 }]),
  'restore.dialect_mismatch': [{ archive: 'postgres', target: 'sqlite' }, { archive: 'sqlite', target: 'postgres' }],
  'restore.file_unreadable': [{ file: 'x.backup', reason: 'ENOENT' }, { file: 'x.backup', reason: '' }],
  'backup.passphrase_stdin_required': [{ command: 'backup' }, { command: 'restore' }],
  'backup.secret_kind': [{ file: 'x.backup', sealedWith: 'passphrase' }, { file: 'x.backup', sealedWith: 'key' }],
  'backup.key_invalid': [{ file: 'k.pem', want: 'public', reason: 'ed25519' }, { file: 'k.pem', want: 'private', reason: '' }],
  // webhook endpoints (issue 13)
  'webhook.url_invalid': (['not_a_url', 'too_long', 'scheme', 'credentials', 'fragment', 'http_not_allowed'] as const).map((problem) => ({ url: 'http://x.example/', problem })),
  'webhook.forbidden': [{ role: 'koordinator', unit: 'manado' }, { role: 'koordinator', unit: null }],
  // operations (issue 14)
  'serve.listen_failed': (['in_use', 'permission', 'not_local', 'unresolvable', 'other'] as const).flatMap((problem) =>
    (['JAGA_HTTP_ADDR', 'JAGA_SSH_ADDR', 'JAGA_METRICS_ADDR'] as const).map((variable) => ({ variable, address: '127.0.0.1:8080', problem, cause: 'EADDRINUSE' }))),
  // notifications: email (issue 13)
  'user.email_invalid': (['format', 'too_long', 'local_part', 'domain'] as const).map((problem) => ({ email: 'andi@@lpse', problem })),
  'notification.mandatory': (['mute', 'turn_off'] as const).flatMap((change) => NOTIFICATION_EVENTS.map((event) => ({ event, role: 'admin_lpse', change }))),
  'config.smtp_url_invalid': (['not_a_url', 'scheme', 'host', 'port', 'path'] as const).map((problem) => ({ name: 'JAGA_SMTP_URL', problem })),
  'cli.exactly_one_option': [{ options: ['--on', '--off', '--default'] }],
};

/** Interface messages that pick their words from a table: every entry of it, as {@link SAMPLES} for errors. */
const UI_SAMPLES: Readonly<Record<string, readonly unknown[]>> = {
  'cli.registry.changed': (['user_deactivated', 'user_reactivated', 'password_reset', 'totp_reset', 'sign_in_unlocked', 'own_password', 'key_revoked',
    'workstation_retired', 'network_edited', 'network_retired', 'target_edited', 'host_key_pinned', 'target_retired', 'grant_revoked'] satisfies RegistryChange[])
    .map((change) => ({ change, subject: 'andi' })),
  'cli.webhook.secret_once': (['added', 'rotated'] as const).map((action) => ({ id: 'w-1', action })),
  // issue 13: a delivery line per status, with and without an error
  'cli.notification.delivery': (['pending', 'delivered', 'dead'] as const).flatMap((status) => [null, 'HTTP 500'].map((error) => ({
    id: 'd1', status, attempts: 2, channel: 'webhook', recipient: 'ep1', type: 'case.approved', caseId: null, when: '2026-11-28T01:00:00.000Z', error }))),
  // notifications: email (issue 13): a threshold warning and a missed standard
  ...Object.fromEntries(['notify.email.subject.standard.threshold', 'notify.email.body.standard.threshold'].map((key) => [key,
    [false, true].map((missed) => ({ system: 'SPSE', unit: 'gorontalo', target: 'spse', step: 'B2', threshold: missed ? '100' : '75', missed, executor: 'andi', actor: 'andi', reason: '—', count: '0' }))])),
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
      for (const p of UI_SAMPLES[key] ?? [anyParams]) for (const lang of LANGS) assert.doesNotMatch(render(m as Bilingual<unknown>, lang, p), CONTROL, key);
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
    assert.equal((e as { text?: unknown }).text, undefined, 'a catalogue error carries no words of its own');
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

/** Every TypeScript file under `src/`, as a path relative to it and its text. */
function sourceFiles(): { file: string; text: string }[] {
  const root = fileURLToPath(new URL('../../../src/', import.meta.url));
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: relative(root, join(root, f)).split('\\').join('/'), text: readFileSync(join(root, f), 'utf8') }));
}

// `id: '…', en: '…'` (or with template literals), possibly across lines: words in both languages.
const BILINGUAL_PAIR = /\bid:\s*(['"`])(?:\\.|(?!\1)[^\\])*\1\s*,\s*en:\s*['"`(]/;

describe('no words at a throw site', () => {
  const files = sourceFiles();

  it('constructs errors only through the catalogue (DomainError.of, UsageError.of, notFound)', () => {
    assert.ok(files.length > 100, `only ${files.length} source files`);
    const offenders = files.flatMap(({ file, text }) => [
      ...(/new DomainError\(/.test(text) && file !== 'domain/errors.ts' ? [`${file}: new DomainError(`] : []),
      ...(/new UsageError\(/.test(text) && file !== 'cli/error-presenter.ts' ? [`${file}: new UsageError(`] : []),
      // The removed helpers took (code, id, en): a call with a code as its first argument.
      ...[...text.matchAll(/\b(invalid|forbidden|conflict|precondition|httpError)\(\s*'[a-z_]+\.[a-z_.]+'/g)].map((m) => `${file}: ${m[0]}`),
      ...(/(?:DomainError|UsageError)\.of\([^;]*\{\s*id:\s*['"`]/.test(text) ? [`${file}: words passed as params`] : []),
    ]);
    assert.deepEqual(offenders, []);
  });

  it('keeps no bilingual word tables inside the domain (SOP definitions are versioned data and stay)', () => {
    const offenders = files.filter(({ file }) => file.startsWith('domain/') && !file.startsWith('domain/sop/'))
      .filter(({ text }) => BILINGUAL_PAIR.test(text)).map(({ file }) => file);
    assert.deepEqual(offenders, []);
  });

  it('the pattern finds the forms it forbids (so the checks above can bite)', () => {
    assert.match("const L = { a: { id: 'tanggal', en: 'date' } };", BILINGUAL_PAIR);
    assert.match('x = { id: `Entri #${n}`,\n  en: `Entry #${n}` };', BILINGUAL_PAIR);
    assert.doesNotMatch("{ id: 'key_registered', provision: 'A1a' }", BILINGUAL_PAIR);
  });

  it('renders an error from its code alone: a DomainError carries no words, and its message is its code', () => {
    const e = DomainError.of('invalid', 'network.cidr_required', {});
    assert.equal(e.message, 'network.cidr_required');
    assert.equal('text' in e, false);
    assert.equal(messageOf(e, 'en'), 'A network needs at least one CIDR.');
  });
});
