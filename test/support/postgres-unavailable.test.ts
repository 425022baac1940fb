import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { NO_POSTGRES_ENV } from './postgres-cluster.js';

const DIST = fileURLToPath(new URL('../../', import.meta.url));

/** Runs test files in a child `node --test` (TAP) and returns its output and summary counts. */
function runTests(files: string[], env: Record<string, string>): { tap: string; counts: Record<string, number> } {
  // NODE_TEST_CONTEXT would make the child a subtest of this run (it would then refuse to run files).
  const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', ...files.map((f) => `${DIST}${f}`)], {
    env: { ...parentEnv, ...env }, encoding: 'utf8', timeout: 120_000,
  });
  const counts = Object.fromEntries([...r.stdout.matchAll(/^# (tests|pass|fail|skipped|cancelled) (\d+)$/gm)].map((m) => [m[1] as string, Number(m[2])]));
  return { tap: `${r.stdout}\n${r.stderr}`, counts };
}

describe('a test run without PostgreSQL', () => {
  it('reports the PostgreSQL variants as skipped, never as passed (JAGA_TEST_NO_POSTGRES=1 hides it)', () => {
    const { tap, counts } = runTests(['test/contract/case-visibility.property.test.js', 'test/support/postgres-cluster.test.js'], { [NO_POSTGRES_ENV]: '1' });
    assert.equal(counts['fail'], 0, tap);
    // One skipped test for the PostgreSQL suite of the property, one for the cluster's own test.
    assert.equal(counts['skipped'], 2, tap);
    assert.equal(counts['pass'], 1, `only the SQLite property passes\n${tap}`);
    assert.match(tap, /\(postgres\)[\s\S]*# SKIP PostgreSQL hidden by JAGA_TEST_NO_POSTGRES=1/);
    // Every result line inside the PostgreSQL suite is a skip.
    const pgBlock = tap.slice(tap.indexOf("# Subtest: case visibility in the store's SQL matches the policy (postgres)"));
    const inner = pgBlock.slice(0, pgBlock.search(/^ok \d+ - /m));
    assert.ok(inner.length > 0, tap);
    for (const line of inner.split('\n').filter((l) => /^\s+ok \d+ - /.test(l))) assert.match(line, /# SKIP/, line);
  });
});
