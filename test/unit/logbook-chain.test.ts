import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from '../../src/domain/logbook/canonical-json.js';
import { ChainVerifier } from '../../src/domain/logbook/chain-verifier.js';
import type { ChainProblemKind } from '../../src/domain/logbook/chain-verifier.js';
import type { LogbookEntry } from '../../src/domain/logbook/logbook-entry.js';
import { GENESIS_HASH, entryPayload } from '../../src/domain/logbook/logbook-entry.js';
import { problemEn } from '../support/chain-problem-text.js';
import { buildChain, sealed, sha256Hex } from './factories.js';

/** Feeds entries in storage order until the verifier finds a problem. */
function verify(entries: readonly LogbookEntry[]): ChainVerifier {
  const v = new ChainVerifier(sha256Hex);
  for (const e of entries) if (!v.push(e)) break;
  return v;
}

const problemOf = (v: ChainVerifier): { kind: ChainProblemKind; seq: number } | undefined =>
  v.problem && { kind: v.problem.kind, seq: v.problem.seq };

describe(canonicalJson.name, () => {
  it('writes the same text whatever order the keys were added in', () => {
    assert.equal(canonicalJson({ b: 1, a: 2, c: { z: true, y: null } }), '{"a":2,"b":1,"c":{"y":null,"z":true}}');
    assert.equal(canonicalJson({ c: { y: null, z: true }, a: 2, b: 1 }), canonicalJson({ b: 1, a: 2, c: { z: true, y: null } }));
  });

  it('sorts keys by UTF-16 code units, not by locale', () => {
    assert.equal(canonicalJson({ é: 1, e: 2, Z: 3, '😀': 4, '\uffff': 5, '10': 6, '9': 7 }),
      '{"10":6,"9":7,"Z":3,"e":2,"é":1,"😀":4,"\uffff":5}');
  });

  it('keeps array order and has no insignificant whitespace', () => {
    assert.equal(canonicalJson([3, 1, 2, 'a b', [], {}]), '[3,1,2,"a b",[],{}]');
  });

  it('serialises nested values, escaping strings as JSON does', () => {
    const value = { langkah: 'B3', akses: [{ ip: '10.0.0.1', mulai: '2026-11-28T01:00:00Z' }], catatan: 'baris\n"kutip"' };
    assert.equal(canonicalJson(value),
      '{"akses":[{"ip":"10.0.0.1","mulai":"2026-11-28T01:00:00Z"}],"catatan":"baris\\n\\"kutip\\"","langkah":"B3"}');
  });

  it('accepts objects without a prototype', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o['b'] = 1;
    o['a'] = 2;
    assert.equal(canonicalJson(o), '{"a":2,"b":1}');
  });

  it('drops object keys whose value is undefined (as JSON.stringify does)', () => {
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  });

  it('refuses undefined inside an array (JSON.stringify would write null)', () => {
    assert.throws(() => canonicalJson([1, undefined]), TypeError);
  });

  it('refuses a sparse array instead of writing invalid JSON', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [, 1];
    assert.throws(() => canonicalJson(sparse), TypeError);
  });

  for (const [name, value] of [
    ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['a Date', new Date(0)], ['a nested Date', { at: [new Date(0)] }],
    ['a Map', new Map()], ['a bigint', 1n], ['a function', () => 1], ['undefined', undefined], ['a symbol', Symbol('x')],
    ['NaN in an object', { n: NaN }], ['a class instance', new (class Foo { x = 1; })()],
  ] as [string, unknown][]) {
    it(`refuses ${name} with a TypeError`, () => {
      assert.throws(() => canonicalJson(value), TypeError);
    });
  }

  it('agrees with JSON.parse: any JSON value survives a round trip unchanged in canonical form', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value);
      assert.equal(canonicalJson(JSON.parse(text)), text);
    }));
  });

  it('is independent of key insertion order for any object', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      assert.equal(canonicalJson(reversed), canonicalJson(obj));
    }));
  });
});

