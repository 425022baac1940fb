/**
 * A witness directory keeps each checkpoint whole or not at all: a push that was interrupted
 * (its temporary file left behind) blocks neither later pushes nor verification, and a checkpoint
 * already held is never replaced.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DirWitness } from '../../src/adapters/witness/dir-witness.js';
import type { Checkpoint } from '../../src/domain/logbook/checkpoint.js';
import { DomainError } from '../../src/domain/errors.js';

const cp = (seq: number, hash = 'a'.repeat(64)): Checkpoint => ({ seq, hash, at: '2026-12-01T00:00:00.000Z', keyId: 'ed25519:SHA256:test', signature: 'c2ln' });

describe('DirWitness', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'jaga-dir-witness-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('links a complete file into place, leaves no temporary file, and holds a checkpoint once', async () => {
    const w = new DirWitness(dir);
    assert.equal(await w.push(cp(100)), 'stored');
    assert.equal(await w.push(cp(100)), 'held');
    await assert.rejects(w.push(cp(100, 'b'.repeat(64))), (e: unknown) => e instanceof DomainError && e.code === 'witness.checkpoint_rewritten');
    assert.deepEqual(readdirSync(dir), ['checkpoint-000000000100.json']);
    assert.deepEqual((await w.list()).map((c) => c.seq), [100]);
  });

  it('is not blocked by what an interrupted push left behind (a crash before the link)', async () => {
    writeFileSync(join(dir, '.tmp-checkpoint-000000000200.json-0123456789ab'), '');
    const w = new DirWitness(dir);
    assert.equal(await w.push(cp(200)), 'stored');
    assert.deepEqual((await w.list()).map((c) => c.seq), [200]);
  });
});
