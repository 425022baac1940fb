import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseCheckCode, checkCodeFromSha256 } from '../../src/domain/report/check-code.js';
import { pdfSafe, spacedHash } from '../../src/presenters/pdf/pdf-text.js';

describe('pdfSafe', () => {
  it('shows control, bidi and zero-width characters as \\uXXXX and keeps line breaks', () => {
    assert.equal(pdfSafe('a\u001b[2Jb\r\nc\u202Ed\u200be'), 'a\\u001b[2Jb\nc\\u202ed\\u200be');
  });
  it('gives a long run with nothing to break at invisible break points every 20 characters, and leaves words alone', () => {
    const run = 'X'.repeat(45);
    assert.equal(pdfSafe(`kata ${run} /var/log/a-b`), `kata ${'X'.repeat(20)}\u200b${'X'.repeat(20)}\u200b${'X'.repeat(5)} /var/log/a-b`);
    assert.equal(pdfSafe('Perbaikan permanen: rotasi log harian.'), 'Perbaikan permanen: rotasi log harian.');
  });
  it('writes a SHA-256 in eight groups of eight', () => {
    assert.equal(spacedHash('0123456789abcdef'.repeat(4)), '01234567 89abcdef '.repeat(4).trim());
  });
});

describe('check codes', () => {
  it('are 12 Crockford base32 characters in three groups, from the first 60 bits of a SHA-256', () => {
    assert.equal(checkCodeFromSha256('0'.repeat(64)), '0000-0000-0000');
    assert.equal(checkCodeFromSha256(`${'f'.repeat(15)}0${'0'.repeat(48)}`), 'ZZZZ-ZZZZ-ZZZZ');
  });
  it('read what a person types: any case, spaces or dashes, O for 0 and I or L for 1; refuse anything else', () => {
    assert.equal(normaliseCheckCode(' 7kq4 m2xd-9pza '), '7KQ4-M2XD-9PZA');
    assert.equal(normaliseCheckCode('OIL0-0000-0000'), '0110-0000-0000');
    for (const bad of ['7KQ4-M2XD-9PZ', '7KQ4-M2XD-9PZAA', '7KQ4-M2XD-9PZU', '']) {
      assert.throws(() => normaliseCheckCode(bad), { code: 'report.check_code_invalid' });
    }
  });
});