describe(ChainVerifier.name, () => {
  const chain = buildChain(20);

  it('accepts an untouched chain of 20 entries, ending at its last hash', () => {
    const v = verify(chain);
    assert.equal(v.problem, undefined);
    assert.equal(v.count, 20);
    assert.equal(v.lastSeq, 20);
    assert.equal(v.lastHash, chain[19]?.hash);
  });

  it('starts from the genesis hash, and accepts an empty chain', () => {
    assert.equal(chain[0]?.prevHash, GENESIS_HASH);
    const v = verify([]);
    assert.equal(v.problem, undefined);
    assert.equal(v.lastHash, GENESIS_HASH);
    assert.equal(v.lastSeq, 0);
  });

  it('reports edited data as altered at that entry', () => {
    const edited = chain.map((e) => (e.seq === 7 ? { ...e, data: e.data.replace('entri ke-7', 'entri ke-7 (diubah)') } : e));
    assert.deepEqual(problemOf(verify(edited)), { kind: 'altered', seq: 7 });
  });

  it('reports any edited field as altered, not only data', () => {
    const fields: Partial<LogbookEntry>[] = [{ type: 'refusal' }, { at: '2020-01-01T00:00:00.000Z' }, { actorId: 'user-lain' },
      { unitId: null }, { caseId: 'case-99' }, { prevHash: 'f'.repeat(64) }, { hash: 'e'.repeat(64) }];
    for (const patch of fields) {
      const edited = chain.map((e) => (e.seq === 12 ? { ...e, ...patch } : e));
      assert.deepEqual(problemOf(verify(edited)), { kind: 'altered', seq: 12 }, JSON.stringify(patch));
    }
  });

  it('reports a deleted entry as missing, naming the deleted seq', () => {
    const v = verify(chain.filter((e) => e.seq !== 9));
    assert.deepEqual(problemOf(v), { kind: 'missing', seq: 9 });
    assert.match(problemEn(v.problem), /#9 is missing/);
  });

  it('names the whole range when several consecutive entries are deleted', () => {
    const v = verify(chain.filter((e) => e.seq < 4 || e.seq > 6));
    assert.deepEqual(problemOf(v), { kind: 'missing', seq: 4 });
    assert.match(problemEn(v.problem), /#4–#6/);
  });

  it('detects two entries swapped at the first swapped position', () => {
    const swapped = [...chain];
    [swapped[4], swapped[10]] = [chain[10] as LogbookEntry, chain[4] as LogbookEntry];
    const v = verify(swapped);
    assert.equal(v.count, 4);
    assert.equal(v.problem?.seq, 5);
  });

  it('reports an entry repeated after later ones as out of order', () => {
    const repeated = [...chain.slice(0, 8), chain[2] as LogbookEntry, ...chain.slice(8)];
    assert.deepEqual(problemOf(verify(repeated)), { kind: 'out_of_order', seq: 3 });
  });

  it('reports an entry edited and re-hashed as a broken link at the next entry', () => {
    const forged = chain.map((e) => (e.seq === 7 ? sealed({ ...e, data: canonicalJson({ note: 'dipalsukan' }) }) : e));
    const v = verify(forged);
    assert.deepEqual(problemOf(v), { kind: 'broken_link', seq: 8 });
    assert.equal(v.count, 7);
  });

  it('cannot see a deleted or re-hashed last entry on its own: the checkpoint comparison of lastSeq/lastHash must', () => {
    const truncated = verify(chain.slice(0, 19));
    assert.equal(truncated.problem, undefined);
    assert.equal(truncated.lastSeq, 19);
    const last = chain[19] as LogbookEntry;
    const rehashed = verify([...chain.slice(0, 19), sealed({ ...last, data: canonicalJson({ note: 'dipalsukan' }) })]);
    assert.equal(rehashed.problem, undefined);
    assert.notEqual(rehashed.lastHash, last.hash);
  });

  it('stops at the first problem and checks nothing after it', () => {
    const v = new ChainVerifier(sha256Hex);
    assert.equal(v.push(chain[0] as LogbookEntry), true);
    assert.equal(v.push(chain[2] as LogbookEntry), false);
    assert.equal(v.push(chain[1] as LogbookEntry), false);
    assert.deepEqual(problemOf(v), { kind: 'missing', seq: 2 });
    assert.equal(v.count, 1);
  });

  it('hashes exactly entryPayload, with the data text embedded as stored', () => {
    const e = chain[0] as LogbookEntry;
    assert.equal(e.hash, sha256Hex(entryPayload(e)));
    const payload = JSON.parse(entryPayload(e)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(payload), ['actor', 'at', 'case', 'data', 'prev', 'seq', 'type', 'unit', 'v']);
    assert.equal(canonicalJson(payload['data']), e.data);
  });

  describe('any single tampering', () => {
    type Mutation =
      | { kind: 'edit'; i: number; field: 'data' | 'type' | 'at' | 'actorId' | 'unitId' | 'caseId' | 'prevHash' }
      | { kind: 'rehash'; i: number }
      | { kind: 'delete'; i: number }
      | { kind: 'swap'; i: number; j: number }
      | { kind: 'duplicate'; i: number; insertAt: number };

    /** A chain of n entries with one mutation. The last entry is excluded where only a checkpoint can see it. */
    const caseArb = fc.integer({ min: 2, max: 30 }).chain((n) => fc.tuple(fc.constant(n), fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), i: fc.nat(n - 1),
        field: fc.constantFrom('data', 'type', 'at', 'actorId', 'unitId', 'caseId', 'prevHash' as const) }),
      fc.record({ kind: fc.constant('rehash' as const), i: fc.nat(n - 2) }),
      fc.record({ kind: fc.constant('delete' as const), i: fc.nat(n - 2) }),
      fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).filter(([i, j]) => i !== j)
        .map(([a, b]) => ({ kind: 'swap' as const, i: Math.min(a, b), j: Math.max(a, b) })),
      fc.nat(n - 1).chain((i) => fc.integer({ min: i + 1, max: n })
        .map((insertAt) => ({ kind: 'duplicate' as const, i, insertAt }))),
    ) as fc.Arbitrary<Mutation>));

    function mutate(entries: LogbookEntry[], m: Mutation): LogbookEntry[] {
      const out = [...entries];
      const e = entries[m.i] as LogbookEntry;
      switch (m.kind) {
        case 'edit': {
          const current = e[m.field];
          const changed = m.field === 'data' ? canonicalJson({ diubah: true })
            : m.field === 'actorId' && current !== null ? null : `${current ?? ''}x`;
          out[m.i] = { ...e, [m.field]: changed };
          break;
        }
        case 'rehash': out[m.i] = sealed({ ...e, data: canonicalJson({ dipalsukan: e.seq }) }); break;
        case 'delete': out.splice(m.i, 1); break;
        case 'swap': out[m.i] = entries[m.j] as LogbookEntry; out[m.j] = e; break;
        case 'duplicate': out.splice(m.insertAt, 0, e); break;
      }
      return out;
    }

    /** Where the verifier must stop (entries accepted before the problem) and what it must report. */
    function expected(m: Mutation): { count: number; kind: ChainProblemKind; seq: number } {
      switch (m.kind) {
        case 'edit': return { count: m.i, kind: 'altered', seq: m.i + 1 };
        case 'rehash': return { count: m.i + 1, kind: 'broken_link', seq: m.i + 2 };
        case 'delete': return { count: m.i, kind: 'missing', seq: m.i + 1 };
        // A later entry arrives early: it looks like a gap at the first swapped position.
        case 'swap': return { count: m.i, kind: 'missing', seq: m.i + 1 };
        // The copy arrives after its successor: out of order, naming the copied entry.
        case 'duplicate': return { count: m.insertAt, kind: 'out_of_order', seq: m.i + 1 };
      }
    }

    it('is reported at the first tampered position (for a re-hashed edit, the next one)', () => {
      fc.assert(fc.property(caseArb, ([n, m]) => {
        const v = verify(mutate(buildChain(n), m));
        const want = expected(m);
        assert.ok(v.problem, `undetected ${JSON.stringify(m)}`);
        assert.deepEqual({ count: v.count, kind: v.problem.kind, seq: v.problem.seq }, want);
      }), { numRuns: 300 });
    });
  });
});
