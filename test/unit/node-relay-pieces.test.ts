import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { utf8Pieces } from '../../src/app/access/node-relay.js';

describe(utf8Pieces.name, () => {
  it('cuts any text into pieces of at most the given UTF-8 bytes that join back to it, never inside a surrogate pair', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 4, max: 64 }), (text, max) => {
      const pieces = utf8Pieces(text, max);
      assert.equal(pieces.join(''), text);
      for (const p of pieces) {
        assert.ok(Buffer.byteLength(p) <= max, `${Buffer.byteLength(p)} > ${max}`);
        assert.ok(!/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(p), 'a piece starts or ends inside a surrogate pair');
      }
      if (text !== '') assert.ok(pieces.every((p) => p !== ''));
    }));
  });

  it('an empty text is one empty piece; a text that fits is itself', () => {
    assert.deepEqual(utf8Pieces('', 10), ['']);
    assert.deepEqual(utf8Pieces('é✓日本', 11), ['é✓日本']);
    assert.deepEqual(utf8Pieces('é✓日本😀', 11), ['é✓日本', '😀']);
  });
});
