import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { entryPayload } from '../../src/domain/logbook/logbook-entry.js';
import type { LogbookEntry } from '../../src/domain/logbook/logbook-entry.js';
import { canonicalJson } from '../../src/domain/logbook/canonical-json.js';
import { openSeal, sealEntry } from '../../src/domain/logbook/sealed-entry.js';
import { SHA256_BLOCK, sha256FromState, sha256State } from '../../src/domain/logbook/sha256-midstate.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

describe('SHA-256 split at a block boundary', () => {
  it('gives the same hash as node:crypto for any input and any whole-block split', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), (bytes, k) => {
      const blocks = k % (Math.floor(bytes.length / SHA256_BLOCK) + 1);
      const state = sha256State(bytes, blocks);
      assert.equal(sha256FromState(state, blocks * SHA256_BLOCK, bytes.subarray(blocks * SHA256_BLOCK)), sha(bytes));
    }), { numRuns: 300 });
  });

  it('refuses a split that is not a whole number of blocks', () => {
    assert.throws(() => sha256State(new Uint8Array(100), 2));
    assert.equal(sha256FromState('0'.repeat(64), 63, new Uint8Array(1)), null);
  });
});

const entry = (data: Record<string, unknown>, over: Partial<LogbookEntry> = {}): LogbookEntry => {
  const e = { seq: 42, at: '2026-12-01T01:02:03.000Z', type: 'case.restored', actorId: 'u-1', unitId: 'unit-9', caseId: 'case-7', data: canonicalJson(data), prevHash: 'a'.repeat(64), ...over };
  return { ...e, hash: sha(entryPayload(e)) };
};

describe(sealEntry.name, () => {
  it("recomputes the entry's hash and link without its actor, time, case or data", () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), fc.string({ maxLength: 300 }), (d, text) => {
      const e = entry({ ...d, initialFix: text, prev: 'inside the data', ',"prev":"': 1 });
      const s = sealEntry(e);
      const o = openSeal(s);
      assert.ok(o, canonicalJson(s));
      assert.deepEqual(o, { hash: e.hash, prevHash: e.prevHash, seq: e.seq, type: e.type, unitId: e.unitId });
      assert.ok(!s.tail.includes('case-7') && !s.tail.includes('u-1') && !s.tail.includes('2026-12-01'));
      assert.ok(atob(s.cut).length < SHA256_BLOCK);
    }), { numRuns: 200 });
  });

  it('keeps a long text out of the seal: only the tail of the content past the last whole block', () => {
    const secret = 'Password database di /etc/spse/db.conf diganti; rahasia unit lain';
    const s = sealEntry(entry({ initialFix: secret, status: 'restored', via: 'cli' }));
    assert.ok(!canonicalJson(s).includes('rahasia'));
  });

  it('opens to another hash, or not at all, when any field of the seal changes', () => {
    const e = entry({ initialFix: 'Restart tomcat' });
    const s = sealEntry(e);
    const other = 'b'.repeat(64);
    assert.notEqual(openSeal({ ...s, state: `${s.state.slice(0, 63)}${s.state[63] === '0' ? '1' : '0'}` })?.hash, e.hash);
    assert.notEqual(openSeal({ ...s, tail: s.tail.replace(e.prevHash, other) })?.hash, e.hash);
    assert.equal(openSeal({ ...s, seq: 43 }), null, 'seq outside and inside the tail must agree');
    assert.equal(openSeal({ ...s, length: s.length + 1 }), null);
    assert.equal(openSeal({ ...s, tail: `${s.tail} ` }), null);
  });
});
